import { NativeModule } from 'expo';
import type { ClassifyOptions, EmotionResult, ListenOptions, LogLevel, ModelInfo, PermissionResponse, SpeechEmotionEvents } from './SpeechEmotion.types';
declare class SpeechEmotionNativeModule extends NativeModule<SpeechEmotionEvents> {
    classifyFileAsync(uri: string, options: ClassifyOptions): Promise<EmotionResult>;
    getModelInfo(): ModelInfo;
    startListeningAsync(options: ListenOptions): Promise<void>;
    stopListeningAsync(): Promise<void>;
    requestPermissionsAsync(): Promise<PermissionResponse>;
    getPermissionsAsync(): Promise<PermissionResponse>;
    setLogLevel(level: LogLevel): void;
}
/** The error code of every call made where the native module is missing. */
export declare const UNAVAILABLE_CODE = "NativeModuleUnavailable";
/** What the error says: why, and what to do. */
export declare const UNAVAILABLE_MESSAGE: string;
/** Whether the native module is in this app (false in Expo Go and on the web). */
export declare const isNativeModuleAvailable: boolean;
declare const _default: SpeechEmotionNativeModule;
export default _default;
