// The config plugin, with Expo's config-plugin helpers replaced by minimal stand-ins
// (plugin-resolve.test.ts runs it with the real ones; scripts/expo/check.sh runs it in a
// real `expo prebuild`).
jest.mock(
  'expo/config-plugins',
  () => ({
    withGradleProperties: (config: any, action: any) => ({
      ...config,
      gradleProperties: action({ modResults: [...(config.gradleProperties ?? [])] }).modResults,
    }),
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
);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const withSpeechEmotion = require('../../../app.plugin.js');

test('adds the microphone usage description, RECORD_AUDIO and minSdk 26', () => {
  const config = withSpeechEmotion({ name: 'app' });
  expect(config.ios.NSMicrophoneUsageDescription).toBe(withSpeechEmotion.DEFAULT_MESSAGE);
  expect(config.android.permissions).toEqual(['android.permission.RECORD_AUDIO']);
  expect(config.gradleProperties).toEqual([{ type: 'property', key: 'android.minSdkVersion', value: '26' }]);
});

test('minSdk is raised to 26, never lowered', () => {
  const property = (value: string) => [{ type: 'comment', value: 'x' }, { type: 'property', key: 'android.minSdkVersion', value }];
  expect(withSpeechEmotion({ gradleProperties: property('24') }).gradleProperties[1].value).toBe('26');
  expect(withSpeechEmotion({ gradleProperties: property('28') }).gradleProperties[1].value).toBe('28');
  expect(withSpeechEmotion({ gradleProperties: property('') }).gradleProperties[1].value).toBe('26');
});

test('the message can be overridden, and permissions are not duplicated', () => {
  const config = withSpeechEmotion(
    { name: 'app', android: { permissions: ['android.permission.RECORD_AUDIO'] } },
    { microphonePermission: 'We listen for emotion, offline.' },
  );
  expect(config.ios.NSMicrophoneUsageDescription).toBe('We listen for emotion, offline.');
  expect(config.android.permissions).toEqual(['android.permission.RECORD_AUDIO']);
});
