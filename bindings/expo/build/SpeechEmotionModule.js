"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.isNativeModuleAvailable = exports.UNAVAILABLE_MESSAGE = exports.UNAVAILABLE_CODE = void 0;
// The native-module handle: the only file that talks to the Expo runtime. Tests mock it.
//
// In Expo Go and on the web the native half is not in the app binary:
// `requireOptionalNativeModule` returns null there, and importing the package must not
// crash the app. Every call then fails with the code 'NativeModuleUnavailable' and a
// message that names the fix (a development build).
const expo_1 = require("expo");
/** The error code of every call made where the native module is missing. */
exports.UNAVAILABLE_CODE = 'NativeModuleUnavailable';
/** What the error says: why, and what to do. */
exports.UNAVAILABLE_MESSAGE = "expo-speech-emotion: the native module 'SpeechEmotion' is not in this app binary. " +
    'It cannot run in Expo Go or on the web: make a development build ' +
    '(`npx expo run:android` / `npx expo run:ios`, or `eas build --profile development`) ' +
    'after installing the package, and open the app with it.';
function unavailable() {
    return new expo_1.CodedError(exports.UNAVAILABLE_CODE, exports.UNAVAILABLE_MESSAGE);
}
/** Stands in for the native module where there is none: calls fail, listeners are inert. */
function createUnavailableModule() {
    const reject = async () => {
        throw unavailable();
    };
    const fail = () => {
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
        addListener: () => ({ remove() { } }),
        removeListener() { },
        removeAllListeners() { },
        emit() { },
        listenerCount: () => 0,
    };
    return stand;
}
const native = (0, expo_1.requireOptionalNativeModule)('SpeechEmotion');
/** Whether the native module is in this app (false in Expo Go and on the web). */
exports.isNativeModuleAvailable = native != null;
exports.default = native ?? createUnavailableModule();
