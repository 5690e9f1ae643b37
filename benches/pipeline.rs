//! Speed of the offline path: one log-mel frame, one model window, a 10 s file.
//!
//! `cargo bench --bench pipeline`. The 10 s file is speech from the fixtures, repeated
//! and written to a temporary 44.1 kHz stereo WAV so decoding, downmixing and
//! resampling are all part of the measurement. Real-time factor = time / 10 s.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use speech_emotion::features::LogMelExtractor;
use speech_emotion::model::embedded_model;
use speech_emotion::{DetectorConfig, EmotionDetector};

fn log_mel_frame(c: &mut Criterion) {
    let model = embedded_model().unwrap();
    let config = &model.metadata().features;
    let mut extractor = LogMelExtractor::new(config).unwrap();
    let hop: Vec<f32> = (0..config.hop_length)
        .map(|n| (n as f32 * 0.07).sin() * 0.3)
        .collect();
    extractor.push(&vec![0.01; config.n_fft], |_| {});
    c.bench_function("log_mel_frame (one 10 ms hop)", |b| {
        b.iter(|| {
            let mut sink = 0.0;
            extractor.push(std::hint::black_box(&hop), |f| sink += f.log_mel[0]);
            sink
        })
    });
}

fn model_window(c: &mut Criterion) {
    let model = embedded_model().unwrap();
    let meta = model.metadata();
    let window: Vec<f32> = (0..meta.window_frames * meta.features.n_mels)
        .map(|i| -8.0 + (i % 97) as f32 * 0.05)
        .collect();
    c.bench_function("model_window (one 2 s window, tract, 1 thread)", |b| {
        b.iter(|| model.probabilities(std::hint::black_box(&window)).unwrap())
    });
}

/// Writes ~10 s of fixture speech as 44.1 kHz stereo 16-bit WAV; returns its path.
fn ten_second_wav() -> PathBuf {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/speech_16k_mono.wav"
    );
    let speech: Vec<i16> = hound::WavReader::open(fixture)
        .unwrap()
        .samples::<i16>()
        .map(Result::unwrap)
        .collect();
    let path = std::env::temp_dir().join(format!("emotion-bench-{}.wav", std::process::id()));
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: 44_100,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::create(&path, spec).unwrap();
    // Naive sample-and-hold upsampling is fine here: only the cost is measured.
    for n in 0..44_100 * 10 {
        let s = speech[(n * 16_000 / 44_100) % speech.len()];
        writer.write_sample(s).unwrap();
        writer.write_sample(s / 2).unwrap();
    }
    writer.finalize().unwrap();
    path
}

fn classify_10s_file(c: &mut Criterion) {
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    let path = ten_second_wav();
    let path_string = path.to_string_lossy().into_owned();
    let mut group = c.benchmark_group("file");
    group.sample_size(20);
    group.bench_function("classify_file (10 s, 44.1 kHz stereo WAV)", |b| {
        b.iter_batched(
            || path_string.clone(),
            |p| detector.classify_file(p).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
    std::fs::remove_file(path).ok();
}

criterion_group!(benches, log_mel_frame, model_window, classify_10s_file);
criterion_main!(benches);
