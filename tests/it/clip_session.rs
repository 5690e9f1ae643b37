//! `ClipSession`: PCM the app decodes itself (on a phone: the platform's decoder, for
//! formats the core does not read), pushed in chunks, classified like the file.

use crate::common::decode_all;

use std::sync::Arc;

use speech_emotion::{DetectorConfig, EmotionDetector, EmotionError};

const STEREO_44K: &str = "tests/fixtures/speech_stereo_44k.wav";
const MONO_16K: &str = "tests/fixtures/speech_16k_mono.wav";

fn detector() -> Arc<EmotionDetector> {
    EmotionDetector::new(DetectorConfig::default()).unwrap()
}

#[test]
fn pushed_chunks_classify_exactly_like_the_file() {
    for (path, chunk_frames) in [(STEREO_44K, 4096), (STEREO_44K, 1), (MONO_16K, 1000)] {
        let (samples, rate, channels) = decode_all(path);
        let session = detector().start_clip(rate, channels).unwrap();
        for chunk in samples.chunks(chunk_frames * usize::from(channels)) {
            session.push_interleaved(chunk.to_vec()).unwrap();
        }
        let pushed = session.finish().unwrap();
        let file = detector().classify_file(path.into()).unwrap();
        assert_eq!(pushed, file, "{path} in chunks of {chunk_frames} frames");
    }
}

#[test]
fn a_finished_session_refuses_more() {
    let session = detector().start_clip(16_000, 1).unwrap();
    session.push_interleaved(vec![0.0; 16_000]).unwrap();
    let silence = session.finish().unwrap();
    assert!(!silence.is_speech);
    assert_eq!(silence.end_ms, 1000);
    for err in [
        session.push_interleaved(vec![0.0; 160]).unwrap_err(),
        session.finish().unwrap_err(),
    ] {
        assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
        assert!(err.to_string().contains("start_clip"), "{err}");
    }
}

#[test]
fn bad_input_is_a_typed_error() {
    for (rate, channels) in [(0, 1), (7_999, 1), (1_000_000, 2), (16_000, 0)] {
        let err = detector().start_clip(rate, channels).err().unwrap();
        assert!(matches!(err, EmotionError::InvalidAudio { .. }), "{err:?}");
    }
    // Half a stereo frame, then a NaN: errors, and the session is over.
    let session = detector().start_clip(44_100, 2).unwrap();
    let err = session.push_interleaved(vec![0.1; 3]).unwrap_err();
    assert!(err.to_string().contains("whole number"), "{err}");
    let session = detector().start_clip(16_000, 1).unwrap();
    let err = session.push_interleaved(vec![f32::NAN; 10]).unwrap_err();
    assert!(err.to_string().contains("finite"), "{err}");
    assert!(session.finish().is_err());
    // Too short for one frame, and nothing at all.
    let err = detector()
        .start_clip(16_000, 1)
        .unwrap()
        .finish()
        .unwrap_err();
    assert!(err.to_string().contains("no samples"), "{err}");
    let session = detector().start_clip(16_000, 1).unwrap();
    session.push_interleaved(vec![0.1; 100]).unwrap();
    assert!(session.finish().unwrap_err().to_string().contains("ms"));
}
