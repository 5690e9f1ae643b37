// The native-module handle: the only file that talks to the Expo runtime. Tests mock it.
import { NativeModule, requireNativeModule } from 'expo-modules-core';

import type {
  ClassifyOptions,
  EmotionResult,
  ListenOptions,
  LogLevel,
  ModelInfo,
  PermissionResponse,
  SpeechEmotionEvents,
} from './SpeechEmotion.types';

declare class SpeechEmotionNativeModule extends NativeModule<SpeechEmotionEvents> {
  classifyFileAsync(uri: string, options: ClassifyOptions): Promise<EmotionResult>;
  getModelInfo(): ModelInfo;
  startListeningAsync(options: ListenOptions): Promise<void>;
  stopListeningAsync(): Promise<void>;
  requestPermissionsAsync(): Promise<PermissionResponse>;
  getPermissionsAsync(): Promise<PermissionResponse>;
  setLogLevel(level: LogLevel): void;
}

export default requireNativeModule<SpeechEmotionNativeModule>('SpeechEmotion');
