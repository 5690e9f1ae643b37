"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
// The native-module handle: the only file that talks to the Expo runtime. Tests mock it.
const expo_modules_core_1 = require("expo-modules-core");
exports.default = (0, expo_modules_core_1.requireNativeModule)('SpeechEmotion');
