# Evaluates ios/SpeechEmotion.podspec as CocoaPods would (with a stand-in Pod::Spec that
# records attributes; CocoaPods itself needs macOS) in the three layouts it handles:
#   published: the XCFramework is vendored, no script phase;
#   git checkout: a cargo script phase (shell syntax checked with bash -n), the link
#     settings for the app, the generated Swift and module map laid into ios/generated;
#   neither: `pod install` stops with a message that names the fix.
#   ruby scripts/expo/check-podspec.rb
require 'fileutils'
require 'json'
require 'open3'
require 'tmpdir'

module Pod
  class Spec
    attr_reader :attrs
    def initialize
      @attrs = {}
      yield self
    end

    def dependency(*args) = (@attrs[:dependencies] ||= []) << args
    def method_missing(name, *args)
      raise NoMethodError, "Pod::Spec has no #{name}" unless name.end_with?('=')
      @attrs[name.to_s.chomp('=').to_sym] = args.first
    end

    def respond_to_missing?(*) = true
  end
end

REPO = File.expand_path('../..', __dir__)
$failures = 0
def check(what, ok)
  puts "#{ok ? 'ok  ' : 'FAIL'} podspec #{what}"
  $failures += 1 unless ok
end

def layout(dir, files)
  FileUtils.mkdir_p(File.join(dir, 'ios'))
  FileUtils.cp(File.join(REPO, 'package.json'), dir)
  FileUtils.cp(File.join(REPO, 'ios', 'SpeechEmotion.podspec'), File.join(dir, 'ios'))
  files.each do |rel, from|
    FileUtils.mkdir_p(File.dirname(File.join(dir, rel)))
    from ? FileUtils.cp(File.join(REPO, from), File.join(dir, rel)) : File.write(File.join(dir, rel), "stand-in\n")
  end
  path = File.join(dir, 'ios', 'SpeechEmotion.podspec')
  eval(File.read(path), TOPLEVEL_BINDING.dup, path) # rubocop:disable Security/Eval
end

Dir.mktmpdir do |tmp|
  published = layout(File.join(tmp, 'published'), 'ios/SpeechEmotionCoreFFI.xcframework/Info.plist' => nil).attrs
  check('name SpeechEmotion, version from package.json', published[:name] == 'SpeechEmotion' &&
        published[:version] == JSON.parse(File.read(File.join(REPO, 'package.json')))['version'])
  check('iOS 16.4 (ExpoModulesCore 58)', published[:platforms] == { ios: '16.4' })
  check('depends on ExpoModulesCore', published[:dependencies] == [['ExpoModulesCore']])
  check('published: vendors the XCFramework', published[:vendored_frameworks] == 'SpeechEmotionCoreFFI.xcframework')
  check('published: no script phase', published[:script_phase].nil?)
  check('compiles the module and the generated Swift', published[:source_files] == ['*.swift', 'generated/*.swift'])

  dir = File.join(tmp, 'checkout')
  checkout = layout(dir, 'Cargo.toml' => nil,
                         'bindings/swift/generated/SpeechEmotionCore.swift' => 'bindings/swift/generated/SpeechEmotionCore.swift',
                         'bindings/swift/generated/SpeechEmotionCoreFFI.h' => 'bindings/swift/generated/SpeechEmotionCoreFFI.h').attrs
  phase = checkout[:script_phase] || {}
  check('checkout: no vendored XCFramework', checkout[:vendored_frameworks].nil?)
  check('checkout: a cargo script phase before compile', phase[:execution_position] == :before_compile &&
        phase[:script].to_s.include?('cargo build --lib --profile mobile --target'))
  _, err, status = Open3.capture3('bash', '-n', stdin_data: phase[:script].to_s)
  check("checkout: the script phase is valid bash #{err}", status.success?)
  check('checkout: the script names the missing toolchain', phase[:script].to_s.include?('needs Rust: install rustup'))
  check('checkout: the app links libspeech_emotion', checkout.dig(:user_target_xcconfig, 'OTHER_LDFLAGS').to_s.include?('-lspeech_emotion'))
  check('checkout: the generated Swift is laid into ios/generated',
        File.read(File.join(dir, 'ios/generated/SpeechEmotionCore.swift')) ==
          File.read(File.join(REPO, 'bindings/swift/generated/SpeechEmotionCore.swift')))
  check('checkout: a module map for import SpeechEmotionCoreFFI',
        File.read(File.join(dir, 'ios/generated/include/module.modulemap')).include?('module SpeechEmotionCoreFFI') &&
          checkout.dig(:pod_target_xcconfig, 'SWIFT_INCLUDE_PATHS').to_s.include?('generated/include') &&
          checkout.dig(:user_target_xcconfig, 'SWIFT_INCLUDE_PATHS').to_s.include?('generated/include'))

  begin
    layout(File.join(tmp, 'neither'), {})
    check('neither: refused', false)
  rescue RuntimeError => e
    check('neither: refused with a message naming the fix', e.message.include?('packed without its native libraries'))
  end
end
exit($failures.zero? ? 0 : 1)
