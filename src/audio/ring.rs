//! The hand-off between the audio thread and the worker: a single-producer,
//! single-consumer ring of interleaved `f32` samples (ringbuf).
//!
//! # Real-time considerations
//!
//! [`CaptureWriter::write`] is the only thing the audio callback does. It copies samples
//! into pre-allocated memory and bumps an atomic counter when the ring is full: no
//! allocation, no lock, no logging, no I/O, no blocking (`tests/realtime_callback.rs`
//! counts allocations around it). Samples that do not fit are dropped and counted; the
//! worker reports the count. Everything else (downmix, resampling, features, model,
//! listener calls) happens on the worker thread.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use ringbuf::traits::{Consumer, Observer, Producer, Split};
use ringbuf::{HeapCons, HeapProd, HeapRb};

/// A ring holding `capacity` samples, split into its two ends.
pub fn capture_ring(capacity: usize) -> (CaptureWriter, CaptureReader) {
    let (producer, consumer) = HeapRb::<f32>::new(capacity.max(1)).split();
    let dropped = Arc::new(AtomicU64::new(0));
    (
        CaptureWriter {
            producer,
            dropped: dropped.clone(),
        },
        CaptureReader { consumer, dropped },
    )
}

/// The audio thread's end. `Send`, not `Sync`: exactly one thread writes.
pub struct CaptureWriter {
    producer: HeapProd<f32>,
    dropped: Arc<AtomicU64>,
}

impl CaptureWriter {
    /// Copies `samples` into the ring; what does not fit is dropped and counted.
    /// Real-time safe (see the module docs).
    #[inline]
    pub fn write(&mut self, samples: &[f32]) {
        let written = self.producer.push_slice(samples);
        self.count_dropped(samples.len() - written);
    }

    /// Like [`write`](Self::write) for integer devices: each sample is scaled to −1..1
    /// with `to_f32` as it is copied (a multiply per sample; still no allocation).
    #[inline]
    pub fn write_converted<T: Copy>(&mut self, samples: &[T], to_f32: impl Fn(T) -> f32) {
        let written = self.producer.push_iter(samples.iter().map(|&s| to_f32(s)));
        self.count_dropped(samples.len() - written);
    }

    #[inline]
    fn count_dropped(&self, n: usize) {
        if n > 0 {
            self.dropped.fetch_add(n as u64, Ordering::Relaxed);
        }
    }
}

/// The worker's end.
pub struct CaptureReader {
    consumer: HeapCons<f32>,
    dropped: Arc<AtomicU64>,
}

impl CaptureReader {
    /// Moves up to `out.len()` of the oldest samples into `out`; returns how many.
    pub fn read(&mut self, out: &mut [f32]) -> usize {
        self.consumer.pop_slice(out)
    }

    /// Samples waiting in the ring.
    pub fn available(&self) -> usize {
        self.consumer.occupied_len()
    }

    /// Ring size in samples.
    pub fn capacity(&self) -> usize {
        self.consumer.capacity().get()
    }

    /// Discards the `n` oldest samples (the worker's way to catch up after a stall) and
    /// counts them as dropped. Returns how many were discarded.
    pub fn discard_oldest(&mut self, n: usize) -> usize {
        let skipped = self.consumer.skip(n);
        self.dropped.fetch_add(skipped as u64, Ordering::Relaxed);
        skipped
    }

    /// Samples dropped so far, by the writer (ring full) or by [`discard_oldest`](Self::discard_oldest).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}
