//! Streaming log-mel features: the one feature extractor used for training, files and
//! live audio.
//!
//! A frame is `ln(max(mel_power, log_floor))` for `n_mels` Slaney-normalised mel bands,
//! computed from `n_fft` samples every `hop_length` samples, the `win_length`-sample
//! periodic Hann window centred in the FFT frame — exactly librosa's
//! `melspectrogram(center=False, power=2, htk=False, norm="slaney")` followed by
//! `np.log(np.maximum(S, log_floor))` (pinned by `tests/it/features_reference.rs`).

mod extractor;
mod from_audio;
mod mel;
mod real_fft;

pub use extractor::{padded_hann, Frame, LogMelExtractor};
pub use from_audio::{extract_from_reader, log_mel_file};
pub use mel::MelFilterbank;

use serde::{Deserialize, Serialize};

use crate::error::{EmotionError, Result};

/// Feature parameters. They travel in the model's metadata so the features computed
/// on the phone are exactly those the model was trained on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfig {
    /// Rate the extractor runs at, Hz; all input is resampled to it.
    pub sample_rate_hz: u32,
    /// FFT length in samples (frame length).
    pub n_fft: usize,
    /// Hann window length in samples (≤ `n_fft`, centred in the frame).
    pub win_length: usize,
    /// Samples between frame starts.
    pub hop_length: usize,
    /// Number of mel bands.
    pub n_mels: usize,
    /// Lowest band edge, Hz.
    pub fmin_hz: f32,
    /// Highest band edge, Hz (≤ Nyquist).
    pub fmax_hz: f32,
    /// Floor applied to mel power before the natural log.
    pub log_floor: f32,
}

impl FeatureConfig {
    /// Checks every parameter is usable; the error names the bad one.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: String| Err(EmotionError::invalid_config(what));
        if !(8_000..=48_000).contains(&self.sample_rate_hz) {
            return bad(format!(
                "features.sample_rate_hz {} not in 8000..=48000",
                self.sample_rate_hz
            ));
        }
        if !(16..=8192).contains(&self.n_fft) || !self.n_fft.is_power_of_two() {
            return bad(format!(
                "features.n_fft {} must be a power of two in 16..=8192",
                self.n_fft
            ));
        }
        if self.win_length == 0 || self.win_length > self.n_fft {
            return bad(format!(
                "features.win_length {} must be in 1..=n_fft",
                self.win_length
            ));
        }
        if self.hop_length == 0 || self.hop_length > self.n_fft {
            return bad(format!(
                "features.hop_length {} must be in 1..=n_fft",
                self.hop_length
            ));
        }
        if !(1..=512).contains(&self.n_mels) {
            return bad(format!(
                "features.n_mels {} must be in 1..=512",
                self.n_mels
            ));
        }
        let nyquist = self.sample_rate_hz as f32 / 2.0;
        if !(self.fmin_hz >= 0.0 && self.fmin_hz < self.fmax_hz && self.fmax_hz <= nyquist) {
            return bad(format!(
                "features.fmin_hz {} / fmax_hz {} must satisfy 0 <= fmin < fmax <= {nyquist}",
                self.fmin_hz, self.fmax_hz
            ));
        }
        if !(self.log_floor > 0.0 && self.log_floor.is_finite()) {
            return bad(format!(
                "features.log_floor {} must be a positive number",
                self.log_floor
            ));
        }
        Ok(())
    }

    /// Duration of one hop in milliseconds.
    pub fn hop_ms(&self) -> f64 {
        self.hop_length as f64 * 1000.0 / f64::from(self.sample_rate_hz)
    }

    /// The value of a frame of digital silence: `ln(log_floor)`. Used to pad windows.
    pub fn silence_value(&self) -> f32 {
        self.log_floor.ln()
    }
}
