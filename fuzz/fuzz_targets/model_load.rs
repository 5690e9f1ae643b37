//! Model loading from untrusted bytes: arbitrary ONNX with valid metadata (checksum
//! removed so the bytes reach the parser), or the real ONNX with arbitrary metadata.
//! Loading must fail with an error, never panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use speech_emotion::model::{Model, EMBEDDED_METADATA_JSON, EMBEDDED_ONNX};
use std::sync::OnceLock;

fn metadata_without_checksum() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut value: serde_json::Value = serde_json::from_str(EMBEDDED_METADATA_JSON).unwrap();
        value.as_object_mut().unwrap().remove("onnx_sha256");
        value.to_string()
    })
}

/// Panics inside tract are caught by `Model::from_bytes`; libFuzzer's hook would abort
/// on them before the catch, so a silent hook replaces it. A panic that escapes
/// `from_bytes` still reaches libfuzzer-sys, which aborts and saves the input.
fn quiet_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

fuzz_target!(|data: &[u8]| {
    quiet_panic_hook();
    match data.split_first() {
        Some((0, json)) => {
            let Ok(json) = std::str::from_utf8(json) else { return };
            let _ = Model::from_bytes(EMBEDDED_ONNX, json);
        }
        Some((_, onnx)) => {
            if let Ok(model) = Model::from_bytes(onnx, metadata_without_checksum()) {
                let window = model.metadata().features.n_mels * model.metadata().window_frames;
                let _ = model.probabilities(&vec![-5.0; window]);
            }
        }
        None => {}
    }
});
