#!/usr/bin/env bash
# A throwaway Expo SDK 58 app (the bare template that ships inside the expo package) with
# this package installed from its npm tarball, then `expo prebuild --no-install` for
# Android and iOS; the generated native projects are checked:
#   Android: RECORD_AUDIO in the manifest, android.minSdkVersion=26 in gradle.properties
#            (the minSdk decision), the module autolinked (expo-modules-autolinking resolve);
#   iOS:     NSMicrophoneUsageDescription in Info.plist, the pod and SpeechEmotionModule
#            autolinked (resolve + the generated ExpoModulesProvider.swift), the app's
#            deployment target >= the podspec's;
#   and once more with the package linked from a folder outside any node_modules tree
#   (what `npm install /path/to/checkout` does): the config plugin must still load.
#   scripts/expo/check-app.sh TARBALL
# The app lives in .ci/tools/expo-app (git-ignored) and keeps its node_modules between
# runs. Expo's CLI wants Node >= 22.13: .ci/run installs node@22 into .ci/tools.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
tarball="$(readlink -f "$1")"
node22="$repo/.ci/tools/node_modules/node/bin"
[ -x "$node22/node" ] && export PATH="$node22:$PATH"
node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 22 || (a === 22 && b < 13)) { console.error(`check-app: Expo SDK 58 needs Node >= 22.13, found ${process.version}`); process.exit(1); }'
export CI=1 EXPO_NO_TELEMETRY=1 EXPO_NO_GIT_STATUS=1 npm_config_update_notifier=false
app="$repo/.ci/tools/expo-app"
mkdir -p "$app"
cd "$app"
# A file name per content: npm does not re-extract a changed tarball at the same path.
rm -f expo-speech-emotion-*.tgz
package="expo-speech-emotion-$(sha256sum "$tarball" | cut -c1-12).tgz"
cp "$tarball" "$package"

# The versions the expo 58 bare template pins (expo/template.tgz).
cat > package.json <<JSON
{
  "name": "speech-emotion-check",
  "version": "1.0.0",
  "private": true,
  "main": "index.js",
  "dependencies": {
    "expo": "58.0.26",
    "react": "19.3.0",
    "react-native": "0.88.1",
    "expo-speech-emotion": "file:$package"
  }
}
JSON
cat > app.json <<'JSON'
{
  "expo": {
    "name": "speech-emotion-check",
    "slug": "speech-emotion-check",
    "android": { "package": "com.example.speechemotioncheck" },
    "ios": { "bundleIdentifier": "com.example.speechemotioncheck" },
    "plugins": [["expo-speech-emotion", { "microphonePermission": "Checks emotion in speech, on this device." }]]
  }
}
JSON
echo "require('expo-speech-emotion');" > index.js
start=$SECONDS
npm install --prefer-offline --no-audit --no-fund --ignore-scripts --legacy-peer-deps --loglevel=error >/dev/null
echo "check-app: npm install $((SECONDS - start)) s"

failures=0
want() { # want FILE REGEX WHAT
    if grep -Eq "$2" "$1"; then echo "ok   $3"; else echo "FAIL $3 ($1 has no /$2/)"; failures=$((failures + 1)); fi
}
prebuild() {
    rm -rf android ios
    for platform in android ios; do
        npx expo prebuild --no-install --platform "$platform" > "prebuild-$platform.log" 2>&1 || { cat "prebuild-$platform.log"; exit 1; }
    done
}
check_projects() { # $1: label
    want android/app/src/main/AndroidManifest.xml 'android\.permission\.RECORD_AUDIO' "$1 android: RECORD_AUDIO"
    want android/gradle.properties '^android\.minSdkVersion=26$' "$1 android: minSdk raised to 26 (gradle.properties)"
    want ios/speechemotioncheck/Info.plist 'Checks emotion in speech, on this device\.' "$1 ios: NSMicrophoneUsageDescription"
}

start=$SECONDS
prebuild
check_projects tarball
# Autolinking, as Gradle and CocoaPods will ask for it.
npx expo-modules-autolinking resolve --platform android --json > resolve-android.json
npx expo-modules-autolinking resolve --platform apple --json > resolve-apple.json
npx expo-modules-autolinking generate-modules-provider --platform apple --target-platform ios \
    --packages expo-speech-emotion --target ExpoModulesProvider.swift > /dev/null
node - <<'JS' || failures=$((failures + 1))
const fs = require('fs');
const android = JSON.parse(fs.readFileSync('resolve-android.json', 'utf8')).modules.find((m) => m.packageName === 'expo-speech-emotion');
const apple = JSON.parse(fs.readFileSync('resolve-apple.json', 'utf8')).modules.find((m) => m.packageName === 'expo-speech-emotion');
const provider = fs.readFileSync('ExpoModulesProvider.swift', 'utf8');
const checks = [
  ['android: autolinked expo.modules.speechemotion.SpeechEmotionModule',
    android && android.projects.some((p) => p.sourceDir.endsWith('expo-speech-emotion/android') && p.modules.some((m) => m.classifier === 'expo.modules.speechemotion.SpeechEmotionModule'))],
  ['ios: autolinked pod SpeechEmotion (ios/SpeechEmotion.podspec)',
    apple && apple.pods.some((p) => p.podName === 'SpeechEmotion' && p.podspecDir.endsWith('expo-speech-emotion/ios'))],
  ['ios: SpeechEmotionModule in the generated ExpoModulesProvider.swift',
    /import SpeechEmotion\b/.test(provider) && /SpeechEmotionModule\.self/.test(provider)],
];
let bad = 0;
for (const [what, ok] of checks) { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) bad++; }
if (bad) { console.log(JSON.stringify({ android, apple }, null, 1)); process.exit(1); }
JS
# Deployment targets: ExpoModulesCore's <= the podspec's <= the app's (Podfile default or
# Podfile.properties.json). A pod below ExpoModulesCore's cannot build against it.
ios_target() { sed -n "s/.*:ios *=> *'\([0-9.]*\)'.*/\1/p" "$1" | head -1; }
core_ios=$(ios_target node_modules/expo-modules-core/ExpoModulesCore.podspec)
podspec_ios=$(ios_target node_modules/expo-speech-emotion/ios/SpeechEmotion.podspec)
app_ios=$(node -p "require('./ios/Podfile.properties.json')['ios.deploymentTarget'] || '$(sed -n "s/^platform :ios, .* || '\([0-9.]*\)'/\1/p" ios/Podfile)'")
if node -e '
const v = (s) => s.split(".").map(Number).concat([0, 0]);
const le = (x, y) => { const [a, b] = [v(x), v(y)]; return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]); };
const [core, pod, app] = process.argv.slice(1);
process.exit(core && pod && app && le(core, pod) && le(pod, app) ? 0 : 1);' "$core_ios" "$podspec_ios" "$app_ios"; then
    echo "ok   ios: deployment targets ExpoModulesCore $core_ios <= SpeechEmotion $podspec_ios <= app $app_ios"
else
    echo "FAIL ios: deployment targets ExpoModulesCore $core_ios, SpeechEmotion $podspec_ios, app $app_ios"; failures=$((failures + 1))
fi
echo "check-app: prebuild + checks $((SECONDS - start)) s"

# `npm install /path/to/checkout`: a symlink to a folder with no node_modules above it.
linked="$(mktemp -d)"
trap 'rm -rf "$linked"' EXIT
tar -xzf "$tarball" -C "$linked"
rm -rf node_modules/expo-speech-emotion
ln -s "$linked/package" node_modules/expo-speech-emotion
prebuild
check_projects symlinked
for platform in android apple; do
    if npx expo-modules-autolinking resolve --platform "$platform" --json | node -e '
        const m = JSON.parse(require("fs").readFileSync(0, "utf8")).modules;
        process.exit(m.some((x) => x.packageName === "expo-speech-emotion") ? 0 : 1)'; then
        echo "ok   symlinked $platform: autolinked"
    else
        echo "FAIL symlinked $platform: not autolinked"; failures=$((failures + 1))
    fi
done
rm -rf node_modules/expo-speech-emotion "$linked"

[ "$failures" -eq 0 ] || { echo "check-app: $failures failed"; exit 1; }
echo "check-app: the package prebuilds in an Expo SDK 58 app on both platforms"
