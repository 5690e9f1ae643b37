#!/usr/bin/env bash
# vendor/tract-{core,linalg,nnef,onnx} = the crates.io release + vendor/patches, rebuilt.
#
#   scripts/vendor-tract.sh          # rewrite vendor/tract-* from the published crates and the patches
#   scripts/vendor-tract.sh --check  # rebuild into a temporary folder and diff against vendor/
#
# Each .crate is downloaded from crates.io (or taken from target/vendor-tract/, where
# downloads are kept), checked against vendor/patches/tract-<version>.sha256 (the
# `cksum` of the crates.io index; Cargo.lock has no checksum for them because
# [patch.crates-io] replaces them with these paths), unpacked, trimmed of the files
# listed in vendor/patches/<crate>/removed.txt, and patched with
# vendor/patches/<crate>/*.patch in order (git apply). vendor/README.md lists the patches.
# Offline, --check skips with a message (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=0.23.9
CRATES=(tract-core tract-linalg tract-nnef tract-onnx)
CACHE=target/vendor-tract
check=false
[ "${1:-}" = --check ] && check=true

skip() { echo "SKIPPED: vendored tract check: $*"; exit 0; }

mkdir -p "$CACHE"
for crate in "${CRATES[@]}"; do
    file="$CACHE/$crate-$VERSION.crate"
    [ -s "$file" ] && continue
    url="https://static.crates.io/crates/$crate/$crate-$VERSION.crate"
    if ! command -v curl >/dev/null || ! curl -sSfL --retry 2 -o "$file.part" "$url"; then
        rm -f "$file.part"
        msg="cannot download $url (offline?)"
        if $check; then skip "$msg"; fi
        echo "vendor-tract: $msg" >&2
        exit 1
    fi
    mv "$file.part" "$file"
done
(cd "$CACHE" && sha256sum --quiet -c "$OLDPWD/vendor/patches/tract-$VERSION.sha256") || {
    echo "vendor-tract: a downloaded .crate does not match vendor/patches/tract-$VERSION.sha256" >&2
    exit 1
}

work=$(mktemp -d)  # outside the repository, so that git apply patches plain files
trap 'rm -rf "$work"' EXIT
for crate in "${CRATES[@]}"; do
    tar -xzf "$CACHE/$crate-$VERSION.crate" -C "$work"
    dir="$work/$crate-$VERSION"
    while read -r path; do
        [ -n "$path" ] && rm -rf "${dir:?}/$path"
    done < "vendor/patches/$crate/removed.txt"
    for patch in vendor/patches/"$crate"/*.patch; do
        (cd "$dir" && git apply --whitespace=nowarn "$OLDPWD/$patch") || {
            echo "vendor-tract: $patch does not apply" >&2
            exit 1
        }
    done
done

if $check; then
    status=0
    for crate in "${CRATES[@]}"; do
        diff -r "$work/$crate-$VERSION" "vendor/$crate" >"$work/$crate.diff" || {
            echo "vendor/$crate differs from $crate $VERSION + vendor/patches/$crate:" >&2
            head -50 "$work/$crate.diff" >&2
            status=1
        }
    done
    [ $status = 0 ] && echo "vendor-tract: vendor/tract-* = crates.io $VERSION + vendor/patches"
    exit $status
fi
for crate in "${CRATES[@]}"; do
    rm -rf "vendor/$crate"
    cp -R "$work/$crate-$VERSION" "vendor/$crate"
done
echo "vendor-tract: rewrote vendor/{$(IFS=,; echo "${CRATES[*]}")} from crates.io $VERSION + vendor/patches"
