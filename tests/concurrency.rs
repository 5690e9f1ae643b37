//! Concurrency: many detectors on many threads sharing the one model; start/stop/push
//! racing from several threads on one stream; stop while a listener callback runs.
//! Every test has a watchdog: a deadlock fails the test instead of hanging CI.

mod common;
use common::decode_all;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use speech_emotion::{
    DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult, EmotionStream,
    OverflowPolicy, StreamConfig, StreamState,
};

const FIXTURE: &str = "tests/fixtures/speech_16k_mono.wav";

/// Runs `body` on a thread and fails if it does not finish within `limit`.
fn with_watchdog(limit: Duration, body: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let worker = thread::spawn(move || {
        body();
        let _ = done.send(());
    });
    match finished.recv_timeout(limit) {
        Ok(()) => worker.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The body panicked: surface its message.
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("deadlock: not finished after {limit:?}"),
    }
}

/// Live stream worker threads in this process (they are named `emotion-stream`).
fn stream_workers() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, |tasks| {
        tasks
            .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
            .filter(|name| name.trim() == "emotion-stream")
            .count()
    })
}

/// Worker threads still alive after up to 2 s. A joined thread can stay listed in
/// `/proc/self/task` for a moment after `join` returns (the kernel wakes the joiner
/// before it reaps the task), so a single look can count a thread that is already gone;
/// a leaked worker is still there after the grace period.
fn stream_workers_after_grace() -> usize {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let alive = stream_workers();
        if alive == 0 || Instant::now() >= deadline {
            return alive;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// The tests that count worker threads run one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

#[derive(Default)]
struct Recorder {
    results: AtomicUsize,
    errors: Mutex<Vec<EmotionError>>,
    states: Mutex<Vec<StreamState>>,
}

impl EmotionListener for Recorder {
    fn on_result(&self, _: EmotionResult) {
        self.results.fetch_add(1, Ordering::SeqCst);
    }
    fn on_error(&self, error: EmotionError) {
        self.errors.lock().unwrap().push(error);
    }
    fn on_state(&self, state: StreamState) {
        self.states.lock().unwrap().push(state);
    }
}

#[test]
fn detectors_on_many_threads_share_the_model_and_agree() {
    with_watchdog(Duration::from_secs(300), || {
        let reference = EmotionDetector::new(DetectorConfig::default())
            .unwrap()
            .classify_file(FIXTURE.into())
            .unwrap();
        let shared = EmotionDetector::new(DetectorConfig::default()).unwrap();
        let start = Arc::new(Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let (start, shared) = (start.clone(), shared.clone());
                thread::spawn(move || {
                    start.wait();
                    // Half the threads make their own detector, half share one.
                    let detector = if i % 2 == 0 {
                        EmotionDetector::new(DetectorConfig::default()).unwrap()
                    } else {
                        shared
                    };
                    (0..4)
                        .map(|_| detector.classify_file(FIXTURE.into()).unwrap())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for thread in threads {
            for result in thread.join().unwrap() {
                // Same model, same input: bit-identical, whichever thread ran it.
                assert_eq!(result, reference);
            }
        }
    });
}

#[test]
fn start_stop_and_push_race_from_several_threads() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    with_watchdog(Duration::from_secs(300), || {
        let (audio, rate, _) = decode_all(FIXTURE);
        let audio = Arc::new(audio);
        let recorder = Arc::new(Recorder::default());
        let config = StreamConfig {
            overflow: OverflowPolicy::DropOldest,
            ..StreamConfig::default()
        };
        let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
        let stream = EmotionStream::new(detector, recorder.clone(), config).unwrap();
        let iterations = 400;
        let start = Arc::new(Barrier::new(4));
        let workers: Vec<_> = (0..4)
            .map(|t| {
                let (stream, audio, start) = (stream.clone(), audio.clone(), start.clone());
                thread::spawn(move || {
                    start.wait();
                    for i in 0..iterations {
                        match (t + i) % 5 {
                            // Pushing starts a stopped stream; racing a stop is fine.
                            0..=2 => {
                                let at = (i * 1_600) % (audio.len() - 1_600);
                                stream
                                    .push_pcm(audio[at..at + 1_600].to_vec(), rate)
                                    .unwrap();
                            }
                            3 => stream.stop(),
                            _ => {
                                let _ = stream.is_running();
                                let _ = stream.stats();
                            }
                        }
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        stream.stop();
        assert!(!stream.is_running());
        let errors = recorder.errors.lock().unwrap();
        assert!(
            errors
                .iter()
                .all(|e| matches!(e, EmotionError::Overrun { .. })),
            "only overruns may be reported while threads race: {errors:?}"
        );
        let states = recorder.states.lock().unwrap();
        assert!(matches!(states.last(), Some(StreamState::Stopped)));
        // Every Started has its Stopped: no worker left behind.
        let started = states
            .iter()
            .filter(|s| matches!(s, StreamState::Started { .. }))
            .count();
        let stopped = states
            .iter()
            .filter(|s| matches!(s, StreamState::Stopped))
            .count();
        assert_eq!(started, stopped, "{states:?}");
        assert!(started > 1, "the race should restart the stream: {started}");
        drop(states);
        drop(errors);
        drop(stream);
        // Every worker was joined.
        assert_eq!(stream_workers_after_grace(), 0, "worker threads leaked");
    });
}

/// A listener that blocks inside `on_result` until released.
struct SlowListener {
    inside: AtomicBool,
    finished_callbacks: AtomicUsize,
}

impl EmotionListener for SlowListener {
    fn on_result(&self, _: EmotionResult) {
        self.inside.store(true, Ordering::SeqCst);
        thread::sleep(Duration::from_millis(50));
        self.finished_callbacks.fetch_add(1, Ordering::SeqCst);
        self.inside.store(false, Ordering::SeqCst);
    }
    fn on_error(&self, _: EmotionError) {}
    fn on_state(&self, _: StreamState) {}
}

#[test]
fn stop_while_a_listener_callback_runs_waits_for_it() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    with_watchdog(Duration::from_secs(300), || {
        let (audio, rate, _) = decode_all(FIXTURE);
        let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
        for _ in 0..20 {
            let listener = Arc::new(SlowListener {
                inside: AtomicBool::new(false),
                finished_callbacks: AtomicUsize::new(0),
            });
            let stream =
                EmotionStream::new(detector.clone(), listener.clone(), StreamConfig::default())
                    .unwrap();
            stream.push_pcm(audio.clone(), rate).unwrap();
            while !listener.inside.load(Ordering::SeqCst) {
                thread::yield_now();
            }
            // Stop from another thread while the callback sleeps.
            let stopper = {
                let stream = stream.clone();
                thread::spawn(move || stream.stop())
            };
            stopper.join().unwrap();
            assert!(
                !listener.inside.load(Ordering::SeqCst),
                "stop returned while a callback was still running"
            );
            assert!(listener.finished_callbacks.load(Ordering::SeqCst) >= 1);
            assert!(!stream.is_running());
        }
    });
}

#[test]
fn thousands_of_short_streams_leave_no_threads_behind() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    with_watchdog(Duration::from_secs(300), || {
        let (audio, rate, _) = decode_all(FIXTURE);
        let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
        let recorder = Arc::new(Recorder::default());
        for i in 0..2_000 {
            let stream =
                EmotionStream::new(detector.clone(), recorder.clone(), StreamConfig::default())
                    .unwrap();
            stream.push_pcm(audio[..160].to_vec(), rate).unwrap();
            if i % 2 == 0 {
                stream.stop();
            } // else: dropping the stream stops it
        }
        assert_eq!(stream_workers_after_grace(), 0, "worker threads leaked");
        assert!(recorder.errors.lock().unwrap().is_empty());
    });
}
