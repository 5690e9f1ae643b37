require 'json'
require 'fileutils'

package = JSON.parse(File.read(File.join(__dir__, '..', 'package.json')))

# The Rust library comes one of two ways:
# - the published package carries ios/SpeechEmotionCoreFFI.xcframework (device and
#   simulator slices, each a static framework whose Modules/module.modulemap declares
#   `framework module SpeechEmotionCoreFFI`) and ios/generated/SpeechEmotionCore.swift,
#   both made by scripts/build-ios.sh in the release workflow;
# - a git checkout (Cargo.toml beside package.json) builds it during the app build: a
#   script phase runs cargo for the platform and architectures Xcode builds, and says
#   which toolchain is missing.
root = File.expand_path('..', __dir__)
ffi = 'SpeechEmotionCoreFFI'
prebuilt = File.exist?(File.join(__dir__, "#{ffi}.xcframework", 'Info.plist'))
from_checkout = !prebuilt && File.exist?(File.join(root, 'Cargo.toml')) &&
  File.exist?(File.join(root, 'bindings', 'swift', 'generated', 'SpeechEmotionCore.swift'))

unless prebuilt || from_checkout
  raise "expo-speech-emotion: ios/#{ffi}.xcframework is missing and there is no Rust source beside " \
        'the package to build it from: this copy was packed without its native libraries. Install a ' \
        'published version (npx expo install expo-speech-emotion), or use a git checkout with Rust.'
end

if from_checkout
  # The committed UniFFI Swift, and its C header with a module map for `import SpeechEmotionCoreFFI`.
  generated = File.join(root, 'bindings', 'swift', 'generated')
  FileUtils.mkdir_p(File.join(__dir__, 'generated', 'include'))
  FileUtils.cp(File.join(generated, 'SpeechEmotionCore.swift'), File.join(__dir__, 'generated'))
  FileUtils.cp(File.join(generated, "#{ffi}.h"), File.join(__dir__, 'generated', 'include'))
  File.write(File.join(__dir__, 'generated', 'include', 'module.modulemap'),
             "module #{ffi} {\n  header \"#{ffi}.h\"\n  export *\n}\n")
end

Pod::Spec.new do |s|
  s.name           = 'SpeechEmotion'
  s.version        = package['version']
  s.summary        = package['description']
  s.license        = package['license']
  s.author         = 'speech-emotion contributors'
  s.homepage       = 'https://github.com/speech-emotion/speech-emotion'
  # ExpoModulesCore 58's floor. Built with the Swift 6 toolchain ExpoModulesCore needs
  # (Xcode 16+), in Swift 5 language mode as Expo's own SDK 58 modules are.
  s.platforms      = { :ios => '16.4' }
  s.swift_version  = '5.9'
  s.source         = { :git => '' }
  s.static_framework = true

  s.dependency 'ExpoModulesCore'

  # The module, and the UniFFI-generated Swift that wraps the C API.
  s.source_files = '*.swift', 'generated/*.swift'
  s.frameworks = 'AVFoundation', 'AVFAudio', 'AudioToolbox', 'CoreAudio'

  if prebuilt
    # CocoaPods puts the slice's framework on FRAMEWORK_SEARCH_PATHS of this pod and of
    # the app, so `import SpeechEmotionCoreFFI` resolves in both.
    s.vendored_frameworks = "#{ffi}.xcframework"
    s.pod_target_xcconfig = { 'DEFINES_MODULE' => 'YES' }
  else
    lib_dir = File.join(root, 'target', 'expo-ios', '$(PLATFORM_NAME)') # build settings
    lib_dir_sh = File.join(root, 'target', 'expo-ios', '${PLATFORM_NAME}') # the script
    include_dir = File.join(__dir__, 'generated', 'include')
    s.pod_target_xcconfig = {
      'DEFINES_MODULE' => 'YES',
      'SWIFT_INCLUDE_PATHS' => "$(inherited) \"#{include_dir}\"",
    }
    # The app links the static library, and sees the C module through this pod's interface.
    s.user_target_xcconfig = {
      'SWIFT_INCLUDE_PATHS' => "$(inherited) \"#{include_dir}\"",
      'LIBRARY_SEARCH_PATHS' => "$(inherited) \"#{lib_dir}\"",
      'OTHER_LDFLAGS' => '$(inherited) -lspeech_emotion',
    }
    s.script_phase = {
      :name => 'Build the Rust library (expo-speech-emotion, git checkout)',
      :execution_position => :before_compile,
      :shell_path => '/bin/bash',
      :output_files => ["#{lib_dir}/libspeech_emotion.a"],
      :script => <<~SH,
        set -euo pipefail
        export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
        if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
          echo "error: expo-speech-emotion: building the Rust library from this git checkout needs Rust: install rustup (https://rustup.rs), then rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios. Or install the published package, which carries the prebuilt XCFramework."
          exit 1
        fi
        case "$PLATFORM_NAME" in
          iphoneos) targets="aarch64-apple-ios" ;;
          iphonesimulator)
            targets=""
            for arch in $ARCHS; do
              case "$arch" in
                arm64) targets="$targets aarch64-apple-ios-sim" ;;
                x86_64) targets="$targets x86_64-apple-ios" ;;
              esac
            done ;;
          *) echo "error: expo-speech-emotion: no Rust target for $PLATFORM_NAME"; exit 1 ;;
        esac
        libs=""
        for target in $targets; do
          if ! rustup target list --installed | grep -qx "$target"; then
            echo "error: expo-speech-emotion: the Rust target $target is not installed: rustup target add $target"
            exit 1
          fi
          # Xcode's SDKROOT would be used for the host-side build scripts too. The mobile
          # feature set, as scripts/build-ios.sh builds it (docs/formats.md).
          (cd "#{root}" && env -u SDKROOT cargo build --lib --profile mobile --target "$target" \\
            --no-default-features --features microphone)
          libs="$libs #{root}/target/$target/mobile/libspeech_emotion.a"
        done
        mkdir -p "#{lib_dir_sh}"
        lipo -create $libs -output "#{lib_dir_sh}/libspeech_emotion.a"
      SH
    }
  end
end
