#!/usr/bin/env bash
# Prints the size of the library an app ships: the stripped `mobile`-profile cdylib for this
# machine (x86_64 here; the Android .so per ABI and the iOS static library are built
# with the same [profile.mobile]). Target: ≤ 6 MB.
#
#   scripts/library-size.sh            # with the microphone (cpal) feature, as shipped
#   scripts/library-size.sh --no-mic   # the library without cpal, for apps that push PCM
set -euo pipefail
cd "$(dirname "$0")/.."
features=()
label="default features (microphone via cpal)"
if [ "${1:-}" = "--no-mic" ]; then
    features=(--no-default-features)
    label="no default features (push PCM only)"
fi
target_dir="${CARGO_TARGET_DIR:-target}"
cargo build --profile mobile --lib --locked --target-dir "$target_dir" "${features[@]}" >&2
lib="$target_dir/mobile/libspeech_emotion.so"
stripped="$(mktemp)"
trap 'rm -f "$stripped"' EXIT
strip --strip-all -o "$stripped" "$lib"
bytes=$(stat -c %s "$stripped")
model=$(stat -c %s models/emotion.onnx)
printf 'libspeech_emotion.so, %s, stripped: %s bytes (%.2f MB), of which the embedded model %s bytes\n' \
    "$label" "$bytes" "$(echo "$bytes / 1000000" | bc -l)" "$model"
limit=6000000
if [ "$bytes" -le "$limit" ]; then echo "within the 6 MB target"; else echo "OVER the 6 MB target"; exit 1; fi
