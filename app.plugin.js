// Expo config plugin: declares microphone use on both platforms and raises the Android
// app's minSdk to what the library needs.
//   app.json: "plugins": [["expo-speech-emotion", { "microphonePermission": "…" }]]
//
// Android API 26 (8.0) is the floor: live capture uses AAudio, which the native library
// links. Expo apps default to minSdk 24, and a library that declares 26 breaks the
// manifest merge, so the plugin sets `android.minSdkVersion` in gradle.properties to 26
// when it is lower or unset (as expo-build-properties does); a higher value is kept.

const MIN_SDK_VERSION = 26;
const DEFAULT_MESSAGE = 'Allow $(PRODUCT_NAME) to use the microphone to recognise emotion in speech, on this device.';

// Expo's config-plugin helpers are resolved from the app, not from this file. Node resolves
// a module from the real path of the file that asks, and `npm install /path/to/checkout`
// installs the package as a symlink: from the checkout, `expo` is missing or another copy.
function configPlugins(config) {
  const projectRoot = (config && config._internal && config._internal.projectRoot) || process.cwd();
  for (const from of [projectRoot, __dirname]) {
    try {
      return require(require.resolve('expo/config-plugins', { paths: [from] }));
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  throw new Error(
    `expo-speech-emotion: cannot find 'expo/config-plugins' from ${projectRoot}; ` +
      'install expo in the app (npx expo install expo) and run the command from the app folder.'
  );
}

function raiseMinSdk(properties, minSdk) {
  const key = 'android.minSdkVersion';
  const item = properties.find((p) => p.type === 'property' && p.key === key);
  if (!item) {
    properties.push({ type: 'property', key, value: String(minSdk) });
  } else if (!(Number.parseInt(item.value, 10) >= minSdk)) {
    item.value = String(minSdk);
  }
  return properties;
}

function withSpeechEmotion(config, { microphonePermission } = {}) {
  const { AndroidConfig, withAndroidManifest, withGradleProperties, withInfoPlist } = configPlugins(config);
  config = withInfoPlist(config, (c) => {
    c.modResults.NSMicrophoneUsageDescription =
      microphonePermission || c.modResults.NSMicrophoneUsageDescription || DEFAULT_MESSAGE;
    return c;
  });
  config = withAndroidManifest(config, (c) => {
    AndroidConfig.Permissions.ensurePermissions(c.modResults, ['android.permission.RECORD_AUDIO']);
    return c;
  });
  config = withGradleProperties(config, (c) => {
    c.modResults = raiseMinSdk(c.modResults, MIN_SDK_VERSION);
    return c;
  });
  return config;
}

module.exports = withSpeechEmotion;
module.exports.DEFAULT_MESSAGE = DEFAULT_MESSAGE;
module.exports.MIN_SDK_VERSION = MIN_SDK_VERSION;
module.exports.raiseMinSdk = raiseMinSdk;
