//! Sliding model windows over a stream of feature frames, and their aggregation.

use std::sync::Arc;

use crate::error::{EmotionError, Result};
use crate::features::Frame;
use crate::model::{softmax_in_place, Model};

/// Energy of a padding frame, dBFS (digital silence).
const PADDING_ENERGY_DB: f32 = -120.0;

/// How windows are placed and when a window counts as speech.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowSettings {
    /// Frames between the starts of consecutive windows (≥ 1).
    pub hop_frames: usize,
    /// A frame is voiced when its energy is at least this, dBFS.
    pub vad_threshold_db: f32,
    /// A window is speech when at least this fraction (0..=1) of its real frames is voiced.
    pub min_speech_fraction: f32,
    /// Softmax temperature applied to the model's logits (`softmax(logits / T)`, > 0).
    pub temperature: f32,
}

/// The model's verdict on one window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowResult {
    /// First frame of the window (frame `i` starts at sample `i * hop_length`).
    pub start_frame: u64,
    /// One past the last real (non-padding) frame.
    pub end_frame: u64,
    /// Fraction of the real frames that are voiced.
    pub speech_fraction: f32,
    /// Calibrated probabilities in label order; `None` when the window is not speech
    /// (the model is not run on silence).
    pub probabilities: Option<Vec<f32>>,
}

/// Feeds frames into model-sized windows: a window every `hop_frames` frames once the
/// first `window_frames` have arrived; at the end, one more window aligned to the last
/// frame (if frames arrived since the last window), or a single end-padded window if
/// the stream was shorter than one window. Holds only one window of frames, so memory
/// is bounded for any stream length. Not thread-safe: one per stream.
pub struct ClipClassifier {
    model: Arc<Model>,
    settings: WindowSettings,
    n_mels: usize,
    window_frames: usize,
    /// The last `buffered` frames, frame-major, oldest first.
    frames: Vec<f32>,
    energies_db: Vec<f32>,
    buffered: usize,
    frames_seen: u64,
    since_last_window: usize,
    windows_run: u64,
}

impl ClipClassifier {
    /// A classifier running `model` with `settings`.
    pub fn new(model: Arc<Model>, settings: WindowSettings) -> Result<Self> {
        if settings.hop_frames == 0 {
            return Err(EmotionError::invalid_config(
                "window hop must be at least one frame",
            ));
        }
        if !(0.0..=1.0).contains(&settings.min_speech_fraction) {
            return Err(EmotionError::invalid_config(format!(
                "min_speech_fraction {} must be in 0..=1",
                settings.min_speech_fraction
            )));
        }
        if !settings.vad_threshold_db.is_finite() {
            return Err(EmotionError::invalid_config(
                "vad_threshold_dbfs must be a finite number",
            ));
        }
        if !(settings.temperature.is_finite() && settings.temperature > 0.0) {
            return Err(EmotionError::invalid_config(format!(
                "temperature {} must be a positive number",
                settings.temperature
            )));
        }
        let n_mels = model.metadata().features.n_mels;
        let window_frames = model.metadata().window_frames;
        Ok(Self {
            model,
            settings,
            n_mels,
            window_frames,
            frames: vec![0.0; n_mels * window_frames],
            energies_db: vec![PADDING_ENERGY_DB; window_frames],
            buffered: 0,
            frames_seen: 0,
            since_last_window: 0,
            windows_run: 0,
        })
    }

    /// The model this classifier runs.
    pub fn model(&self) -> &Arc<Model> {
        &self.model
    }

    /// Frames pushed so far.
    pub fn frames_seen(&self) -> u64 {
        self.frames_seen
    }

    /// Adds one frame; returns a window's result when one is due.
    pub fn push_frame(&mut self, frame: Frame<'_>) -> Result<Option<WindowResult>> {
        let n = self.n_mels;
        if frame.log_mel.len() != n {
            return Err(EmotionError::Internal {
                reason: format!("frame has {} mels, model wants {n}", frame.log_mel.len()),
            });
        }
        if self.buffered == self.window_frames {
            self.frames.copy_within(n.., 0);
            self.energies_db.copy_within(1.., 0);
            self.buffered -= 1;
        }
        self.frames[self.buffered * n..(self.buffered + 1) * n].copy_from_slice(frame.log_mel);
        self.energies_db[self.buffered] = frame.energy_db;
        self.buffered += 1;
        self.frames_seen += 1;
        self.since_last_window += 1;
        let due = self.buffered == self.window_frames
            && (self.windows_run == 0 || self.since_last_window >= self.settings.hop_frames);
        if due {
            self.run_window().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Ends the stream: returns the final window if one is due (see the type's docs),
    /// and resets for a new stream. `None` if no frame arrived since the last window.
    pub fn finish(&mut self) -> Result<Option<WindowResult>> {
        let result = if self.since_last_window == 0 || self.buffered == 0 {
            None
        } else {
            let silence = self.model.metadata().features.silence_value();
            self.frames[self.buffered * self.n_mels..].fill(silence);
            self.energies_db[self.buffered..].fill(PADDING_ENERGY_DB);
            Some(self.run_window()?)
        };
        self.buffered = 0;
        self.frames_seen = 0;
        self.since_last_window = 0;
        self.windows_run = 0;
        Ok(result)
    }

    fn run_window(&mut self) -> Result<WindowResult> {
        self.since_last_window = 0;
        self.windows_run += 1;
        let real = &self.energies_db[..self.buffered];
        let voiced = real
            .iter()
            .filter(|&&e| e >= self.settings.vad_threshold_db)
            .count();
        let speech_fraction = voiced as f32 / real.len().max(1) as f32;
        let is_speech = voiced > 0 && speech_fraction >= self.settings.min_speech_fraction;
        let probabilities = if is_speech {
            let mut p = self.model.logits(&self.frames)?;
            softmax_in_place(&mut p, self.settings.temperature);
            Some(p)
        } else {
            None
        };
        Ok(WindowResult {
            start_frame: self.frames_seen - self.buffered as u64,
            end_frame: self.frames_seen,
            speech_fraction,
            probabilities,
        })
    }
}

/// Averages window probabilities into one clip verdict.
#[derive(Debug, Clone, Default)]
pub struct ClipAggregator {
    sum: Vec<f32>,
    speech_windows: u64,
}

impl ClipAggregator {
    /// Adds one window.
    pub fn add(&mut self, window: &WindowResult) {
        if let Some(p) = &window.probabilities {
            if self.sum.is_empty() {
                self.sum = vec![0.0; p.len()];
            }
            for (s, v) in self.sum.iter_mut().zip(p) {
                *s += v;
            }
            self.speech_windows += 1;
        }
    }

    /// Mean probabilities over speech windows, or `None` if no window was speech.
    pub fn mean(&self) -> Option<Vec<f32>> {
        (self.speech_windows > 0).then(|| {
            self.sum
                .iter()
                .map(|s| s / self.speech_windows as f32)
                .collect()
        })
    }
}
