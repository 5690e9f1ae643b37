//! The streaming extractor gives the same frames whatever the chunking.

use rand::{Rng, SeedableRng};
use speech_emotion::features::{FeatureConfig, LogMelExtractor};

fn config() -> FeatureConfig {
    serde_json::from_str(include_str!("../../training/features.json")).unwrap()
}

fn test_signal(len: usize) -> Vec<f32> {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    (0..len)
        .map(|n| {
            let t = n as f32 / 16_000.0;
            0.3 * (2.0 * std::f32::consts::PI * (200.0 + 900.0 * t) * t).sin()
                + 0.05 * rng.gen_range(-1.0..1.0)
        })
        .collect()
}

/// All frames of `signal` pushed in chunks of the given sizes (cycled).
fn frames(signal: &[f32], chunk_sizes: &[usize]) -> Vec<(u64, Vec<f32>, f32)> {
    let mut extractor = LogMelExtractor::new(&config()).unwrap();
    let mut out = Vec::new();
    let mut rest = signal;
    for &size in chunk_sizes.iter().cycle() {
        if rest.is_empty() {
            break;
        }
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        extractor.push(chunk, |f| {
            out.push((f.index, f.log_mel.to_vec(), f.energy_db))
        });
        rest = tail;
    }
    out
}

#[test]
fn frame_count_and_indices_follow_the_hop() {
    let cfg = config();
    let signal = test_signal(16_000);
    let whole = frames(&signal, &[signal.len()]);
    assert_eq!(whole.len(), (signal.len() - cfg.n_fft) / cfg.hop_length + 1);
    for (i, (index, mel, _)) in whole.iter().enumerate() {
        assert_eq!(*index, i as u64);
        assert_eq!(mel.len(), cfg.n_mels);
        assert!(mel.iter().all(|v| v.is_finite()));
    }
}

#[test]
fn streaming_equals_batch_for_random_chunkings() {
    let signal = test_signal(3 * 16_000 + 123);
    let batch = frames(&signal, &[signal.len()]);
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    for trial in 0..20 {
        let max = [1, 7, 160, 513, 4096][trial % 5];
        let sizes: Vec<usize> = (0..64).map(|_| rng.gen_range(1..=max)).collect();
        let streamed = frames(&signal, &sizes);
        assert_eq!(streamed.len(), batch.len(), "chunk sizes up to {max}");
        // The extractor computes each frame from identical buffer contents, so the
        // result is bit-identical, not merely close.
        assert_eq!(streamed, batch, "chunk sizes up to {max}");
    }
}

#[test]
fn reset_restarts_the_stream() {
    let signal = test_signal(8_000);
    let mut extractor = LogMelExtractor::new(&config()).unwrap();
    let mut first = Vec::new();
    extractor.push(&signal, |f| first.push(f.log_mel.to_vec()));
    extractor.push(&signal[..300], |_| {});
    extractor.reset();
    let mut second = Vec::new();
    extractor.push(&signal, |f| second.push(f.log_mel.to_vec()));
    assert_eq!(first, second);
}

#[test]
fn silence_gives_the_floor_and_low_energy() {
    let cfg = config();
    let mut extractor = LogMelExtractor::new(&cfg).unwrap();
    let mut n = 0;
    extractor.push(&vec![0.0; 4_000], |f| {
        n += 1;
        assert!(f.log_mel.iter().all(|&v| v == cfg.silence_value()));
        assert!(f.energy_db <= -100.0);
    });
    assert!(n > 0);
}

#[test]
fn full_scale_sine_is_about_minus_3_dbfs() {
    let signal: Vec<f32> = (0..4_000)
        .map(|n| (2.0 * std::f32::consts::PI * 1_000.0 * n as f32 / 16_000.0).sin())
        .collect();
    let mut extractor = LogMelExtractor::new(&config()).unwrap();
    let mut energies = Vec::new();
    extractor.push(&signal, |f| energies.push(f.energy_db));
    for e in energies {
        assert!((e + 3.01).abs() < 0.1, "energy {e} dBFS");
    }
}

#[test]
fn invalid_configs_are_rejected_with_the_field_named() {
    let mut cfg = config();
    cfg.n_fft = 500;
    let err = LogMelExtractor::new(&cfg).err().unwrap().to_string();
    assert!(err.contains("n_fft"), "{err}");
    let mut cfg = config();
    cfg.fmax_hz = 9_000.0;
    let err = LogMelExtractor::new(&cfg).err().unwrap().to_string();
    assert!(err.contains("fmax_hz"), "{err}");
    let mut cfg = config();
    cfg.hop_length = 0;
    assert!(LogMelExtractor::new(&cfg).is_err());
}
