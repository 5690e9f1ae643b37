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
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.useEmotion = exports.validateListenOptions = void 0;
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
const SpeechEmotionModule_1 = __importDefault(require("./SpeechEmotionModule"));
__exportStar(require("./SpeechEmotion.types"), exports);
var options_2 = require("./options");
Object.defineProperty(exports, "validateListenOptions", { enumerable: true, get: function () { return options_2.validateListenOptions; } });
var useEmotion_1 = require("./useEmotion");
Object.defineProperty(exports, "useEmotion", { enumerable: true, get: function () { return useEmotion_1.useEmotion; } });
/**
 * Classifies a WAV or FLAC file (any rate 8–192 kHz, any channel count).
 * @param uri A `file://` URI or an absolute path.
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
