"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.useEmotion = exports.validateListenOptions = void 0;
exports.isAvailable = isAvailable;
exports.classifyFileAsync = classifyFileAsync;
exports.getModelInfo = getModelInfo;
exports.startListeningAsync = startListeningAsync;
exports.stopListeningAsync = stopListeningAsync;
exports.addEmotionListener = addEmotionListener;
exports.addErrorListener = addErrorListener;
exports.addStateListener = addStateListener;
exports.requestPermissionsAsync = requestPermissionsAsync;
exports.getPermissionsAsync = getPermissionsAsync;
exports.setLogLevel = setLogLevel;
const options_1 = require("./options");
const SpeechEmotionModule_1 = __importStar(require("./SpeechEmotionModule"));
__exportStar(require("./SpeechEmotion.types"), exports);
var options_2 = require("./options");
Object.defineProperty(exports, "validateListenOptions", { enumerable: true, get: function () { return options_2.validateListenOptions; } });
var useEmotion_1 = require("./useEmotion");
Object.defineProperty(exports, "useEmotion", { enumerable: true, get: function () { return useEmotion_1.useEmotion; } });
/**
 * Whether the native module is in this app. False in Expo Go and on the web, where every
 * call fails with the code `'NativeModuleUnavailable'`: use a development build.
 */
function isAvailable() {
    return SpeechEmotionModule_1.isNativeModuleAvailable;
}
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
async function classifyFileAsync(uri, options = {}) {
    if (typeof uri !== 'string' || uri.length === 0) {
        throw new TypeError('classifyFileAsync: uri must be a non-empty string');
    }
    (0, options_1.validateTemperature)(options.temperature);
    return SpeechEmotionModule_1.default.classifyFileAsync(uri, options);
}
/** The embedded model: labels, window, version, licences and validation numbers. */
function getModelInfo() {
    return SpeechEmotionModule_1.default.getModelInfo();
}
/**
 * Starts listening to the microphone. Results arrive as `onEmotion` events (see
 * {@link addEmotionListener}) every `windowHopMs`. Ask for the permission first
 * ({@link requestPermissionsAsync}); on iOS the module activates the audio session.
 * @throws `'PermissionDenied'`, `'MicrophoneUnavailable'` or `'AlreadyRunning'`.
 */
async function startListeningAsync(options = {}) {
    return SpeechEmotionModule_1.default.startListeningAsync((0, options_1.validateListenOptions)(options));
}
/** Stops listening; the last results are delivered first. Safe to call when not listening. */
async function stopListeningAsync() {
    return SpeechEmotionModule_1.default.stopListeningAsync();
}
/** Calls `listener` with each live result. Remove the subscription when done. */
function addEmotionListener(listener) {
    return SpeechEmotionModule_1.default.addListener('onEmotion', listener);
}
/** Calls `listener` with errors while listening (device lost, audio dropped). */
function addErrorListener(listener) {
    return SpeechEmotionModule_1.default.addListener('onError', listener);
}
/** Calls `listener` when listening starts or stops (including a lost device). */
function addStateListener(listener) {
    return SpeechEmotionModule_1.default.addListener('onStateChange', listener);
}
/** Asks for microphone permission (`RECORD_AUDIO` / `NSMicrophoneUsageDescription`). */
async function requestPermissionsAsync() {
    return SpeechEmotionModule_1.default.requestPermissionsAsync();
}
/** The current microphone permission, without asking. */
async function getPermissionsAsync() {
    return SpeechEmotionModule_1.default.getPermissionsAsync();
}
/** Sets how much the native library logs (default `'warn'`). */
function setLogLevel(level) {
    SpeechEmotionModule_1.default.setLogLevel(level);
}
