//! The fuzz crate (`fuzz/`, its own workspace) must fuzz the code the library ships:
//! `[patch]` only applies from a workspace root, so it repeats the library's patches of
//! the vendored tract crates. A crate patched in one and not the other means fuzzing
//! the crates.io version instead (this happened to tract-core).

use std::collections::BTreeMap;

/// `name = { path = "…" }` lines of a manifest's `[patch.crates-io]` section, as
/// name → path.
fn patches(manifest: &str) -> BTreeMap<String, String> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != "[patch.crates-io]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter_map(|line| {
            let (name, value) = line.split_once('=')?;
            let path = value.split('"').nth(1)?;
            Some((name.trim().to_string(), path.to_string()))
        })
        .collect()
}

#[test]
fn fuzz_crate_patches_the_same_vendored_crates() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |path: &str| std::fs::read_to_string(format!("{root}/{path}")).unwrap();
    let library = patches(&read("Cargo.toml"));
    let fuzz = patches(&read("fuzz/Cargo.toml"));
    assert!(
        library.contains_key("tract-core") && library.contains_key("tract-linalg"),
        "parsed no tract patches from Cargo.toml: {library:?}"
    );
    let expected: BTreeMap<_, _> = library
        .iter()
        .map(|(name, path)| (name.clone(), format!("../{path}")))
        .collect();
    assert_eq!(
        fuzz, expected,
        "fuzz/Cargo.toml [patch.crates-io] differs from Cargo.toml's"
    );
}
