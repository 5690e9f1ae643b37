//! `emotion`: classify audio files with the embedded model from the command line.
//!
//! ```text
//! emotion classify speech.wav            # one JSON object
//! emotion classify a.m4a b.mp3           # one JSON object per line, each with "file"
//! emotion timeline speech.wav            # one line per model window
//! emotion info                           # the model's metadata
//! emotion listen                         # live, from the default microphone
//! emotion listen --file speech.wav --realtime   # a file through the live path
//! emotion features --list list.tsv       # log-mel .npy files (used by training/)
//! ```

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use serde_json::{json, Map, Value};
use speech_emotion::audio::decode;
use speech_emotion::features::{log_mel_file, FeatureConfig};
use speech_emotion::model::{embedded_model, Model};
use speech_emotion::{
    DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult, EmotionStream,
    OverflowPolicy, StreamConfig, StreamState,
};

#[derive(Parser)]
#[command(
    name = "emotion",
    version,
    about = "Offline speech emotion recognition"
)]
struct Cli {
    /// Use this ONNX model instead of the embedded one (its metadata is read from the
    /// same path with a .json extension unless --metadata is given).
    #[arg(long, global = true, value_name = "PATH")]
    model: Option<PathBuf>,
    /// Metadata JSON for --model.
    #[arg(long, global = true, value_name = "PATH", requires = "model")]
    metadata: Option<PathBuf>,
    /// Time between model windows, ms.
    #[arg(long, global = true, default_value_t = DetectorConfig::default().window_hop_ms)]
    window_hop_ms: u32,
    /// Frame level below which audio counts as silence, dBFS.
    #[arg(long, global = true, allow_hyphen_values = true,
          default_value_t = DetectorConfig::default().vad_threshold_dbfs)]
    vad_threshold_dbfs: f32,
    /// Softmax temperature for the confidences (0.1–10) instead of the model's own;
    /// about 1.75 for recordings unlike the training corpora.
    #[arg(long, global = true)]
    temperature: Option<f32>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Classify audio files (WAV, FLAC, AAC/M4A/3GP, MP3, Ogg/WebM Vorbis or Opus, CAF,
    /// AIFF): one JSON object (one per line, with "file", if several).
    Classify {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// One JSON line per model window of a file, with start_ms/end_ms.
    Timeline {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the model's metadata as JSON.
    Info,
    /// Live: one JSON line per model window from the microphone (until Ctrl-C or
    /// --seconds), or from a file fed through the same streaming path.
    Listen {
        /// Input device whose name contains this (default: the system's default input).
        #[arg(long, value_name = "NAME", conflicts_with = "file")]
        device: Option<String>,
        /// Feed this audio file (any format `classify` reads) instead of the microphone.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// With --file: pace the file at real time (dropping audio if processing falls
        /// behind, as live capture would) instead of as fast as possible.
        #[arg(long, requires = "file")]
        realtime: bool,
        /// Stop after this many seconds of listening.
        #[arg(long, value_name = "S")]
        seconds: Option<f64>,
        /// Posterior smoothing, 0 (off) ..1.
        #[arg(long, default_value_t = StreamConfig::default().smoothing)]
        smoothing: f32,
    },
    /// Write log-mel features as float32 .npy arrays shaped [frames, n_mels].
    Features {
        /// Feature parameters JSON (default: the model's).
        #[arg(long, value_name = "PATH")]
        config: Option<PathBuf>,
        /// A file of `INPUT<TAB>OUTPUT.npy` lines to process.
        #[arg(long, value_name = "PATH", conflicts_with_all = ["input", "output"])]
        list: Option<PathBuf>,
        /// One input file (with --output).
        #[arg(value_name = "INPUT", requires = "output")]
        input: Option<PathBuf>,
        /// Where to write INPUT's features.
        #[arg(short, long, value_name = "OUTPUT.npy")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("emotion: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, EmotionError> {
    let config = DetectorConfig {
        window_hop_ms: cli.window_hop_ms,
        vad_threshold_dbfs: cli.vad_threshold_dbfs,
        temperature: cli.temperature,
        ..DetectorConfig::default()
    };
    let model = || -> Result<Arc<Model>, EmotionError> {
        match &cli.model {
            Some(path) => Ok(Arc::new(Model::from_files(path, cli.metadata.as_deref())?)),
            None => embedded_model(),
        }
    };
    let mut stdout = std::io::stdout().lock();
    match &cli.command {
        Command::Classify { files } => {
            let detector = EmotionDetector::with_model(model()?, config)?;
            if let [file] = files.as_slice() {
                let result = detector.classify_file(path_string(file))?;
                print_line(&mut stdout, &result_json(&result, None))?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut failed = 0;
            for file in files {
                let line = match detector.classify_file(path_string(file)) {
                    Ok(result) => result_json(&result, Some(file)),
                    Err(e) => {
                        failed += 1;
                        json!({"file": path_string(file), "error": e.to_string()})
                    }
                };
                print_line(&mut stdout, &line)?;
            }
            if failed > 0 {
                eprintln!("emotion: {failed} of {} files failed", files.len());
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Timeline { file } => {
            let detector = EmotionDetector::with_model(model()?, config)?;
            for window in detector.timeline_file(path_string(file))? {
                print_line(&mut stdout, &result_json(&window, None))?;
            }
        }
        Command::Info => {
            let model = model()?;
            let mut info = serde_json::to_value(model.metadata()).map_err(internal)?;
            if let Value::Object(map) = &mut info {
                map.insert("onnx_bytes".into(), json!(model.onnx_bytes()));
            }
            let text = serde_json::to_string_pretty(&info).map_err(internal)?;
            writeln!(stdout, "{text}").map_err(stdout_error)?;
        }
        Command::Listen {
            device,
            file,
            realtime,
            seconds,
            smoothing,
        } => {
            // The listener prints from the worker thread: do not hold stdout here.
            drop(stdout);
            let detector = Arc::new(EmotionDetector::with_model(model()?, config)?);
            let stream_config = StreamConfig {
                smoothing: *smoothing,
                overflow: if file.is_some() && !realtime {
                    OverflowPolicy::Block
                } else {
                    OverflowPolicy::DropOldest
                },
                ..StreamConfig::default()
            };
            let stream = EmotionStream::new(detector, Arc::new(PrintListener), stream_config)?;
            let deadline = seconds.map(|s| {
                std::time::Instant::now() + std::time::Duration::from_secs_f64(s.max(0.0))
            });
            match file {
                Some(file) => feed_file(&stream, file, *realtime, deadline)?,
                None => {
                    stream.start_microphone(device.clone())?;
                    eprintln!("emotion: listening; Ctrl-C to stop");
                    while stream.is_running()
                        && deadline.is_none_or(|d| std::time::Instant::now() < d)
                    {
                        std::thread::sleep(std::time::Duration::from_millis(50));
                    }
                }
            }
            stream.stop();
        }
        Command::Features {
            config: config_path,
            list,
            input,
            output,
        } => {
            let features = match config_path {
                Some(path) => read_feature_config(path)?,
                None => model()?.metadata().features.clone(),
            };
            if let Some(list) = list {
                return features_for_list(&features, list);
            }
            let (Some(input), Some(output)) = (input, output) else {
                return Err(EmotionError::InvalidConfig {
                    reason: "give INPUT --output OUTPUT.npy, or --list LIST.tsv".into(),
                });
            };
            write_features(&features, input, output)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints results as JSON lines on stdout, errors and state changes on stderr.
struct PrintListener;

impl EmotionListener for PrintListener {
    fn on_result(&self, result: EmotionResult) {
        let _ = print_line(&mut std::io::stdout().lock(), &result_json(&result, None));
    }
    fn on_error(&self, error: EmotionError) {
        eprintln!("emotion: {error}");
    }
    fn on_state(&self, state: StreamState) {
        eprintln!("emotion: {state:?}");
    }
}

/// Pushes `file` into `stream` chunk by chunk, optionally paced at real time.
fn feed_file(
    stream: &EmotionStream,
    file: &Path,
    realtime: bool,
    deadline: Option<std::time::Instant>,
) -> Result<(), EmotionError> {
    let mut reader = decode::open_file(file)?;
    let (rate, channels) = (reader.sample_rate_hz(), reader.channels());
    let started = std::time::Instant::now();
    let mut fed_frames = 0u64;
    let mut chunk = Vec::new();
    while reader.next_chunk(&mut chunk)? {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            break;
        }
        fed_frames += (chunk.len() / usize::from(channels)) as u64;
        stream.push_interleaved(std::mem::take(&mut chunk), rate, channels)?;
        if realtime {
            let due = std::time::Duration::from_secs_f64(fed_frames as f64 / f64::from(rate));
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
    Ok(())
}

/// JSON for one result, keeping the original `{"emotion", "confidence"}` shape first.
fn result_json(result: &EmotionResult, file: Option<&Path>) -> Value {
    let mut map = Map::new();
    if let Some(file) = file {
        map.insert("file".into(), json!(path_string(file)));
    }
    map.insert("emotion".into(), json!(result.emotion));
    map.insert("confidence".into(), json!(round4(result.confidence)));
    let scores: Map<String, Value> = result
        .scores
        .iter()
        .map(|s| (s.label.clone(), json!(round4(s.score))))
        .collect();
    map.insert("scores".into(), Value::Object(scores));
    map.insert("is_speech".into(), json!(result.is_speech));
    map.insert("start_ms".into(), json!(result.start_ms));
    map.insert("end_ms".into(), json!(result.end_ms));
    Value::Object(map)
}

fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

fn read_feature_config(path: &Path) -> Result<FeatureConfig, EmotionError> {
    let text = std::fs::read_to_string(path).map_err(|e| EmotionError::Io {
        reason: format!("cannot read {}: {e}", path.display()),
    })?;
    let config: FeatureConfig =
        serde_json::from_str(&text).map_err(|e| EmotionError::InvalidConfig {
            reason: format!("{}: {e}", path.display()),
        })?;
    config.validate()?;
    Ok(config)
}

/// Processes every `INPUT<TAB>OUTPUT` line; reports failures per line on stderr.
fn features_for_list(config: &FeatureConfig, list: &Path) -> Result<ExitCode, EmotionError> {
    let file = std::fs::File::open(list).map_err(|e| EmotionError::Io {
        reason: format!("cannot open {}: {e}", list.display()),
    })?;
    let (mut done, mut failed) = (0usize, 0usize);
    for (number, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| EmotionError::Io {
            reason: format!("{}: {e}", list.display()),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        let outcome = match line.split_once('\t') {
            Some((input, output)) => write_features(config, Path::new(input), Path::new(output)),
            None => Err(EmotionError::InvalidConfig {
                reason: format!("line {} has no TAB between input and output", number + 1),
            }),
        };
        match outcome {
            Ok(()) => done += 1,
            Err(e) => {
                failed += 1;
                eprintln!("emotion: {}:{}: {e}", list.display(), number + 1);
            }
        }
    }
    eprintln!("emotion: wrote {done} feature files, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Writes `input`'s log-mel frames to `output` as a float32 `.npy` [frames, n_mels].
fn write_features(config: &FeatureConfig, input: &Path, output: &Path) -> Result<(), EmotionError> {
    let values = log_mel_file(input, config)?;
    let frames = values.len() / config.n_mels;
    if frames == 0 {
        return Err(EmotionError::InvalidAudio {
            reason: format!(
                "{} is shorter than one frame ({} samples)",
                input.display(),
                config.n_fft
            ),
        });
    }
    let io = |e: std::io::Error| EmotionError::Io {
        reason: format!("cannot write {}: {e}", output.display()),
    };
    // Written beside `output` under a temporary name, then renamed: a reader (training's
    // feature cache) never sees a partly written file, even if this process is killed.
    let mut temporary = output.as_os_str().to_owned();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    let written = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        write_npy_header(&mut out, frames, config.n_mels)?;
        for v in &values {
            out.write_all(&v.to_le_bytes())?;
        }
        out.flush()?;
        drop(out);
        std::fs::rename(&temporary, output)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(io)
}

/// NumPy `.npy` v1.0 header for a little-endian float32 C-order `[rows, cols]` array.
fn write_npy_header(out: &mut impl Write, rows: usize, cols: usize) -> std::io::Result<()> {
    let dict = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
    // magic (6) + version (2) + header length (2) + dict + padding + '\n', 64-aligned.
    let unpadded = 10 + dict.len() + 1;
    let padding = (64 - unpadded % 64) % 64;
    let header_len = (dict.len() + padding + 1) as u16;
    out.write_all(b"\x93NUMPY\x01\x00")?;
    out.write_all(&header_len.to_le_bytes())?;
    out.write_all(dict.as_bytes())?;
    out.write_all(&vec![b' '; padding])?;
    out.write_all(b"\n")
}

fn print_line(out: &mut impl Write, value: &Value) -> Result<(), EmotionError> {
    writeln!(out, "{value}").map_err(stdout_error)
}

fn path_string(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn stdout_error(e: std::io::Error) -> EmotionError {
    EmotionError::Io {
        reason: format!("cannot write to stdout: {e}"),
    }
}

fn internal(e: serde_json::Error) -> EmotionError {
    EmotionError::Internal {
        reason: e.to_string(),
    }
}
