//! Classify an audio file with the embedded model: the clip's emotion, its five scores,
//! then one result per 2 s window.
//!
//! `cargo run --example classify_file -- [FILE]` (default: a bundled WAV)
use speech_emotion::{DetectorConfig, EmotionDetector, EmotionError};

fn main() -> Result<(), EmotionError> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/speech_16k_mono.wav".into());
    let detector = EmotionDetector::new(DetectorConfig::default())?;

    let clip = detector.classify_file(path.clone())?;
    println!("{path}: {} ({:.2})", clip.emotion, clip.confidence);
    for score in &clip.scores {
        println!("  {:<9} {:.3}", score.label, score.score);
    }

    for window in detector.timeline_file(path)? {
        let label = if window.is_speech {
            window.emotion.as_str()
        } else {
            "(silence)"
        };
        println!("{:>6}–{:<6} ms  {label}", window.start_ms, window.end_ms);
    }
    Ok(())
}
