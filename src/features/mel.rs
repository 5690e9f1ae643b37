//! Slaney-style mel filterbank, identical to `librosa.filters.mel(htk=False, norm="slaney")`.

use super::FeatureConfig;

/// Sparse triangular filters over the `n_fft / 2 + 1` power-spectrum bins.
#[derive(Debug, Clone)]
pub struct MelFilterbank {
    /// Per band: first FFT bin with a non-zero weight.
    starts: Vec<usize>,
    /// Per band: its non-zero weights, from `starts[band]` on.
    weights: Vec<Vec<f32>>,
    n_bins: usize,
}

const F_SP: f64 = 200.0 / 3.0;
const MIN_LOG_HZ: f64 = 1000.0;
const MIN_LOG_MEL: f64 = MIN_LOG_HZ / F_SP;

fn log_step() -> f64 {
    (6.4f64).ln() / 27.0
}

/// Hz → mel on the Slaney scale (linear below 1 kHz, logarithmic above).
pub fn hz_to_mel(hz: f64) -> f64 {
    if hz >= MIN_LOG_HZ {
        MIN_LOG_MEL + (hz / MIN_LOG_HZ).ln() / log_step()
    } else {
        hz / F_SP
    }
}

/// Mel → Hz on the Slaney scale.
pub fn mel_to_hz(mel: f64) -> f64 {
    if mel >= MIN_LOG_MEL {
        MIN_LOG_HZ * (log_step() * (mel - MIN_LOG_MEL)).exp()
    } else {
        F_SP * mel
    }
}

impl MelFilterbank {
    /// Builds the filterbank for `config` (assumed valid).
    pub fn new(config: &FeatureConfig) -> Self {
        let n_bins = config.n_fft / 2 + 1;
        let sr = f64::from(config.sample_rate_hz);
        let fft_hz: Vec<f64> = (0..n_bins)
            .map(|k| k as f64 * sr / config.n_fft as f64)
            .collect();
        let (lo, hi) = (
            hz_to_mel(f64::from(config.fmin_hz)),
            hz_to_mel(f64::from(config.fmax_hz)),
        );
        let n_points = config.n_mels + 2;
        let edges_hz: Vec<f64> = (0..n_points)
            .map(|i| mel_to_hz(lo + (hi - lo) * i as f64 / (n_points - 1) as f64))
            .collect();
        let mut starts = Vec::with_capacity(config.n_mels);
        let mut weights = Vec::with_capacity(config.n_mels);
        for band in 0..config.n_mels {
            let (left, centre, right) = (edges_hz[band], edges_hz[band + 1], edges_hz[band + 2]);
            let norm = 2.0 / (right - left);
            let row: Vec<f32> = fft_hz
                .iter()
                .map(|&f| {
                    let rising = (f - left) / (centre - left);
                    let falling = (right - f) / (right - centre);
                    (rising.min(falling).max(0.0) * norm) as f32
                })
                .collect();
            let first = row.iter().position(|&w| w > 0.0).unwrap_or(0);
            let last = row.iter().rposition(|&w| w > 0.0).map_or(first, |i| i + 1);
            starts.push(first);
            weights.push(row[first..last.max(first)].to_vec());
        }
        Self {
            starts,
            weights,
            n_bins,
        }
    }

    /// Number of bands.
    pub fn n_mels(&self) -> usize {
        self.weights.len()
    }

    /// Dense `[n_mels][n_fft / 2 + 1]` weights, for tests and inspection.
    pub fn dense(&self) -> Vec<Vec<f32>> {
        self.starts
            .iter()
            .zip(&self.weights)
            .map(|(&start, w)| {
                let mut row = vec![0.0; self.n_bins];
                row[start..start + w.len()].copy_from_slice(w);
                row
            })
            .collect()
    }

    /// Writes `mel[band] = Σ weight · power[bin]` for every band. No allocation.
    pub fn apply(&self, power: &[f32], mel: &mut [f32]) {
        for ((out, &start), w) in mel.iter_mut().zip(&self.starts).zip(&self.weights) {
            *out = w
                .iter()
                .zip(&power[start..start + w.len()])
                .map(|(a, b)| a * b)
                .sum();
        }
    }
}
