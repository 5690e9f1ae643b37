//! Proves the per-frame path of the extractor never allocates: a counting global
//! allocator wraps the system one, and `push` of one second of audio (100 frames) must
//! leave the count unchanged. The count is per thread, so the test harness and other
//! tests running concurrently do not disturb it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use speech_emotion::features::{FeatureConfig, LogMelExtractor};

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    // `try_with`: during thread teardown the slot may be gone; those allocations are
    // not ours to count.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

#[test]
fn push_does_not_allocate() {
    let config: FeatureConfig =
        serde_json::from_str(include_str!("../training/features.json")).unwrap();
    let mut extractor = LogMelExtractor::new(&config).unwrap();
    let signal: Vec<f32> = (0..16_000)
        .map(|n| ((n as f32) * 0.05).sin() * 0.2)
        .collect();
    let mut frames = 0usize;
    let mut checksum = 0.0f32;
    // Warm up once (nothing should allocate here either, but be fair to lazy init).
    extractor.push(&signal[..1_000], |f| checksum += f.log_mel[0]);

    let before = allocations();
    for chunk in signal.chunks(237) {
        extractor.push(chunk, |f| {
            frames += 1;
            checksum += f.log_mel[0];
        });
    }
    let after = allocations();

    assert!(frames >= 95, "only {frames} frames");
    assert!(checksum.is_finite());
    assert_eq!(
        after - before,
        0,
        "push allocated {} times for {frames} frames",
        after - before
    );
}

#[test]
fn the_counter_sees_allocations() {
    // Guards against a counter that cannot fail: a Vec must register.
    let before = allocations();
    let v: Vec<u64> = std::hint::black_box(Vec::with_capacity(100));
    let after = allocations();
    drop(v);
    assert!(after > before);
}
