//! The audio callback's body — [`CaptureWriter::write`] / [`write_converted`] — must not
//! allocate or log, whether the ring has room or is full (samples dropped). A counting
//! global allocator and a counting logger watch this thread while it runs. (Locks: the
//! writer holds none; ringbuf's SPSC producer is atomics only.)
//!
//! [`write_converted`]: CaptureWriter::write_converted

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use speech_emotion::audio::ring::{capture_ring, CaptureWriter};

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

static LOG_RECORDS: AtomicUsize = AtomicUsize::new(0);

struct CountingLogger;

impl log::Log for CountingLogger {
    fn enabled(&self, _: &log::Metadata) -> bool {
        true
    }
    fn log(&self, _: &log::Record) {
        LOG_RECORDS.fetch_add(1, Ordering::SeqCst);
    }
    fn flush(&self) {}
}

/// What cpal's data callback does with one device buffer (see `audio/microphone.rs`).
fn callback_f32(writer: &mut CaptureWriter, data: &[f32]) {
    writer.write(data);
}

fn callback_i16(writer: &mut CaptureWriter, data: &[i16]) {
    writer.write_converted(data, |s| f32::from(s) / 32_768.0);
}

#[test]
fn callback_never_allocates_or_logs() {
    log::set_logger(&CountingLogger).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let (mut writer, mut reader) = capture_ring(4_800);
    let buffer_f32: Vec<f32> = (0..480).map(|i| (i as f32 * 0.01).sin()).collect();
    let buffer_i16: Vec<i16> = (0..480).map(|i| (i * 37 % 2000) as i16).collect();
    let mut drained = vec![0.0f32; 4_800];

    let allocs_before = allocations();
    let logs_before = LOG_RECORDS.load(Ordering::SeqCst);
    // 1 000 callbacks with a worker draining: the ring has room.
    for i in 0..1_000 {
        if i % 2 == 0 {
            callback_f32(&mut writer, &buffer_f32);
        } else {
            callback_i16(&mut writer, &buffer_i16);
        }
        reader.read(&mut drained);
    }
    // 100 callbacks with a stalled worker: the ring fills and samples are dropped.
    for _ in 0..100 {
        callback_f32(&mut writer, &buffer_f32);
        callback_i16(&mut writer, &buffer_i16);
    }
    let allocs = allocations() - allocs_before;
    let logs = LOG_RECORDS.load(Ordering::SeqCst) - logs_before;

    assert_eq!(allocs, 0, "the callback allocated {allocs} times");
    assert_eq!(logs, 0, "the callback logged {logs} records");
    assert_eq!(reader.available(), 4_800, "the ring should be full");
    assert_eq!(
        reader.dropped(),
        200 * 480 - 4_800,
        "every sample that did not fit is counted"
    );
    // The samples that were kept are the converted ones, in order.
    let n = reader.read(&mut drained);
    assert_eq!(n, 4_800);
    assert_eq!(drained[..480], buffer_f32[..]);
    assert!((drained[480 + 1] - f32::from(buffer_i16[1]) / 32_768.0).abs() < 1e-9);
}

#[test]
fn discarding_the_oldest_counts_them() {
    let (mut writer, mut reader) = capture_ring(1_000);
    writer.write(&(0..1_000).map(|i| i as f32).collect::<Vec<_>>());
    assert_eq!(reader.discard_oldest(600), 600);
    assert_eq!(reader.dropped(), 600);
    let mut out = [0.0f32; 10];
    reader.read(&mut out);
    assert_eq!(out[0], 600.0, "the newest samples are the ones kept");
}
