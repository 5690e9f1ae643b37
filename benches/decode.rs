//! Decoding speed per format, side by side with the ffmpeg CLI in one run:
//! `cargo bench --bench decode`. Each format's fixture is looped by ffmpeg (no
//! re-encoding) into one minute of audio; then, alternating, this library decodes it to
//! `f32` (`audio::decode`, what `classify_file` runs before resampling) and
//! `ffmpeg -benchmark -i FILE -f null -` decodes it. ffmpeg's own `rtime` (its demux +
//! decode loop, without process start and library loading) is what the ratio compares
//! with; the whole command's wall time is printed beside it. Medians of 7 runs of each.
//! Needs ffmpeg; skips without it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use speech_emotion::audio::decode::open_file;

const FORMATS: &[&str] = &[
    "speech_aac_44k.m4a",
    "speech_adts_44k.aac",
    "speech_44k.mp3",
    "speech_opus.ogg",
    "female_opus_stereo.webm",
    "speech_vorbis.oga",
    "speech_pcm_8k.caf",
];
const RUNS: usize = 7;

fn ffmpeg(args: &[&str]) -> bool {
    Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-y"])
        .args(args)
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `ffmpeg -benchmark` decoding `path` to nothing; returns (its rtime, wall time).
fn ffmpeg_decode(path: &str) -> (Duration, Duration) {
    let start = Instant::now();
    let out = Command::new("ffmpeg")
        .args([
            "-nostdin",
            "-hide_banner",
            "-nostats",
            "-benchmark",
            "-i",
            path,
            "-f",
            "null",
            "-",
        ])
        .output()
        .unwrap();
    let wall = start.elapsed();
    assert!(out.status.success(), "ffmpeg failed on {path}");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let rtime = text
        .split("rtime=")
        .nth(1)
        .and_then(|rest| rest.split('s').next())
        .and_then(|secs| secs.trim().parse::<f64>().ok())
        .unwrap_or_else(|| panic!("no rtime in ffmpeg's output: {text}"));
    (Duration::from_secs_f64(rtime), wall)
}

fn ours(path: &Path) -> usize {
    let mut reader = open_file(path).unwrap();
    let mut chunk = Vec::new();
    let mut samples = 0;
    while reader.next_chunk(&mut chunk).unwrap() {
        samples += chunk.len();
    }
    samples
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    if !ffmpeg(&["-version"]) {
        eprintln!("skipped: the decode benchmark compares with ffmpeg (apt install ffmpeg)");
        return;
    }
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats");
    let scratch = tempfile::tempdir().unwrap();
    println!("one minute of audio per file; median of {RUNS} runs each, alternating");
    println!(
        "{:<26} {:>12} {:>14} {:>14} {:>8}",
        "format", "this library", "ffmpeg decode", "ffmpeg wall", "ratio"
    );
    for name in FORMATS {
        let minute: PathBuf = scratch.path().join(format!("minute_{name}"));
        let fixture = fixtures.join(name);
        // The fixtures are 3.8-4.9 s: 17 copies, cut at 60 s.
        assert!(
            ffmpeg(&[
                "-stream_loop",
                "16",
                "-i",
                fixture.to_str().unwrap(),
                "-c",
                "copy",
                "-t",
                "60",
                minute.to_str().unwrap(),
            ]),
            "ffmpeg could not loop {name}"
        );
        let minute_str = minute.to_str().unwrap();
        let (mut lib, mut decode, mut wall) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let start = Instant::now();
            std::hint::black_box(ours(&minute));
            lib.push(start.elapsed());
            let (rtime, whole) = ffmpeg_decode(minute_str);
            decode.push(rtime);
            wall.push(whole);
        }
        let (lib, decode, wall) = (median(lib), median(decode), median(wall));
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "{:<26} {:>9.1} ms {:>11.1} ms {:>11.1} ms {:>7.2}x",
            name,
            ms(lib),
            ms(decode),
            ms(wall),
            lib.as_secs_f64() / decode.as_secs_f64()
        );
    }
    println!("(ratio: this library's time / ffmpeg's decode loop; > 1 means slower than ffmpeg)");
}
