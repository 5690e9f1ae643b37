#!/usr/bin/env bash
# Builds libspeech_emotion.so for Android into android/src/main/jniLibs/<abi>/.
# Needs the Android NDK (ANDROID_NDK_HOME), cargo-ndk (`cargo install cargo-ndk`) and
#   rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android
# (Not run on the Linux machines this project is developed on: no NDK there.)
#
# The Kotlin bindings the module compiles are the committed bindings/kotlin/generated
# (regenerate with scripts/generate-bindings.sh after changing the API).
set -euo pipefail
cd "$(dirname "$0")/.."
# PROFILE=mobile-fast for ~10-20 % less CPU at ~1.1 MB more (Cargo.toml).
profile="${PROFILE:-mobile}"
# Features: the mobile set by default (FEATURES=microphone: live capture, and files in
# AAC/M4A/3GP, ADTS, WAV, AIFF, FLAC); the Expo module has the phone decode every other
# format (docs/formats.md). FEATURES=microphone,all-formats adds MP3, Ogg/WebM Vorbis and
# Opus, CAF in the core (+0.57 MB per library).
features="${FEATURES:-microphone}"
# Link flags for size (lld): identical code folding (safe: only functions whose address
# is never taken) and Android's packed relocations (API 23+). scripts/library-size.sh
# measures the same on the desktop: ~1.7 MB less than without them.
size_flags="-C link-arg=-Wl,--icf=safe -C link-arg=-Wl,--pack-dyn-relocs=android"
# 16 KB pages (Android 15+; Google Play requires it of 64-bit libraries): every LOAD
# segment aligned to 0x4000. NDK r28+ does this by default; older NDKs need the flag.
# scripts/expo/check-prebuilt.js (the package's prepack) checks the result.
page_flags="-C link-arg=-Wl,-z,max-page-size=16384"
export CARGO_TARGET_AARCH64_LINUX_ANDROID_RUSTFLAGS="$size_flags $page_flags"
export CARGO_TARGET_ARMV7_LINUX_ANDROIDEABI_RUSTFLAGS="$size_flags $page_flags"
export CARGO_TARGET_X86_64_LINUX_ANDROID_RUSTFLAGS="$size_flags $page_flags"
# API 26: AAudio, which cpal uses for capture.
cargo ndk --platform 26 -t arm64-v8a -t armeabi-v7a -t x86_64 \
    -o android/src/main/jniLibs build --profile "$profile" --lib \
    --no-default-features --features "$features"
for abi in arm64-v8a armeabi-v7a x86_64; do
    ls "android/src/main/jniLibs/$abi/libspeech_emotion.so" >/dev/null
    # Alignment as Android's check-elf-alignment.sh reads it, where llvm-readelf is found.
    if command -v llvm-readelf >/dev/null; then
        llvm-readelf -l "android/src/main/jniLibs/$abi/libspeech_emotion.so" | grep LOAD
    fi
done
echo "built android/src/main/jniLibs/{arm64-v8a,armeabi-v7a,x86_64}/libspeech_emotion.so"
