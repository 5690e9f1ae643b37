//! Soak: one hour of audio pushed at full speed through a stream (the live worker).
//! Memory must stay flat, no audio or result may be lost, and processing time per
//! window must not grow. Slow (minutes), so ignored by default:
//!
//! `cargo test --test soak -- --ignored --nocapture` (~16 min on a busy 2-core machine:
//! tract is optimised even in the test profile). Measured 2026-11-26: 7 197 results, 0
//! dropped, RSS 24.4 MB after 1 min and 24.6 MB after 60 min.
//!
//! Prints RSS at start and end and the time per window in the first and last ten
//! minutes of audio.

mod common;
use common::rss_kib;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use speech_emotion::{
    DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult, EmotionStream,
    OverflowPolicy, StreamConfig, StreamState,
};

#[derive(Default)]
struct Timing {
    /// (end_ms, arrival) of every result.
    arrivals: Mutex<Vec<(u64, Instant)>>,
    errors: Mutex<Vec<EmotionError>>,
}

impl EmotionListener for Timing {
    fn on_result(&self, result: EmotionResult) {
        self.arrivals
            .lock()
            .unwrap()
            .push((result.end_ms, Instant::now()));
    }
    fn on_error(&self, error: EmotionError) {
        self.errors.lock().unwrap().push(error);
    }
    fn on_state(&self, _: StreamState) {}
}

#[test]
#[ignore = "slow: one hour of audio; run with --ignored"]
fn one_hour_pushed_at_full_speed() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/speech_16k_mono.wav"
    );
    let speech: Vec<f32> = hound::WavReader::open(fixture)
        .unwrap()
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32_768.0)
        .collect();
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    let timing = Arc::new(Timing::default());
    let config = StreamConfig {
        overflow: OverflowPolicy::Block,
        ..StreamConfig::default()
    };
    let stream = EmotionStream::new(detector, timing.clone(), config).unwrap();

    const SECONDS: usize = 3_600;
    let chunk = 1_600; // 100 ms
    let mut position = 0usize;
    let mut rss_after_first_minute = 0;
    let rss_start = rss_kib();
    for i in 0..SECONDS * 10 {
        let samples: Vec<f32> = (0..chunk)
            .map(|k| speech[(position + k) % speech.len()])
            .collect();
        position += chunk;
        stream.push_pcm(samples, 16_000).unwrap();
        if i == 600 {
            rss_after_first_minute = rss_kib();
        }
    }
    stream.stop();
    let rss_end = rss_kib();

    let stats = stream.stats();
    let arrivals = timing.arrivals.lock().unwrap();
    assert!(
        timing.errors.lock().unwrap().is_empty(),
        "{:?}",
        timing.errors.lock().unwrap()
    );
    assert_eq!(stats.samples_dropped, 0);
    assert_eq!(stats.samples_received, (SECONDS * 16_000) as u64);
    // A window every 500 ms after the first 2 s, plus the final one.
    let expected = (SECONDS * 1000 - 2_022) / 500 + 1;
    assert!(
        arrivals.len().abs_diff(expected) <= 2,
        "{} results, expected ~{expected}",
        arrivals.len()
    );
    assert_eq!(stats.results_delivered as usize, arrivals.len());

    let per_window_ms = |from_ms: u64, to_ms: u64| {
        let slice: Vec<_> = arrivals
            .iter()
            .filter(|(end, _)| (from_ms..to_ms).contains(end))
            .collect();
        let span = slice
            .last()
            .unwrap()
            .1
            .duration_since(slice.first().unwrap().1);
        span.as_secs_f64() * 1e3 / (slice.len() - 1) as f64
    };
    let first = per_window_ms(0, 600_000);
    let last = per_window_ms(3_000_000, 3_600_000);
    println!(
        "soak: {} results; RSS start {} KiB, after 1 min {} KiB, end {} KiB; \
         time per window: first 10 min {first:.2} ms, last 10 min {last:.2} ms",
        arrivals.len(),
        rss_start,
        rss_after_first_minute,
        rss_end
    );
    assert!(
        rss_end < rss_after_first_minute + 16 * 1024,
        "memory grew by {} KiB",
        rss_end - rss_after_first_minute
    );
}
