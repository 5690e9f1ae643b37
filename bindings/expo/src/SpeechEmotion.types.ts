/** The five emotions the model recognises. */
export type EmotionLabel = 'happy' | 'sad' | 'angry' | 'surprised' | 'neutral';

/** A verdict on a clip or on one window of live audio. */
export interface EmotionResult {
  /** The most probable label, or `'silence'` when {@link EmotionResult.isSpeech} is false. */
  emotion: EmotionLabel | 'silence';
  /** Calibrated probability of `emotion`, 0..1 (0 without speech). */
  confidence: number;
  /** Every label's probability, 0..1 (all 0 without speech). */
  scores: Record<EmotionLabel, number>;
  /** Whether speech was heard. Without speech no emotion is claimed. */
  isSpeech: boolean;
  /** Start of the audio this verdict covers, ms (live: since listening started). */
  startMs: number;
  /** End of the audio this verdict covers, ms. */
  endMs: number;
}

/** What the embedded model is. */
export interface ModelInfo {
  name: string;
  version: string;
  labels: EmotionLabel[];
  /** Rate audio is resampled to, Hz. */
  sampleRateHz: number;
  /** Length of one model window, ms. */
  windowMs: number;
  quantization: string;
  sizeBytes: number;
  onnxSha256: string;
  /** The full metadata JSON: training data, licences, validation numbers. */
  metadataJson: string;
}

/** Options for live listening. Every field has a default that works. */
export interface ListenOptions {
  /** Time between results, ms (≥ 10). Default 500. */
  windowHopMs?: number;
  /** Posterior smoothing, 0 (off) ≤ s < 1. Default 0.3. */
  smoothing?: number;
  /** Level below which a 25 ms frame counts as silence, dBFS. Default −60. */
  vadThresholdDbfs?: number;
  /** See {@link ClassifyOptions.temperature}. */
  temperature?: number;
}

/** Options for file classification. */
export interface ClassifyOptions {
  /**
   * Softmax temperature for the confidences, 0.1–10. Default: the model's own, fitted on
   * new speakers of the acted studio corpora it learned from. For recordings unlike
   * those (phone microphones, rooms, other languages) about 1.75 gives more honest
   * confidences. Only confidences move, not which emotion wins in a window.
   */
  temperature?: number;
}

/** Error codes, one per case the native library distinguishes. */
export type EmotionErrorCode =
  | 'InvalidAudio'
  | 'UnsupportedFormat'
  | 'Io'
  | 'InvalidModel'
  | 'InvalidConfig'
  | 'MicrophoneUnavailable'
  | 'PermissionDenied'
  | 'AlreadyRunning'
  | 'Overrun'
  | 'Internal'
  /** The app binary has no native module (Expo Go, web): use a development build. */
  | 'NativeModuleUnavailable';

/** An error reported while listening (the `onError` event). */
export interface EmotionErrorEvent {
  code: EmotionErrorCode;
  /** What went wrong and what to do, in words. */
  message: string;
}

/** The `onStateChange` event. */
export interface ListeningStateEvent {
  listening: boolean;
}

/** Microphone permission, as Expo's permission APIs report it. */
export interface PermissionResponse {
  status: 'granted' | 'denied' | 'undetermined';
  granted: boolean;
  canAskAgain: boolean;
  expires: 'never' | number;
}

/** Verbosity of the native library's log (logcat on Android, os_log on iOS). */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Events the native module emits. */
export type SpeechEmotionEvents = {
  onEmotion(event: EmotionResult): void;
  onError(event: EmotionErrorEvent): void;
  onStateChange(event: ListeningStateEvent): void;
};
