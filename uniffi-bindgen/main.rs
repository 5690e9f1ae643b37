//! `cargo run -p uniffi-bindgen -- generate --library <lib> --language kotlin --out-dir ...`
//! Kept out of the library's build: the bindgen CLI adds ~35 % to compile time.
fn main() {
    uniffi::uniffi_bindgen_main()
}
