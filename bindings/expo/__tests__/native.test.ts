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

describe('the ExpoModulesCore 58 Swift API the iOS module calls (no Swift compiler here)', () => {
  const core = path.dirname(require.resolve('expo-modules-core/package.json', { paths: [path.dirname(require.resolve('expo/package.json'))] }));
  const walk = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.swift') ? [path.join(d, e.name)] : []));
  const sources = walk(path.join(core, 'ios')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');

  test('is expo-modules-core 58', () => {
    expect(require(path.join(core, 'package.json')).version).toMatch(/^58\./);
  });
  test.each([
    ['synchronous AsyncFunction with arguments (what .runOnQueue applies to)',
      /public func AsyncFunction<R, A0: AnyArgument, each A: AnyArgument>\(\s*_ name: String,\s*@_implicitSelfCapture _ closure: @escaping \(A0, repeat each A\) throws -> R\s*\) -> AsyncFunctionDefinition/],
    ['synchronous AsyncFunction without arguments', /public func AsyncFunction<R>\(\s*_ name: String,\s*@_implicitSelfCapture _ closure: @escaping \(\) throws -> R\s*\) -> AsyncFunctionDefinition/],
    ['AsyncFunctionDefinition.runOnQueue', /public class AsyncFunctionDefinition<[\s\S]*?public func runOnQueue\(_ queue: DispatchQueue\?\) -> Self/],
    ['Function with arguments', /public func Function<R, A0: AnyArgument, each A: AnyArgument>\(/],
    ['Name', /public func Name\(_ name: String\) -> AnyDefinition/],
    ['Events(String...)', /public func Events\(_ names: String\.\.\.\)/],
    ['OnCreate', /public func OnCreate\(@_implicitSelfCapture _ closure: @escaping \(\) -> Void\)/],
    ['OnDestroy', /public func OnDestroy\(@_implicitSelfCapture _ closure: @escaping \(\) -> Void\)/],
    ['BaseModule.sendEvent', /public func sendEvent\(_ eventName: String, _ body: \[String: Any\?\] = \[:\]\)/],
    ['Module = AnyModule & BaseModule', /public typealias Module = AnyModule & BaseModule/],
    ['Promise is Sendable', /public struct Promise: AnyArgument, Sendable/],
    ['Promise.resolve / reject(Exception)', /public func reject\(_ error: Exception\)/],
    ['GenericException<ParamType> with param, code, reason', /open class GenericException<ParamType: ~Copyable>: Exception[\s\S]*?public let param: ParamType/],
    ['Exception.code and reason are overridable', /open var code: String[\s\S]*open var reason: String|open var reason: String[\s\S]*open var code: String/],
  ])('%s', (_what, re) => {
    expect(sources).toMatch(re);
  });
});

describe('the generated Swift binding has what the iOS module calls', () => {
  const generated = read('bindings/swift/generated/SpeechEmotionCore.swift');
  test.each([
    ['EmotionDetector(config:)', /public convenience init\(config: DetectorConfig\)\s*throws/],
    ['classifyFile(path:)', /open func classifyFile\(path: String\)\s*throws\s*-> EmotionResult/],
    ['modelInfo()', /open func modelInfo\(\)\s*-> ModelInfo/],
    ['startClip(sampleRateHz:channels:)', /open func startClip\(sampleRateHz: UInt32, channels: UInt16\)\s*throws\s*-> ClipSession/],
    ['ClipSession.pushInterleaved(samples:)', /open func pushInterleaved\(samples: \[Float\]\)\s*throws/],
    ['ClipSession.finish()', /open func finish\(\)\s*throws\s*-> EmotionResult/],
    ['EmotionStream(detector:listener:config:)', /public convenience init\(detector: EmotionDetector, listener: EmotionListener, config: StreamConfig\)\s*throws/],
    ['startMicrophone(device:)', /open func startMicrophone\(device: String\?\)\s*throws/],
    ['stop()', /open func stop\(\)/],
    ['setLogSink(sink:level:)', /public func setLogSink\(sink: LogSink, level: LogLevel\) -> Bool/],
    ['setLogLevel(level:)', /public func setLogLevel\(level: LogLevel\)/],
    ['defaultDetectorConfig / defaultStreamConfig', /public func defaultDetectorConfig\(\) -> DetectorConfig[\s\S]*public func defaultStreamConfig\(\) -> StreamConfig/],
    ['DetectorConfig(windowHopMs:vadThresholdDbfs:…temperature:) with defaults', /public init\(\s*(\/\*\*[\s\S]*?\*\/)?windowHopMs: UInt32 = [\s\S]*?temperature: Float\? = nil\)/],
    ['the error variants', /enum EmotionError[\s\S]*case InvalidAudio\(reason: String[\s\S]*case UnsupportedFormat\(reason: String[\s\S]*case Internal\(reason: String/],
    ['StreamState.started', /case started\(source: AudioSource/],
    ['import SpeechEmotionCoreFFI', /canImport\(SpeechEmotionCoreFFI\)[\s\S]*import SpeechEmotionCoreFFI/],
  ])('%s', (_what, re) => {
    expect(generated).toMatch(re);
  });
});
