//! The phones run ARM: tract's arm64 / armv7 NEON kernels, rustfft's NEON (or scalar)
//! paths and the decoders' float code on those CPUs must give what x86-64 gives.
//!
//! `tests/fixtures/cross_arch/x86_64.json` holds, for every audio fixture under
//! `tests/fixtures/` (WAV, FLAC, and the compressed formats in `formats/`; not `fuzz/`),
//! what the library computes on x86-64: the decoded PCM (rate, channels, length, RMS,
//! peak, 16 probe samples), the clip verdict (`classify_file`), every window of
//! `timeline_file`, and a summary of the log-mel frames (`log_mel_features`: frame
//! count, per-band means, means of 50-frame blocks, the middle frame), or the error kind
//! for fixtures that must be refused. This test recomputes all of it on the machine it
//! runs on and compares. `scripts/cross-check.sh` runs it under qemu-user for aarch64
//! and armv7 Linux; in `cargo test` it runs natively and so also says when the
//! reference is stale.
//!
//! Regenerate the reference on x86-64 (after a model, feature, decoder or fixture
//! change) with `tests/fixtures/cross_arch/regenerate.sh`. A fixture on disk that the
//! reference lacks fails the test, so new decoder fixtures are covered once they land.
//!
//! Tolerances (docs/cross-arch.md has the measurements; the design note's release CLI
//! on 317 files under qemu: same labels, scores within 0.004):
//! - clip scores (calibrated probabilities, 0..1): |Δ| ≤ `CLIP_SCORE_TOLERANCE` for
//!   every label; window scores: |Δ| ≤ `WINDOW_SCORE_TOLERANCE`. A single window moves
//!   more than a clip: the int8 model quantises its log-mel input, so a feature that
//!   rounds to the neighbouring step on one CPU shifts that window; the clip averages
//!   its windows. Labels and speech/no-speech decisions must be equal; a label may
//!   differ only where x86's top two scores are within twice the tolerance (a tie that
//!   rounding can break).
//! - log-mel (natural log of mel power): |Δ| ≤ `LOG_MEL_TOLERANCE` on every summary
//!   value (rustfft's AVX, NEON and scalar FFTs and the resampler round differently).
//! - decoded PCM (−1..1): |Δ| ≤ `PCM_TOLERANCE` on RMS, peak and probes; length, rate
//!   and channel count exact.
//!
//! `SPEECH_EMOTION_CROSS_ARCH_ONLY=a,b` checks only the fixtures whose name contains
//! `a` or `b` (for debugging under a slow emulator).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use speech_emotion::audio::decode;
use speech_emotion::{log_mel_features, DetectorConfig, EmotionDetector, EmotionResult};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/cross_arch/x86_64.json"
);
/// Set to write the reference instead of checking it (x86-64 only).
const WRITE_ENV: &str = "SPEECH_EMOTION_WRITE_CROSS_ARCH_REFERENCE";
const ONLY_ENV: &str = "SPEECH_EMOTION_CROSS_ARCH_ONLY";

const CLIP_SCORE_TOLERANCE: f32 = 0.01;
const WINDOW_SCORE_TOLERANCE: f32 = 0.05;
const LOG_MEL_TOLERANCE: f32 = 2e-3;
/// Log-mel values below ln(1e-7) (mel power within 30 dB of the 1e-10 floor) are float
/// round-off of tiny powers: a relative error there is a large log one.
const LOG_MEL_NEAR_FLOOR: f32 = -16.118_096;
const LOG_MEL_NEAR_FLOOR_TOLERANCE: f32 = 0.05;
const PCM_TOLERANCE: f32 = 1e-4;

/// Extensions of the audio fixtures (the decoder recognises content, not names; these
/// are the names fixtures are given).
const AUDIO_EXTENSIONS: &[&str] = &[
    "wav", "flac", "m4a", "mp4", "aac", "mp3", "ogg", "oga", "opus", "caf", "3gp", "webm", "aif",
    "aiff",
];
const PCM_PROBES: usize = 16;
const LOG_MEL_BLOCK: usize = 50;

#[derive(Debug, Serialize, Deserialize)]
struct Reference {
    about: String,
    generated_on: String,
    /// The model's labels, the order of every `scores` list.
    labels: Vec<String>,
    files: BTreeMap<String, FileOutputs>,
}

#[derive(Debug, Serialize, Deserialize)]
struct FileOutputs {
    decoded: Result<Decoded, String>,
    clip: Result<Verdict, String>,
    windows: Result<Vec<Verdict>, String>,
    log_mel: Result<LogMel, String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Decoded {
    sample_rate_hz: u32,
    channels: u16,
    samples: usize,
    rms: f32,
    peak: f32,
    /// `PCM_PROBES` samples, evenly spaced over the interleaved stream.
    probes: Vec<f32>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Verdict {
    start_ms: u64,
    end_ms: u64,
    emotion: String,
    is_speech: bool,
    /// In the reference's label order.
    scores: Vec<f32>,
}

#[derive(Debug, Serialize, Deserialize)]
struct LogMel {
    frames: u32,
    n_mels: u32,
    /// Mean of each band over all frames.
    band_means: Vec<f32>,
    /// Mean of all values of each block of `LOG_MEL_BLOCK` frames.
    block_means: Vec<f32>,
    /// The middle frame, whole (empty when there are no frames).
    middle_frame: Vec<f32>,
}

/// The error kind only (`InvalidAudio`, …): messages carry paths that differ per machine.
fn kind(e: &speech_emotion::EmotionError) -> String {
    let debug = format!("{e:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_string()
}

/// Audio fixtures under `tests/fixtures/` (subfolders too, but not `fuzz/`: fuzzer
/// finds are about not crashing, and may hold non-finite samples JSON cannot carry).
fn audio_fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "fuzz") {
                    walk(&path, out);
                }
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| AUDIO_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
            {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new(FIXTURES), &mut files);
    files.sort();
    files
}

/// A fixture's name in the reference: its path under `tests/fixtures/`, `/`-separated.
fn fixture_name(path: &Path) -> String {
    let relative = path.strip_prefix(FIXTURES).unwrap();
    let parts: Vec<_> = relative.iter().map(|p| p.to_str().unwrap()).collect();
    parts.join("/")
}

fn decoded(path: &Path) -> Result<Decoded, String> {
    let mut reader = decode::open_file(path).map_err(|e| kind(&e))?;
    let (sample_rate_hz, channels) = (reader.sample_rate_hz(), reader.channels());
    let (mut all, mut chunk) = (Vec::new(), Vec::new());
    while reader.next_chunk(&mut chunk).map_err(|e| kind(&e))? {
        all.extend_from_slice(&chunk);
    }
    let sum_sq: f64 = all.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
    let rms = if all.is_empty() {
        0.0
    } else {
        (sum_sq / all.len() as f64).sqrt() as f32
    };
    let peak = all.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    let probes = (0..PCM_PROBES)
        .filter_map(|i| all.get(i * all.len() / PCM_PROBES).copied())
        .collect();
    Ok(Decoded {
        sample_rate_hz,
        channels,
        samples: all.len(),
        rms,
        peak,
        probes,
    })
}

fn verdict(r: &EmotionResult, labels: &[String]) -> Verdict {
    let score = |label: &String| {
        r.scores
            .iter()
            .find(|s| &s.label == label)
            .map_or(f32::NAN, |s| s.score)
    };
    Verdict {
        start_ms: r.start_ms,
        end_ms: r.end_ms,
        emotion: r.emotion.clone(),
        is_speech: r.is_speech,
        scores: labels.iter().map(score).collect(),
    }
}

fn log_mel(path: &Path) -> Result<LogMel, String> {
    let f = log_mel_features(path.to_str().unwrap().to_string(), None).map_err(|e| kind(&e))?;
    let (frames, n_mels) = (f.frames as usize, f.n_mels as usize);
    let mean = |values: &mut dyn Iterator<Item = f32>| {
        let (sum, n) = values.fold((0.0f64, 0usize), |(s, n), v| (s + f64::from(v), n + 1));
        (sum / n.max(1) as f64) as f32
    };
    let band_means = (0..n_mels)
        .map(|b| mean(&mut (0..frames).map(|t| f.values[t * n_mels + b])))
        .collect();
    let block_means = f
        .values
        .chunks(LOG_MEL_BLOCK * n_mels)
        .map(|block| mean(&mut block.iter().copied()))
        .collect();
    let middle = frames / 2;
    let middle_frame = if frames == 0 {
        Vec::new()
    } else {
        f.values[middle * n_mels..(middle + 1) * n_mels].to_vec()
    };
    Ok(LogMel {
        frames: f.frames,
        n_mels: f.n_mels,
        band_means,
        block_means,
        middle_frame,
    })
}

/// Time spent per kind of work, for the log (emulators are slow; this says where).
#[derive(Default)]
struct Timings {
    decode: Duration,
    clip: Duration,
    windows: Duration,
    log_mel: Duration,
}

fn timed<T>(total: &mut Duration, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    *total += start.elapsed();
    out
}

fn compute(
    detector: &EmotionDetector,
    labels: &[String],
    path: &Path,
    t: &mut Timings,
) -> FileOutputs {
    let name = path.to_str().unwrap().to_string();
    FileOutputs {
        decoded: timed(&mut t.decode, || decoded(path)),
        clip: timed(&mut t.clip, || {
            detector
                .classify_file(name.clone())
                .map(|r| verdict(&r, labels))
                .map_err(|e| kind(&e))
        }),
        windows: timed(&mut t.windows, || {
            detector
                .timeline_file(name)
                .map(|w| w.iter().map(|r| verdict(r, labels)).collect())
                .map_err(|e| kind(&e))
        }),
        log_mel: timed(&mut t.log_mel, || log_mel(path)),
    }
}

/// Largest |Δ| seen per quantity, and what went wrong.
#[derive(Default)]
struct Diff {
    clip: f32,
    window: f32,
    log_mel: f32,
    /// Over values where x86's is below `LOG_MEL_NEAR_FLOOR`.
    log_mel_floor: f32,
    pcm: f32,
    failures: Vec<String>,
}

impl Diff {
    /// Compares element-wise; returns the largest |Δ|.
    fn values(&mut self, what: &str, tolerance: f32, ours: &[f32], theirs: &[f32]) -> f32 {
        if ours.len() != theirs.len() {
            self.failures.push(format!(
                "{what}: {} values, x86 has {}",
                ours.len(),
                theirs.len()
            ));
            return 0.0;
        }
        let mut max = 0.0f32;
        for (i, (&a, &b)) in ours.iter().zip(theirs).enumerate() {
            let d = (a - b).abs();
            // A NaN on either side is a failure.
            if d.is_nan() || d > tolerance {
                self.failures.push(format!(
                    "{what}[{i}]: {a} here, {b} on x86 (|Δ| {d} > {tolerance})"
                ));
            }
            if d.is_finite() {
                max = max.max(d);
            }
        }
        max
    }

    fn same<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, ours: T, theirs: T) {
        if ours != theirs {
            self.failures
                .push(format!("{what}: {ours:?} here, {theirs:?} on x86"));
        }
    }

    fn outcome<'a, T>(
        &mut self,
        what: &str,
        ours: &'a Result<T, String>,
        theirs: &'a Result<T, String>,
    ) -> Option<(&'a T, &'a T)> {
        match (ours, theirs) {
            (Ok(a), Ok(b)) => Some((a, b)),
            (Err(a), Err(b)) => {
                self.same(&format!("{what} error"), a, b);
                None
            }
            (Ok(_), Err(b)) => {
                self.failures
                    .push(format!("{what}: succeeds here, fails on x86 ({b})"));
                None
            }
            (Err(a), Ok(_)) => {
                self.failures
                    .push(format!("{what}: fails here ({a}), succeeds on x86"));
                None
            }
        }
    }

    /// Compares log-mel values, with the looser tolerance where x86's is near the floor;
    /// records the largest |Δ| above and near the floor.
    fn log_mel_values(&mut self, what: &str, ours: &[f32], theirs: &[f32]) {
        if ours.len() != theirs.len() {
            self.same(&format!("{what} length"), ours.len(), theirs.len());
            return;
        }
        for (i, (&a, &b)) in ours.iter().zip(theirs).enumerate() {
            let d = (a - b).abs();
            let (tolerance, max) = if b >= LOG_MEL_NEAR_FLOOR {
                (LOG_MEL_TOLERANCE, &mut self.log_mel)
            } else {
                (LOG_MEL_NEAR_FLOOR_TOLERANCE, &mut self.log_mel_floor)
            };
            if d.is_finite() {
                *max = max.max(d);
            }
            if d.is_nan() || d > tolerance {
                self.failures.push(format!(
                    "{what}[{i}]: {a} here, {b} on x86 (|Δ| {d} > {tolerance})"
                ));
            }
        }
    }

    /// Compares two verdicts; returns the largest score |Δ|.
    fn verdict(&mut self, what: &str, tolerance: f32, ours: &Verdict, theirs: &Verdict) -> f32 {
        self.same(
            &format!("{what} span (ms)"),
            (ours.start_ms, ours.end_ms),
            (theirs.start_ms, theirs.end_ms),
        );
        self.same(
            &format!("{what} is_speech"),
            ours.is_speech,
            theirs.is_speech,
        );
        let d = self.values(
            &format!("{what} scores"),
            tolerance,
            &ours.scores,
            &theirs.scores,
        );
        if ours.emotion != theirs.emotion {
            let mut sorted = theirs.scores.clone();
            sorted.sort_by(|a, b| b.total_cmp(a));
            let margin = sorted.first().unwrap_or(&1.0) - sorted.get(1).unwrap_or(&0.0);
            if margin > 2.0 * tolerance {
                self.failures.push(format!(
                    "{what} emotion: {} here, {} on x86 (x86's top-two margin {margin})",
                    ours.emotion, theirs.emotion
                ));
            }
        }
        d
    }

    fn file(&mut self, ours: &FileOutputs, theirs: &FileOutputs) {
        if let Some((a, b)) = self.outcome("decoded", &ours.decoded, &theirs.decoded) {
            self.same(
                "decoded rate, channels, length",
                (a.sample_rate_hz, a.channels, a.samples),
                (b.sample_rate_hz, b.channels, b.samples),
            );
            let d = self.values(
                "decoded rms, peak",
                PCM_TOLERANCE,
                &[a.rms, a.peak],
                &[b.rms, b.peak],
            );
            let p = self.values("decoded probes", PCM_TOLERANCE, &a.probes, &b.probes);
            self.pcm = self.pcm.max(d).max(p);
        }
        if let Some((a, b)) = self.outcome("clip", &ours.clip, &theirs.clip) {
            self.clip = self.verdict("clip", CLIP_SCORE_TOLERANCE, a, b);
        }
        if let Some((a, b)) = self.outcome("windows", &ours.windows, &theirs.windows) {
            self.same("window count", a.len(), b.len());
            for (i, (wa, wb)) in a.iter().zip(b).enumerate() {
                let d = self.verdict(&format!("window {i}"), WINDOW_SCORE_TOLERANCE, wa, wb);
                self.window = self.window.max(d);
            }
        }
        if let Some((a, b)) = self.outcome("log-mel", &ours.log_mel, &theirs.log_mel) {
            self.same("log-mel shape", (a.frames, a.n_mels), (b.frames, b.n_mels));
            self.log_mel_values("log-mel band means", &a.band_means, &b.band_means);
            self.log_mel_values("log-mel block means", &a.block_means, &b.block_means);
            self.log_mel_values("log-mel middle frame", &a.middle_frame, &b.middle_frame);
        }
    }
}

/// JSON with one line per record: objects whose values are all numbers, strings or
/// lists of them stay on one line (a window, a decoded summary), so the file is short
/// and a diff shows which fixture and which record changed.
fn to_json_lines(value: &Value, indent: usize, out: &mut String) {
    let flat = |v: &Value| match v {
        Value::Array(a) => a.iter().all(|x| !x.is_array() && !x.is_object()),
        Value::Object(_) => false,
        _ => true,
    };
    let pad = "  ".repeat(indent + 1);
    match value {
        Value::Object(map) if !map.values().all(flat) => {
            out.push_str("{\n");
            for (i, (k, v)) in map.iter().enumerate() {
                out.push_str(&format!("{pad}{}: ", Value::String(k.clone())));
                to_json_lines(v, indent + 1, out);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}}}", "  ".repeat(indent)));
        }
        Value::Array(items) if !flat(value) => {
            out.push_str("[\n");
            for (i, v) in items.iter().enumerate() {
                out.push_str(&pad);
                to_json_lines(v, indent + 1, out);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&format!("{}]", "  ".repeat(indent)));
        }
        _ => out.push_str(&scalar_json(value)),
    }
}

/// Compact JSON for a scalar or a flat list, with the reference's floats (all `f32`)
/// written in `f32`'s shortest form rather than as the `f64` they widen to.
fn scalar_json(value: &Value) -> String {
    match value {
        Value::Number(n) if n.is_f64() => format!("{}", n.as_f64().unwrap() as f32),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(scalar_json).collect();
            format!("[{}]", items.join(","))
        }
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), scalar_json(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        _ => value.to_string(),
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{} ({cpu})", std::env::consts::ARCH)
}

/// The matrix kernels tract picks for the shipped model on this CPU, logged so a run
/// says which code it compared (under qemu: the `-cpu` given to it, and for armv7
/// `TRACT_CPU_ARM32_NEON`, since qemu-user shows guests the host's /proc/cpuinfo). On
/// ARM the test is only worth something if tract's ARM kernels ran, not a generic one.
#[test]
fn arm_kernels_run_the_model() {
    let mut kernels: Vec<String> = crate::shipped_model_matmuls()
        .into_iter()
        .flat_map(|line| {
            // "Mult: m:16 k:9 n:3200 with [arm64simd_mmm_i32_8x8_dot]"
            let list = line.split_once(" with [").map_or("", |(_, rest)| rest);
            let list = list.split(']').next().unwrap_or("");
            list.split(", ")
                .filter(|k| !k.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    kernels.sort();
    kernels.dedup();
    eprintln!(
        "{}: tract's matrix kernels: {}",
        machine(),
        kernels.join(", ")
    );
    let arm_prefix = match std::env::consts::ARCH {
        "aarch64" => Some(["arm64", "sve", "sme"].as_slice()),
        "arm" => Some(["armv7neon"].as_slice()),
        _ => None,
    };
    if let Some(prefixes) = arm_prefix {
        assert!(
            kernels
                .iter()
                .all(|k| prefixes.iter().any(|p| k.starts_with(p))),
            "tract ran a kernel that is not its ARM NEON/SVE/SME code: {kernels:?} (under \
             qemu-arm set TRACT_CPU_ARM32_NEON=true: qemu-user shows the host's /proc/cpuinfo)"
        );
    }
}

#[test]
fn outputs_match_the_x86_64_reference() {
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    let labels = detector.model_info().labels;
    let mut files = audio_fixtures();
    assert!(
        files.len() >= 10,
        "only {} audio fixtures found in {FIXTURES}",
        files.len()
    );
    let only = std::env::var(ONLY_ENV).ok();
    if let Some(only) = &only {
        files.retain(|p| only.split(',').any(|o| fixture_name(p).contains(o)));
    }
    let mut timings = Timings::default();

    if std::env::var_os(WRITE_ENV).is_some() {
        assert_eq!(
            std::env::consts::ARCH,
            "x86_64",
            "the reference is x86-64's: write it on an x86-64 machine"
        );
        assert!(only.is_none(), "{ONLY_ENV} is for checking, not writing");
        let reference = Reference {
            about: "What x86-64 computes for each audio fixture; tests/it/cross_arch.rs \
                    checks other CPUs against it. Regenerate with \
                    tests/fixtures/cross_arch/regenerate.sh."
                .into(),
            generated_on: machine(),
            files: files
                .iter()
                .map(|p| {
                    (
                        fixture_name(p),
                        compute(&detector, &labels, p, &mut timings),
                    )
                })
                .collect(),
            labels,
        };
        let mut json = String::new();
        to_json_lines(&serde_json::to_value(&reference).unwrap(), 0, &mut json);
        json.push('\n');
        std::fs::write(REFERENCE, json).unwrap();
        eprintln!("wrote {REFERENCE} ({} files)", files.len());
        return;
    }

    let text = std::fs::read_to_string(REFERENCE)
        .unwrap_or_else(|e| panic!("{REFERENCE}: {e} (tests/fixtures/cross_arch/regenerate.sh)"));
    let reference: Reference = serde_json::from_str(&text).unwrap();
    let mut failures = Vec::new();
    if reference.labels != labels {
        failures.push(format!(
            "model labels {labels:?}, reference {:?}: regenerate the reference",
            reference.labels
        ));
    }
    if only.is_none() {
        let on_disk: Vec<String> = files.iter().map(|p| fixture_name(p)).collect();
        for missing in reference.files.keys().filter(|k| !on_disk.contains(k)) {
            failures.push(format!("{missing}: in the reference but not in {FIXTURES}"));
        }
    }
    eprintln!(
        "{} against the x86-64 reference ({}); tolerances |Δ|: clip score \
         {CLIP_SCORE_TOLERANCE}, window score {WINDOW_SCORE_TOLERANCE}, log-mel \
         {LOG_MEL_TOLERANCE} ({LOG_MEL_NEAR_FLOOR_TOLERANCE} near the floor), PCM \
         {PCM_TOLERANCE}",
        machine(),
        reference.generated_on
    );
    eprintln!(
        "{:<36} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "max |Δ| per fixture", "clip", "window", "log-mel", "floor", "PCM"
    );
    let mut all = Diff::default();
    for path in &files {
        let file = fixture_name(path);
        let Some(theirs) = reference.files.get(&file) else {
            failures.push(format!(
                "{file}: not in the reference; regenerate it on x86-64 with \
                 tests/fixtures/cross_arch/regenerate.sh"
            ));
            continue;
        };
        let mut diff = Diff::default();
        diff.file(&compute(&detector, &labels, path, &mut timings), theirs);
        eprintln!(
            "{file:<36} {:>9.2e} {:>9.2e} {:>9.2e} {:>9.2e} {:>9.2e}",
            diff.clip, diff.window, diff.log_mel, diff.log_mel_floor, diff.pcm
        );
        all.clip = all.clip.max(diff.clip);
        all.window = all.window.max(diff.window);
        all.log_mel = all.log_mel.max(diff.log_mel);
        all.log_mel_floor = all.log_mel_floor.max(diff.log_mel_floor);
        all.pcm = all.pcm.max(diff.pcm);
        failures.extend(diff.failures.into_iter().map(|f| format!("{file}: {f}")));
    }
    eprintln!(
        "{:<36} {:>9.2e} {:>9.2e} {:>9.2e} {:>9.2e} {:>9.2e}",
        "all", all.clip, all.window, all.log_mel, all.log_mel_floor, all.pcm
    );
    eprintln!(
        "time: decode {:.1?}, classify_file {:.1?}, timeline_file {:.1?}, log-mel {:.1?}",
        timings.decode, timings.clip, timings.windows, timings.log_mel
    );
    assert!(
        failures.is_empty(),
        "{} differences from x86-64 beyond tolerance:\n{}\n(On x86-64 after an intended \
         change to the model, features, decoders or fixtures: \
         tests/fixtures/cross_arch/regenerate.sh, and commit the JSON.)",
        failures.len(),
        failures.join("\n")
    );
}
