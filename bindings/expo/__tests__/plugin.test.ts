// The config plugin, with Expo's config-plugin helpers replaced by minimal stand-ins.
jest.mock(
  'expo/config-plugins',
  () => ({
    withInfoPlist: (config: any, action: any) => ({ ...config, ios: action({ modResults: { ...(config.ios ?? {}) } }).modResults }),
    withAndroidManifest: (config: any, action: any) => ({
      ...config,
      android: action({ modResults: { permissions: [...(config.android?.permissions ?? [])] } }).modResults,
    }),
    AndroidConfig: {
      Permissions: {
        ensurePermissions: (manifest: any, permissions: string[]) => {
          permissions.forEach((p) => manifest.permissions.includes(p) || manifest.permissions.push(p));
        },
      },
    },
  }),
  { virtual: true },
);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const withSpeechEmotion = require('../../../app.plugin.js');

test('adds the microphone usage description and RECORD_AUDIO', () => {
  const config = withSpeechEmotion({ name: 'app' });
  expect(config.ios.NSMicrophoneUsageDescription).toBe(withSpeechEmotion.DEFAULT_MESSAGE);
  expect(config.android.permissions).toEqual(['android.permission.RECORD_AUDIO']);
});

test('the message can be overridden, and permissions are not duplicated', () => {
  const config = withSpeechEmotion(
    { name: 'app', android: { permissions: ['android.permission.RECORD_AUDIO'] } },
    { microphonePermission: 'We listen for emotion, offline.' },
  );
  expect(config.ios.NSMicrophoneUsageDescription).toBe('We listen for emotion, offline.');
  expect(config.android.permissions).toEqual(['android.permission.RECORD_AUDIO']);
});
