// Source checks of the native halves for defects a Linux machine cannot build its way to
// (no Swift compiler, no Android SDK): each rule names the defect it guards.
import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..', '..');
const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
const kotlinDir = 'android/src/main/java/expo/modules/speechemotion';
const kotlin = fs.readdirSync(path.join(root, kotlinDir)).map((f) => read(`${kotlinDir}/${f}`)).join('\n');
const swift = fs
  .readdirSync(path.join(root, 'ios'))
  .filter((f) => f.endsWith('.swift'))
  .map((f) => read(`ios/${f}`))
  .join('\n');

/** The text of each `AsyncFunction("name")` definition, up to the next definition. */
function definitions(source: string): Map<string, string> {
  const found = new Map<string, string>();
  const re = /\b(?:Async)?Function\("([^"]+)"\)/g;
  const starts = [...source.matchAll(re)];
  starts.forEach((m, i) => {
    const end = i + 1 < starts.length ? starts[i + 1].index! : source.indexOf('\n  }\n', m.index!);
    if (m[0].startsWith('AsyncFunction')) found.set(m[1], source.slice(m.index!, end));
  });
  return found;
}

describe.each([
  ['Kotlin', kotlin],
  ['Swift', swift],
])('%s module', (_name, source) => {
  test.each(['classifyFileAsync', 'startListeningAsync', 'stopListeningAsync'])(
    '%s runs on the module’s own queue, not Expo’s shared one',
    (fn) => {
      const body = definitions(source).get(fn);
      expect(body).toBeDefined();
      expect(body).toMatch(/\.runOnQueue\((?!Queues\.DEFAULT)/);
    }
  );

  test('JS error codes are spelled out, never derived from type names (R8 renames classes)', () => {
    expect(source).not.toMatch(/simpleName|::class\.java\.name|String\(describing:/);
    for (const code of ['InvalidAudio', 'UnsupportedFormat', 'Io', 'InvalidModel', 'InvalidConfig', 'MicrophoneUnavailable',
      'PermissionDenied', 'AlreadyRunning', 'Overrun', 'Internal']) {
      expect(source).toContain(`"${code}"`);
    }
  });

  test('files the core refuses are decoded by the platform and streamed to the clip API', () => {
    expect(source).toMatch(/UnsupportedFormat/);
    expect(source).toMatch(/startClip\(/);
    expect(source).toMatch(/pushInterleaved\(/);
    expect(source).toMatch(/finish\(\)/);
  });
});

describe('Android', () => {
  test('content:// URIs go through the ContentResolver', () => {
    expect(kotlin).toMatch(/"content"/);
    expect(kotlin).toMatch(/contentResolver\.openInputStream/);
  });
  test('build.gradle uses the SDK 58 plugin style and ships consumer ProGuard rules', () => {
    const gradle = read('android/build.gradle');
    expect(gradle).toMatch(/id 'com\.android\.library'/);
    expect(gradle).toMatch(/id 'expo-module-gradle-plugin'/);
    expect(gradle).not.toMatch(/ExpoModulesCorePlugin\.gradle|applyKotlinExpoModulesCorePlugin/);
    expect(gradle).toMatch(/consumerProguardFiles 'proguard-rules\.pro'/);
    expect(read('android/proguard-rules.pro')).toMatch(/-keep class com\.sun\.jna\.\*\* \{ \*; \}/);
    expect(read('android/proguard-rules.pro')).toMatch(/-keep class expo\.modules\.speechemotion\.core\.\*\* \{ \*; \}/);
  });
  test('16 KB pages: the Android build links with max-page-size=16384', () => {
    expect(read('scripts/build-android.sh')).toMatch(/-z,max-page-size=16384/);
  });
});

describe('iOS', () => {
  test('os.Logger, not ExpoModulesCore’s Logger', () => {
    expect(swift).toMatch(/os\.Logger\(subsystem:/);
    expect(swift).not.toMatch(/[^.\w]Logger\(subsystem:/);
  });
  test('the session is deactivated only where this module set it up, letting others resume', () => {
    const deactivations = [...swift.matchAll(/setActive\(false[^)]*\)/g)].map((m) => m[0]);
    expect(deactivations).toEqual(['setActive(false, options: .notifyOthersOnDeactivation)']);
    const stop = swift.slice(swift.indexOf('private func stopStream()'), swift.indexOf('private func observeInterruptions()'));
    expect(stop).toMatch(/if let replaced = replacedCategory \{[\s\S]*setActive\(false/);
  });
  test('stream state is touched on the module queue; the interruption observer hops onto it', () => {
    expect(swift).toMatch(/private func stopStream\(\) \{\s*dispatchPrecondition\(condition: \.onQueue\(queue\)\)/);
    const observer = swift.slice(swift.indexOf('private func observeInterruptions()'));
    expect(observer).toMatch(/self\?\.queue\.async/);
    expect(swift).not.toMatch(/lazy var detector/);
  });
  test('permissions: AVAudioApplication on iOS 17+, canAskAgain false only when denied', () => {
    expect(swift).toMatch(/if #available\(iOS 17\.0, \*\) \{\s*AVAudioApplication\.requestRecordPermission/);
    expect(swift).toMatch(/"canAskAgain": status != "denied"/);
  });
  test('the listener is Sendable without weak stored state (Swift 6)', () => {
    const listener = swift.slice(swift.indexOf('private final class Listener'), swift.indexOf('private final class OSLogSink'));
    expect(listener).not.toMatch(/\bvar\b/);
    expect(listener).toMatch(/private let emit: @Sendable/);
  });
  test('podspec: iOS 16.4 (ExpoModulesCore 58), the XCFramework, generated Swift', () => {
    const podspec = read('ios/SpeechEmotion.podspec');
    expect(podspec).toMatch(/:ios => '16\.4'/);
    expect(podspec).toMatch(/vendored_frameworks = "#\{ffi\}\.xcframework"/);
    expect(podspec).toMatch(/'generated\/\*\.swift'/);
  });
});
