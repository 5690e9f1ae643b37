//! Times ONNX models as this library runs them (tract, one thread, one window):
//! load (bytes → checked, optimised, runnable model) and one window's inference,
//! medians over rounds that interleave the models. Prints one JSON line per model.
//! Used by `benches/compare/compare.py`.
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
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let files = paths
        .iter()
        .map(std::fs::read)
        .collect::<Result<Vec<_>, _>>()?;
    let mut loads = vec![vec![]; paths.len()];
    // Rounds interleave the models (load each once, then run each once, per round) so a
    // noisy, shared machine slows them all alike and their ratios stay meaningful.
    for _ in 0..11 {
        for (bytes, loads) in files.iter().zip(&mut loads) {
            let start = Instant::now();
            Model::from_bytes(bytes, &metadata)?;
            loads.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    let models = files
        .iter()
        .map(|bytes| Model::from_bytes(bytes, &metadata))
        .collect::<Result<Vec<_>, _>>()?;
    let windows: Vec<Vec<f32>> = models
        .iter()
        .map(|model| {
            let n = model.metadata().features.n_mels * model.metadata().window_frames;
            (0..n)
                .map(|i| ((i * 7919) % 1000) as f32 / 100.0 - 15.0)
                .collect()
        })
        .collect();
    let mut runs = vec![vec![]; paths.len()];
    for round in 0..206 {
        for ((model, window), runs) in models.iter().zip(&windows).zip(&mut runs) {
            let start = Instant::now();
            model.logits(window)?;
            if round >= 5 {
                runs.push(start.elapsed().as_secs_f64() * 1e6);
            }
        }
    }
    for ((path, loads), runs) in paths.iter().zip(loads).zip(runs) {
        println!(
            "{{\"model\": {path:?}, \"load_ms\": {:.3}, \"run_us\": {:.1}}}",
            median(loads),
            median(runs)
        );
    }
    Ok(())
}
