//! Every audio format the core reads, on files ffmpeg made from the project's own
//! espeak-ng speech (`tests/fixtures/formats/make_format_fixtures.sh`):
//!
//! * the samples are what ffmpeg decodes from the same file (level per 50 ms block,
//!   `ffmpeg_reference.json`), so the decoders are right, not merely quiet;
//! * each file gets the label of the WAV it was encoded from, with every score within
//!   [`SCORE_TOLERANCE`] (lossy codecs at app bit rates move scores a little);
//! * the format comes from the content, whatever the file is called;
//! * what the core does not decode (ALAC, HE-AAC, AMR) is `UnsupportedFormat` naming it;
//! * truncated, bit-flipped and otherwise damaged files end in a typed error or a result,
//!   never a panic or a hang.

use std::path::PathBuf;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use speech_emotion::audio::decode::open_file;
use speech_emotion::{DetectorConfig, EmotionDetector, EmotionError, EmotionResult};

/// Largest difference allowed in any label's score between a compressed file and the WAV
/// it was encoded from (measured: at most 0.081, on the 3GP: AAC at 48 kbit/s, 16 kHz).
const SCORE_TOLERANCE: f32 = 0.1;

/// (file in `tests/fixtures/formats`, the WAV in `tests/fixtures` it was encoded from).
const FORMATS: &[(&str, &str)] = &[
    ("speech_aac_44k.m4a", "speech_16k_mono.wav"),
    ("female_aac_stereo_48k.m4a", "speech_female_16k.wav"),
    ("speech_aac_16k.3gp", "speech_16k_mono.wav"),
    ("speech_adts_44k.aac", "speech_16k_mono.wav"),
    ("speech_44k.mp3", "speech_16k_mono.wav"),
    ("speech_opus.ogg", "speech_16k_mono.wav"),
    ("female_opus_stereo.webm", "speech_female_16k.wav"),
    ("speech_vorbis.oga", "speech_16k_mono.wav"),
    ("speech_pcm_8k.caf", "speech_8k.wav"),
];

/// (file, words its error must contain).
const UNSUPPORTED: &[(&str, &[&str])] = &[
    ("unsupported_alac.m4a", &["ALAC", "MP4"]),
    ("unsupported_he_aac.m4a", &["AAC", "HE-AAC"]),
    ("unsupported_amr.3gp", &["AMR", "3GP"]),
];

fn fixture(name: &str) -> PathBuf {
    let root = env!("CARGO_MANIFEST_DIR");
    let formats = PathBuf::from(root)
        .join("tests/fixtures/formats")
        .join(name);
    if formats.exists() {
        formats
    } else {
        PathBuf::from(root).join("tests/fixtures").join(name)
    }
}

fn detector() -> Arc<EmotionDetector> {
    EmotionDetector::new(DetectorConfig::default()).unwrap()
}

fn classify(name: &str) -> Result<EmotionResult, EmotionError> {
    detector().classify_file(fixture(name).to_string_lossy().into_owned())
}

fn score(result: &EmotionResult, label: &str) -> f32 {
    result
        .scores
        .iter()
        .find(|s| s.label == label)
        .unwrap()
        .score
}

#[test]
fn each_format_gets_the_label_of_its_source_wav() {
    let mut worst = (0.0f32, "");
    for &(file, source) in FORMATS {
        let got = classify(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let want = classify(source).unwrap();
        assert!(got.is_speech, "{file}: {got:?}");
        assert_eq!(got.emotion, want.emotion, "{file} vs {source}: {got:?}");
        for s in &want.scores {
            let diff = (score(&got, &s.label) - s.score).abs();
            assert!(
                diff <= SCORE_TOLERANCE,
                "{file}: {} {:.3} vs {:.3} in {source}",
                s.label,
                score(&got, &s.label),
                s.score
            );
            if diff > worst.0 {
                worst = (diff, file);
            }
        }
        // Durations agree within the codecs' delay and padding (two AAC frames: 128 ms
        // at 16 kHz).
        assert!(
            got.end_ms.abs_diff(want.end_ms) <= 130,
            "{file}: {} ms vs {} ms",
            got.end_ms,
            want.end_ms
        );
    }
    eprintln!("largest score difference: {:.3} ({})", worst.0, worst.1);
}

#[derive(serde::Deserialize)]
struct Reference {
    sample_rate_hz: u32,
    channels: u16,
    frames: u64,
    block_frames: usize,
    block_dbfs: Vec<f64>,
}

/// Frames this library decodes before the first one ffmpeg outputs: ffmpeg applies the
/// MP4 edit list that hides the AAC encoder's 1 024-frame priming; symphonia does not.
fn leading_frames(file: &str) -> usize {
    if file.ends_with(".m4a") || file.ends_with(".3gp") {
        1024
    } else {
        0
    }
}

#[test]
fn decoders_produce_what_ffmpeg_decodes() {
    let json = std::fs::read_to_string(fixture("ffmpeg_reference.json")).unwrap();
    let references: std::collections::BTreeMap<String, Reference> =
        serde_json::from_str(&json).unwrap();
    assert_eq!(references.len(), FORMATS.len());
    for (file, reference) in &references {
        let mut reader = open_file(&fixture(file)).unwrap();
        assert_eq!(reader.sample_rate_hz(), reference.sample_rate_hz, "{file}");
        assert_eq!(reader.channels(), reference.channels, "{file}");
        let channels = usize::from(reference.channels);
        let mut mono = Vec::new();
        let mut chunk = Vec::new();
        while reader.next_chunk(&mut chunk).unwrap() {
            mono.extend(
                chunk
                    .chunks_exact(channels)
                    .map(|f| f.iter().sum::<f32>() / channels as f32),
            );
        }
        let lead = leading_frames(file);
        let frames = (mono.len() - lead) as u64;
        // WebM's end padding is not trimmed here (≤ 1 Opus frame of 20 ms at 48 kHz).
        assert!(
            frames.abs_diff(reference.frames) <= 1024,
            "{file}: {frames} frames, ffmpeg {}",
            reference.frames
        );
        let block = reference.block_frames;
        let mut compared = 0;
        for (i, &want) in reference.block_dbfs.iter().enumerate() {
            let Some(samples) = mono.get(lead + i * block..lead + (i + 1) * block) else {
                break;
            };
            if want < -60.0 {
                continue; // near-silence: float noise floors differ between decoders
            }
            let power = samples
                .iter()
                .map(|&x| f64::from(x) * f64::from(x))
                .sum::<f64>()
                / block as f64;
            let got = 10.0 * power.max(1e-12).log10();
            assert!(
                (got - want).abs() < 0.1,
                "{file}: block {i} is {got:.2} dBFS, ffmpeg {want:.2}"
            );
            compared += 1;
        }
        assert!(compared > 20, "{file}: only {compared} blocks compared");
    }
}

#[test]
fn the_format_comes_from_the_content_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    for &(file, _) in FORMATS {
        let misnamed = dir.path().join(format!("{file}.wav"));
        std::fs::copy(fixture(file), &misnamed).unwrap();
        let got = detector()
            .classify_file(misnamed.to_string_lossy().into_owned())
            .unwrap();
        assert_eq!(got, classify(file).unwrap(), "{file}");
    }
}

#[test]
fn bytes_in_memory_classify_like_the_file() {
    for &(file, _) in FORMATS {
        let bytes = std::fs::read(fixture(file)).unwrap();
        assert_eq!(
            detector().classify_bytes(bytes).unwrap(),
            classify(file).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn what_the_core_does_not_decode_is_named() {
    for &(file, words) in UNSUPPORTED {
        let err = classify(file).unwrap_err();
        assert!(
            matches!(err, EmotionError::UnsupportedFormat { .. }),
            "{file}: {err:?}"
        );
        for word in words {
            assert!(err.to_string().contains(word), "{file}: {err}");
        }
        assert!(err.to_string().contains("platform"), "{file}: {err}");
    }
}

/// A damaged copy of `bytes`: deterministic, so failures reproduce.
fn damaged_copies(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let n = bytes.len();
    let mut out = Vec::new();
    for cut in [1, 8, 16, 64, 256, n / 10, n / 2, n * 9 / 10, n - 1] {
        out.push((format!("first {cut} bytes"), bytes[..cut.min(n)].to_vec()));
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..16 {
        let at = next() as usize % n;
        let mut copy = bytes.to_vec();
        copy[at] ^= 1 << (next() % 8);
        out.push((format!("bit flipped at {at}"), copy));
    }
    for _ in 0..4 {
        let at = next() as usize % n;
        let mut copy = bytes.to_vec();
        for b in &mut copy[at..(at + 64).min(n)] {
            *b = next() as u8;
        }
        out.push((format!("64 random bytes at {at}"), copy));
    }
    let mut zeroed = bytes.to_vec();
    zeroed[n / 3..(n / 3 + 4096).min(n)].fill(0);
    out.push(("4 KiB zeroed".to_string(), zeroed));
    out
}

#[test]
fn damaged_files_end_in_a_typed_error_or_a_result() {
    let files = FORMATS
        .iter()
        .map(|(f, _)| *f)
        .chain(UNSUPPORTED.iter().map(|(f, _)| *f));
    for file in files {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let (done, finished) = mpsc::channel();
        let name = file.to_string();
        std::thread::spawn(move || {
            let detector = detector();
            for (how, copy) in damaged_copies(&bytes) {
                let outcome = detector.classify_bytes(copy);
                if let Err(EmotionError::Internal { reason }) = &outcome {
                    panic!("{name}, {how}: internal error (a caught panic): {reason}");
                }
            }
            done.send(()).unwrap();
        });
        finished
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("{file}: a damaged copy panicked or hung"));
    }
}
