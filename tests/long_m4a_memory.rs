//! A one-hour M4A (what a phone records) is streamed, not loaded: peak memory grows by
//! far less than the decoded audio (635 MB of 44.1 kHz float), within the bound
//! `long_file_memory.rs` sets for a WAV. Linux only (peak RSS from /proc); the M4A is
//! the speech fixture looped by ffmpeg without re-encoding, so without ffmpeg the test
//! skips with a message. (Kept apart from other tests: peak RSS is per process.)

use std::process::Command;

use speech_emotion::{DetectorConfig, EmotionDetector};

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn one_hour_m4a_is_classified_in_bounded_memory() {
    if peak_rss_kib().is_none() {
        eprintln!("skipped: /proc/self/status not available on this OS");
        return;
    }
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/formats/speech_aac_44k.m4a"
    );
    let path = std::env::temp_dir().join(format!("emotion-one-hour-{}.m4a", std::process::id()));
    // 4.88 s × 735 = 59 min 44 s, moov at the end as a phone writes it.
    let made = Command::new("ffmpeg")
        .args([
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-stream_loop",
            "734",
            "-i",
            fixture,
        ])
        .args(["-c", "copy"])
        .arg(&path)
        .status();
    match made {
        Ok(status) if status.success() => {}
        _ => {
            eprintln!("skipped: ffmpeg is needed to make the one-hour M4A (apt install ffmpeg)");
            return;
        }
    }
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    let before = peak_rss_kib().unwrap();
    let result = detector.classify_file(path.to_string_lossy().into_owned());
    let after = peak_rss_kib().unwrap();
    let file_mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) / 1_000_000;
    std::fs::remove_file(&path).ok();
    let result = result.unwrap();
    assert!(result.is_speech);
    assert!(
        (3_550_000..3_620_000).contains(&result.end_ms),
        "{} ms",
        result.end_ms
    );
    let grown_mib = after.saturating_sub(before) as f64 / 1024.0;
    eprintln!("peak RSS grew by {grown_mib:.1} MiB for a one-hour, {file_mb} MB M4A");
    assert!(grown_mib < 32.0, "peak RSS grew by {grown_mib:.1} MiB");
}
