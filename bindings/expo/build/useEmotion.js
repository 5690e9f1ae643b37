"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.useEmotion = useEmotion;
const react_1 = require("react");
const options_1 = require("./options");
const SpeechEmotionModule_1 = __importDefault(require("./SpeechEmotionModule"));
function toErrorEvent(e) {
    const error = e;
    const fallback = e instanceof RangeError ? 'InvalidConfig' : 'Internal';
    return {
        code: error?.code ?? fallback,
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
function useEmotion(options = {}) {
    const { enabled = true, windowHopMs, smoothing, vadThresholdDbfs, temperature } = options;
    const [result, setResult] = (0, react_1.useState)(null);
    const [listening, setListening] = (0, react_1.useState)(false);
    const [error, setError] = (0, react_1.useState)(null);
    const mounted = (0, react_1.useRef)(true);
    (0, react_1.useEffect)(() => {
        mounted.current = true;
        const subscriptions = [
            SpeechEmotionModule_1.default.addListener('onEmotion', (r) => mounted.current && setResult(r)),
            SpeechEmotionModule_1.default.addListener('onError', (e) => mounted.current && setError(e)),
            SpeechEmotionModule_1.default.addListener('onStateChange', (s) => mounted.current && setListening(s.listening)),
        ];
        return () => {
            mounted.current = false;
            subscriptions.forEach((s) => s.remove());
        };
    }, []);
    const start = (0, react_1.useCallback)(async () => {
        try {
            setError(null);
            const listen = (0, options_1.validateListenOptions)({ windowHopMs, smoothing, vadThresholdDbfs, temperature });
            const permission = await SpeechEmotionModule_1.default.requestPermissionsAsync();
            if (!permission.granted) {
                throw { code: 'PermissionDenied', message: 'microphone permission was not granted' };
            }
            await SpeechEmotionModule_1.default.startListeningAsync(listen);
            if (mounted.current)
                setListening(true);
        }
        catch (e) {
            if (mounted.current)
                setError(toErrorEvent(e));
        }
    }, [windowHopMs, smoothing, vadThresholdDbfs, temperature]);
    const stop = (0, react_1.useCallback)(async () => {
        await SpeechEmotionModule_1.default.stopListeningAsync();
        if (mounted.current)
            setListening(false);
    }, []);
    (0, react_1.useEffect)(() => {
        if (!enabled)
            return undefined;
        start();
        return () => {
            // Nothing can be reported after unmount; never leave a rejection unhandled (in Expo
            // Go and on the web every call rejects).
            SpeechEmotionModule_1.default.stopListeningAsync().catch(() => { });
        };
    }, [enabled, start]);
    return { result, listening, error, start, stop };
}
