#!/usr/bin/env bash
# The core on the phones' architectures (docs/cross-arch.md).
#
# 1. aarch64 and armv7 Linux: cross-builds the model / feature / decoder tests and runs
#    them under qemu-user. tests/it/cross_arch.rs compares labels, scores, log-mel features
#    and decoded PCM of every audio fixture with the committed x86-64 reference
#    (tests/fixtures/cross_arch/x86_64.json) within the tolerances it states.
#    qemu-user shows programs the host's /proc/cpuinfo, so tract picks its kernels from
#    the emulated CPU's HWCAP bits (aarch64) or from TRACT_CPU_ARM32_NEON (armv7):
#    - aarch64, -cpu cortex-a76: NEON + SDOT int8 kernels (most phones since ~2018);
#      every test.
#    - aarch64, -cpu cortex-a53 (NEON SMLAL, no SDOT: older phones) and -cpu max with
#      128-bit SVE2 and no SME (Armv9 phones): the int8 convolution test and the kernel
#      check only; the full comparison under them measured the same as cortex-a76.
#    - armv7 (armeabi-v7a), NEON forced on: every test.
# 2. Android (arm64-v8a, armeabi-v7a) and iOS (arm64): `cargo check --lib` with the
#    microphone and every format, so cpal's AAudio and CoreAudio backends type-check too.
#    tract-linalg's build script assembles its ARM kernels, so this needs a C compiler
#    for those targets: Debian's clang (nothing is linked: no NDK, no Xcode SDK).
#
# Needs: rustup targets (below), gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf
# libc6-dev-arm64-cross libc6-dev-armhf-cross qemu-user clang python3 (Debian;
# `.ci/run` installs them all). Where any is missing this skips with a message, unless
# SPEECH_EMOTION_CROSS_REQUIRED=1 (set by `.ci/run`), where it fails.
#
# Builds go to target/cross (CARGO_TARGET_DIR; shared by the five targets, apart from
# target/ so that a native build does not wait on this one's lock, and vice versa).
set -euo pipefail
cd "$(dirname "$0")/.."

linux_targets=(aarch64-unknown-linux-gnu armv7-unknown-linux-gnueabihf)
mobile_targets=(aarch64-linux-android armv7-linux-androideabi aarch64-apple-ios)
# Modules of the integration-test program (tests/it) run under qemu: the cross-arch
# comparison, the librosa feature reference, the decoders and resampler, and tract's
# quantised convolution against onnxruntime on edge-case shapes.
qemu_tests=(cross_arch features_reference audio_input qconv_reference)

missing=()
installed_targets=$(rustup target list --installed 2>/dev/null || true)
for t in "${linux_targets[@]}" "${mobile_targets[@]}"; do
    grep -qx "$t" <<<"$installed_targets" || missing+=("rust-std for $t")
done
for tool in aarch64-linux-gnu-gcc arm-linux-gnueabihf-gcc qemu-aarch64 qemu-arm clang \
    llvm-ar python3; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
for libc in /usr/aarch64-linux-gnu/lib/libc.so.6 /usr/arm-linux-gnueabihf/lib/libc.so.6; do
    [ -e "$libc" ] || missing+=("$libc")
done
if [ ${#missing[@]} -gt 0 ]; then
    msg="cross-arch checks did not run: missing ${missing[*]}. .ci/run installs them \
(apt-get install gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf libc6-dev-arm64-cross \
libc6-dev-armhf-cross qemu-user clang; rustup target add ${linux_targets[*]} \
${mobile_targets[*]})"
    if [ "${SPEECH_EMOTION_CROSS_REQUIRED:-0}" = 1 ]; then
        echo "FAILED: $msg" >&2
        exit 1
    fi
    echo "SKIPPED: $msg"
    exit 0
fi

export CARGO_TARGET_DIR="${CROSS_TARGET_DIR:-$PWD/target/cross}"
# No debug info for our own code either (dependencies have none): faster links.
export CARGO_PROFILE_DEV_DEBUG=false

# Linux: the GNU cross toolchains compile tract's assembly and link.
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_armv7_unknown_linux_gnueabihf=arm-linux-gnueabihf-gcc
export AR_armv7_unknown_linux_gnueabihf=arm-linux-gnueabihf-ar
export CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER=arm-linux-gnueabihf-gcc
# Android and iOS: clang assembles tract's kernels. SDKROOT keeps the cc crate from
# asking xcrun for an iOS SDK (the assembly includes no headers)
for t in "${mobile_targets[@]}"; do
    export "CC_${t//-/_}=clang" "AR_${t//-/_}=llvm-ar"
done
export CFLAGS_aarch64_linux_android="--target=aarch64-linux-android24"
export CFLAGS_armv7_linux_androideabi="--target=armv7a-linux-androideabi24"
# (cc ignores an SDKROOT that does not exist, so an empty folder.)
mkdir -p "$CARGO_TARGET_DIR/no-ios-sdk"
export SDKROOT="${SDKROOT:-$CARGO_TARGET_DIR/no-ios-sdk}"
export IPHONEOS_DEPLOYMENT_TARGET="${IPHONEOS_DEPLOYMENT_TARGET:-16.4}"

# Linux on ARM builds the default features but `microphone` (cpal would need the
# target's ALSA; the phones' audio backends are what the mobile check covers) and `cli`
# (the command line is not what runs on a phone, and clap is a minute of compiling).
features=$(cargo metadata --no-deps --format-version 1 --locked | python3 -c '
import json, sys
pkg = next(p for p in json.load(sys.stdin)["packages"] if p["name"] == "speech-emotion")
print(",".join(f for f in pkg["features"].get("default", []) if f not in ("microphone", "cli")))')

start=$SECONDS
args=(--locked --no-default-features --features "$features")
for t in "${linux_targets[@]}"; do args+=(--target "$t"); done
args+=(--test it)
echo "+ cargo test --no-run ${args[*]}"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
# The test executables, one "target name path" line each.
cargo test --no-run "${args[@]}" --message-format json-render-diagnostics | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        parts = m["executable"].split("/")  # <target dir>/<triple>/debug/deps/<exe>
        print(parts[parts.index("deps") - 2], m["target"]["name"], m["executable"])
' >"$log/tests"
built=$((SECONDS - start))

# Runs the test program of one triple under one qemu command line, only the test
# modules named; output to $log/<run>.out, exit status to $log/<run>.rc.
run_group() { # name triple "module module..." qemu...
    local name=$1 triple=$2 modules=$3
    shift 3
    (
        rc=1
        while read -r t test exe; do
            [ "$t" = "$triple" ] || continue
            filters=()
            for m in $modules; do filters+=("$m::"); done
            echo "=== $name: ${filters[*]} ($*)"
            "$@" "$exe" --nocapture "${filters[@]}" && rc=0
        done <"$log/tests"
        # A filter that matches nothing would pass: each run must have run something.
        grep -q '^test result: ok\. [1-9]' "$log/$name.out" || rc=1
        echo $rc >"$log/$name.rc"
    ) >"$log/$name.out" 2>&1
}
a64=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
# Under the other aarch64 CPUs: a WAV at the model's rate and a resampled stereo one.
few_fixtures=speech_16k_mono.wav,speech_stereo_44k.wav
arm=(env TRACT_CPU_ARM32_NEON=true qemu-arm -L /usr/arm-linux-gnueabihf)
start=$SECONDS
# Two runs at a time (CI has two cores): armv7 is the slowest, so it runs beside the
# aarch64 ones.
run_group armv7 armv7-unknown-linux-gnueabihf "${qemu_tests[*]}" "${arm[@]}" &
armv7_pid=$!
run_group aarch64-a76 aarch64-unknown-linux-gnu "${qemu_tests[*]}" "${a64[@]}" -cpu cortex-a76
# (Through env: qemu's -E splits its value at commas.)
run_group aarch64-a53 aarch64-unknown-linux-gnu "cross_arch qconv_reference" \
    env SPEECH_EMOTION_CROSS_ARCH_ONLY="$few_fixtures" "${a64[@]}" -cpu cortex-a53
run_group aarch64-sve2 aarch64-unknown-linux-gnu "cross_arch qconv_reference" \
    env SPEECH_EMOTION_CROSS_ARCH_ONLY="$few_fixtures" \
    "${a64[@]}" -cpu max,sve-default-vector-length=16,sme=off
wait "$armv7_pid"
ran=$((SECONDS - start))

failed=()
for name in aarch64-a76 aarch64-a53 aarch64-sve2 armv7; do
    cat "$log/$name.out"
    [ "$(cat "$log/$name.rc" 2>/dev/null)" = 0 ] || failed+=("$name")
done
expected=${#linux_targets[@]}
if [ "$(wc -l <"$log/tests")" -ne "$expected" ]; then
    echo "cross-check: expected $expected test executables, cargo reported:" >&2
    cat "$log/tests" >&2
    exit 1
fi
echo "cross-check: aarch64 + armv7 Linux: built in ${built} s, ran under qemu in ${ran} s"
if [ ${#failed[@]} -gt 0 ]; then
    echo "FAILED: cross-arch tests under qemu: ${failed[*]} (output above)" >&2
    exit 1
fi

start=$SECONDS
# What an app can build: the microphone and every format (not the desktop command line).
args=(--locked --lib --no-default-features --features "microphone,$features")
for t in "${mobile_targets[@]}"; do args+=(--target "$t"); done
echo "+ cargo check ${args[*]}"
cargo check "${args[@]}"
echo "cross-check: cargo check --lib for ${mobile_targets[*]}: $((SECONDS - start)) s"
