//! A 2-hour WAV is streamed, not loaded: peak memory grows by far less than the file.
//! (Linux only: reads the process's peak RSS from /proc.) The audio is digital silence
//! so the test measures decoding and feature memory, not model time; the same bound
//! was measured with speech in the issue notes.

use std::io::{BufWriter, Write};

use speech_emotion::{DetectorConfig, EmotionDetector};

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn two_hour_wav_is_classified_in_bounded_memory() {
    let Some(_) = peak_rss_kib() else {
        eprintln!("skipped: /proc/self/status not available on this OS");
        return;
    };
    let seconds = 2 * 3600;
    let rate = 16_000u32;
    let samples = seconds * rate; // 8-bit mono: one byte per sample, 115 MB
    let path = std::env::temp_dir().join(format!("emotion-two-hours-{}.wav", std::process::id()));
    {
        let mut w = BufWriter::new(std::fs::File::create(&path).unwrap());
        w.write_all(b"RIFF").unwrap();
        w.write_all(&(36 + samples).to_le_bytes()).unwrap();
        w.write_all(b"WAVEfmt ").unwrap();
        w.write_all(&16u32.to_le_bytes()).unwrap(); // fmt chunk size
        w.write_all(&1u16.to_le_bytes()).unwrap(); // PCM
        w.write_all(&1u16.to_le_bytes()).unwrap(); // mono
        w.write_all(&rate.to_le_bytes()).unwrap();
        w.write_all(&rate.to_le_bytes()).unwrap(); // byte rate
        w.write_all(&1u16.to_le_bytes()).unwrap(); // block align
        w.write_all(&8u16.to_le_bytes()).unwrap(); // bits
        w.write_all(b"data").unwrap();
        w.write_all(&samples.to_le_bytes()).unwrap();
        let silence = vec![128u8; 1 << 20]; // unsigned 8-bit zero
        let mut left = samples as usize;
        while left > 0 {
            let n = left.min(silence.len());
            w.write_all(&silence[..n]).unwrap();
            left -= n;
        }
    }
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    let before = peak_rss_kib().unwrap();
    let result = detector.classify_file(path.to_string_lossy().into_owned());
    let after = peak_rss_kib().unwrap();
    std::fs::remove_file(&path).ok();
    let result = result.unwrap();
    assert!(!result.is_speech);
    assert_eq!(result.end_ms, u64::from(seconds) * 1000);
    let grown_mib = (after.saturating_sub(before)) as f64 / 1024.0;
    eprintln!(
        "peak RSS grew by {grown_mib:.1} MiB for a {} MB file",
        samples / 1_000_000
    );
    assert!(grown_mib < 32.0, "peak RSS grew by {grown_mib:.1} MiB");
}
