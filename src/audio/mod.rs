//! Audio input: decoding, channel mixing and resampling to the model's rate.

pub mod decode;
#[cfg(feature = "microphone")]
pub(crate) mod microphone;
pub mod resample;
pub mod ring;

use crate::error::{EmotionError, Result};
use resample::StreamResampler;

/// Largest sample magnitude accepted. Float PCM belongs in −1..1, but integer PCM
/// passed as float without scaling (±32 768) still classifies correctly (the model
/// normalises each window's level). Beyond this, the resampler's and the FFT's sums of
/// squares could overflow `f32`.
pub const MAX_SAMPLE_MAGNITUDE: f32 = 1.0e6;

/// Turns interleaved PCM at any supported rate into validated mono samples at the
/// model's rate: range check (finite, ≤ [`MAX_SAMPLE_MAGNITUDE`]) → downmix (mean of channels) →
/// band-limited resample.
///
/// Sample positions in error messages count input frames from the stream's start.
pub struct PcmConditioner {
    channels: usize,
    resampler: StreamResampler,
    mono: Vec<f32>,
    frames_seen: u64,
}

impl PcmConditioner {
    /// A conditioner for `channels`-channel audio at `input_rate_hz`, producing
    /// `output_rate_hz` mono.
    pub fn new(input_rate_hz: u32, channels: u16, output_rate_hz: u32) -> Result<Self> {
        if channels == 0 {
            return Err(EmotionError::invalid_audio(
                "channel count must be at least 1",
            ));
        }
        Ok(Self {
            channels: usize::from(channels),
            resampler: StreamResampler::new(input_rate_hz, output_rate_hz)?,
            mono: Vec::with_capacity(8192),
            frames_seen: 0,
        })
    }

    /// Input rate in Hz.
    pub fn input_rate_hz(&self) -> u32 {
        self.resampler.input_rate_hz()
    }

    /// Pushes interleaved samples (a whole number of frames); appends model-rate mono
    /// samples to `out`. Any NaN or infinite sample is an error and nothing is appended.
    pub fn push(&mut self, interleaved: &[f32], out: &mut Vec<f32>) -> Result<()> {
        if !interleaved.len().is_multiple_of(self.channels) {
            return Err(EmotionError::invalid_audio(format!(
                "{} samples is not a whole number of {}-channel frames",
                interleaved.len(),
                self.channels
            )));
        }
        if let Some(i) = interleaved
            .iter()
            .position(|s| s.is_nan() || s.abs() > MAX_SAMPLE_MAGNITUDE)
        {
            let frame = self.frames_seen + (i / self.channels) as u64;
            let value = interleaved[i];
            return Err(EmotionError::invalid_audio(if value.is_finite() {
                format!(
                    "sample {i} (frame {frame}) is {value:e}: float PCM is expected in −1..1 \
                     (values up to ±{MAX_SAMPLE_MAGNITUDE:e} are tolerated)"
                )
            } else {
                format!("sample {i} (frame {frame}) is {value}: audio must be finite numbers")
            }));
        }
        self.mono.clear();
        if self.channels == 1 {
            self.mono.extend_from_slice(interleaved);
        } else {
            let inv = 1.0 / self.channels as f32;
            self.mono.extend(
                interleaved
                    .chunks_exact(self.channels)
                    .map(|frame| frame.iter().sum::<f32>() * inv),
            );
        }
        self.frames_seen += self.mono.len() as u64;
        self.resampler.push(&self.mono, out);
        Ok(())
    }

    /// Flushes the resampler; appends the last model-rate samples to `out`.
    pub fn finish(&mut self, out: &mut Vec<f32>) {
        self.resampler.finish(out);
    }

    /// Interleaved channels per input frame.
    pub fn channels(&self) -> u16 {
        self.channels as u16
    }

    /// Input frames pushed so far.
    pub fn frames_seen(&self) -> u64 {
        self.frames_seen
    }
}
