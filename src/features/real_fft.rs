//! Forward FFT of a real frame through a half-length complex FFT.
//!
//! A frame of `n` real samples is read as `n / 2` complex ones (even samples real, odd
//! imaginary), transformed with rustfft's radix-4 algorithm, and split into the `n / 2 + 1`
//! bins of the real signal's spectrum. The algorithm is built directly instead of
//! through `FftPlanner`: a planner can return any of rustfft's algorithms for any
//! length, so using one links all of them (≈ 1 MB of the mobile library), while the
//! frame length here is always a power of two (`FeatureConfig::validate`).

use rustfft::algorithm::Radix4;
use rustfft::num_complex::Complex;
use rustfft::{Fft, FftDirection};

/// Plan and buffers for one frame length; [`process`](Self::process) never allocates.
pub struct RealFft {
    half: Radix4<f32>,
    /// `e^{-2πik/n}` for `k` in `0..n/2`.
    twiddles: Vec<Complex<f32>>,
    packed: Vec<Complex<f32>>,
    scratch: Vec<Complex<f32>>,
}

impl RealFft {
    /// A plan for frames of `n` samples; `n` must be a power of two ≥ 4.
    pub fn new(n: usize) -> Self {
        assert!(n >= 4 && n.is_power_of_two(), "real FFT length {n}");
        let half_len = n / 2;
        let half = Radix4::new(half_len, FftDirection::Forward);
        let twiddles = (0..half_len)
            .map(|k| {
                let angle = -2.0 * std::f64::consts::PI * k as f64 / n as f64;
                Complex::new(angle.cos() as f32, angle.sin() as f32)
            })
            .collect();
        let scratch = vec![Complex::default(); half.get_inplace_scratch_len()];
        Self {
            half,
            twiddles,
            packed: vec![Complex::default(); half_len],
            scratch,
        }
    }

    /// Writes the `n / 2 + 1` bins of `input`'s spectrum (`input.len() == n`, unscaled,
    /// `X[k] = Σ x[j] e^{-2πijk/n}`) into `spectrum`.
    pub fn process(&mut self, input: &[f32], spectrum: &mut [Complex<f32>]) {
        let half_len = self.packed.len();
        debug_assert_eq!(input.len(), 2 * half_len);
        debug_assert_eq!(spectrum.len(), half_len + 1);
        for (z, pair) in self.packed.iter_mut().zip(input.chunks_exact(2)) {
            *z = Complex::new(pair[0], pair[1]);
        }
        self.half
            .process_with_scratch(&mut self.packed, &mut self.scratch);
        // Z = FFT(z): the even samples' spectrum is E[k] = (Z[k] + conj(Z[N-k])) / 2, the
        // odd samples' O[k] = (Z[k] - conj(Z[N-k])) / 2i, and X[k] = E[k] + w^k O[k].
        let z0 = self.packed[0];
        spectrum[0] = Complex::new(z0.re + z0.im, 0.0);
        spectrum[half_len] = Complex::new(z0.re - z0.im, 0.0);
        let bins = spectrum[1..half_len].iter_mut().zip(&self.twiddles[1..]);
        for (k, (bin, &twiddle)) in (1..half_len).zip(bins) {
            let a = self.packed[k];
            let b = self.packed[half_len - k].conj();
            let even = (a + b) * 0.5;
            let odd = (a - b) * Complex::new(0.0, -0.5);
            *bin = even + twiddle * odd;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain O(n²) DFT, in f64.
    fn naive_dft(x: &[f32]) -> Vec<Complex<f64>> {
        let n = x.len();
        (0..=n / 2)
            .map(|k| {
                x.iter()
                    .enumerate()
                    .fold(Complex::default(), |acc, (j, &v)| {
                        let angle = -2.0 * std::f64::consts::PI * (j * k) as f64 / n as f64;
                        acc + Complex::new(angle.cos(), angle.sin()) * f64::from(v)
                    })
            })
            .collect()
    }

    #[test]
    fn matches_the_naive_dft_for_every_supported_length() {
        for n in [4, 8, 16, 32, 64, 128, 256, 512, 1024] {
            let input: Vec<f32> = (0..n)
                .map(|i| ((i * 7919) % 101) as f32 / 50.0 - 1.0)
                .collect();
            let mut fft = RealFft::new(n);
            let mut spectrum = vec![Complex::default(); n / 2 + 1];
            fft.process(&input, &mut spectrum);
            let reference = naive_dft(&input);
            let scale = reference.iter().map(|c| c.norm()).fold(1.0, f64::max);
            for (k, (got, want)) in spectrum.iter().zip(&reference).enumerate() {
                let error = (Complex::new(f64::from(got.re), f64::from(got.im)) - want).norm();
                assert!(
                    error / scale < 1e-5,
                    "n {n} bin {k}: {got} vs {want} (scale {scale})"
                );
            }
        }
    }

    #[test]
    fn a_pure_tone_lands_in_its_bin() {
        let n = 512;
        let input: Vec<f32> = (0..n)
            .map(|i| (2.0 * std::f32::consts::PI * 10.0 * i as f32 / n as f32).cos())
            .collect();
        let mut fft = RealFft::new(n);
        let mut spectrum = vec![Complex::default(); n / 2 + 1];
        fft.process(&input, &mut spectrum);
        let peak = (0..spectrum.len())
            .max_by(|&a, &b| spectrum[a].norm().total_cmp(&spectrum[b].norm()))
            .unwrap();
        assert_eq!(peak, 10);
        assert!((spectrum[10].norm() - n as f32 / 2.0).abs() < 1e-2);
    }
}
