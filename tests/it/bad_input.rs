//! Bad input gets a clear, typed error — never a panic, never a made-up emotion.

use speech_emotion::{DetectorConfig, EmotionDetector, EmotionError};

fn detector() -> std::sync::Arc<EmotionDetector> {
    EmotionDetector::new(DetectorConfig::default()).expect("embedded model loads")
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn classify_file(name: &str) -> Result<speech_emotion::EmotionResult, EmotionError> {
    detector().classify_file(fixture(name))
}

#[test]
fn empty_file() {
    let err = classify_file("empty.wav").unwrap_err();
    assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
    assert!(err.to_string().contains("empty"), "{err}");
}

#[test]
fn header_without_samples() {
    let err = classify_file("header_only.wav").unwrap_err();
    assert!(
        matches!(
            err,
            EmotionError::InvalidAudio { .. } | EmotionError::Io { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn header_that_lies_about_its_length() {
    let err = classify_file("truncated.wav").unwrap_err();
    assert!(matches!(err, EmotionError::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("truncated"), "{err}");
}

#[test]
fn text_file_named_wav() {
    let err = classify_file("text_named.wav").unwrap_err();
    assert!(
        matches!(err, EmotionError::UnsupportedFormat { .. }),
        "{err:?}"
    );
}

/// The format comes from the content, not the name: an MP3 named `.wav` is read as MP3
/// (it is `speech_8k.wav` encoded by sox).
#[test]
fn mp3_named_wav_is_read_as_mp3() {
    let mp3 = classify_file("mp3_named.wav").unwrap();
    let wav = classify_file("speech_8k.wav").unwrap();
    assert_eq!(mp3.emotion, wav.emotion);
}

#[test]
fn missing_file() {
    let err = detector()
        .classify_file("/definitely/not/here.wav".into())
        .unwrap_err();
    assert!(matches!(err, EmotionError::Io { .. }), "{err:?}");
}

#[test]
fn zero_samples() {
    let err = detector().classify_pcm(vec![], 16_000).unwrap_err();
    assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
    assert!(err.to_string().contains("no samples"), "{err}");
}

#[test]
fn fewer_samples_than_one_frame() {
    let err = detector().classify_pcm(vec![0.1; 100], 16_000).unwrap_err();
    assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
    assert!(err.to_string().contains("ms"), "{err}");
}

#[test]
fn only_nan_or_inf_samples() {
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let err = detector()
            .classify_pcm(vec![bad; 16_000], 16_000)
            .unwrap_err();
        assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
        assert!(err.to_string().contains("finite"), "{err}");
    }
}

/// Policy: any non-finite sample is an error (documented on `classify_pcm`); a few
/// NaNs usually mean a broken upstream, and silently zeroing them would hide it.
#[test]
fn some_nan_samples() {
    let mut samples: Vec<f32> = (0..16_000).map(|n| (n as f32 * 0.03).sin() * 0.3).collect();
    samples[12_345] = f32::NAN;
    let err = detector().classify_pcm(samples, 16_000).unwrap_err();
    assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
    assert!(
        err.to_string().contains("12345"),
        "the error names the sample: {err}"
    );
}

/// Found by `cargo fuzz run pcm`: finite samples of ±1.7e38 at 61 637 Hz overflowed
/// inside the resampler's FFT, and rubato panicked. The reproducer is kept verbatim
/// (4-byte little-endian rate, then f32 samples).
#[test]
fn absurdly_large_samples_fuzz_reproducer() {
    let bytes = std::fs::read(fixture("fuzz/pcm_huge_samples_61637hz.bin")).unwrap();
    let rate = u32::from_le_bytes(bytes[..4].try_into().unwrap());
    let samples: Vec<f32> = bytes[4..]
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
        .collect();
    let err = detector().classify_pcm(samples, rate).unwrap_err();
    assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
    assert!(err.to_string().contains("−1..1"), "{err}");
}

/// Found by `cargo fuzz run decode_audio`: the same overflow through a float WAV file.
#[test]
fn float_wav_with_absurd_samples_fuzz_reproducer() {
    let err = classify_file("fuzz/float_wav_huge_samples.wav").unwrap_err();
    assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
}

/// Integer PCM passed as float without scaling is loud, not invalid: it classifies
/// like the same audio scaled to −1..1 (the model normalises each window's level).
#[test]
fn unscaled_integer_pcm_as_float_still_classifies() {
    let scaled: Vec<f32> = (0..32_000)
        .map(|n| (n as f32 * 0.03).sin() * 0.3 * (n as f32 * 0.0007).sin())
        .collect();
    let unscaled: Vec<f32> = scaled.iter().map(|s| s * 32_767.0).collect();
    let a = detector().classify_pcm(scaled, 16_000).unwrap();
    let b = detector().classify_pcm(unscaled, 16_000).unwrap();
    assert_eq!(a.emotion, b.emotion);
    assert!((a.confidence - b.confidence).abs() < 0.05, "{a:?} vs {b:?}");
}

#[test]
fn absurd_sample_rates() {
    for rate in [0, 1, 7_999, 192_001, 10_000_000] {
        let err = detector()
            .classify_pcm(vec![0.1; 16_000], rate)
            .unwrap_err();
        assert!(
            matches!(err, EmotionError::InvalidAudio { .. }),
            "{rate} Hz: {err:?}"
        );
        assert!(err.to_string().contains("Hz"), "{err}");
    }
}

#[test]
fn wav_bytes_with_a_zero_sample_rate() {
    // A hand-made header: PCM, 1 channel, 0 Hz, 16-bit, 4 data bytes.
    let mut wav = Vec::new();
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&40u32.to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes());
    wav.extend_from_slice(&0u32.to_le_bytes());
    wav.extend_from_slice(&0u32.to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&4u32.to_le_bytes());
    wav.extend_from_slice(&[0, 0, 0, 0]);
    let err = detector().classify_bytes(wav).unwrap_err();
    assert!(
        matches!(
            err,
            EmotionError::InvalidAudio { .. } | EmotionError::UnsupportedFormat { .. }
        ),
        "{err:?}"
    );
}

#[test]
fn silence_is_not_an_emotion() {
    for name in ["silence_16k.wav", "noise_quiet_16k.wav"] {
        let result = classify_file(name).unwrap();
        assert!(!result.is_speech, "{name}: {result:?}");
        assert_eq!(result.emotion, "silence");
        assert_eq!(result.confidence, 0.0);
        assert!(result.scores.iter().all(|s| s.score == 0.0));
    }
    let result = detector().classify_pcm(vec![0.0; 48_000], 48_000).unwrap();
    assert!(!result.is_speech);
}

/// Found by `cargo fuzz run decode_audio` (2026-12-07): a WAV `fmt ` chunk with 62 209
/// channels overflows a `u16` multiplication inside symphonia-format-riff 0.6.1
/// (`read_pcm_fmt`: `num_channels * (bits_per_sample / 8)`, only used for a log line).
/// Builds with overflow checks (the fuzzer's) panic there; the library's builds do not
/// check overflow in dependencies, so it wraps and the file is refused. Either way the
/// caller gets a typed error, never a crash: `catch_panic` would turn a panic into
/// `Internal`, which this test also rejects.
#[test]
fn wav_with_absurd_channel_count_fuzz_reproducer() {
    let err = classify_file("fuzz/wav_fmt_channels_overflow.wav").unwrap_err();
    assert!(
        matches!(
            err,
            EmotionError::InvalidAudio { .. } | EmotionError::UnsupportedFormat { .. }
        ),
        "{err:?}"
    );
}
