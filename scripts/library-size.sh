#!/usr/bin/env bash
# Prints the size of the library an app ships: the stripped `mobile`-profile cdylib for this
# machine (x86_64 here; the Android .so per ABI and the iOS static library are built
# with the same [profile.mobile]), linked as scripts/build-android.sh links it: identical
# code folding and packed relative relocations (lld). Target: ≤ 6 MB.
#
#   scripts/library-size.sh            # as shipped to apps: features "microphone" only
#   scripts/library-size.sh --no-mic   # the library without cpal, for apps that push PCM
#   scripts/library-size.sh --fast     # [profile.mobile-fast]: opt-level "s", larger, less CPU
#   scripts/library-size.sh --features microphone,mp3
#                                      # only these features (no defaults): e.g. to price
#                                      # one audio format (docs/formats.md)
set -euo pipefail
cd "$(dirname "$0")/.."
# What scripts/build-android.sh and build-ios.sh ship by default: the microphone and the
# core formats (AAC/M4A/3GP, ADTS, WAV, AIFF, FLAC); the phone decodes the rest.
features=(--no-default-features --features microphone)
profile=mobile
label="the mobile set (features: microphone)"
while [ $# -gt 0 ]; do
    case "$1" in
        --no-mic) features=(--no-default-features); label="no microphone (push PCM and files only)" ;;
        --fast) profile=mobile-fast ;;
        --features) features=(--no-default-features --features "$2"); label="features $2"; shift ;;
        *) echo "usage: $0 [--no-mic] [--fast] [--features LIST]" >&2; exit 2 ;;
    esac
    shift
done
target_dir="${CARGO_TARGET_DIR:-target}"
# `cargo rustc` gives the link flags to this crate's link only (dependencies are not
# rebuilt). Android gets the same through scripts/build-android.sh (there the relocation
# packing is Android's own format, `--pack-dyn-relocs=android`, for API < 28).
cargo rustc --profile "$profile" --lib --crate-type cdylib --locked --target-dir "$target_dir" \
    "${features[@]}" -- -C link-arg=-Wl,--icf=safe -C link-arg=-Wl,-z,pack-relative-relocs >&2
lib="$target_dir/$profile/libspeech_emotion.so"
stripped="$(mktemp)"
trap 'rm -f "$stripped"' EXIT
strip --strip-all -o "$stripped" "$lib"
bytes=$(stat -c %s "$stripped")
model=$(stat -c %s models/emotion.onnx)
printf 'libspeech_emotion.so, profile %s, %s, stripped: %s bytes (%.2f MB), of which the embedded model %s bytes\n' \
    "$profile" "$label" "$bytes" "$(echo "$bytes / 1000000" | bc -l)" "$model"
limit=6000000
if [ "$bytes" -le "$limit" ]; then echo "within the 6 MB target"; else echo "OVER the 6 MB target"; exit 1; fi
