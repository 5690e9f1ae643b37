//! Helpers shared by integration tests (`mod common;`).

/// Resident set size of this process, KiB (Linux `/proc/self/status`; 0 elsewhere).
pub fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}
