//! Listen to the default microphone for a few seconds and print one result per 500 ms.
//! Needs the `microphone` feature (on by default); on Linux, ALSA (`libasound2-dev` to
//! build) and an input device.
//!
//! `cargo run --example listen -- [SECONDS] [DEVICE]`
use std::sync::Arc;
use std::time::Duration;

use speech_emotion::{
    DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult, EmotionStream,
    StreamConfig, StreamState,
};

struct Print;

impl EmotionListener for Print {
    fn on_result(&self, r: EmotionResult) {
        if r.is_speech {
            println!("{:>7} ms  {} {:.2}", r.end_ms, r.emotion, r.confidence);
        } else {
            println!("{:>7} ms  (silence)", r.end_ms);
        }
    }
    fn on_error(&self, e: EmotionError) {
        eprintln!("error: {e}");
    }
    fn on_state(&self, s: StreamState) {
        eprintln!("state: {s:?}");
    }
}

fn main() -> Result<(), EmotionError> {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let device = args.next();

    let detector = EmotionDetector::new(DetectorConfig::default())?;
    let stream = EmotionStream::new(detector, Arc::new(Print), StreamConfig::default())?;
    // Without the `microphone` feature, or without a device, this is an error that says so.
    stream.start_microphone(device)?;
    std::thread::sleep(Duration::from_secs(seconds));
    stream.stop();
    let stats = stream.stats();
    eprintln!(
        "{} results, {} samples dropped",
        stats.results_delivered, stats.samples_dropped
    );
    Ok(())
}
