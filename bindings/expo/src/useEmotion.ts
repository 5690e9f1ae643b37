import { useCallback, useEffect, useRef, useState } from 'react';

import { validateListenOptions } from './options';
import SpeechEmotionModule from './SpeechEmotionModule';
import type { EmotionErrorEvent, EmotionResult, ListenOptions } from './SpeechEmotion.types';

/** Options for {@link useEmotion}. */
export interface UseEmotionOptions extends ListenOptions {
  /** Listen while the component is mounted (asking for permission if needed). Default true. */
  enabled?: boolean;
}

/** What {@link useEmotion} returns. */
export interface UseEmotionState {
  /** The latest result, or null before the first one. */
  result: EmotionResult | null;
  /** Whether the microphone is being listened to. */
  listening: boolean;
  /** The latest error (permission refused, device lost, …), or null. */
  error: EmotionErrorEvent | null;
  /** Starts listening (asks for permission first). */
  start(): Promise<void>;
  /** Stops listening. */
  stop(): Promise<void>;
}

function toErrorEvent(e: unknown): EmotionErrorEvent {
  const error = e as { code?: string; message?: string };
  const fallback = e instanceof RangeError ? 'InvalidConfig' : 'Internal';
  return {
    code: (error?.code as EmotionErrorEvent['code']) ?? fallback,
    message: error?.message ?? String(e),
  };
}

/**
 * Live emotion from the microphone as React state.
 *
 * @example
 * ```tsx
 * const { result, listening, error } = useEmotion();
 * return <Text>{error ? error.message : listening ? result?.emotion ?? '…' : 'off'}</Text>;
 * ```
 */
export function useEmotion(options: UseEmotionOptions = {}): UseEmotionState {
  const { enabled = true, windowHopMs, smoothing, vadThresholdDbfs, temperature } = options;
  const [result, setResult] = useState<EmotionResult | null>(null);
  const [listening, setListening] = useState(false);
  const [error, setError] = useState<EmotionErrorEvent | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    const subscriptions = [
      SpeechEmotionModule.addListener('onEmotion', (r) => mounted.current && setResult(r)),
      SpeechEmotionModule.addListener('onError', (e) => mounted.current && setError(e)),
      SpeechEmotionModule.addListener('onStateChange', (s) => mounted.current && setListening(s.listening)),
    ];
    return () => {
      mounted.current = false;
      subscriptions.forEach((s) => s.remove());
    };
  }, []);

  const start = useCallback(async () => {
    try {
      setError(null);
      const listen = validateListenOptions({ windowHopMs, smoothing, vadThresholdDbfs, temperature });
      const permission = await SpeechEmotionModule.requestPermissionsAsync();
      if (!permission.granted) {
        throw { code: 'PermissionDenied', message: 'microphone permission was not granted' };
      }
      await SpeechEmotionModule.startListeningAsync(listen);
      if (mounted.current) setListening(true);
    } catch (e) {
      if (mounted.current) setError(toErrorEvent(e));
    }
  }, [windowHopMs, smoothing, vadThresholdDbfs, temperature]);

  const stop = useCallback(async () => {
    await SpeechEmotionModule.stopListeningAsync();
    if (mounted.current) setListening(false);
  }, []);

  useEffect(() => {
    if (!enabled) return undefined;
    start();
    return () => {
      // Nothing can be reported after unmount; never leave a rejection unhandled (in Expo
      // Go and on the web every call rejects).
      SpeechEmotionModule.stopListeningAsync().catch(() => {});
    };
  }, [enabled, start]);

  return { result, listening, error, start, stop };
}
