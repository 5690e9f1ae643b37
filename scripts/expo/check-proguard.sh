#!/usr/bin/env bash
# The consumer ProGuard rules (android/proguard-rules.pro) applied, as R8 applies them in
# an app's release build, to a JVM jar of the generated Kotlin binding, JNA, the Kotlin
# runtime (as a library), the module's error-code mapping (android/.../ErrorCodes.kt) and two tests: the
# binding test (bindings/kotlin/test/BindingsTest.kt: files, PCM, streams, callbacks,
# errors, log sink) and ErrorCodeCheck (codes survive renaming). The shrunk, optimised,
# obfuscated jar must still pass both against the host-built library.
# Needs Debian's proguard-cli (6.2.2; it reads class files up to Java 13, so the JDK's own
# classes are given to it with the class-file version lowered: they are only a library),
# kotlinc, a JDK 17 and libjna-java; and target/debug/libspeech_emotion.so (cargo build).
set -euo pipefail
cd "$(dirname "$0")/../.."
kotlinc="${KOTLINC:-.ci/tools/node_modules/kotlin-compiler/bin/kotlinc}"
klib="$(cd "$(dirname "$kotlinc")/../lib" && pwd)"
jna="${JNA_JAR:-/usr/share/java/jna.jar}"
out="$PWD/target/expo-check/proguard"
rm -rf "$out" && mkdir -p "$out"
# The host library the committed binding matches (scripts/test.sh has built it by now).
libdir="${SPEECH_EMOTION_LIB_DIR:-target/debug}"
[ -f "$libdir/libspeech_emotion.so" ] || cargo build --lib --quiet

# shellcheck disable=SC2046
"$kotlinc" -nowarn -d "$out/in.jar" -cp "$jna" \
    bindings/kotlin/generated/expo/modules/speechemotion/core/speech_emotion.kt \
    android/src/main/java/expo/modules/speechemotion/ErrorCodes.kt \
    bindings/kotlin/test/BindingsTest.kt scripts/expo/proguard/ErrorCodeCheck.kt 2>&1

java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
python3 - "$java_home/jmods/java.base.jmod" "$out/jdk-lib.jar" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w") as dst:
    for info in src.infolist():
        name = info.filename
        if name.startswith("classes/java/") and name.endswith(".class"):
            data = bytearray(src.read(info))
            data[6:8] = (52).to_bytes(2, "big")  # library only: ProGuard 6 stops at Java 13
            dst.writestr(name[len("classes/"):], bytes(data))
PY

cat > "$out/app.pro" <<PRO
-injars $out/in.jar(!META-INF/versions/**,!module-info.class)
-injars $jna(!META-INF/versions/**,!module-info.class)
-outjars $out/min.jar
-libraryjars $out/jdk-lib.jar
-libraryjars $klib/kotlin-stdlib.jar(!META-INF/versions/**,!module-info.class)
-include $PWD/android/proguard-rules.pro
-keep class BindingsTestKt { public static void main(java.lang.String[]); }
-keep class ErrorCodeCheck { public static void main(java.lang.String[]); }
-dontwarn **
-dontnote **
-printmapping $out/mapping.txt
PRO
# A deep class hierarchy (the Kotlin runtime) needs a bigger stack than the default.
java -Xss64m -jar /usr/share/java/proguard.jar "@$out/app.pro" > "$out/proguard.log" 2>&1 || { cat "$out/proguard.log"; exit 1; }
renamed=$(grep -E '^[^ ].* -> .*:$' "$out/mapping.txt" | awk '$1 ":" != $3' | wc -l)
echo "proguard: $(du -k "$out/in.jar" | cut -f1) KB + JNA -> $(du -k "$out/min.jar" | cut -f1) KB, $renamed classes renamed"

run() { RUST_BACKTRACE=0 java "-Djna.library.path=$libdir" -cp "$out/min.jar:$klib/kotlin-stdlib.jar" "$@"; }
run ErrorCodeCheck "$PWD"
run BindingsTestKt "$PWD" > "$out/bindings-test.log" 2>&1 || true
tail -1 "$out/bindings-test.log"
grep -q "ALL KOTLIN CHECKS PASSED" "$out/bindings-test.log" || { cat "$out/bindings-test.log"; exit 1; }
