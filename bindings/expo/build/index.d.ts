/**
 * On-device speech emotion recognition for Expo apps. Audio never leaves the device and
 * never crosses the JS bridge: only results do.
 *
 * @example
 * ```ts
 * import { classifyFileAsync } from 'expo-speech-emotion';
 * const { emotion, confidence } = await classifyFileAsync(recording.uri);
 * ```
 */
import type { EventSubscription } from 'expo';
import type { ClassifyOptions, EmotionErrorEvent, EmotionResult, ListenOptions, ListeningStateEvent, LogLevel, ModelInfo, PermissionResponse } from './SpeechEmotion.types';
export * from './SpeechEmotion.types';
export { validateListenOptions } from './options';
export { useEmotion } from './useEmotion';
export type { UseEmotionOptions, UseEmotionState } from './useEmotion';
/**
 * Whether the native module is in this app. False in Expo Go and on the web, where every
 * call fails with the code `'NativeModuleUnavailable'`: use a development build.
 */
export declare function isAvailable(): boolean;
/**
 * Classifies an audio file. The library reads WAV, FLAC, AAC-LC (M4A/MP4/3GP, ADTS), MP3,
 * Ogg/WebM Vorbis and Opus, CAF and AIFF itself; anything it refuses as
 * `'UnsupportedFormat'` is decoded by the phone (MediaCodec on Android, AVFoundation on
 * iOS), so every format the phone can play works, including expo-audio's recordings.
 * @param uri A `file://` URI, an absolute path, or (Android) a `content://` URI from the
 *   document picker or a share intent.
 * @param options `temperature` for the confidences (see {@link ClassifyOptions}).
 * @returns The clip's verdict; `emotion` is `'silence'` when no speech was heard.
 * @throws An error whose `code` is an {@link EmotionErrorCode} (e.g. `'UnsupportedFormat'`).
 */
export declare function classifyFileAsync(uri: string, options?: ClassifyOptions): Promise<EmotionResult>;
/** The embedded model: labels, window, version, licences and validation numbers. */
export declare function getModelInfo(): ModelInfo;
/**
 * Starts listening to the microphone. Results arrive as `onEmotion` events (see
 * {@link addEmotionListener}) every `windowHopMs`. Ask for the permission first
 * ({@link requestPermissionsAsync}); on iOS the module activates the audio session.
 * @throws `'PermissionDenied'`, `'MicrophoneUnavailable'` or `'AlreadyRunning'`.
 */
export declare function startListeningAsync(options?: ListenOptions): Promise<void>;
/** Stops listening; the last results are delivered first. Safe to call when not listening. */
export declare function stopListeningAsync(): Promise<void>;
/** Calls `listener` with each live result. Remove the subscription when done. */
export declare function addEmotionListener(listener: (result: EmotionResult) => void): EventSubscription;
/** Calls `listener` with errors while listening (device lost, audio dropped). */
export declare function addErrorListener(listener: (error: EmotionErrorEvent) => void): EventSubscription;
/** Calls `listener` when listening starts or stops (including a lost device). */
export declare function addStateListener(listener: (state: ListeningStateEvent) => void): EventSubscription;
/** Asks for microphone permission (`RECORD_AUDIO` / `NSMicrophoneUsageDescription`). */
export declare function requestPermissionsAsync(): Promise<PermissionResponse>;
/** The current microphone permission, without asking. */
export declare function getPermissionsAsync(): Promise<PermissionResponse>;
/** Sets how much the native library logs (default `'warn'`). */
export declare function setLogLevel(level: LogLevel): void;
