#!/usr/bin/env node
// What the npm package ships, checked with npm itself:
//  1. `npm pack --dry-run` of this checkout: what must ship (JS build, types, the Android
//     and iOS module sources, the generated Kotlin, config plugin, module config) and what
//     must not (Rust sources, target/, training/, tests/, fixtures, models, datasets).
//  2. The prepack guard refuses to pack without the native libraries.
//  3. With a stand-in native payload (ELF headers of the right machine and alignment, an
//     XCFramework layout) laid in a copy, `npm pack` succeeds and the tarball carries it.
//     That tarball is what scripts/expo/check-app.sh installs in a throwaway Expo app.
//  node scripts/expo/check-pack.js OUT_DIR   (prints the tarball path last)
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { problems, ABIS } = require('./check-prebuilt');

const root = path.join(__dirname, '..', '..');
const out = path.resolve(process.argv[2] || path.join(root, 'target/expo-check'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let failures = 0;
const fail = (msg) => {
  failures++;
  console.error(`FAIL ${msg}`);
};

function pack(cwd, args) {
  const json = execFileSync(npm, ['pack', '--json', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(json)[0];
}

// 1. Contents.
const listing = pack(root, ['--dry-run', '--ignore-scripts']);
const files = listing.files.map((f) => f.path);
const mustShip = [
  'package.json',
  'app.plugin.js',
  'expo-module.config.json',
  'bindings/expo/build/index.js',
  'bindings/expo/build/index.d.ts',
  'bindings/expo/build/SpeechEmotionModule.js',
  'bindings/expo/src/index.ts',
  'bindings/kotlin/generated/expo/modules/speechemotion/core/speech_emotion.kt',
  'android/build.gradle',
  'android/proguard-rules.pro',
  'android/src/main/AndroidManifest.xml',
  'android/src/main/java/expo/modules/speechemotion/SpeechEmotionModule.kt',
  'android/src/main/java/expo/modules/speechemotion/AudioFiles.kt',
  'android/src/main/java/expo/modules/speechemotion/ErrorCodes.kt',
  'ios/SpeechEmotion.podspec',
  'ios/SpeechEmotionModule.swift',
  'ios/AudioFiles.swift',
];
for (const f of mustShip) if (!files.includes(f)) fail(`the package lacks ${f}`);
const mustNot = [
  [/^(src|target|training|tests|fuzz|benches|vendor|models|examples|tools|docs|scripts|uniffi-bindgen|node_modules|\.ci|\.github)\//, 'repository-only folders'],
  [/^Cargo\.(toml|lock)$/, 'Cargo manifests'],
  [/^bindings\/(python|swift)\//, 'other bindings'],
  [/^bindings\/expo\/__tests__\//, 'tests'],
  [/^android\/build\/|^android\/\.gradle\//, 'Gradle output'],
  [/\.(wav|flac|mp3|m4a|ogg|onnx|npz|npy|pt|csv|parquet|zip|tar|gz)$/i, 'audio, models or data sets'],
];
for (const f of files) for (const [re, what] of mustNot) if (re.test(f)) fail(`the package ships ${what}: ${f}`);
if (listing.unpackedSize > 2_000_000) fail(`unpacked size ${listing.unpackedSize} B without native libraries (expected < 2 MB)`);
console.log(`pack: ${files.length} files, ${listing.unpackedSize} B unpacked (no native libraries in this checkout)`);

// 2. A copy of exactly what ships, plus the prepack guard; packing must be refused.
const copy = path.join(out, 'package-copy');
fs.rmSync(copy, { recursive: true, force: true });
for (const f of [...files, 'scripts/expo/check-prebuilt.js']) {
  fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
  fs.copyFileSync(path.join(root, f), path.join(copy, f));
}
try {
  pack(copy, ['--dry-run', '--ignore-scripts=false']);
  fail('npm pack went through without the native libraries (prepack guard missing)');
} catch (e) {
  if (!/refusing to pack without the prebuilt native libraries/.test(String(e.stderr))) fail(`npm pack failed for another reason: ${e.stderr}`);
}

// 3. Stand-in payload: ELF headers and an XCFramework layout.
function elf({ is64, machine, align }) {
  const buf = Buffer.alloc(is64 ? 64 + 56 : 52 + 32);
  buf.writeUInt32BE(0x7f454c46, 0);
  buf[4] = is64 ? 2 : 1;
  buf[5] = 1;
  buf[6] = 1;
  buf.writeUInt16LE(3, 16); // ET_DYN
  buf.writeUInt16LE(machine, 18);
  buf.writeUInt32LE(1, 20);
  if (is64) {
    buf.writeBigUInt64LE(64n, 32);
    buf.writeUInt16LE(64, 52);
    buf.writeUInt16LE(56, 54);
    buf.writeUInt16LE(1, 56);
    buf.writeUInt32LE(1, 64); // PT_LOAD
    buf.writeBigUInt64LE(BigInt(align), 64 + 48);
  } else {
    buf.writeUInt32LE(52, 28);
    buf.writeUInt16LE(52, 40);
    buf.writeUInt16LE(32, 42);
    buf.writeUInt16LE(1, 44);
    buf.writeUInt32LE(1, 52);
    buf.writeUInt32LE(align, 52 + 28);
  }
  return buf;
}
const write = (rel, data) => {
  fs.mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
  fs.writeFileSync(path.join(copy, rel), data);
};
for (const [abi, machine] of Object.entries(ABIS)) {
  write(`android/src/main/jniLibs/${abi}/libspeech_emotion.so`, elf({ is64: abi !== 'armeabi-v7a', machine, align: 0x4000 }));
}
const slices = ['ios-arm64', 'ios-arm64_x86_64-simulator'];
write(
  'ios/SpeechEmotionCoreFFI.xcframework/Info.plist',
  `<plist><dict><key>AvailableLibraries</key><array>${slices
    .map((id) => `<dict><key>LibraryIdentifier</key>\n<string>${id}</string></dict>`)
    .join('')}</array></dict></plist>\n`
);
for (const id of slices) {
  const fw = `ios/SpeechEmotionCoreFFI.xcframework/${id}/SpeechEmotionCoreFFI.framework`;
  write(`${fw}/SpeechEmotionCoreFFI`, 'stand-in static library\n');
  write(`${fw}/Headers/SpeechEmotionCoreFFI.h`, fs.readFileSync(path.join(root, 'bindings/swift/generated/SpeechEmotionCoreFFI.h')));
  write(`${fw}/Modules/module.modulemap`, 'framework module SpeechEmotionCoreFFI {\n  umbrella header "SpeechEmotionCoreFFI.h"\n  export *\n}\n');
}
write('ios/generated/SpeechEmotionCore.swift', fs.readFileSync(path.join(root, 'bindings/swift/generated/SpeechEmotionCore.swift')));

// The guard itself: each defect it exists for is refused.
const bad = (mutate, expect) => {
  const saved = new Map();
  mutate((rel, data) => {
    saved.set(rel, fs.existsSync(path.join(copy, rel)) ? fs.readFileSync(path.join(copy, rel)) : null);
    if (data === null) fs.rmSync(path.join(copy, rel));
    else write(rel, data);
  });
  const found = problems(copy).join('\n');
  if (!expect.test(found)) fail(`guard missed: want ${expect}, got: ${found || 'no problem'}`);
  for (const [rel, data] of saved) (data === null ? fs.rmSync(path.join(copy, rel), { force: true }) : write(rel, data));
};
bad((w) => w('android/src/main/jniLibs/arm64-v8a/libspeech_emotion.so', elf({ is64: true, machine: 183, align: 0x1000 })), /0x1000, need 0x4000/);
bad((w) => w('android/src/main/jniLibs/x86_64/libspeech_emotion.so', elf({ is64: true, machine: 183, align: 0x4000 })), /machine 183, want 62/);
bad((w) => w('ios/SpeechEmotionCoreFFI.xcframework/ios-arm64/SpeechEmotionCoreFFI.framework/Modules/module.modulemap', 'module SpeechEmotionCoreFFI {}\n'), /framework module/);
bad((w) => w('ios/generated/SpeechEmotionCore.swift', null), /SpeechEmotionCore\.swift/);
if (problems(copy).length) fail(`the stand-in payload is refused: ${problems(copy).join('; ')}`);

fs.mkdirSync(out, { recursive: true });
const packed = pack(copy, ['--ignore-scripts=false', '--pack-destination', out]);
const shipped = packed.files.map((f) => f.path);
for (const want of [
  ...Object.keys(ABIS).map((abi) => `android/src/main/jniLibs/${abi}/libspeech_emotion.so`),
  'ios/SpeechEmotionCoreFFI.xcframework/Info.plist',
  'ios/SpeechEmotionCoreFFI.xcframework/ios-arm64/SpeechEmotionCoreFFI.framework/Modules/module.modulemap',
  'ios/SpeechEmotionCoreFFI.xcframework/ios-arm64_x86_64-simulator/SpeechEmotionCoreFFI.framework/SpeechEmotionCoreFFI',
  'ios/generated/SpeechEmotionCore.swift',
]) {
  if (!shipped.includes(want)) fail(`the packed package lacks ${want}`);
}
if (shipped.some((f) => f.startsWith('scripts/'))) fail('the packed package ships scripts/');
if (failures) {
  console.error(`pack: ${failures} problem(s)`);
  process.exit(1);
}
console.log(`pack: prepack refuses an empty payload and 4 broken ones; with the payload ${shipped.length} files`);
console.log(path.join(out, packed.filename));
