//! The exported API: [`EmotionDetector`] and its records.
//!
//! Every exported function runs inside [`catch_panic`], so no panic crosses the FFI
//! boundary; all failures arrive as a typed [`EmotionError`].

use std::path::Path;
use std::sync::Arc;

use crate::audio::decode::{self, AudioReader};
use crate::classify::{ClipAggregator, ClipClassifier, WindowResult, WindowSettings};
use crate::clip::{ClipRun, ClipSession};
use crate::error::{catch_panic, EmotionError, Result};
use crate::model::{embedded_model, Model};

/// The `emotion` reported for audio without speech.
pub const NO_SPEECH_LABEL: &str = "silence";

/// Tuning for a detector. [`DetectorConfig::default`] (or `defaultDetectorConfig()` in
/// Kotlin/Swift) works for most apps.
#[derive(Debug, Clone, Copy, PartialEq, uniffi::Record)]
pub struct DetectorConfig {
    /// Time between the starts of consecutive model windows, ms (≥ one frame, 10 ms).
    /// Smaller gives a finer timeline at more CPU. Default 500.
    #[uniffi(default = 500)]
    pub window_hop_ms: u32,
    /// A 25 ms frame counts as voiced when its level is at least this, dBFS (full-scale
    /// sine ≈ −3). Default −60.
    #[uniffi(default = -60.0)]
    pub vad_threshold_dbfs: f32,
    /// A window is speech when at least this fraction (0..=1) of its frames is voiced.
    /// Default 0.1.
    #[uniffi(default = 0.1)]
    pub min_speech_fraction: f32,
    /// Softmax temperature for the confidences (`softmax(logits / T)`, 0.1..=10), or
    /// unset (`None` / `null` / `nil`, the default) for the model's own, fitted on new
    /// speakers of the corpora it was trained on (1.15 for the embedded model). For
    /// recordings unlike those acted studio corpora, about 1.75 gives more honest
    /// confidences: on corpora held out of training the embedded recipe's clip
    /// calibration error falls from 0.10–0.21 at 1.15 to 0.06–0.10 at 1.75
    /// (`docs/experiments.md`). Only confidences move; a window's label never changes, a
    /// clip's only where its windows disagree.
    #[uniffi(default)]
    pub temperature: Option<f32>,
}

impl Default for DetectorConfig {
    fn default() -> Self {
        Self {
            window_hop_ms: 500,
            vad_threshold_dbfs: -60.0,
            min_speech_fraction: 0.1,
            temperature: None,
        }
    }
}

/// The defaults of [`DetectorConfig`], for Kotlin/Swift/Python callers.
#[uniffi::export]
pub fn default_detector_config() -> DetectorConfig {
    DetectorConfig::default()
}

/// One label's probability.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EmotionScore {
    /// Label, e.g. `"happy"`.
    pub label: String,
    /// Calibrated probability, 0..=1.
    pub score: f32,
}

/// A verdict on a clip or on one window of it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct EmotionResult {
    /// The most probable label, or `"silence"` when `is_speech` is false.
    pub emotion: String,
    /// Probability of `emotion`, 0..=1 (0 when `is_speech` is false).
    pub confidence: f32,
    /// Every label's probability, in the model's label order (all 0 without speech).
    pub scores: Vec<EmotionScore>,
    /// Whether speech was heard. Without speech no emotion is claimed.
    pub is_speech: bool,
    /// Start of the audio this verdict covers, ms from the start of the input.
    pub start_ms: u64,
    /// End of the audio this verdict covers, ms from the start of the input.
    pub end_ms: u64,
}

/// What the loaded model is.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ModelInfo {
    /// Model name.
    pub name: String,
    /// Model version.
    pub version: String,
    /// Labels it can output, in order.
    pub labels: Vec<String>,
    /// Rate audio is resampled to, Hz.
    pub sample_rate_hz: u32,
    /// Length of one model window, ms.
    pub window_ms: u32,
    /// Weight quantisation, e.g. `"int8 QOperator"`.
    pub quantization: String,
    /// Size of the ONNX file, bytes.
    pub size_bytes: u64,
    /// SHA-256 of the ONNX file, hex.
    pub onnx_sha256: String,
    /// The full metadata JSON (training data, licences, validation numbers).
    pub metadata_json: String,
}

/// Classifies files and PCM buffers. Cheap to create (the model is shared) and safe to
/// use from any thread; calls run on the caller's thread and block until done, so call
/// them off the UI thread.
#[derive(Debug, uniffi::Object)]
pub struct EmotionDetector {
    model: Arc<Model>,
    config: DetectorConfig,
}

#[uniffi::export]
impl EmotionDetector {
    /// A detector using the model embedded in the library.
    #[uniffi::constructor]
    pub fn new(config: DetectorConfig) -> Result<Arc<Self>> {
        catch_panic(|| Self::with_model(embedded_model()?, config).map(Arc::new))
    }

    /// A detector using a model from `onnx_path`; its metadata is read from
    /// `metadata_path`, or from the same path with a `.json` extension when `None`.
    #[uniffi::constructor]
    pub fn from_model_file(
        onnx_path: String,
        metadata_path: Option<String>,
        config: DetectorConfig,
    ) -> Result<Arc<Self>> {
        catch_panic(|| {
            let model = Model::from_files(
                Path::new(&onnx_path),
                metadata_path.as_deref().map(Path::new),
            )?;
            Self::with_model(Arc::new(model), config).map(Arc::new)
        })
    }

    /// A detector using a model held in memory with its metadata JSON.
    #[uniffi::constructor]
    pub fn from_model_bytes(
        onnx: Vec<u8>,
        metadata_json: String,
        config: DetectorConfig,
    ) -> Result<Arc<Self>> {
        catch_panic(|| {
            let model = Model::from_bytes(&onnx, &metadata_json)?;
            Self::with_model(Arc::new(model), config).map(Arc::new)
        })
    }

    /// Classifies mono `samples` (−1..1) at `sample_rate_hz` (8 000..=192 000).
    pub fn classify_pcm(&self, samples: Vec<f32>, sample_rate_hz: u32) -> Result<EmotionResult> {
        catch_panic(|| {
            decode::check_sample_rate(sample_rate_hz)?;
            let mut reader = PcmReader {
                samples: Some(samples),
                sample_rate_hz,
            };
            self.classify_reader(&mut reader)
        })
    }

    /// Classifies an audio file — WAV, FLAC, AAC (M4A/MP4/3GP, ADTS), MP3, Ogg/WebM
    /// Vorbis or Opus, CAF; any rate 8–192 kHz, any channel count — recognised by its
    /// content and streamed so memory stays bounded for long files. A format it does
    /// not decode gives [`EmotionError::UnsupportedFormat`]: decode it elsewhere and use
    /// [`EmotionDetector::start_clip`].
    pub fn classify_file(&self, path: String) -> Result<EmotionResult> {
        catch_panic(|| self.classify_reader(decode::open_file(Path::new(&path))?.as_mut()))
    }

    /// Classifies a file's bytes held in memory (any format `classify_file` reads).
    pub fn classify_bytes(&self, data: Vec<u8>) -> Result<EmotionResult> {
        catch_panic(|| self.classify_reader(decode::open_bytes(data)?.as_mut()))
    }

    /// One result per model window of an audio file (any format `classify_file` reads),
    /// in time order.
    pub fn timeline_file(&self, path: String) -> Result<Vec<EmotionResult>> {
        catch_panic(|| {
            let mut out = Vec::new();
            self.run_windows(decode::open_file(Path::new(&path))?.as_mut(), |w| {
                out.push(w);
            })?;
            Ok(out.iter().map(|w| self.window_result(w)).collect())
        })
    }

    /// Starts a clip the app decodes itself (e.g. with the platform's decoder, for a
    /// format this library does not read) and pushes in chunks: `channels`-channel
    /// interleaved PCM at `sample_rate_hz` (8 000..=192 000). Finish it for the verdict.
    pub fn start_clip(
        self: Arc<Self>,
        sample_rate_hz: u32,
        channels: u16,
    ) -> Result<Arc<ClipSession>> {
        catch_panic(|| ClipSession::new(self, sample_rate_hz, channels).map(Arc::new))
    }

    /// What the model is.
    pub fn model_info(&self) -> ModelInfo {
        let meta = self.model.metadata();
        ModelInfo {
            name: meta.name.clone(),
            version: meta.version.clone(),
            labels: meta.labels.clone(),
            sample_rate_hz: meta.features.sample_rate_hz,
            window_ms: meta.window_ms().round() as u32,
            quantization: meta.quantization.clone(),
            size_bytes: self.model.onnx_bytes() as u64,
            onnx_sha256: self.model.onnx_sha256().to_string(),
            metadata_json: serde_json::to_string_pretty(meta).unwrap_or_default(),
        }
    }

    /// The configuration this detector runs with.
    pub fn config(&self) -> DetectorConfig {
        self.config
    }
}

impl EmotionDetector {
    /// A detector around an already loaded model (Rust callers can share one `Arc`).
    pub fn with_model(model: Arc<Model>, config: DetectorConfig) -> Result<Self> {
        // Validate now so a bad config fails at construction, not on first use.
        ClipClassifier::new(model.clone(), window_settings(&model, &config)?)?;
        Ok(Self { model, config })
    }

    /// The loaded model.
    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    fn classify_reader(&self, reader: &mut dyn AudioReader) -> Result<EmotionResult> {
        let mut aggregate = ClipAggregator::default();
        let samples = self.run_windows(reader, |w| aggregate.add(&w))?;
        Ok(self.clip_result(aggregate.mean(), samples))
    }

    /// The verdict on a whole clip of `samples` model-rate samples.
    pub(crate) fn clip_result(
        &self,
        probabilities: Option<Vec<f32>>,
        samples: u64,
    ) -> EmotionResult {
        let rate = u64::from(self.model.metadata().features.sample_rate_hz);
        self.result(probabilities, 0, samples * 1000 / rate)
    }

    /// Streams `reader` through features and windows, calling `on_window` per window.
    /// Returns the number of model-rate samples.
    fn run_windows(
        &self,
        reader: &mut dyn AudioReader,
        mut on_window: impl FnMut(WindowResult),
    ) -> Result<u64> {
        let mut run = ClipRun::new(self, reader.sample_rate_hz(), reader.channels())?;
        let mut chunk = Vec::new();
        while reader.next_chunk(&mut chunk)? {
            run.push(&chunk, &mut on_window)?;
        }
        run.finish(&mut on_window)
    }

    fn window_result(&self, w: &WindowResult) -> EmotionResult {
        self.window_result_with(w, w.probabilities.clone())
    }

    /// The result for window `w` with `probabilities` in place of the window's own
    /// (the stream passes smoothed ones).
    pub(crate) fn window_result_with(
        &self,
        w: &WindowResult,
        probabilities: Option<Vec<f32>>,
    ) -> EmotionResult {
        let f = &self.model.metadata().features;
        let ms = |sample: u64| sample * 1000 / u64::from(f.sample_rate_hz);
        let start = w.start_frame * f.hop_length as u64;
        let end = (w.end_frame - 1) * f.hop_length as u64 + f.n_fft as u64;
        self.result(probabilities, ms(start), ms(end))
    }

    fn result(&self, probabilities: Option<Vec<f32>>, start_ms: u64, end_ms: u64) -> EmotionResult {
        let labels = &self.model.metadata().labels;
        match probabilities {
            Some(p) => {
                let (best, &confidence) = p
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .unwrap_or((0, &0.0));
                EmotionResult {
                    emotion: labels[best].clone(),
                    confidence,
                    scores: labels
                        .iter()
                        .zip(&p)
                        .map(|(label, &score)| EmotionScore {
                            label: label.clone(),
                            score,
                        })
                        .collect(),
                    is_speech: true,
                    start_ms,
                    end_ms,
                }
            }
            None => EmotionResult {
                emotion: NO_SPEECH_LABEL.to_string(),
                confidence: 0.0,
                scores: labels
                    .iter()
                    .map(|label| EmotionScore {
                        label: label.clone(),
                        score: 0.0,
                    })
                    .collect(),
                is_speech: false,
                start_ms,
                end_ms,
            },
        }
    }
}

/// Accepted [`DetectorConfig::temperature`]s: below 0.1 every verdict is near-certain,
/// above 10 near-uniform.
const MIN_TEMPERATURE: f32 = 0.1;
const MAX_TEMPERATURE: f32 = 10.0;

/// Converts the ms-based config into frame-based window settings for `model`.
pub(crate) fn window_settings(model: &Model, config: &DetectorConfig) -> Result<WindowSettings> {
    let hop_ms = model.metadata().features.hop_ms();
    if config.window_hop_ms == 0 || f64::from(config.window_hop_ms) < hop_ms {
        return Err(EmotionError::invalid_config(format!(
            "window_hop_ms {} must be at least one frame ({hop_ms} ms)",
            config.window_hop_ms
        )));
    }
    let temperature = match config.temperature {
        None => model.metadata().temperature,
        Some(t) if (MIN_TEMPERATURE..=MAX_TEMPERATURE).contains(&t) => t,
        Some(t) => {
            return Err(EmotionError::invalid_config(format!(
                "temperature {t} must be in {MIN_TEMPERATURE}..={MAX_TEMPERATURE} \
                 (1 leaves the logits as they are; None uses the model's own)"
            )))
        }
    };
    Ok(WindowSettings {
        hop_frames: (f64::from(config.window_hop_ms) / hop_ms).round() as usize,
        vad_threshold_db: config.vad_threshold_dbfs,
        min_speech_fraction: config.min_speech_fraction,
        temperature,
    })
}

/// PCM already in memory, as an [`AudioReader`] yielding it in one chunk.
struct PcmReader {
    samples: Option<Vec<f32>>,
    sample_rate_hz: u32,
}

impl AudioReader for PcmReader {
    fn sample_rate_hz(&self) -> u32 {
        self.sample_rate_hz
    }
    fn channels(&self) -> u16 {
        1
    }
    fn next_chunk(&mut self, out: &mut Vec<f32>) -> Result<bool> {
        out.clear();
        match self.samples.take() {
            Some(samples) => {
                *out = samples;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

/// Log-mel features of an audio file, exactly as the model sees them.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct LogMelFeatures {
    /// Number of frames (one per hop, 10 ms by default).
    pub frames: u32,
    /// Mel bands per frame.
    pub n_mels: u32,
    /// `frames × n_mels` values, frame-major (natural log of mel power).
    pub values: Vec<f32>,
}

/// The log-mel frames of an audio file (any format `classify_file` reads), computed by the library's one extractor
/// (the same code as file classification and live audio). `feature_config_json`
/// overrides the embedded model's feature parameters (e.g. `training/features.json`).
/// Used by `training/` (through the Python bindings) so the model learns from exactly
/// what the phone computes.
#[uniffi::export]
pub fn log_mel_features(
    path: String,
    feature_config_json: Option<String>,
) -> Result<LogMelFeatures> {
    catch_panic(|| {
        let config: crate::features::FeatureConfig = match feature_config_json {
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| EmotionError::invalid_config(format!("feature config: {e}")))?,
            None => embedded_model()?.metadata().features.clone(),
        };
        let values = crate::features::log_mel_file(Path::new(&path), &config)?;
        let n_mels = config.n_mels;
        Ok(LogMelFeatures {
            frames: (values.len() / n_mels) as u32,
            n_mels: n_mels as u32,
            values,
        })
    })
}
