//! Cost of live listening: the audio callback, CPU per second of live audio, and the
//! latency from a sample entering the stream to the result that includes it.
//!
//! `cargo bench --bench live`. The first two are criterion benches; latency is measured
//! after them by pacing 20 s of speech at real time into a stream (push mode, the same
//! worker the microphone uses) and printing the median and p99.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use speech_emotion::audio::ring::capture_ring;
use speech_emotion::{
    DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult, EmotionStream,
    OverflowPolicy, StreamConfig, StreamState,
};

/// Fixture speech at 16 kHz, mono.
fn speech_16k() -> Vec<f32> {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/speech_16k_mono.wav"
    );
    hound::WavReader::open(fixture)
        .unwrap()
        .samples::<i16>()
        .map(|s| f32::from(s.unwrap()) / 32_768.0)
        .collect()
}

/// `seconds` of speech as 48 kHz stereo (sample-and-hold: only the cost matters).
fn speech_48k_stereo(seconds: usize) -> Vec<f32> {
    let speech = speech_16k();
    (0..48_000 * seconds)
        .flat_map(|n| {
            let s = speech[(n / 3) % speech.len()];
            [s, s * 0.5]
        })
        .collect()
}

fn callback(c: &mut Criterion) {
    // A 10 ms buffer of a 48 kHz stereo device, as i16 (the common Android format).
    let buffer: Vec<i16> = (0..960).map(|i| (i * 31 % 4000) as i16).collect();
    let (mut writer, mut reader) = capture_ring(96_000);
    let mut drained = vec![0.0f32; 960];
    c.bench_function("callback (10 ms of 48 kHz stereo i16 into the ring)", |b| {
        b.iter(|| {
            writer.write_converted(std::hint::black_box(&buffer), |s| f32::from(s) / 32_768.0);
            reader.read(&mut drained); // keep the ring from filling (not part of the callback)
        })
    });
}

struct Discard;
impl EmotionListener for Discard {
    fn on_result(&self, result: EmotionResult) {
        std::hint::black_box(result);
    }
    fn on_error(&self, error: EmotionError) {
        panic!("{error}");
    }
    fn on_state(&self, _: StreamState) {}
}

fn live_cpu(c: &mut Criterion) {
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    let audio = speech_48k_stereo(10);
    let config = StreamConfig {
        overflow: OverflowPolicy::Block,
        ..StreamConfig::default()
    };
    let mut group = c.benchmark_group("live");
    group.sample_size(10);
    group.bench_function(
        "10 s of 48 kHz stereo, 10 ms pushes, default hop (CPU = time / 10 s)",
        |b| {
            b.iter(|| {
                let stream =
                    EmotionStream::new(detector.clone(), Arc::new(Discard), config).unwrap();
                for chunk in audio.chunks(960) {
                    stream.push_interleaved(chunk.to_vec(), 48_000, 2).unwrap();
                }
                stream.stop();
            })
        },
    );
    group.finish();
}

/// Records when each result arrived.
#[derive(Default)]
struct Arrivals(Mutex<Vec<(u64, Instant)>>);
impl EmotionListener for Arrivals {
    fn on_result(&self, result: EmotionResult) {
        self.0.lock().unwrap().push((result.end_ms, Instant::now()));
    }
    fn on_error(&self, _: EmotionError) {}
    fn on_state(&self, _: StreamState) {}
}

/// Paces 20 s of 16 kHz speech at real time in 10 ms chunks; for each result, latency =
/// arrival − the moment the chunk holding its last sample (`end_ms`) was pushed.
fn latency() {
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    let speech = speech_16k();
    let audio: Vec<f32> = (0..16_000 * 20).map(|n| speech[n % speech.len()]).collect();
    let arrivals = Arc::new(Arrivals::default());
    let stream = EmotionStream::new(detector, arrivals.clone(), StreamConfig::default()).unwrap();
    let start = Instant::now();
    let mut pushed_at = Vec::new(); // (end ms of chunk, instant)
    for (i, chunk) in audio.chunks(160).enumerate() {
        let due = start + Duration::from_millis(10 * i as u64);
        if let Some(wait) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        pushed_at.push((10 * (i as u64 + 1), Instant::now()));
        stream.push_pcm(chunk.to_vec(), 16_000).unwrap();
    }
    std::thread::sleep(Duration::from_millis(500));
    stream.stop();
    let arrivals = arrivals.0.lock().unwrap();
    // The last result is the window flushed by stop(), after the pause above: not live.
    let live = &arrivals[..arrivals.len().saturating_sub(1)];
    let mut latencies: Vec<f64> = live
        .iter()
        .filter_map(|&(end_ms, arrived)| {
            let (_, pushed) = pushed_at
                .iter()
                .find(|(chunk_end, _)| *chunk_end >= end_ms)?;
            Some(arrived.saturating_duration_since(*pushed).as_secs_f64() * 1e3)
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    let pick = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "latency (sample pushed → result that includes it, {} results): median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        latencies.len(),
        pick(0.5),
        pick(0.99),
        pick(1.0)
    );
}

criterion_group!(benches, callback, live_cpu);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    latency();
}
