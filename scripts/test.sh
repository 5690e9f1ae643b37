#!/usr/bin/env bash
# Every test in the repository: Rust (format, lint, unit/integration tests, including
# the generated Kotlin and Python bindings), the core on ARM under qemu, then the Expo
# module (TypeScript type-check, jest, the package in a throwaway Expo app).
# `.ci/run` installs what a fresh machine lacks and calls this. docs/testing.md has the
# list; each step prints how long it took.
set -euo pipefail
cd "$(dirname "$0")/.."

total=$SECONDS
step() { # step COMMAND...: runs it, then says how long it took
    local start=$SECONDS
    echo "+ $*"
    "$@"
    echo "test.sh: $* — $((SECONDS - start)) s"
}

step cargo fmt --check
step scripts/vendor-tract.sh --check # vendor/tract-* = crates.io + vendor/patches (skips offline)
step cargo clippy --all-targets --locked -- -D warnings
step cargo test --locked
step scripts/cross-check.sh # aarch64/armv7 under qemu vs the x86 reference; Android/iOS cargo check
if command -v npm >/dev/null; then
    [ -d node_modules ] || step npm ci --no-audit --no-fund
    step npm run --silent typecheck
    step npm test --silent
    # The committed build/ must be what the sources compile to.
    step npm run --silent build
    git diff --exit-code -- bindings/expo/build || { echo "bindings/expo/build is stale: run npm run build"; exit 1; }
    step scripts/expo/check.sh # the Expo package in a throwaway SDK 58 app, kotlinc, ProGuard, podspec, actionlint
else
    echo "SKIPPED: npm not found, the TypeScript tests did not run"
fi
echo "test.sh: all passed in $((SECONDS - total)) s"
