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
/**
 * Live emotion from the microphone as React state.
 *
 * @example
 * ```tsx
 * const { result, listening, error } = useEmotion();
 * return <Text>{error ? error.message : listening ? result?.emotion ?? '…' : 'off'}</Text>;
 * ```
 */
export declare function useEmotion(options?: UseEmotionOptions): UseEmotionState;
