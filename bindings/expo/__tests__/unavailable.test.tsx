// Expo Go and the web have no native module: `requireOptionalNativeModule` returns null.
// Importing the package must not crash, and every call must say what to do.
jest.mock('expo', () => {
  class CodedError extends Error {
    constructor(public code: string, message: string) {
      super(message);
    }
  }
  return { CodedError, requireOptionalNativeModule: jest.fn(() => null) };
});

import React from 'react';
import TestRenderer, { act } from 'react-test-renderer';

import * as SpeechEmotion from '../src';

(globalThis as any).IS_REACT_ACT_ENVIRONMENT = true;
const consoleError = console.error;
jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
  if (!String(args[0]).includes('react-test-renderer is deprecated')) consoleError(...args);
});

const expected = { code: 'NativeModuleUnavailable', message: expect.stringMatching(/Expo Go.*development build/) };

test('importing works and reports the module missing', () => {
  expect(SpeechEmotion.isAvailable()).toBe(false);
  expect(jest.requireMock('expo').requireOptionalNativeModule).toHaveBeenCalledWith('SpeechEmotion');
});

test('async calls reject with NativeModuleUnavailable and name the fix', async () => {
  await expect(SpeechEmotion.classifyFileAsync('file:///a.m4a')).rejects.toMatchObject(expected);
  await expect(SpeechEmotion.startListeningAsync()).rejects.toMatchObject(expected);
  await expect(SpeechEmotion.stopListeningAsync()).rejects.toMatchObject(expected);
  await expect(SpeechEmotion.requestPermissionsAsync()).rejects.toMatchObject(expected);
  await expect(SpeechEmotion.getPermissionsAsync()).rejects.toMatchObject(expected);
});

test('sync calls throw the same error; listeners are inert', () => {
  expect(() => SpeechEmotion.getModelInfo()).toThrow(expect.objectContaining(expected));
  expect(() => SpeechEmotion.setLogLevel('debug')).toThrow(expect.objectContaining(expected));
  const subscription = SpeechEmotion.addEmotionListener(() => {});
  expect(() => subscription.remove()).not.toThrow();
});

test('useEmotion mounts, and reports the missing module as its error', async () => {
  let state: SpeechEmotion.UseEmotionState | null = null;
  function Probe() {
    state = SpeechEmotion.useEmotion();
    return null;
  }
  let renderer!: TestRenderer.ReactTestRenderer;
  await act(async () => {
    renderer = TestRenderer.create(<Probe />);
  });
  expect(state!.listening).toBe(false);
  expect(state!.error).toMatchObject(expected);
  await act(async () => renderer.unmount());
});
