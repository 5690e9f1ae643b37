//! Times ONNX models as this library runs them (tract, one thread, one window):
//! load (bytes → checked, optimised, runnable model) and one window's inference,
//! medians over rounds that interleave the models. Prints one JSON line per model, then
//! (x86-64) one with the clock the core runs at. Used by `benches/compare/compare.py`.
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
    #[cfg(target_arch = "x86_64")]
    println!("{{\"clock_ghz\": {:.2}}}", clock_ghz());
    Ok(())
}

/// The clock this core runs at now, in GHz: the best of three timed chains of 10^8
/// dependent integer adds (one cycle each on every x86-64 core). `/proc/cpuinfo` gives
/// the nominal clock; a core that boosts runs faster (a Zen 4 VM: 2.6 GHz listed, 3.5–3.7
/// measured), which the physical floor `compare.py` prints must use to be a floor.
#[cfg(target_arch = "x86_64")]
fn clock_ghz() -> f64 {
    const ADDS: u64 = 100_000_000;
    (0..3)
        .map(|_| {
            let start = Instant::now();
            // SAFETY: register arithmetic only.
            unsafe {
                std::arch::asm!(
                    "2:", "add {x}, 1", "add {x}, 1", "add {x}, 1", "add {x}, 1", "dec {n}", "jnz 2b",
                    x = inout(reg) 0u64 => _,
                    n = inout(reg) ADDS / 4 => _,
                    options(nomem, nostack),
                );
            }
            ADDS as f64 / start.elapsed().as_secs_f64() / 1e9
        })
        .fold(0.0, f64::max)
}
