//! The queue between `push_pcm` callers and the worker, and the stream's counters.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

use super::{OverflowPolicy, StreamStats};

/// Interleaved samples pushed in one call.
pub(super) struct Chunk {
    pub samples: Vec<f32>,
    pub rate: u32,
    pub channels: u16,
}

/// Pushed audio waiting for the worker, plus the stop request. Held only briefly by
/// either side (never while processing audio or calling the listener).
#[derive(Default)]
pub(super) struct Inbox {
    state: Mutex<State>,
    audio_ready: Condvar,
    space_ready: Condvar,
    dropped: AtomicU64,
}

#[derive(Default)]
struct State {
    chunks: VecDeque<Chunk>,
    queued_samples: usize,
    stop: bool,
}

impl Inbox {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a chunk, keeping at most `capacity` samples queued (beyond one chunk):
    /// drops the oldest chunks or waits for room, per `policy`. Ignored after stop.
    pub fn push(
        &self,
        samples: Vec<f32>,
        rate: u32,
        channels: u16,
        capacity: usize,
        policy: OverflowPolicy,
    ) {
        let mut state = self.lock();
        while state.queued_samples > 0
            && state.queued_samples + samples.len() > capacity
            && !state.stop
        {
            match policy {
                OverflowPolicy::Block => {
                    state = self
                        .space_ready
                        .wait(state)
                        .unwrap_or_else(|e| e.into_inner());
                }
                OverflowPolicy::DropOldest => {
                    if let Some(oldest) = state.chunks.pop_front() {
                        state.queued_samples -= oldest.samples.len();
                        self.dropped
                            .fetch_add(oldest.samples.len() as u64, Ordering::Relaxed);
                    }
                }
            }
        }
        if state.stop {
            return;
        }
        state.queued_samples += samples.len();
        state.chunks.push_back(Chunk {
            samples,
            rate,
            channels,
        });
        self.audio_ready.notify_one();
    }

    /// Asks the worker to finish what is queued and stop; wakes any waiting pusher.
    pub fn request_stop(&self) {
        self.lock().stop = true;
        self.audio_ready.notify_all();
        self.space_ready.notify_all();
    }

    /// Takes everything queued. Without a timeout, waits until audio arrives; with one,
    /// returns an empty batch when it elapses. `None` once stop was requested and the
    /// queue is empty.
    pub fn wait_for_audio(&self, timeout: Option<Duration>) -> Option<Vec<Chunk>> {
        let mut state = self.lock();
        loop {
            if !state.chunks.is_empty() {
                state.queued_samples = 0;
                let chunks = state.chunks.drain(..).collect();
                self.space_ready.notify_all();
                return Some(chunks);
            }
            if state.stop {
                return None;
            }
            match timeout {
                None => {
                    state = self
                        .audio_ready
                        .wait(state)
                        .unwrap_or_else(|e| e.into_inner())
                }
                Some(t) => {
                    let (next, _) = self
                        .audio_ready
                        .wait_timeout(state, t)
                        .unwrap_or_else(|e| e.into_inner());
                    state = next;
                    if state.chunks.is_empty() && !state.stop {
                        return Some(Vec::new());
                    }
                }
            }
        }
    }

    /// Samples dropped by [`OverflowPolicy::DropOldest`].
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}

/// Counters shared by the stream object and its workers.
#[derive(Default)]
pub(super) struct Stats {
    pub samples_received: AtomicU64,
    pub samples_dropped: AtomicU64,
    pub results_delivered: AtomicU64,
    pub listener_failures: AtomicU64,
}

impl Stats {
    pub fn snapshot(&self) -> StreamStats {
        StreamStats {
            samples_received: self.samples_received.load(Ordering::Relaxed),
            samples_dropped: self.samples_dropped.load(Ordering::Relaxed),
            results_delivered: self.results_delivered.load(Ordering::Relaxed),
            listener_failures: self.listener_failures.load(Ordering::Relaxed),
        }
    }
}
