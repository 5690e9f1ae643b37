//! Proves the per-frame path of the extractor never allocates: a counting global
//! allocator wraps the system one, and `push` of one second of audio (100 frames) must
//! leave the count unchanged. (Its own test binary, so no other test allocates
//! concurrently through the same counter.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use speech_emotion::features::{FeatureConfig, LogMelExtractor};

struct CountingAllocator;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

#[test]
fn push_does_not_allocate() {
    let config: FeatureConfig = serde_json::from_str(include_str!("../training/features.json")).unwrap();
    let mut extractor = LogMelExtractor::new(&config).unwrap();
    let signal: Vec<f32> = (0..16_000).map(|n| ((n as f32) * 0.05).sin() * 0.2).collect();
    let mut frames = 0usize;
    let mut checksum = 0.0f32;
    // Warm up once (nothing should allocate here either, but be fair to lazy init).
    extractor.push(&signal[..1_000], |f| checksum += f.log_mel[0]);

    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for chunk in signal.chunks(237) {
        extractor.push(chunk, |f| {
            frames += 1;
            checksum += f.log_mel[0];
        });
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);

    assert!(frames >= 95, "only {frames} frames");
    assert!(checksum.is_finite());
    assert_eq!(after - before, 0, "push allocated {} times for {frames} frames", after - before);
}

#[test]
fn the_counter_sees_allocations() {
    // Guards against a counter that cannot fail: a Vec must register.
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let v: Vec<u64> = std::hint::black_box(Vec::with_capacity(100));
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    drop(v);
    assert!(after > before);
}
