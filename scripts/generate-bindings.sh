#!/usr/bin/env bash
# Generates the Kotlin, Swift and Python bindings from the built library with the
# project's own uniffi-bindgen (same UniFFI version as the crate). Names (Kotlin
# package, Swift module) come from uniffi.toml at the crate root.
#
#   scripts/generate-bindings.sh [OUT_DIR]      # default: bindings/
#
# The generated files are committed; tests/it/bindings.rs fails when they are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-bindings}"
cargo build --lib --quiet
cargo build -p uniffi-bindgen --quiet
case "$(uname)" in Darwin) lib=target/debug/libspeech_emotion.dylib ;; *) lib=target/debug/libspeech_emotion.so ;; esac
for language in kotlin swift python; do
    rm -rf "$out/$language/generated"
    target/debug/uniffi-bindgen generate --library "$lib" --language "$language" \
        --out-dir "$out/$language/generated" --no-format
done
