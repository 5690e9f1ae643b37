#!/usr/bin/env bash
# Compiles the Expo module's Android Kotlin (android/src/main/java) with kotlinc, warnings
# as errors, together with the UniFFI-generated binding (bindings/kotlin/generated) and
# against the Expo Modules Kotlin API of the installed expo-modules-core (58.x, through
# the `expo` devDependency). The full expo-modules-core sources need React Native,
# AndroidX and JSI, so the API the module calls is taken as stand-ins
# (scripts/expo/kotlin-stubs/expo) whose marked lines are first checked to appear in the
# real sources; Android framework classes are stand-ins too (kotlin-stubs/android).
# Needs kotlinc (npm kotlin-compiler, .ci/run installs it), a JDK and JNA (libjna-java).
set -euo pipefail
cd "$(dirname "$0")/../.."
kotlinc="${KOTLINC:-.ci/tools/node_modules/kotlin-compiler/bin/kotlinc}"
klib="$(dirname "$kotlinc")/../lib"
jna="${JNA_JAR:-/usr/share/java/jna.jar}"
emc="$(node -p "require('path').dirname(require.resolve('expo-modules-core/package.json', { paths: [require.resolve('expo/package.json')] }))")"
stubs=scripts/expo/kotlin-stubs
out=target/expo-check/kotlin
rm -rf "$out" && mkdir -p "$out"

# 1. Every `//=` line of the Expo stand-ins is in the real source it names.
node - "$emc" "$stubs/expo" <<'JS'
const fs = require('fs'), path = require('path');
const [emc, dir] = process.argv.slice(2);
const version = require(path.join(emc, 'package.json')).version;
if (!version.startsWith('58.')) throw new Error(`expo-modules-core ${version}: the stand-ins are for 58.x`);
const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
let checked = 0, bad = 0;
for (const file of walk(dir)) {
  const text = fs.readFileSync(file, 'utf8');
  const source = /\/\/ source: (\S+)/.exec(text)[1];
  const real = fs.readFileSync(path.join(emc, 'android/src/main/java', source), 'utf8').split('\n').map((l) => l.trim());
  for (const line of text.split('\n')) {
    if (!line.includes('//=')) continue;
    const want = line.replace('//=', '').trim();
    checked++;
    if (!real.some((l) => l.includes(want))) {
      bad++;
      console.error(`${path.relative(dir, file)}: not in expo-modules-core ${version} ${source}: ${want}`);
    }
  }
}
if (bad) process.exit(1);
console.log(`kotlin stand-ins: ${checked} signature lines found in expo-modules-core ${version}`);
JS

# 2. The stand-ins (Kotlin and Java, which refer to each other) and the generated binding
#    (its own warnings are UniFFI's, not checked here). One kotlinc run; javac for the
#    Java stand-ins.
binding=(bindings/kotlin/generated/expo/modules/speechemotion/core/speech_emotion.kt)
java_stubs=$(find "$stubs" -name '*.java')
# shellcheck disable=SC2086
"$kotlinc" -nowarn $(find "$stubs" -name '*.kt') $java_stubs "${binding[@]}" \
    -cp "$jna:$klib/kotlinx-coroutines-core-jvm.jar" -d "$out/deps" 2>&1
# shellcheck disable=SC2086
javac -nowarn -d "$out/deps" -cp "$out/deps:$klib/kotlin-stdlib.jar" $java_stubs

# 4. The module, warnings as errors.
"$kotlinc" -Werror -jvm-target 17 $(find android/src/main/java -name '*.kt') \
    -cp "$out/deps:$jna:$klib/kotlinx-coroutines-core-jvm.jar" -d "$out/module" 2>&1
echo "kotlin: android/src/main/java compiled with -Werror against expo-modules-core stand-ins + the generated binding"
