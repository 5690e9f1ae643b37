import { createNativeMock, result } from './nativeMock';

const native = createNativeMock();
jest.mock('../src/SpeechEmotionModule', () => ({ __esModule: true, default: native }));

import * as SpeechEmotion from '../src';

beforeEach(() => jest.clearAllMocks());

test('classifyFileAsync passes the uri and returns the native result', async () => {
  const r = await SpeechEmotion.classifyFileAsync('file:///a.wav');
  expect(native.classifyFileAsync).toHaveBeenCalledWith('file:///a.wav', {});
  expect(r).toEqual(result('happy', 0.8));
});

test('classifyFileAsync passes a temperature and refuses one out of range', async () => {
  await SpeechEmotion.classifyFileAsync('/a.wav', { temperature: 1.75 });
  expect(native.classifyFileAsync).toHaveBeenCalledWith('/a.wav', { temperature: 1.75 });
  for (const temperature of [0, 0.05, 11, NaN]) {
    await expect(SpeechEmotion.classifyFileAsync('/a.wav', { temperature })).rejects.toThrow(RangeError);
  }
  expect(native.classifyFileAsync).toHaveBeenCalledTimes(1);
});

test('classifyFileAsync rejects an empty uri before reaching native code', async () => {
  await expect(SpeechEmotion.classifyFileAsync('')).rejects.toThrow(TypeError);
  expect(native.classifyFileAsync).not.toHaveBeenCalled();
});

test('native errors propagate with their code', async () => {
  native.classifyFileAsync.mockRejectedValueOnce(Object.assign(new Error('not a WAV'), { code: 'UnsupportedFormat' }));
  await expect(SpeechEmotion.classifyFileAsync('/x.mp3')).rejects.toMatchObject({ code: 'UnsupportedFormat' });
});

test('startListeningAsync validates options', async () => {
  await expect(SpeechEmotion.startListeningAsync({ windowHopMs: 0 })).rejects.toThrow(RangeError);
  await expect(SpeechEmotion.startListeningAsync({ smoothing: 1 })).rejects.toThrow(RangeError);
  await expect(SpeechEmotion.startListeningAsync({ vadThresholdDbfs: NaN })).rejects.toThrow(RangeError);
  await expect(SpeechEmotion.startListeningAsync({ temperature: -1 })).rejects.toThrow(RangeError);
  expect(native.startListeningAsync).not.toHaveBeenCalled();
  await SpeechEmotion.startListeningAsync({ windowHopMs: 250, smoothing: 0.5 });
  expect(native.startListeningAsync).toHaveBeenCalledWith({ windowHopMs: 250, smoothing: 0.5 });
  await SpeechEmotion.startListeningAsync();
  expect(native.startListeningAsync).toHaveBeenLastCalledWith({});
});

test('event listeners subscribe and unsubscribe', () => {
  const got: unknown[] = [];
  const sub = SpeechEmotion.addEmotionListener((r) => got.push(r));
  native.emit('onEmotion', result('sad', 0.6));
  sub.remove();
  native.emit('onEmotion', result('angry', 0.9));
  expect(got).toEqual([result('sad', 0.6)]);
  const errors: unknown[] = [];
  SpeechEmotion.addErrorListener((e) => errors.push(e)).remove();
  expect(native.listenerCount('onError')).toBe(0);
});

test('permissions, model info and log level go to the native module', async () => {
  expect((await SpeechEmotion.requestPermissionsAsync()).granted).toBe(true);
  expect((await SpeechEmotion.getPermissionsAsync()).status).toBe('granted');
  expect(SpeechEmotion.getModelInfo().labels).toHaveLength(5);
  SpeechEmotion.setLogLevel('debug');
  expect(native.setLogLevel).toHaveBeenCalledWith('debug');
});
