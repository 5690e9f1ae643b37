import type { ListenOptions } from './SpeechEmotion.types';
/** Throws a RangeError unless `temperature` is undefined or in [0.1, 10]. @internal */
export declare function validateTemperature(temperature: number | undefined): void;
/** Returns `options` unchanged, or throws a RangeError naming the bad field. @internal */
export declare function validateListenOptions(options: ListenOptions): ListenOptions;
