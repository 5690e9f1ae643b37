#!/usr/bin/env bash
# Builds the iOS XCFramework the podspec vendors. Needs macOS with Xcode and
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
# (Not run on the Linux machines this project is developed on: no Apple toolchain.)
#
# Output: ios/SpeechEmotionCoreFFI.xcframework (static library + header + module map
# for device and a fat simulator slice) and ios/generated/*.swift.
set -euo pipefail
cd "$(dirname "$0")/.."
# PROFILE=mobile-fast for ~10-20 % less CPU at ~1.1 MB more (Cargo.toml).
profile="${PROFILE:-mobile}"
crate=speech_emotion
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
for target in "${targets[@]}"; do
    cargo build --profile "$profile" --lib --target "$target"
done

# Swift bindings + C header from the device build (same metadata in every slice).
cargo build -p uniffi-bindgen
rm -rf ios/generated build/ios && mkdir -p ios/generated build/ios/include
target/debug/uniffi-bindgen generate --library "target/aarch64-apple-ios/$profile/lib$crate.a" \
    --language swift --out-dir build/ios/generated
mv build/ios/generated/*.swift ios/generated/
cp build/ios/generated/SpeechEmotionCoreFFI.h build/ios/include/
# Xcode looks for module.modulemap inside the framework's Headers.
cp build/ios/generated/SpeechEmotionCoreFFI.modulemap build/ios/include/module.modulemap

# One simulator library for both simulator architectures.
lipo -create \
    "target/aarch64-apple-ios-sim/$profile/lib$crate.a" \
    "target/x86_64-apple-ios/$profile/lib$crate.a" \
    -output build/ios/lib${crate}_sim.a

rm -rf ios/SpeechEmotionCoreFFI.xcframework
xcodebuild -create-xcframework \
    -library "target/aarch64-apple-ios/$profile/lib$crate.a" -headers build/ios/include \
    -library "build/ios/lib${crate}_sim.a" -headers build/ios/include \
    -output ios/SpeechEmotionCoreFFI.xcframework
echo "built ios/SpeechEmotionCoreFFI.xcframework"
