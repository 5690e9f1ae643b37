//! Decoding every supported WAV/FLAC flavour, and band-limited resampling.

use crate::common::decode_all;

use speech_emotion::audio::decode;
use speech_emotion::audio::resample::StreamResampler;
use speech_emotion::audio::PcmConditioner;

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|v| v * v).sum::<f32>() / x.len() as f32).sqrt()
}

#[test]
fn every_supported_format_decodes_to_plausible_audio() {
    for (name, rate, channels) in [
        ("speech_16k_mono.wav", 16_000, 1),
        ("speech_16k_mono.flac", 16_000, 1),
        ("speech_stereo_44k.wav", 44_100, 2),
        ("speech_8k.wav", 8_000, 1),
        ("speech_48k_24bit.wav", 48_000, 1),
        ("speech_22k_float.wav", 22_050, 1),
        ("speech_32bit_int.wav", 16_000, 1),
        ("speech_8bit.wav", 16_000, 1),
    ] {
        let (samples, r, c) = decode_all(fixture(name));
        assert_eq!((r, c), (rate, channels), "{name}");
        let seconds = samples.len() as f32 / (rate as f32 * channels as f32);
        assert!(seconds > 1.0 && seconds < 10.0, "{name}: {seconds} s");
        assert!(
            samples.iter().all(|s| (-1.0..=1.0).contains(s)),
            "{name}: out of range"
        );
        let level = rms(&samples);
        assert!(level > 0.01 && level < 0.7, "{name}: rms {level}");
    }
}

#[test]
fn wav_and_flac_of_the_same_audio_decode_identically() {
    let (wav, _, _) = decode_all(fixture("speech_16k_mono.wav"));
    let (flac, _, _) = decode_all(fixture("speech_16k_mono.flac"));
    assert_eq!(wav, flac);
}

#[test]
fn bytes_and_files_decode_identically() {
    let bytes = std::fs::read(fixture("speech_8k.wav")).unwrap();
    let mut reader = decode::open_bytes(bytes).unwrap();
    let mut from_bytes = Vec::new();
    let mut chunk = Vec::new();
    while reader.next_chunk(&mut chunk).unwrap() {
        from_bytes.extend_from_slice(&chunk);
    }
    assert_eq!(from_bytes, decode_all(fixture("speech_8k.wav")).0);
}

fn sine(freq: f32, rate: u32, seconds: f32) -> Vec<f32> {
    let n = (rate as f32 * seconds) as usize;
    (0..n)
        .map(|i| 0.5 * (2.0 * std::f32::consts::PI * freq * i as f32 / rate as f32).sin())
        .collect()
}

fn resample(input: &[f32], from: u32, to: u32, chunk: usize) -> Vec<f32> {
    let mut resampler = StreamResampler::new(from, to).unwrap();
    let mut out = Vec::new();
    for c in input.chunks(chunk) {
        resampler.push(c, &mut out);
    }
    resampler.finish(&mut out);
    out
}

/// Amplitude of `freq` in `x` (at `rate`) by correlation with a quadrature pair.
fn tone_amplitude(x: &[f32], freq: f32, rate: u32) -> f32 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for (i, &v) in x.iter().enumerate() {
        let phase = 2.0 * std::f64::consts::PI * f64::from(freq) * i as f64 / f64::from(rate);
        s += f64::from(v) * phase.sin();
        c += f64::from(v) * phase.cos();
    }
    (2.0 * (s * s + c * c).sqrt() / x.len() as f64) as f32
}

#[test]
fn resampling_keeps_length_and_in_band_tones() {
    for from in [8_000, 22_050, 44_100, 48_000, 96_000, 192_000] {
        let input = sine(1_000.0, from, 1.0);
        let out = resample(&input, from, 16_000, 1_000);
        assert_eq!(out.len(), 16_000, "{from} Hz");
        // Skip the edges, where the filter sees the zero padding.
        let amplitude = tone_amplitude(&out[1_000..15_000], 1_000.0, 16_000);
        assert!(
            (amplitude - 0.5).abs() < 0.01,
            "{from} Hz: 1 kHz amplitude {amplitude}"
        );
    }
}

#[test]
fn resampling_rejects_tones_above_the_new_nyquist() {
    // A 10 kHz tone cannot exist at 16 kHz; linear interpolation would alias it to
    // 6 kHz at nearly full amplitude. A band-limited resampler removes it.
    let out = resample(&sine(10_000.0, 44_100, 1.0), 44_100, 16_000, 4_096);
    let aliased = tone_amplitude(&out[1_000..15_000], 6_000.0, 16_000);
    assert!(
        aliased < 0.005,
        "aliased 6 kHz amplitude {aliased} (input 0.5)"
    );
    assert!(rms(&out[1_000..15_000]) < 0.01);
}

#[test]
fn resampling_is_independent_of_chunking() {
    let input = sine(440.0, 44_100, 0.5);
    let a = resample(&input, 44_100, 16_000, 44_100);
    let b = resample(&input, 44_100, 16_000, 37);
    assert_eq!(a.len(), b.len());
    let max_diff = a
        .iter()
        .zip(&b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max);
    assert!(max_diff < 1e-5, "max diff {max_diff}");
}

#[test]
fn conditioner_downmixes_and_rejects_bad_frames() {
    let mut conditioner = PcmConditioner::new(16_000, 2, 16_000).unwrap();
    let mut out = Vec::new();
    conditioner.push(&[0.2, 0.4, -0.2, 0.0], &mut out).unwrap();
    conditioner.finish(&mut out);
    assert_eq!(out.len(), 2);
    assert!(
        (out[0] - 0.3).abs() < 1e-6 && (out[1] + 0.1).abs() < 1e-6,
        "{out:?}"
    );
    assert!(
        conditioner.push(&[0.1, 0.2, 0.3], &mut out).is_err(),
        "odd sample count for stereo"
    );
    assert!(PcmConditioner::new(16_000, 0, 16_000).is_err());
    assert!(PcmConditioner::new(5_000_000, 1, 16_000).is_err());
}
