"""Waveform augmentation: speed/pitch, reverberation, phone band-limiting, noise, gain,
time shift, and (optionally) babble of other speakers. Each call draws a random
combination; all randomness comes from `rng`."""
import numpy as np
import soundfile as sf
from scipy.signal import butter, fftconvolve, resample_poly, sosfilt

SR = 16000
_SPEED = {0.9: (10, 9), 0.95: (20, 19), 1.05: (20, 21), 1.1: (10, 11)}


def read_mono(path):
    """The file's samples as mono float32 at `SR` Hz (channels averaged, resampled if needed)."""
    y, sr = sf.read(path, dtype="float32", always_2d=True)
    y = y.mean(axis=1)
    return y if sr == SR else resample_poly(y, SR, sr).astype(np.float32)


def _active_rms(y):
    frames = y[: len(y) // 400 * 400].reshape(-1, 400)
    energy = (frames ** 2).mean(axis=1)
    loud = energy[energy >= np.percentile(energy, 50)] if len(energy) else np.array([1e-8])
    return float(np.sqrt(loud.mean() + 1e-12))


def _noise(n, rng):
    white = rng.standard_normal(n)
    kind = rng.integers(3)
    if kind == 0:
        return white
    spectrum = np.fft.rfft(white)
    f = np.arange(len(spectrum)) + 1.0
    spectrum /= f ** (0.5 if kind == 1 else 1.0)  # pink or brown
    out = np.fft.irfft(spectrum, n)
    return out / (out.std() + 1e-12)


def set_active_level(y, dbfs):
    """`y` scaled so its active level (the louder half of its 25 ms frames) is `dbfs`."""
    return y * 10 ** (dbfs / 20) / (_active_rms(y) + 1e-12)


def limit_peak(y):
    """`y` scaled down to a 0.99 peak if it would clip, else unchanged."""
    peak = np.abs(y).max()
    return y * (0.99 / peak) if peak > 0.99 else y


def babble(n, talkers, rng):
    """`n` samples of the clips in `talkers` (mono float arrays) talking at once: each
    looped, started at a random offset and scaled to unit active level, then summed."""
    out = np.zeros(n)
    for clip in talkers:
        looped = np.tile(clip, n // len(clip) + 2)
        start = rng.integers(len(clip))
        out += looped[start : start + n] / (_active_rms(clip) + 1e-12)
    return out


def add_at_snr(y, noise, snr_db):
    """`y` plus `noise` (at least as long) scaled to `snr_db` below `y`'s active level."""
    noise = noise[: len(y)]
    return y + noise * (_active_rms(y) / 10 ** (snr_db / 20) / (_active_rms(noise) + 1e-12))


def _room_impulse(rng):
    rt60 = rng.uniform(0.15, 0.7)
    n = int(rt60 * SR)
    t = np.arange(n) / SR
    ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    ir[0] = 1.0 / rng.uniform(0.3, 1.0)  # direct path relative to the tail
    return ir / np.sqrt((ir ** 2).sum())


def augment(y, rng, talkers=()):
    """A randomly augmented copy of mono float `y` at 16 kHz. With `talkers` (other
    speakers' clips), they are first mixed in as babble at 5–25 dB SNR; the mixture then
    goes through the rest, as a recording in a busy room would."""
    y = np.asarray(y, dtype=np.float64)
    if len(talkers):
        y = add_at_snr(y, babble(len(y), talkers, rng), rng.uniform(5, 25))
    if rng.random() < 0.6:
        up, down = _SPEED[rng.choice(list(_SPEED))]
        y = resample_poly(y, up, down)  # changes tempo and pitch together
    if rng.random() < 0.35:
        y = fftconvolve(y, _room_impulse(rng))[: len(y)]
    if rng.random() < 0.3:
        low, high = rng.uniform(200, 400), rng.uniform(3000, 4000)
        y = sosfilt(butter(4, [low, high], btype="band", fs=SR, output="sos"), y)
    level = _active_rms(y)
    if rng.random() < 0.6:
        snr_db = rng.uniform(5, 30)
        y = y + _noise(len(y), rng) * level / 10 ** (snr_db / 20)
    if rng.random() < 0.5:
        shift = int(rng.uniform(0, 0.4) * SR)
        y = np.concatenate([np.zeros(shift), y])
    # Gain: active level anywhere from about -45 to -10 dBFS, never clipping.
    y = limit_peak(set_active_level(y, rng.uniform(-45, -10)))
    return y.astype(np.float32)
