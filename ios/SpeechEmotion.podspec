require 'json'

package = JSON.parse(File.read(File.join(__dir__, '..', 'package.json')))

Pod::Spec.new do |s|
  s.name           = 'SpeechEmotion'
  s.version        = package['version']
  s.summary        = package['description']
  s.license        = package['license']
  s.author         = 'speech-emotion contributors'
  s.homepage       = 'https://github.com/speech-emotion/speech-emotion'
  s.platforms      = { :ios => '15.1' }
  s.swift_version  = '5.9'
  s.source         = { :git => '' }
  s.static_framework = true

  s.dependency 'ExpoModulesCore'

  # Built by scripts/build-ios.sh: the Rust static library for device + simulators,
  # with the generated C header and module map, as an XCFramework.
  s.vendored_frameworks = 'SpeechEmotionCoreFFI.xcframework'
  # The module, and the UniFFI-generated Swift that wraps the C API.
  s.source_files = '*.swift', 'generated/*.swift'
  s.frameworks = 'AVFoundation', 'AudioToolbox', 'CoreAudio'
end
