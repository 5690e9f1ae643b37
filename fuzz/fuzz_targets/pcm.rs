//! PCM as a host pushes it: any sample rate, any floats (NaN, ±inf, huge), through
//! `classify_pcm` on the embedded model. A result must be a probability distribution.
#![no_main]

use libfuzzer_sys::fuzz_target;
use speech_emotion::{DetectorConfig, EmotionDetector};
use std::sync::{Arc, OnceLock};

/// At most 3 s at 16 kHz: a few model windows per input keep the fuzzer fast.
const MAX_SAMPLES: usize = 48_000;

fn detector() -> &'static Arc<EmotionDetector> {
    static DETECTOR: OnceLock<Arc<EmotionDetector>> = OnceLock::new();
    DETECTOR.get_or_init(|| EmotionDetector::new(DetectorConfig::default()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let rate = u32::from_le_bytes(data[..4].try_into().unwrap());
    let samples: Vec<f32> = data[4..]
        .chunks_exact(4)
        .take(MAX_SAMPLES)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    if let Ok(result) = detector().classify_pcm(samples, rate) {
        let total: f32 = result.scores.iter().map(|s| s.score).sum();
        assert!(result.confidence.is_finite() && (0.0..=1.0).contains(&result.confidence));
        assert!(!result.is_speech || (total - 1.0).abs() < 1e-3, "scores sum to {total}");
    }
});
