//! Push mode of `EmotionStream`: same results as the offline timeline, for any chunking
//! and input format; lifecycle, listener faults and overflow.

use crate::common::decode_all;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use speech_emotion::{
    AudioSource, DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult,
    EmotionStream, OverflowPolicy, StreamConfig, StreamState,
};

const FIXTURE: &str = "tests/fixtures/speech_16k_mono.wav";
const STEREO_44K: &str = "tests/fixtures/speech_stereo_44k.wav";

/// Collects everything the stream reports.
#[derive(Default)]
struct Recorder {
    results: Mutex<Vec<EmotionResult>>,
    errors: Mutex<Vec<EmotionError>>,
    states: Mutex<Vec<StreamState>>,
}

impl EmotionListener for Recorder {
    fn on_result(&self, result: EmotionResult) {
        self.results.lock().unwrap().push(result);
    }
    fn on_error(&self, error: EmotionError) {
        self.errors.lock().unwrap().push(error);
    }
    fn on_state(&self, state: StreamState) {
        self.states.lock().unwrap().push(state);
    }
}

fn detector() -> Arc<EmotionDetector> {
    EmotionDetector::new(DetectorConfig::default()).unwrap()
}

fn exact() -> StreamConfig {
    StreamConfig {
        smoothing: 0.0,
        overflow: OverflowPolicy::Block,
        ..StreamConfig::default()
    }
}

/// Pushes `samples` in chunks of `chunk_frames` frames and returns what the listener got.
fn stream_results(
    samples: &[f32],
    rate: u32,
    channels: u16,
    chunk_frames: usize,
) -> Vec<EmotionResult> {
    let recorder = Arc::new(Recorder::default());
    let stream = EmotionStream::new(detector(), recorder.clone(), exact()).unwrap();
    for chunk in samples.chunks(chunk_frames * usize::from(channels)) {
        stream
            .push_interleaved(chunk.to_vec(), rate, channels)
            .unwrap();
    }
    stream.stop();
    assert_eq!(
        recorder.errors.lock().unwrap().len(),
        0,
        "{:?}",
        recorder.errors.lock().unwrap()
    );
    let results = recorder.results.lock().unwrap().clone();
    results
}

fn assert_same(a: &[EmotionResult], b: &[EmotionResult], tolerance: f32) {
    assert_eq!(a.len(), b.len(), "window count differs");
    for (x, y) in a.iter().zip(b) {
        assert_eq!(
            (x.start_ms, x.end_ms, x.is_speech),
            (y.start_ms, y.end_ms, y.is_speech)
        );
        for (s, t) in x.scores.iter().zip(&y.scores) {
            assert!((s.score - t.score).abs() <= tolerance, "{x:?} vs {y:?}");
        }
    }
}

#[test]
fn push_mode_matches_timeline_window_for_window() {
    let timeline = detector().timeline_file(FIXTURE.into()).unwrap();
    assert!(timeline.len() >= 3, "fixture should span several windows");
    let (samples, rate, channels) = decode_all(FIXTURE);
    let streamed = stream_results(&samples, rate, channels, 1_600);
    // Same frames, same model, same windows: identical up to float summation order.
    assert_same(&streamed, &timeline, 1e-6);
}

#[test]
fn chunk_size_does_not_change_results() {
    let (samples, rate, channels) = decode_all(FIXTURE);
    let reference = stream_results(&samples, rate, channels, rate as usize);
    for chunk in [1, 7, 160, 441, 4_096] {
        let streamed = stream_results(&samples, rate, channels, chunk);
        assert_same(&streamed, &reference, 1e-5);
    }
}

#[test]
fn stereo_44k_through_push_matches_its_timeline() {
    let timeline = detector().timeline_file(STEREO_44K.into()).unwrap();
    let (samples, rate, channels) = decode_all(STEREO_44K);
    assert_eq!((rate, channels), (44_100, 2));
    for chunk in [1, 441, 4_410, 44_100] {
        // The resampler is stateful and chunk-invariant up to float rounding.
        assert_same(
            &stream_results(&samples, rate, channels, chunk),
            &timeline,
            1e-4,
        );
    }
}

#[test]
fn lifecycle_start_stop_restart_and_states() {
    let recorder = Arc::new(Recorder::default());
    let stream = EmotionStream::new(detector(), recorder.clone(), exact()).unwrap();
    stream.stop(); // stop before start: no-op
    assert!(!stream.is_running());
    let (samples, rate, _) = decode_all(FIXTURE);
    stream.push_pcm(samples.clone(), rate).unwrap();
    assert!(stream.is_running());
    // The microphone cannot start while pushed audio feeds the stream.
    assert!(matches!(
        stream.start_microphone(None),
        Err(EmotionError::AlreadyRunning { .. })
    ));
    stream.stop();
    stream.stop(); // idempotent
    assert!(!stream.is_running());
    let first_run = recorder.results.lock().unwrap().len();
    stream.push_pcm(samples, rate).unwrap(); // restart
    stream.stop();
    let results = recorder.results.lock().unwrap();
    assert_eq!(
        results.len(),
        2 * first_run,
        "a restarted stream gives the same windows"
    );
    assert_eq!(
        results[first_run].start_ms, 0,
        "the clock restarts with the stream"
    );
    let states = recorder.states.lock().unwrap();
    assert_eq!(
        *states,
        vec![
            StreamState::Started {
                source: AudioSource::Push
            },
            StreamState::Stopped,
            StreamState::Started {
                source: AudioSource::Push
            },
            StreamState::Stopped
        ]
    );
    assert_eq!(stream.stats().results_delivered as usize, 2 * first_run);
    assert_eq!(stream.stats().samples_dropped, 0);
}

#[test]
fn bad_pcm_is_rejected_and_nothing_is_queued() {
    let recorder = Arc::new(Recorder::default());
    let stream = EmotionStream::new(detector(), recorder.clone(), exact()).unwrap();
    let err = |r: Result<(), EmotionError>| match r {
        Err(EmotionError::InvalidAudio { reason: message }) => message,
        other => panic!("expected InvalidAudio, got {other:?}"),
    };
    assert!(err(stream.push_pcm(vec![0.1, f32::NAN], 16_000)).contains("NaN"));
    assert!(err(stream.push_pcm(vec![0.1, f32::INFINITY], 16_000)).contains("inf"));
    assert!(err(stream.push_pcm(vec![0.1; 100], 0)).contains("sample rate"));
    assert!(err(stream.push_pcm(vec![0.1; 100], 10_000_000)).contains("sample rate"));
    assert!(err(stream.push_interleaved(vec![0.1; 3], 16_000, 2)).contains("2-channel"));
    assert!(err(stream.push_interleaved(vec![0.1; 4], 16_000, 0)).contains("channel"));
    stream.push_pcm(Vec::new(), 16_000).unwrap(); // empty is fine and does nothing
    stream.stop();
    assert_eq!(stream.stats().samples_received, 0);
    assert!(recorder.results.lock().unwrap().is_empty());
}

#[test]
fn invalid_stream_config_is_rejected() {
    let recorder = Arc::new(Recorder::default());
    for config in [
        StreamConfig {
            smoothing: 1.0,
            ..StreamConfig::default()
        },
        StreamConfig {
            smoothing: f32::NAN,
            ..StreamConfig::default()
        },
        StreamConfig {
            buffer_ms: 10,
            ..StreamConfig::default()
        },
    ] {
        let result = EmotionStream::new(detector(), recorder.clone(), config);
        assert!(
            matches!(result, Err(EmotionError::InvalidConfig { .. })),
            "{config:?}"
        );
    }
}

#[test]
fn missing_microphone_is_a_typed_error() {
    let recorder = Arc::new(Recorder::default());
    let stream = EmotionStream::new(detector(), recorder, StreamConfig::default()).unwrap();
    let result = stream.start_microphone(Some("no-such-device-7f3a".into()));
    assert!(
        matches!(result, Err(EmotionError::MicrophoneUnavailable { .. })),
        "{result:?}"
    );
    assert!(!stream.is_running());
}

/// Panics on every result, like a Kotlin listener that throws.
#[derive(Default)]
struct Throwing {
    calls: AtomicUsize,
    stopped: AtomicBool,
}

impl EmotionListener for Throwing {
    fn on_result(&self, _: EmotionResult) {
        self.calls.fetch_add(1, Ordering::SeqCst);
        panic!("listener bug");
    }
    fn on_error(&self, _: EmotionError) {}
    fn on_state(&self, state: StreamState) {
        if state == StreamState::Stopped {
            self.stopped.store(true, Ordering::SeqCst);
        }
    }
}

#[test]
fn a_throwing_listener_does_not_stop_the_stream() {
    let listener = Arc::new(Throwing::default());
    let stream = EmotionStream::new(detector(), listener.clone(), exact()).unwrap();
    let (samples, rate, _) = decode_all(FIXTURE);
    stream.push_pcm(samples, rate).unwrap();
    stream.stop();
    let calls = listener.calls.load(Ordering::SeqCst);
    assert!(calls >= 3, "every window was still delivered ({calls})");
    assert_eq!(stream.stats().listener_failures as usize, calls);
    assert!(listener.stopped.load(Ordering::SeqCst));
}

/// Stops its own stream from inside the first callback.
#[derive(Default)]
struct StopsItself {
    stream: Mutex<Weak<EmotionStream>>,
    results: AtomicUsize,
}

impl EmotionListener for StopsItself {
    fn on_result(&self, _: EmotionResult) {
        self.results.fetch_add(1, Ordering::SeqCst);
        if let Some(stream) = self.stream.lock().unwrap().upgrade() {
            stream.stop();
        }
    }
    fn on_error(&self, _: EmotionError) {}
    fn on_state(&self, _: StreamState) {}
}

#[test]
fn stop_from_inside_the_listener_does_not_deadlock() {
    let listener = Arc::new(StopsItself::default());
    let stream = EmotionStream::new(detector(), listener.clone(), exact()).unwrap();
    *listener.stream.lock().unwrap() = Arc::downgrade(&stream);
    let (samples, rate, _) = decode_all(FIXTURE);
    stream.push_pcm(samples, rate).unwrap();
    for _ in 0..500 {
        if !stream.is_running() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!stream.is_running());
    assert!(listener.results.load(Ordering::SeqCst) >= 1);
    stream.stop(); // and again from outside: still fine
}

#[test]
fn dropping_the_stream_stops_it() {
    let recorder = Arc::new(Recorder::default());
    let stream = EmotionStream::new(detector(), recorder.clone(), exact()).unwrap();
    let (samples, rate, _) = decode_all(FIXTURE);
    stream.push_pcm(samples, rate).unwrap();
    drop(stream);
    assert_eq!(
        recorder.states.lock().unwrap().last(),
        Some(&StreamState::Stopped)
    );
    assert!(
        !recorder.results.lock().unwrap().is_empty(),
        "queued audio is processed before stopping"
    );
}

/// Sleeps in every callback, like a listener doing UI work on the wrong thread.
#[derive(Default)]
struct Slow {
    overruns: AtomicUsize,
}

impl EmotionListener for Slow {
    fn on_result(&self, _: EmotionResult) {
        std::thread::sleep(Duration::from_millis(50));
    }
    fn on_error(&self, error: EmotionError) {
        if matches!(error, EmotionError::Overrun { .. }) {
            self.overruns.fetch_add(1, Ordering::SeqCst);
        }
    }
    fn on_state(&self, _: StreamState) {}
}

#[test]
fn a_slow_listener_drops_oldest_audio_without_blocking_the_pusher() {
    let listener = Arc::new(Slow::default());
    let config = StreamConfig {
        buffer_ms: 200,
        smoothing: 0.0,
        overflow: OverflowPolicy::DropOldest,
    };
    let stream = EmotionStream::new(detector(), listener.clone(), config).unwrap();
    let (samples, rate, _) = decode_all(FIXTURE);
    // 20 passes over the fixture in 10 ms chunks, as fast as possible.
    for _ in 0..20 {
        for chunk in samples.chunks(160) {
            stream.push_pcm(chunk.to_vec(), rate).unwrap();
        }
    }
    stream.stop();
    let stats = stream.stats();
    assert!(stats.samples_dropped > 0, "{stats:?}");
    assert!(listener.overruns.load(Ordering::SeqCst) > 0);
    // Every push was accepted (none waited for the listener: with the drop-oldest
    // policy the pusher never blocks; the drops above are the proof).
    assert_eq!(stats.samples_received, 20 * samples.len() as u64);
}
