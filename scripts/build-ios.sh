#!/usr/bin/env bash
# Builds the iOS XCFramework the podspec vendors. Needs macOS with Xcode and
#   rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios
# (Not run on the Linux machines this project is developed on: no Apple toolchain.)
#
# Output: ios/SpeechEmotionCoreFFI.xcframework (a static framework per slice: device
# arm64, simulator arm64 + x86_64; header and module map inside) and ios/generated/*.swift.
# The release workflow (.github/workflows/release.yml) runs this on a macOS runner.
set -euo pipefail
cd "$(dirname "$0")/.."
# PROFILE=mobile-fast for ~10-20 % less CPU at ~1.1 MB more (Cargo.toml).
profile="${PROFILE:-mobile}"
# Features: the mobile set by default (FEATURES=microphone: live capture, and files in
# AAC/M4A/3GP, ADTS, WAV, AIFF, FLAC); the Expo module has the phone decode every other
# format (docs/formats.md). FEATURES=microphone,all-formats adds MP3, Ogg/WebM Vorbis and
# Opus, CAF in the core (+0.57 MB per library).
features="${FEATURES:-microphone}"
crate=speech_emotion
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
export IPHONEOS_DEPLOYMENT_TARGET=16.4 # the podspec's (ExpoModulesCore 58)
for target in "${targets[@]}"; do
    cargo build --profile "$profile" --lib --target "$target" \
        --no-default-features --features "$features"
done

# Swift bindings + C header from the device build (same metadata in every slice).
cargo build -p uniffi-bindgen
rm -rf ios/generated build/ios && mkdir -p ios/generated build/ios
target/debug/uniffi-bindgen generate --library "target/aarch64-apple-ios/$profile/lib$crate.a" \
    --language swift --out-dir build/ios/generated
mv build/ios/generated/*.swift ios/generated/

# One simulator library for both simulator architectures.
lipo -create \
    "target/aarch64-apple-ios-sim/$profile/lib$crate.a" \
    "target/x86_64-apple-ios/$profile/lib$crate.a" \
    -output build/ios/lib${crate}_sim.a

# Each slice is a static framework: the library as its binary, the header, and a
# `framework module` map in Modules/. CocoaPods puts the slice on FRAMEWORK_SEARCH_PATHS
# of the pod and of the app, so `import SpeechEmotionCoreFFI` (in the generated Swift and
# in the pod's public interface) resolves from both targets.
ffi=SpeechEmotionCoreFFI
framework() { # framework LIBRARY DIR
    local fw="$2/$ffi.framework"
    mkdir -p "$fw/Headers" "$fw/Modules"
    cp "$1" "$fw/$ffi"
    cp "build/ios/generated/$ffi.h" "$fw/Headers/"
    printf 'framework module %s {\n  umbrella header "%s.h"\n  export *\n}\n' "$ffi" "$ffi" > "$fw/Modules/module.modulemap"
    cat > "$fw/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleExecutable</key><string>$ffi</string>
  <key>CFBundleIdentifier</key><string>expo.modules.speechemotion.$ffi</string>
  <key>CFBundleName</key><string>$ffi</string>
  <key>CFBundlePackageType</key><string>FMWK</string>
  <key>CFBundleShortVersionString</key><string>1.0</string>
  <key>CFBundleVersion</key><string>1</string>
  <key>MinimumOSVersion</key><string>16.4</string>
</dict>
</plist>
PLIST
}
framework "target/aarch64-apple-ios/$profile/lib$crate.a" build/ios/device
framework "build/ios/lib${crate}_sim.a" build/ios/simulator

rm -rf "ios/$ffi.xcframework"
xcodebuild -create-xcframework \
    -framework "build/ios/device/$ffi.framework" \
    -framework "build/ios/simulator/$ffi.framework" \
    -output "ios/$ffi.xcframework"
# The layout the podspec and the package's prepack guard expect.
node scripts/expo/check-prebuilt.js 2>&1 | grep -v "^  - missing android/" || true
echo "built ios/$ffi.xcframework and ios/generated/SpeechEmotionCore.swift"
