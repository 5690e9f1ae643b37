import React from 'react';
import TestRenderer, { act } from 'react-test-renderer';

import { createNativeMock, result } from './nativeMock';

const native = createNativeMock();
jest.mock('../src/SpeechEmotionModule', () => ({ __esModule: true, default: native }));

import { useEmotion, UseEmotionOptions, UseEmotionState } from '../src';

// react-test-renderer wants this flag to run act() outside a browser.
(globalThis as any).IS_REACT_ACT_ENVIRONMENT = true;

// React 19 warns that react-test-renderer is deprecated; it still renders hooks fine.
const consoleError = console.error;
jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
  if (!String(args[0]).includes('react-test-renderer is deprecated')) consoleError(...args);
});

async function render(options: UseEmotionOptions) {
  const state: { current: UseEmotionState | null } = { current: null };
  function Probe() {
    state.current = useEmotion(options);
    return null;
  }
  let renderer!: TestRenderer.ReactTestRenderer;
  await act(async () => {
    renderer = TestRenderer.create(<Probe />);
  });
  return { state, renderer };
}

beforeEach(() => jest.clearAllMocks());

test('listens on mount, exposes results, stops on unmount', async () => {
  const { state, renderer } = await render({ windowHopMs: 250 });
  expect(native.requestPermissionsAsync).toHaveBeenCalled();
  expect(native.startListeningAsync).toHaveBeenCalledWith({
    windowHopMs: 250,
    smoothing: undefined,
    vadThresholdDbfs: undefined,
    temperature: undefined,
  });
  expect(state.current!.listening).toBe(true);
  expect(state.current!.result).toBeNull();
  await act(async () => native.emit('onEmotion', result('angry', 0.7)));
  expect(state.current!.result).toEqual(result('angry', 0.7));
  await act(async () => native.emit('onStateChange', { listening: false }));
  expect(state.current!.listening).toBe(false);
  await act(async () => renderer.unmount());
  expect(native.stopListeningAsync).toHaveBeenCalled();
  expect(native.listenerCount('onEmotion')).toBe(0);
});

test('a refused permission becomes an error, not a start', async () => {
  native.requestPermissionsAsync.mockResolvedValueOnce({ status: 'denied', granted: false, canAskAgain: false, expires: 'never' });
  const { state, renderer } = await render({});
  expect(native.startListeningAsync).not.toHaveBeenCalled();
  expect(state.current!.error).toMatchObject({ code: 'PermissionDenied' });
  expect(state.current!.listening).toBe(false);
  await act(async () => renderer.unmount());
});

test('enabled: false waits for start()', async () => {
  const { state, renderer } = await render({ enabled: false });
  expect(native.startListeningAsync).not.toHaveBeenCalled();
  await act(async () => state.current!.start());
  expect(native.startListeningAsync).toHaveBeenCalledTimes(1);
  await act(async () => native.emit('onError', { code: 'Overrun', message: 'audio dropped' }));
  expect(state.current!.error).toEqual({ code: 'Overrun', message: 'audio dropped' });
  await act(async () => state.current!.stop());
  expect(state.current!.listening).toBe(false);
  await act(async () => renderer.unmount());
});

test('bad options become an InvalidConfig error before any permission prompt', async () => {
  const { state, renderer } = await render({ temperature: 0 });
  expect(native.requestPermissionsAsync).not.toHaveBeenCalled();
  expect(native.startListeningAsync).not.toHaveBeenCalled();
  expect(state.current!.error).toMatchObject({ code: 'InvalidConfig' });
  expect(state.current!.error!.message).toContain('temperature');
  await act(async () => renderer.unmount());
});
