//! Where windows fall, and that every input path reaches the same decision.

use speech_emotion::{DetectorConfig, EmotionDetector};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn detector() -> std::sync::Arc<EmotionDetector> {
    EmotionDetector::new(DetectorConfig::default()).unwrap()
}

#[test]
fn a_clip_shorter_than_the_window_gets_one_padded_window() {
    let timeline = detector()
        .timeline_file(fixture("short_200ms.wav"))
        .unwrap();
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].start_ms, 0);
    assert!(timeline[0].end_ms <= 200, "{:?}", timeline[0]);
}

#[test]
fn long_clips_get_a_window_every_hop_plus_one_at_the_end() {
    // 4.86 s → 483 frames; 200-frame windows every 50 frames start at 0..=250, and a
    // last one aligned to the end starts at frame 283. Each covers 199 hops + one
    // 512-sample frame = 2022 ms.
    let timeline = detector()
        .timeline_file(fixture("speech_16k_mono.wav"))
        .unwrap();
    let starts: Vec<u64> = timeline.iter().map(|w| w.start_ms).collect();
    assert_eq!(starts, [0, 500, 1000, 1500, 2000, 2500, 2830]);
    assert!(
        timeline.iter().all(|w| w.end_ms - w.start_ms == 2_022),
        "{timeline:?}"
    );
    assert!(timeline.last().unwrap().end_ms >= 4_840);
}

#[test]
fn the_window_hop_is_configurable() {
    let config = DetectorConfig {
        window_hop_ms: 1_000,
        ..DetectorConfig::default()
    };
    let timeline = EmotionDetector::new(config)
        .unwrap()
        .timeline_file(fixture("speech_16k_mono.wav"))
        .unwrap();
    let starts: Vec<u64> = timeline.iter().map(|w| w.start_ms).collect();
    assert_eq!(starts, [0, 1000, 2000, 2830]);
}

#[test]
fn pcm_bytes_and_file_give_the_same_result() {
    let path = fixture("speech_16k_mono.wav");
    let samples: Vec<f32> = hound::WavReader::open(&path)
        .unwrap()
        .into_samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32768.0)
        .collect();
    let d = detector();
    let from_file = d.classify_file(path.clone()).unwrap();
    assert_eq!(d.classify_pcm(samples, 16_000).unwrap(), from_file);
    assert_eq!(
        d.classify_bytes(std::fs::read(&path).unwrap()).unwrap(),
        from_file
    );
    assert_eq!(
        d.classify_file(fixture("speech_16k_mono.flac")).unwrap(),
        from_file
    );
}

#[test]
fn every_format_and_rate_is_classified_as_speech() {
    let d = detector();
    for name in [
        "speech_female_16k.wav",
        "speech_stereo_44k.wav",
        "speech_8k.wav",
        "speech_48k_24bit.wav",
        "speech_22k_float.wav",
        "speech_32bit_int.wav",
        "speech_8bit.wav",
        "long_40s_8k.wav",
    ] {
        let r = d
            .classify_file(fixture(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r.is_speech, "{name}: {r:?}");
        let sum: f32 = r.scores.iter().map(|s| s.score).sum();
        assert!((sum - 1.0).abs() < 1e-3, "{name}: scores sum {sum}");
        assert!(r.confidence >= 0.2 && r.confidence <= 1.0, "{name}: {r:?}");
    }
}

#[test]
fn model_info_describes_the_embedded_model() {
    let info = detector().model_info();
    assert_eq!(
        info.labels,
        ["happy", "sad", "angry", "surprised", "neutral"]
    );
    assert_eq!(info.sample_rate_hz, 16_000);
    assert_eq!(info.window_ms, 2_000);
    assert!(
        info.size_bytes > 1_000 && info.size_bytes <= 150_000,
        "{} bytes",
        info.size_bytes
    );
    assert_eq!(info.onnx_sha256.len(), 64);
    assert!(info.metadata_json.contains("license"));
}

/// `softmax(logits / T)` recovered from the default detector's probabilities, whose
/// temperature is the model's own: `log p0 = logits / T0 + c`.
fn at_temperature(default_scores: &[f32], model_temperature: f32, temperature: f32) -> Vec<f32> {
    let z: Vec<f32> = default_scores
        .iter()
        .map(|p| p.ln() * model_temperature / temperature)
        .collect();
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = z.iter().map(|v| (v - max).exp()).sum();
    z.iter().map(|v| (v - max).exp() / sum).collect()
}

#[test]
fn a_temperature_rescales_the_confidences_and_keeps_window_labels() {
    let default = detector();
    let model_temperature = default.model().metadata().temperature;
    let with = |temperature| {
        EmotionDetector::new(DetectorConfig {
            temperature: Some(temperature),
            ..DetectorConfig::default()
        })
        .unwrap()
        .timeline_file(fixture("speech_16k_mono.wav"))
        .unwrap()
    };
    let baseline = default
        .timeline_file(fixture("speech_16k_mono.wav"))
        .unwrap();
    assert_eq!(
        with(model_temperature),
        baseline,
        "the model's own T is the default"
    );
    let softer = with(1.75);
    assert_eq!(softer.len(), baseline.len());
    for (window, reference) in softer.iter().zip(&baseline) {
        assert!(reference.is_speech, "{reference:?}");
        assert_eq!(window.emotion, reference.emotion);
        let scores: Vec<f32> = reference.scores.iter().map(|s| s.score).collect();
        let expected = at_temperature(&scores, model_temperature, 1.75);
        for (got, want) in window.scores.iter().zip(&expected) {
            assert!(
                (got.score - want).abs() < 1e-4,
                "{window:?} vs {expected:?}"
            );
        }
        if model_temperature < 1.75 {
            assert!(
                window.confidence < reference.confidence,
                "{window:?} vs {reference:?}"
            );
        }
    }
}
