#!/usr/bin/env node
// `prepack` guard: the published package must carry the native libraries, so that an app
// developer never builds Rust. Refuses (exit 1) unless the package root holds
//   android/src/main/jniLibs/{arm64-v8a,armeabi-v7a,x86_64}/libspeech_emotion.so
//       (ELF of the right machine, every LOAD segment aligned for 16 KB pages),
//   ios/SpeechEmotionCoreFFI.xcframework with a device and a simulator slice, each a static
//       framework with Headers/SpeechEmotionCoreFFI.h and a `framework module` map,
//   ios/generated/SpeechEmotionCore.swift (the UniFFI Swift the podspec compiles).
// The release workflow (.github/workflows/release.yml) builds them and packs.
//   node scripts/expo/check-prebuilt.js [PACKAGE_ROOT]
'use strict';
const fs = require('fs');
const path = require('path');

const PAGE_16K = 0x4000;
const ABIS = { 'arm64-v8a': 183 /* EM_AARCH64 */, 'armeabi-v7a': 40 /* EM_ARM */, x86_64: 62 /* EM_X86_64 */ };
const FFI = 'SpeechEmotionCoreFFI';

/** Machine and the smallest PT_LOAD alignment of an ELF file, or an error string. */
function elfInfo(buf) {
  if (buf.length < 52 || buf.readUInt32BE(0) !== 0x7f454c46) return { error: 'not an ELF file' };
  const is64 = buf[4] === 2;
  if (buf[5] !== 1) return { error: 'not little-endian' };
  const machine = buf.readUInt16LE(18);
  const phoff = is64 ? Number(buf.readBigUInt64LE(32)) : buf.readUInt32LE(28);
  const phentsize = buf.readUInt16LE(is64 ? 54 : 42);
  const phnum = buf.readUInt16LE(is64 ? 56 : 44);
  let minLoadAlign = Infinity;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + phentsize > buf.length) return { error: 'truncated program headers' };
    if (buf.readUInt32LE(at) !== 1 /* PT_LOAD */) continue;
    const align = is64 ? Number(buf.readBigUInt64LE(at + 48)) : buf.readUInt32LE(at + 28);
    minLoadAlign = Math.min(minLoadAlign, align);
  }
  if (minLoadAlign === Infinity) return { error: 'no LOAD segment' };
  return { machine, is64, minLoadAlign };
}

/** Problems with the native payload under `root`; empty when it is complete. */
function problems(root) {
  const out = [];
  for (const [abi, machine] of Object.entries(ABIS)) {
    const file = path.join(root, 'android/src/main/jniLibs', abi, 'libspeech_emotion.so');
    if (!fs.existsSync(file)) {
      out.push(`missing ${path.relative(root, file)}`);
      continue;
    }
    const info = elfInfo(fs.readFileSync(file));
    if (info.error) out.push(`${path.relative(root, file)}: ${info.error}`);
    else if (info.machine !== machine) out.push(`${path.relative(root, file)}: ELF machine ${info.machine}, want ${machine} for ${abi}`);
    else if (info.minLoadAlign < PAGE_16K) {
      out.push(
        `${path.relative(root, file)}: LOAD segments aligned to 0x${info.minLoadAlign.toString(16)}, ` +
          'need 0x4000 for 16 KB pages (link with -Wl,-z,max-page-size=16384)'
      );
    }
  }
  const xcf = path.join(root, 'ios', `${FFI}.xcframework`);
  const plist = path.join(xcf, 'Info.plist');
  if (!fs.existsSync(plist)) {
    out.push(`missing ios/${FFI}.xcframework (Info.plist)`);
  } else {
    const text = fs.readFileSync(plist, 'utf8');
    const ids = [...text.matchAll(/<key>LibraryIdentifier<\/key>\s*<string>([^<]+)<\/string>/g)].map((m) => m[1]);
    const device = ids.filter((id) => /^ios-arm64$/.test(id));
    const simulator = ids.filter((id) => /^ios-.*-simulator$/.test(id));
    if (device.length !== 1) out.push(`ios/${FFI}.xcframework: no ios-arm64 device slice (found ${ids.join(', ') || 'none'})`);
    if (simulator.length !== 1) out.push(`ios/${FFI}.xcframework: no simulator slice (found ${ids.join(', ') || 'none'})`);
    for (const id of ids) {
      const fw = path.join(xcf, id, `${FFI}.framework`);
      const rel = path.relative(root, fw);
      if (!fs.existsSync(path.join(fw, FFI))) out.push(`${rel}: missing the static library ${FFI}`);
      if (!fs.existsSync(path.join(fw, 'Headers', `${FFI}.h`))) out.push(`${rel}: missing Headers/${FFI}.h`);
      const map = path.join(fw, 'Modules', 'module.modulemap');
      if (!fs.existsSync(map) || !new RegExp(`framework module ${FFI}\\b`).test(fs.readFileSync(map, 'utf8'))) {
        out.push(`${rel}: Modules/module.modulemap must declare 'framework module ${FFI}' (import ${FFI} from Swift)`);
      }
    }
  }
  if (!fs.existsSync(path.join(root, 'ios/generated/SpeechEmotionCore.swift'))) {
    out.push('missing ios/generated/SpeechEmotionCore.swift');
  }
  return out;
}

module.exports = { elfInfo, problems, ABIS, PAGE_16K };

if (require.main === module) {
  const root = path.resolve(process.argv[2] || path.join(__dirname, '..', '..'));
  const found = problems(root);
  if (found.length > 0) {
    console.error('expo-speech-emotion: refusing to pack without the prebuilt native libraries:');
    for (const p of found) console.error(`  - ${p}`);
    console.error(
      'Build them with scripts/build-android.sh (Linux/macOS + NDK + cargo-ndk) and scripts/build-ios.sh (macOS + Xcode),\n' +
        'or let .github/workflows/release.yml build and pack the package.'
    );
    process.exit(1);
  }
  // stderr: stdout belongs to `npm pack --json`.
  console.error('expo-speech-emotion: prebuilt native libraries present (Android 3 ABIs, 16 KB aligned; iOS XCFramework)');
}
