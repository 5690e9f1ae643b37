//! Live emotion: [`EmotionStream`] turns microphone audio, or PCM the app pushes, into a
//! stream of [`EmotionResult`]s delivered to an [`EmotionListener`].
//!
//! One worker thread per running stream drains the input (the microphone's ring buffer
//! or the push queue), converts it to mono at the model's rate, computes log-mel frames
//! incrementally (one per 10 ms hop), runs the model every `window_hop_ms` on the last
//! window of frames, smooths the posteriors and calls the listener — all on the worker,
//! never on the audio thread or the caller's thread.
//!
//! # Threading
//!
//! Every method is safe from any thread. Listener methods are called on the worker
//! thread, one at a time, in order; a listener may call [`EmotionStream::stop`] from
//! inside a callback. A listener that panics (or throws, from Kotlin/Swift) is logged and
//! counted, and the stream goes on. A slow listener delays results but never the audio
//! callback: if the worker falls behind, the oldest audio is dropped, counted and
//! reported as [`EmotionError::Overrun`].

mod inbox;
mod pipeline;

use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle, ThreadId};
use std::time::Duration;

use crate::api::{EmotionDetector, EmotionResult};
use crate::audio::decode::check_sample_rate;
use crate::error::{catch_panic, EmotionError, Result};
use inbox::{Inbox, Stats};
use pipeline::Pipeline;

/// What to do when audio arrives faster than the worker can process it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OverflowPolicy {
    /// Drop the oldest queued audio, count it and report [`EmotionError::Overrun`]:
    /// results stay current. For live audio.
    DropOldest,
    /// Make `push_pcm` wait until there is room: nothing is dropped. For feeding a file
    /// or a recording faster than real time. (The microphone always drops oldest.)
    Block,
}

/// Tuning for a stream; [`StreamConfig::default`] (`defaultStreamConfig()` in
/// Kotlin/Swift) suits live use.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct StreamConfig {
    /// Weight of the previous smoothed posterior, 0..1: `s = a·s_prev + (1−a)·p`.
    /// 0 turns smoothing off. Reset after non-speech. Default 0.3.
    pub smoothing: f32,
    /// Audio the stream may hold before it drops or blocks, ms (100..=60 000).
    /// Default 2 000.
    pub buffer_ms: u32,
    /// What happens when the buffer is full. Default [`OverflowPolicy::DropOldest`].
    pub overflow: OverflowPolicy,
}

impl Default for StreamConfig {
    fn default() -> Self {
        Self {
            smoothing: 0.3,
            buffer_ms: 2_000,
            overflow: OverflowPolicy::DropOldest,
        }
    }
}

/// The defaults of [`StreamConfig`], for Kotlin/Swift/Python callers.
#[uniffi::export]
pub fn default_stream_config() -> StreamConfig {
    StreamConfig::default()
}

/// Where a stream's audio comes from, reported with [`StreamState::Started`].
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum AudioSource {
    /// PCM pushed with `push_pcm`.
    Push,
    /// A microphone, by device name, at its native rate (Hz) and channel count.
    Microphone {
        device: String,
        sample_rate_hz: u32,
        channels: u16,
    },
}

/// Lifecycle events.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum StreamState {
    /// Audio is flowing.
    Started { source: AudioSource },
    /// The worker has finished; no more results will arrive until the next start.
    Stopped,
}

/// Counters for a stream since it was created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct StreamStats {
    /// Input samples (all channels) accepted from the microphone or `push_pcm`.
    pub samples_received: u64,
    /// Input samples dropped because the worker fell behind.
    pub samples_dropped: u64,
    /// Results delivered to the listener.
    pub results_delivered: u64,
    /// Listener calls that panicked or threw.
    pub listener_failures: u64,
}

/// Receives a stream's results. Implemented by the app (Kotlin, Swift, Python or Rust).
/// Called on the stream's worker thread; keep it quick (hand the result to the UI
/// thread) — a slow listener delays results and may cause dropped audio.
#[uniffi::export(with_foreign)]
pub trait EmotionListener: Send + Sync {
    /// One model window's verdict, `start_ms`/`end_ms` on the stream's clock (audio
    /// processed since start). Without speech, `is_speech` is false and `emotion` is
    /// `"silence"`.
    fn on_result(&self, result: EmotionResult);
    /// A problem while running: [`EmotionError::Overrun`] (audio dropped, the stream goes
    /// on) or [`EmotionError::MicrophoneUnavailable`] (device lost, the stream stops).
    fn on_error(&self, error: EmotionError);
    /// Started / stopped.
    fn on_state(&self, state: StreamState);
}

/// A live classification stream. See the module docs for threading rules.
#[derive(uniffi::Object)]
pub struct EmotionStream {
    detector: Arc<EmotionDetector>,
    listener: Arc<dyn EmotionListener>,
    config: StreamConfig,
    stats: Arc<Stats>,
    running: Mutex<Option<Running>>,
}

struct Running {
    inbox: Arc<Inbox>,
    worker: JoinHandle<()>,
    worker_id: ThreadId,
    microphone: bool,
}

impl std::fmt::Debug for EmotionStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmotionStream")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

#[uniffi::export]
impl EmotionStream {
    /// A stopped stream classifying with `detector`'s model and window settings.
    #[uniffi::constructor]
    pub fn new(
        detector: Arc<EmotionDetector>,
        listener: Arc<dyn EmotionListener>,
        config: StreamConfig,
    ) -> Result<Arc<Self>> {
        catch_panic(|| {
            validate(&config)?;
            Ok(Arc::new(Self {
                detector,
                listener,
                config,
                stats: Arc::new(Stats::default()),
                running: Mutex::new(None),
            }))
        })
    }

    /// Starts capturing from the default input device, or the first whose name contains
    /// `device`. Returns once the device is open. Errors: `AlreadyRunning`,
    /// `MicrophoneUnavailable`, `PermissionDenied` (on Android/iOS, ask for the
    /// permission first).
    pub fn start_microphone(&self, device: Option<String>) -> Result<()> {
        catch_panic(|| self.start_microphone_inner(device))
    }

    /// Pushes mono PCM (−1..1) at `sample_rate_hz` (8 000..=192 000); starts the stream
    /// on first use. The rate may change between calls. Errors (nothing is queued):
    /// NaN/Inf samples, an unsupported rate, or `AlreadyRunning` while the microphone
    /// feeds this stream.
    pub fn push_pcm(&self, samples: Vec<f32>, sample_rate_hz: u32) -> Result<()> {
        catch_panic(|| self.push_interleaved_inner(samples, sample_rate_hz, 1))
    }

    /// Like [`push_pcm`](Self::push_pcm) for interleaved multi-channel PCM.
    pub fn push_interleaved(
        &self,
        samples: Vec<f32>,
        sample_rate_hz: u32,
        channels: u16,
    ) -> Result<()> {
        catch_panic(|| self.push_interleaved_inner(samples, sample_rate_hz, channels))
    }

    /// Stops: the audio already received is processed (including a final window), the
    /// listener gets its last results and `Stopped`, and the worker is joined before this
    /// returns (unless called from the listener itself). Idempotent.
    pub fn stop(&self) {
        let _ = catch_panic(|| {
            self.stop_inner();
            Ok(())
        });
    }

    /// Whether the worker is running.
    pub fn is_running(&self) -> bool {
        self.lock_running()
            .as_ref()
            .is_some_and(|r| !r.worker.is_finished())
    }

    /// Counters since the stream was created.
    pub fn stats(&self) -> StreamStats {
        self.stats.snapshot()
    }
}

impl EmotionStream {
    fn lock_running(&self) -> std::sync::MutexGuard<'_, Option<Running>> {
        // A poisoned lock only means a panic elsewhere; the Option is still consistent.
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn start_microphone_inner(&self, device: Option<String>) -> Result<()> {
        let mut running = self.lock_running();
        self.reap_finished(&mut running);
        if running.is_some() {
            return Err(EmotionError::AlreadyRunning {
                reason: "stop the stream before starting the microphone".into(),
            });
        }
        let (opened_tx, opened_rx) = mpsc::sync_channel(1);
        let source = Source::Microphone {
            device,
            opened: opened_tx,
        };
        let started = self.spawn(source)?;
        match opened_rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Ok(())) => {
                *running = Some(started);
                Ok(())
            }
            Ok(Err(e)) => {
                let _ = started.worker.join();
                Err(e)
            }
            Err(_) => {
                started.inbox.request_stop();
                Err(EmotionError::MicrophoneUnavailable {
                    reason: "the input device did not open within 10 s".into(),
                })
            }
        }
    }

    fn push_interleaved_inner(
        &self,
        samples: Vec<f32>,
        sample_rate_hz: u32,
        channels: u16,
    ) -> Result<()> {
        check_sample_rate(sample_rate_hz)?;
        if channels == 0 {
            return Err(EmotionError::invalid_audio(
                "channel count must be at least 1",
            ));
        }
        if !samples.len().is_multiple_of(usize::from(channels)) {
            return Err(EmotionError::invalid_audio(format!(
                "{} samples is not a whole number of {channels}-channel frames",
                samples.len()
            )));
        }
        if let Some(i) = samples.iter().position(|s| !s.is_finite()) {
            return Err(EmotionError::invalid_audio(format!(
                "sample {i} is {}: audio must be finite numbers",
                samples[i]
            )));
        }
        if samples.is_empty() {
            return Ok(());
        }
        let inbox = {
            let mut running = self.lock_running();
            self.reap_finished(&mut running);
            match running.as_ref() {
                Some(r) if r.microphone => {
                    return Err(EmotionError::AlreadyRunning {
                        reason: "the microphone feeds this stream; stop it before pushing PCM"
                            .into(),
                    })
                }
                Some(r) => r.inbox.clone(),
                None => {
                    let started = self.spawn(Source::Push)?;
                    let inbox = started.inbox.clone();
                    *running = Some(started);
                    inbox
                }
            }
        };
        self.stats
            .samples_received
            .fetch_add(samples.len() as u64, Ordering::Relaxed);
        let capacity =
            self.config.buffer_ms as usize * sample_rate_hz as usize / 1000 * usize::from(channels);
        inbox.push(
            samples,
            sample_rate_hz,
            channels,
            capacity.max(1),
            self.config.overflow,
        );
        Ok(())
    }

    fn stop_inner(&self) {
        let Some(running) = self.lock_running().take() else {
            return;
        };
        running.inbox.request_stop();
        if thread::current().id() == running.worker_id {
            // Called from the listener: the worker finishes after this callback returns.
            return;
        }
        if running.worker.join().is_err() {
            log::error!("stream worker panicked");
        }
    }

    /// Forgets a worker that ended on its own (device lost).
    fn reap_finished(&self, running: &mut Option<Running>) {
        if running.as_ref().is_some_and(|r| r.worker.is_finished()) {
            if let Some(r) = running.take() {
                let _ = r.worker.join();
            }
        }
    }

    fn spawn(&self, source: Source) -> Result<Running> {
        let microphone = matches!(source, Source::Microphone { .. });
        let inbox = Arc::new(Inbox::default());
        let pipeline = Pipeline::new(self.detector.clone(), self.config.smoothing)?;
        let worker = Worker {
            inbox: inbox.clone(),
            listener: self.listener.clone(),
            stats: self.stats.clone(),
            pipeline,
            #[cfg(feature = "microphone")]
            buffer_ms: self.config.buffer_ms,
        };
        let handle = thread::Builder::new()
            .name("emotion-stream".into())
            .spawn(move || worker.run(source))
            .map_err(|e| EmotionError::Internal {
                reason: format!("cannot start the worker thread: {e}"),
            })?;
        Ok(Running {
            inbox,
            worker_id: handle.thread().id(),
            worker: handle,
            microphone,
        })
    }
}

impl Drop for EmotionStream {
    fn drop(&mut self) {
        self.stop_inner();
    }
}

fn validate(config: &StreamConfig) -> Result<()> {
    if !(0.0..1.0).contains(&config.smoothing) {
        return Err(EmotionError::invalid_config(format!(
            "smoothing {} must be in 0..1",
            config.smoothing
        )));
    }
    if !(100..=60_000).contains(&config.buffer_ms) {
        return Err(EmotionError::invalid_config(format!(
            "buffer_ms {} must be in 100..=60000",
            config.buffer_ms
        )));
    }
    Ok(())
}

enum Source {
    Push,
    Microphone {
        device: Option<String>,
        opened: mpsc::SyncSender<Result<()>>,
    },
}

/// Everything the worker thread owns.
struct Worker {
    inbox: Arc<Inbox>,
    listener: Arc<dyn EmotionListener>,
    stats: Arc<Stats>,
    pipeline: Pipeline,
    /// Sizes the capture ring (push mode has no ring).
    #[cfg(feature = "microphone")]
    buffer_ms: u32,
}

impl Worker {
    fn run(mut self, source: Source) {
        match source {
            Source::Push => {
                self.notify(|l| {
                    l.on_state(StreamState::Started {
                        source: AudioSource::Push,
                    })
                });
                self.run_push();
            }
            Source::Microphone { device, opened } => self.run_microphone(device, opened),
        }
        self.finish();
    }

    fn run_push(&mut self) {
        let mut reported_drops = 0;
        while let Some(chunks) = self.inbox.wait_for_audio(None) {
            for chunk in chunks {
                self.process(&chunk.samples, chunk.rate, chunk.channels);
            }
            reported_drops = self.report_drops(self.inbox.dropped(), reported_drops);
        }
    }

    #[cfg(feature = "microphone")]
    fn run_microphone(&mut self, device: Option<String>, opened: mpsc::SyncSender<Result<()>>) {
        use crate::audio::microphone::Microphone;
        use crate::audio::ring::capture_ring;
        use std::time::Instant;

        // Sized for buffer_ms of 48 kHz stereo (the usual maximum); a faster device
        // gets proportionally less time before the oldest audio is dropped.
        let (faults_tx, faults_rx) = mpsc::channel();
        let capacity = 48_000 * 2 * self.buffer_ms as usize / 1000;
        let (writer, mut reader) = capture_ring(capacity.max(4096));
        // Device enumeration can panic inside a backend (e.g. Android without an
        // initialised ndk context); this runs on the worker, outside the API's guard.
        let opening = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Microphone::open(device.as_deref(), writer, faults_tx)
        }));
        let mic = match opening {
            Ok(Ok(mic)) => mic,
            Ok(Err(e)) => {
                let _ = opened.send(Err(e));
                return;
            }
            Err(_) => {
                let _ = opened.send(Err(EmotionError::MicrophoneUnavailable {
                    reason: "the audio backend failed while opening the input device".into(),
                }));
                return;
            }
        };
        let _ = opened.send(Ok(()));
        let (rate, channels) = (mic.sample_rate_hz, mic.channels);
        self.notify(|l| {
            l.on_state(StreamState::Started {
                source: AudioSource::Microphone {
                    device: mic.device_name.clone(),
                    sample_rate_hz: rate,
                    channels,
                },
            })
        });
        let frame = usize::from(channels.max(1));
        let mut buf = vec![0.0f32; 4096 * frame];
        let mut reported_drops = 0;
        let mut last_audio = Instant::now();
        let mut heard_any = false;
        loop {
            let stop = self
                .inbox
                .wait_for_audio(Some(Duration::from_millis(10)))
                .is_none();
            if reader.available() > 0 {
                last_audio = Instant::now();
                heard_any = true;
            }
            // Fell far behind (slow listener): drop the oldest audio, keep a quarter.
            let available = reader.available();
            if available > reader.capacity() * 3 / 4 {
                let excess = available - reader.capacity() / 4;
                reader.discard_oldest(excess - excess % frame);
            }
            loop {
                let n = reader.read(&mut buf);
                let whole = n - n % frame;
                if whole > 0 {
                    self.stats
                        .samples_received
                        .fetch_add(whole as u64, Ordering::Relaxed);
                    self.process(&buf[..whole], rate, channels);
                }
                if n < buf.len() {
                    break;
                }
            }
            reported_drops = self.report_drops(reader.dropped(), reported_drops);
            let mut fatal = false;
            for fault in faults_rx.try_iter() {
                fatal |= fault.fatal;
                let error = fault.error;
                self.notify(|l| l.on_error(error.clone()));
            }
            // A device that stops delivering (unplugged, audio server gone) does not
            // always raise an error: treat silence from the backend as a lost device.
            let allowed = if heard_any {
                STALL_TIMEOUT
            } else {
                START_TIMEOUT
            };
            if !stop && !fatal && last_audio.elapsed() > allowed {
                let message = format!(
                    "no audio from input device '{}' for {} s: it may have been disconnected",
                    mic.device_name,
                    allowed.as_secs()
                );
                log::warn!("{message}");
                self.notify(|l| {
                    l.on_error(EmotionError::MicrophoneUnavailable { reason: message })
                });
                fatal = true;
            }
            if stop || fatal {
                break;
            }
        }
        release_in_background(mic);
    }

    #[cfg(not(feature = "microphone"))]
    fn run_microphone(&mut self, _device: Option<String>, opened: mpsc::SyncSender<Result<()>>) {
        let _ = opened.send(Err(EmotionError::MicrophoneUnavailable {
            reason: "this build has no microphone support (enable the `microphone` feature)".into(),
        }));
    }

    fn process(&mut self, samples: &[f32], rate: u32, channels: u16) {
        let mut results = Vec::new();
        if let Err(e) = self
            .pipeline
            .push(samples, rate, channels, &mut |r| results.push(r))
        {
            self.notify(|l| l.on_error(e.clone()));
        }
        self.deliver(results);
    }

    fn finish(&mut self) {
        let mut results = Vec::new();
        if let Err(e) = self.pipeline.finish(&mut |r| results.push(r)) {
            self.notify(|l| l.on_error(e.clone()));
        }
        self.deliver(results);
        self.notify(|l| l.on_state(StreamState::Stopped));
    }

    fn deliver(&self, results: Vec<EmotionResult>) {
        for result in results {
            self.stats.results_delivered.fetch_add(1, Ordering::Relaxed);
            self.notify(|l| l.on_result(result));
        }
    }

    /// Reports newly dropped samples (at most once per call); returns the new total.
    fn report_drops(&self, total: u64, reported: u64) -> u64 {
        self.stats.samples_dropped.store(total, Ordering::Relaxed);
        if total > reported {
            let message = format!(
                "{} samples dropped ({} in total): results could not keep up with the audio",
                total - reported,
                total
            );
            log::warn!("{message}");
            self.notify(|l| l.on_error(EmotionError::Overrun { reason: message }));
        }
        total
    }

    /// Calls the listener; a panic (or a foreign exception surfacing as one) is logged
    /// and counted, never propagated.
    fn notify(&self, call: impl FnOnce(&dyn EmotionListener)) {
        let listener = &*self.listener;
        if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call(listener))).is_err() {
            self.stats.listener_failures.fetch_add(1, Ordering::Relaxed);
            log::error!("the emotion listener panicked or threw; the stream goes on");
        }
    }
}

/// How long a running microphone may deliver nothing before it counts as lost.
#[cfg(feature = "microphone")]
const STALL_TIMEOUT: Duration = Duration::from_secs(3);
/// The same, before the first samples (some backends take 1–2 s to start).
#[cfg(feature = "microphone")]
const START_TIMEOUT: Duration = Duration::from_secs(6);

/// Drops the device stream on a detached thread. Dropping a cpal stream joins its
/// backend thread, which can block forever when the audio server died under it (seen
/// with ALSA → PulseAudio); `stop()` must not hang with it.
#[cfg(feature = "microphone")]
fn release_in_background(mic: crate::audio::microphone::Microphone) {
    let spawned = thread::Builder::new()
        .name("emotion-mic-release".into())
        .spawn(move || drop(mic));
    if let Err(e) = spawned {
        log::error!("cannot start a thread to release the microphone: {e}");
    }
}

/// A device problem reported by the capture backend.
#[cfg(feature = "microphone")]
pub(crate) struct Fault {
    pub error: EmotionError,
    /// The stream cannot continue (device gone, stream invalidated).
    pub fatal: bool,
}
