//! Helpers shared by integration tests (`mod common;`). Each test binary uses only
//! some of them.
#![allow(dead_code)]

use std::path::Path;

use speech_emotion::audio::decode;

/// Resident set size of this process, KiB (Linux `/proc/self/status`; 0 elsewhere).
pub fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Decodes a whole audio file: (interleaved samples, rate in Hz, channels).
pub fn decode_all(path: impl AsRef<Path>) -> (Vec<f32>, u32, u16) {
    let path = path.as_ref();
    let mut reader = decode::open_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (rate, channels) = (reader.sample_rate_hz(), reader.channels());
    let (mut all, mut chunk) = (Vec::new(), Vec::new());
    while reader.next_chunk(&mut chunk).unwrap() {
        all.extend_from_slice(&chunk);
    }
    (all, rate, channels)
}
