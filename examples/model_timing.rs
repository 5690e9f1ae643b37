//! Times ONNX models as this library runs them (tract, one thread, one window):
//! load (bytes → checked, optimised, runnable model) and one window's inference,
//! medians. Prints one JSON line per model. Used by `benches/compare/compare.py`.
//!
//! `cargo run --release --example model_timing -- model.onnx [more.onnx …]`
//!
//! Each model is loaded with the metadata of `models/emotion.json` (checksum
//! removed), so any model with the same input/output layout can be timed.
use std::time::Instant;

use speech_emotion::model::{Model, EMBEDDED_METADATA_JSON};

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut metadata: serde_json::Value = serde_json::from_str(EMBEDDED_METADATA_JSON)?;
    metadata.as_object_mut().unwrap().remove("onnx_sha256");
    let metadata = metadata.to_string();
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path)?;
        let mut loads = vec![];
        for _ in 0..11 {
            let start = Instant::now();
            Model::from_bytes(&bytes, &metadata)?;
            loads.push(start.elapsed().as_secs_f64() * 1e3);
        }
        let model = Model::from_bytes(&bytes, &metadata)?;
        let n = model.metadata().features.n_mels * model.metadata().window_frames;
        let window: Vec<f32> = (0..n)
            .map(|i| ((i * 7919) % 1000) as f32 / 100.0 - 15.0)
            .collect();
        for _ in 0..5 {
            model.logits(&window)?;
        }
        let mut runs = vec![];
        for _ in 0..101 {
            let start = Instant::now();
            model.logits(&window)?;
            runs.push(start.elapsed().as_secs_f64() * 1e6);
        }
        println!(
            "{{\"model\": {path:?}, \"load_ms\": {:.3}, \"run_us\": {:.1}}}",
            median(loads),
            median(runs)
        );
    }
    Ok(())
}
