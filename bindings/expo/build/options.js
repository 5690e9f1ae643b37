"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.validateTemperature = validateTemperature;
exports.validateListenOptions = validateListenOptions;
/** Throws a RangeError unless `temperature` is undefined or in [0.1, 10]. @internal */
function validateTemperature(temperature) {
    if (temperature !== undefined && !(temperature >= 0.1 && temperature <= 10)) {
        throw new RangeError(`temperature must be in [0.1, 10], got ${temperature}`);
    }
}
/** Returns `options` unchanged, or throws a RangeError naming the bad field. @internal */
function validateListenOptions(options) {
    const { windowHopMs, smoothing, vadThresholdDbfs, temperature } = options;
    if (windowHopMs !== undefined && !(Number.isInteger(windowHopMs) && windowHopMs >= 10)) {
        throw new RangeError(`windowHopMs must be an integer ≥ 10 ms, got ${windowHopMs}`);
    }
    if (smoothing !== undefined && !(smoothing >= 0 && smoothing < 1)) {
        throw new RangeError(`smoothing must be in [0, 1), got ${smoothing}`);
    }
    if (vadThresholdDbfs !== undefined && !Number.isFinite(vadThresholdDbfs)) {
        throw new RangeError(`vadThresholdDbfs must be a finite number, got ${vadThresholdDbfs}`);
    }
    validateTemperature(temperature);
    return options;
}
