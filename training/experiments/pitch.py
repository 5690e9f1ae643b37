"""Experimental (`python -m training.experiments.train --model statspool-pitch`): a pitch
track beside the log-mel frames. `python -m training.experiments.pitch` checks the tracker.

Per 10 ms frame, aligned with the library's log-mel frames (frame i centred on sample
i * 160 + 256, as `center=False` with n_fft 512 places it): whether the frame is voiced
(1 / 0) and log2 of its fundamental frequency in Hz (0 where unvoiced). YIN
(de Cheveigné & Kawahara 2002) over 50 ms, F0 60–500 Hz, vectorised over frames with
numpy. The library has no pitch tracker: this is Python only, to learn whether the
network gains from prosody that per-window log-mel normalisation hides, before anyone
writes one in Rust."""
import os

import numpy as np

from .. import augment, features

SR = augment.SR
HOP = 160
CENTRE = 256  # of a log-mel frame, in samples from its start
FRAME = 800  # 50 ms: two periods of the lowest F0
F0_MIN, F0_MAX = 60.0, 500.0
THRESHOLD = 0.15  # YIN's absolute threshold on the cumulative mean normalised difference
VOICED_MAX = 0.35  # frames whose best dip is above this are unvoiced
ENERGY_FLOOR_DB = 40.0  # frames this far below the clip's loudest are unvoiced


def track(y, n_frames):
    """[n_frames, 2] float32: (voiced, log2 F0 in Hz or 0) for mono 16 kHz `y`."""
    out = np.zeros((n_frames, 2), np.float32)
    if n_frames <= 0:
        return out
    tau_min, tau_max = int(SR // F0_MAX), int(SR // F0_MIN)
    width = FRAME - tau_max - 1
    lead = CENTRE - FRAME // 2  # frame i spans samples [i * HOP + lead, + FRAME) of `y`
    padded = np.zeros(max(0, -lead) + len(y) + FRAME + n_frames * HOP, np.float64)
    padded[max(0, -lead) : max(0, -lead) + len(y)] = y
    start = max(0, lead)
    idx = start + np.arange(n_frames)[:, None] * HOP + np.arange(FRAME)[None, :]
    frames = padded[idx]
    nfft = 2048
    spectrum = np.fft.rfft(frames, nfft)
    head = np.fft.rfft(frames[:, :width], nfft)
    corr = np.fft.irfft(np.conj(head) * spectrum, nfft)[:, : tau_max + 2]
    energy = np.concatenate([np.zeros((n_frames, 1)), np.cumsum(frames ** 2, axis=1)], axis=1)
    lags = np.arange(tau_max + 2)
    shifted = energy[:, lags + width] - energy[:, lags]  # Σ x² over [τ, τ + width)
    diff = np.maximum(shifted[:, :1] + shifted - 2 * corr, 0.0)
    cmnd = np.ones_like(diff)
    running = np.cumsum(diff[:, 1:], axis=1)
    cmnd[:, 1:] = diff[:, 1:] * lags[1:] / np.maximum(running, 1e-12)
    band = cmnd[:, tau_min : tau_max + 1]
    below = band < THRESHOLD
    tau = np.where(below.any(axis=1), below.argmax(axis=1), band.argmin(axis=1))
    rows = np.arange(n_frames)
    for _ in range(band.shape[1]):  # walk down to the bottom of the dip
        step = (tau + 1 < band.shape[1]) & (band[rows, np.minimum(tau + 1, band.shape[1] - 1)] < band[rows, tau])
        if not step.any():
            break
        tau = tau + step
    best = band[rows, tau]
    # Parabolic interpolation around the dip for a sub-sample period.
    left = band[rows, np.maximum(tau - 1, 0)]
    right = band[rows, np.minimum(tau + 1, band.shape[1] - 1)]
    curve = left - 2 * best + right
    offset = np.where(curve > 1e-9, 0.5 * (left - right) / np.where(curve > 1e-9, curve, 1.0), 0.0)
    period = tau_min + tau + np.clip(offset, -0.5, 0.5)
    loudness = shifted[:, 0]
    loud = loudness > loudness.max() * 10 ** (-ENERGY_FLOOR_DB / 10) if loudness.max() > 0 else np.zeros(n_frames, bool)
    voiced = (best < VOICED_MAX) & loud
    out[:, 0] = voiced
    out[:, 1] = np.where(voiced, np.log2(SR / period), 0.0)
    return out


def _one(job):
    path, dst, n_frames = job
    if not os.path.exists(dst):
        arr = track(augment.read_mono(path), n_frames)
        features.write_replacing(dst, lambda tmp: np.save(tmp, arr))
    return path


def add_pitch(feats, cache_dir, threads):
    """`feats` ({path: [frames, 64]}) with the pitch track appended: {path: [frames, 66]}."""
    from multiprocessing import Pool
    os.makedirs(cache_dir, exist_ok=True)
    jobs = [(p, features.cache_path(cache_dir, p), len(x)) for p, x in feats.items()]
    with Pool(threads) as pool:
        pool.map(_one, [j for j in jobs if not os.path.exists(j[1])], chunksize=32)
    out = {}
    for path, dst, n in jobs:
        pitch = np.load(dst)
        if len(pitch) != n:  # a cache from another feature configuration
            raise SystemExit(f"{dst}: {len(pitch)} pitch frames for {n} log-mel frames; delete {cache_dir}")
        out[path] = np.concatenate([feats[path], pitch], axis=1)
    return out


def _self_test():
    """A harmonic tone at 200 Hz then 120 Hz, then white noise: the track must say so."""
    t = np.arange(2 * SR) / SR
    phase = 2 * np.pi * np.cumsum(np.where(t < 1, 200.0, 120.0)) / SR
    y = sum(np.sin(k * phase) / k for k in range(1, 8)) * 0.1
    y[int(1.5 * SR):] = np.random.default_rng(0).standard_normal(len(y) - int(1.5 * SR)) * 0.05
    n = 1 + (len(y) - 512) // HOP
    out = track(y, n)
    hz = 2.0 ** out[:, 1]
    assert out[5:95, 0].all() and np.allclose(hz[5:95], 200, rtol=0.01), hz[5:95]
    assert out[105:145, 0].all() and np.allclose(hz[105:145], 120, rtol=0.01), hz[105:145]
    assert out[155:, 0].mean() < 0.05, out[155:, 0].mean()
    assert track(np.zeros(SR, np.float32), 97)[:, 0].sum() == 0
    print("training.experiments.pitch: 200 Hz, 120 Hz, noise and silence tracked as expected")


if __name__ == "__main__":
    _self_test()
