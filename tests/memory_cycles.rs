//! No leak across 10 000 create → classify → drop cycles: resident memory after the
//! first 1 000 cycles (allocator and caches warm) and after the last must agree.
//! Every 10th cycle also runs a push stream, every 100th loads the model from bytes.
//!
//! `SPEECH_EMOTION_CYCLES=100000 cargo test --test memory_cycles -- --nocapture` runs longer.

mod common;
use common::rss_kib;

use std::sync::Arc;

use speech_emotion::model::{EMBEDDED_METADATA_JSON, EMBEDDED_ONNX};
use speech_emotion::{
    DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult, EmotionStream,
    StreamConfig, StreamState,
};

struct Ignore;

impl EmotionListener for Ignore {
    fn on_result(&self, _: EmotionResult) {}
    fn on_error(&self, error: EmotionError) {
        panic!("stream error: {error}");
    }
    fn on_state(&self, _: StreamState) {}
}

/// 0.5 s of a 220 Hz tone with a 3 Hz tremolo at 16 kHz.
fn tone() -> Vec<f32> {
    (0..8_000)
        .map(|i| {
            let t = i as f32 / 16_000.0;
            0.3 * (2.0 * std::f32::consts::PI * 220.0 * t).sin()
                * (0.6 + 0.4 * (2.0 * std::f32::consts::PI * 3.0 * t).sin())
        })
        .collect()
}

fn cycle(i: usize, samples: &[f32]) {
    let detector = if i.is_multiple_of(100) {
        EmotionDetector::from_model_bytes(
            EMBEDDED_ONNX.to_vec(),
            EMBEDDED_METADATA_JSON.into(),
            DetectorConfig::default(),
        )
        .unwrap()
    } else {
        EmotionDetector::new(DetectorConfig::default()).unwrap()
    };
    let result = detector.classify_pcm(samples.to_vec(), 16_000).unwrap();
    assert!(result.confidence > 0.0);
    if i.is_multiple_of(10) {
        let stream =
            EmotionStream::new(detector, Arc::new(Ignore), StreamConfig::default()).unwrap();
        stream.push_pcm(samples.to_vec(), 16_000).unwrap();
        stream.stop();
    }
}

#[test]
fn create_classify_drop_cycles_do_not_grow_memory() {
    let cycles: usize = std::env::var("SPEECH_EMOTION_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let warm_up = cycles / 10;
    let samples = tone();
    for i in 0..warm_up {
        cycle(i, &samples);
    }
    let after_warm_up = rss_kib();
    for i in warm_up..cycles {
        cycle(i, &samples);
    }
    let at_end = rss_kib();
    let growth = at_end as i64 - after_warm_up as i64;
    println!(
        "{cycles} cycles: RSS {after_warm_up} KiB after {warm_up}, {at_end} KiB at the end \
         ({growth:+} KiB, {:+.1} bytes per cycle)",
        growth as f64 * 1024.0 / (cycles - warm_up) as f64
    );
    // A leak of 256 bytes per cycle would add 2.2 MiB over 9 000 cycles.
    assert!(
        growth < 2 * 1024,
        "RSS grew by {growth} KiB over {} cycles",
        cycles - warm_up
    );
}
