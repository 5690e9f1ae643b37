//! The streaming extractor: push samples in any chunking, get one frame per hop.

use rustfft::num_complex::Complex;

use super::real_fft::RealFft;
use super::{FeatureConfig, MelFilterbank};
use crate::error::Result;

/// Incremental log-mel extractor at the model's sample rate.
///
/// FFT plan, window, filterbank and every buffer are built in [`new`](Self::new);
/// [`push`](Self::push) never allocates. Frame `i` covers input samples
/// `[i * hop_length, i * hop_length + n_fft)`, so pushing a signal in any chunking gives
/// bit-identical frames to pushing it whole. Not thread-safe: one per stream.
pub struct LogMelExtractor {
    config: FeatureConfig,
    fft: RealFft,
    window: Vec<f32>,
    filterbank: MelFilterbank,
    /// The frame being filled: `filled` valid samples from the start.
    pending: Vec<f32>,
    filled: usize,
    fft_in: Vec<f32>,
    spectrum: Vec<Complex<f32>>,
    power: Vec<f32>,
    mel: Vec<f32>,
    frames_emitted: u64,
}

/// One feature frame, borrowed from the extractor for the duration of the callback.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    /// Index of the frame since the stream's start (its start sample is `index * hop`).
    pub index: u64,
    /// `n_mels` log-mel values.
    pub log_mel: &'a [f32],
    /// Mean power of the `win_length` windowed-region samples, in dBFS (full-scale
    /// sine ≈ −3 dB); −120 dB for digital silence.
    pub energy_db: f32,
}

impl LogMelExtractor {
    /// Builds the extractor; fails if `config` is invalid.
    pub fn new(config: &FeatureConfig) -> Result<Self> {
        config.validate()?;
        let n_fft = config.n_fft;
        let fft = RealFft::new(n_fft);
        let spectrum = vec![Complex::default(); n_fft / 2 + 1];
        Ok(Self {
            config: config.clone(),
            window: padded_hann(config.win_length, n_fft),
            filterbank: MelFilterbank::new(config),
            pending: vec![0.0; n_fft],
            filled: 0,
            fft_in: vec![0.0; n_fft],
            power: vec![0.0; spectrum.len()],
            spectrum,
            mel: vec![0.0; config.n_mels],
            fft,
            frames_emitted: 0,
        })
    }

    /// The parameters this extractor runs with.
    pub fn config(&self) -> &FeatureConfig {
        &self.config
    }

    /// Frames emitted since creation or the last [`reset`](Self::reset).
    pub fn frames_emitted(&self) -> u64 {
        self.frames_emitted
    }

    /// Forgets buffered samples and restarts frame numbering at 0.
    pub fn reset(&mut self) {
        self.filled = 0;
        self.frames_emitted = 0;
    }

    /// Pushes samples at `config.sample_rate_hz`; calls `on_frame` for every completed
    /// frame, in order. Never allocates.
    pub fn push(&mut self, mut samples: &[f32], mut on_frame: impl FnMut(Frame<'_>)) {
        let n_fft = self.config.n_fft;
        let hop = self.config.hop_length;
        while !samples.is_empty() {
            let take = (n_fft - self.filled).min(samples.len());
            self.pending[self.filled..self.filled + take].copy_from_slice(&samples[..take]);
            self.filled += take;
            samples = &samples[take..];
            if self.filled == n_fft {
                let energy_db = self.compute_frame();
                on_frame(Frame {
                    index: self.frames_emitted,
                    log_mel: &self.mel,
                    energy_db,
                });
                self.frames_emitted += 1;
                self.pending.copy_within(hop.., 0);
                self.filled = n_fft - hop;
            }
        }
    }

    /// Computes `self.mel` from the full `pending` frame; returns its energy in dBFS.
    fn compute_frame(&mut self) -> f32 {
        for ((dst, &x), &w) in self.fft_in.iter_mut().zip(&self.pending).zip(&self.window) {
            *dst = x * w;
        }
        self.fft.process(&self.fft_in, &mut self.spectrum);
        for (p, c) in self.power.iter_mut().zip(&self.spectrum) {
            *p = c.norm_sqr();
        }
        self.filterbank.apply(&self.power, &mut self.mel);
        let floor = self.config.log_floor;
        for m in self.mel.iter_mut() {
            *m = m.max(floor).ln();
        }
        let offset = (self.config.n_fft - self.config.win_length) / 2;
        let region = &self.pending[offset..offset + self.config.win_length];
        let mean_square = region.iter().map(|x| x * x).sum::<f32>() / region.len() as f32;
        10.0 * (mean_square + 1e-12).log10()
    }
}

/// Periodic Hann window of `win_length` samples, zero-padded and centred in `n_fft`
/// (librosa's `pad_center(get_window("hann", win_length, fftbins=True), n_fft)`).
pub fn padded_hann(win_length: usize, n_fft: usize) -> Vec<f32> {
    let mut window = vec![0.0f32; n_fft];
    let offset = (n_fft - win_length) / 2;
    for n in 0..win_length {
        let phase = 2.0 * std::f64::consts::PI * n as f64 / win_length as f64;
        window[offset + n] = (0.5 - 0.5 * phase.cos()) as f32;
    }
    window
}
