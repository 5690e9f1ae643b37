// Expo config plugin: declares microphone use on both platforms.
//   app.json: "plugins": [["expo-speech-emotion", { "microphonePermission": "…" }]]
const { AndroidConfig, withAndroidManifest, withInfoPlist } = require('expo/config-plugins');

const DEFAULT_MESSAGE = 'Allow $(PRODUCT_NAME) to use the microphone to recognise emotion in speech, on this device.';

function withSpeechEmotion(config, { microphonePermission } = {}) {
  config = withInfoPlist(config, (c) => {
    c.modResults.NSMicrophoneUsageDescription =
      microphonePermission || c.modResults.NSMicrophoneUsageDescription || DEFAULT_MESSAGE;
    return c;
  });
  config = withAndroidManifest(config, (c) => {
    AndroidConfig.Permissions.ensurePermissions(c.modResults, ['android.permission.RECORD_AUDIO']);
    return c;
  });
  return config;
}

module.exports = withSpeechEmotion;
module.exports.DEFAULT_MESSAGE = DEFAULT_MESSAGE;
