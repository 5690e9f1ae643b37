// The native-module handle: the only file that talks to the Expo runtime. Tests mock it.
//
// In Expo Go and on the web the native half is not in the app binary:
// `requireOptionalNativeModule` returns null there, and importing the package must not
// crash the app. Every call then fails with the code 'NativeModuleUnavailable' and a
// message that names the fix (a development build).
import { CodedError, NativeModule, requireOptionalNativeModule } from 'expo';
import type { EventSubscription } from 'expo';

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

/** The error code of every call made where the native module is missing. */
export const UNAVAILABLE_CODE = 'NativeModuleUnavailable';

/** What the error says: why, and what to do. */
export const UNAVAILABLE_MESSAGE =
  "expo-speech-emotion: the native module 'SpeechEmotion' is not in this app binary. " +
  'It cannot run in Expo Go or on the web: make a development build ' +
  '(`npx expo run:android` / `npx expo run:ios`, or `eas build --profile development`) ' +
  'after installing the package, and open the app with it.';

function unavailable(): CodedError {
  return new CodedError(UNAVAILABLE_CODE, UNAVAILABLE_MESSAGE);
}

/** Stands in for the native module where there is none: calls fail, listeners are inert. */
function createUnavailableModule(): SpeechEmotionNativeModule {
  const reject = async (): Promise<never> => {
    throw unavailable();
  };
  const fail = (): never => {
    throw unavailable();
  };
  const stand = {
    classifyFileAsync: reject,
    startListeningAsync: reject,
    stopListeningAsync: reject,
    requestPermissionsAsync: reject,
    getPermissionsAsync: reject,
    getModelInfo: fail,
    setLogLevel: fail,
    addListener: (): EventSubscription => ({ remove() {} }),
    removeListener() {},
    removeAllListeners() {},
    emit() {},
    listenerCount: () => 0,
  };
  return stand as unknown as SpeechEmotionNativeModule;
}

const native = requireOptionalNativeModule<SpeechEmotionNativeModule>('SpeechEmotion');

/** Whether the native module is in this app (false in Expo Go and on the web). */
export const isNativeModuleAvailable: boolean = native != null;

export default native ?? createUnavailableModule();
