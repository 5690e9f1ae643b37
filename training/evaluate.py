"""Clip-level evaluation that mirrors the Rust runtime's decision: windows of W frames
every 50 frames, the last aligned to the clip's end, one end-padded window for a clip
shorter than W; the clip's probabilities are the mean of the windows' softmax.
(The runtime also skips windows its energy VAD calls silent; the acted corpora have
speech in every 2 s window, so this evaluation runs the model on all of them.)"""
from collections import defaultdict

import numpy as np

from .data import LABELS

HOP = 50
SILENCE = float(np.log(np.float32(1e-10)))


def clip_windows(x, window):
    """[n, 1, 64, W] windows of a [frames, 64] clip, as the runtime places them."""
    if len(x) <= window:
        w = np.full((window, x.shape[1]), SILENCE, np.float32)
        w[: len(x)] = x
        return w.T[None, None]
    starts = list(range(0, len(x) - window + 1, HOP))
    if starts[-1] != len(x) - window:
        starts.append(len(x) - window)
    return np.stack([x[s : s + window].T[None] for s in starts])


def softmax(z, temperature=1.0):
    z = z / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def clip_logits(predict, items, feats, window):
    """Per clip: the windows' logits (list of [n, 5]) and labels, for items with features."""
    kept = [i for i in items if i["path"] in feats]
    windows = [clip_windows(feats[i["path"]], window) for i in kept]
    logits = predict(np.concatenate(windows)) if windows else np.zeros((0, len(LABELS)))
    out, at = [], 0
    for w in windows:
        out.append(logits[at : at + len(w)])
        at += len(w)
    return kept, out


def clip_probs(logits, temperature):
    return np.stack([softmax(l, temperature).mean(axis=0) for l in logits])


def scores(y_true, y_pred):
    present = sorted(set(y_true))
    recalls = [np.mean([p == c for t, p in zip(y_true, y_pred) if t == c]) for c in present]
    confusion = np.zeros((len(LABELS), len(LABELS)), int)
    for t, p in zip(y_true, y_pred):
        confusion[t, p] += 1
    return {"ua": float(np.mean(recalls)), "wa": float(np.mean(np.array(y_true) == np.array(y_pred))),
            "n": len(y_true), "confusion": confusion.tolist()}


def ece(probs, y_true, bins=15):
    conf, pred = probs.max(axis=1), probs.argmax(axis=1)
    correct = pred == np.asarray(y_true)
    edges = np.linspace(0, 1, bins + 1)
    total, table = 0.0, []
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            total += m.mean() * abs(correct[m].mean() - conf[m].mean())
            table.append([float(lo), float(hi), int(m.sum()), float(conf[m].mean()), float(correct[m].mean())])
    return float(total), table


def ece_floor(probs, bins=15, draws=500, seed=0):
    """The ECE a perfectly calibrated model with these confidences would show on this
    many clips: the mean of `ece` over label sets drawn from `probs` themselves. With
    a few hundred clips this is far from 0 (binning noise), so read a measured ECE
    against it, not against 0."""
    rng = np.random.default_rng(seed)
    cumulative = np.cumsum(probs, axis=1)
    draws_ece = []
    for _ in range(draws):
        y = (rng.random((len(probs), 1)) > cumulative).sum(axis=1).clip(0, probs.shape[1] - 1)
        draws_ece.append(ece(probs, y, bins)[0])
    return float(np.mean(draws_ece))


def calibration(probs, y_true):
    """{"ece", "ece_perfectly_calibrated"}: the measured ECE and what a perfectly
    calibrated model with these confidences would measure on as many clips."""
    return {"ece": ece(probs, y_true)[0], "ece_perfectly_calibrated": ece_floor(probs)}


def evaluate(predict, items, feats, window, temperature=1.0, with_calibration=False):
    """{"all": {...}, "<corpus>": {"ua", "wa", "n", "confusion"}} (+ calibration)."""
    kept, logits = clip_logits(predict, items, feats, window)
    if not kept:
        return {"all": {"ua": 0.0, "wa": 0.0, "n": 0}}
    probs = clip_probs(logits, temperature)
    y = [LABELS.index(i["label"]) for i in kept]
    pred = probs.argmax(axis=1)
    by_corpus = defaultdict(list)
    for k, item in enumerate(kept):
        by_corpus[item["corpus"]].append(k)
    out = {c: scores([y[k] for k in ks], [pred[k] for k in ks]) for c, ks in sorted(by_corpus.items())}
    out["all"] = scores(y, list(pred))
    if with_calibration:
        raw = clip_probs(logits, 1.0)
        out["all"]["ece_before_temperature"], out["all"]["reliability_before"] = ece(raw, y)
        out["all"]["ece_after_temperature"], out["all"]["reliability_after"] = ece(probs, y)
        out["all"]["ece_perfectly_calibrated"] = ece_floor(probs)
    return out


def fit_temperature(predict, items, feats, window):
    """The temperature minimising clip-level NLL on `items` (validation speakers)."""
    kept, logits = clip_logits(predict, items, feats, window)
    return temperature_for(logits, [LABELS.index(i["label"]) for i in kept])


def temperature_for(logits, y_true, weights=None):
    """The temperature (0.3–5.0, steps of 0.05) minimising clip-level NLL of these clips'
    window logits (a list of [windows, 5] arrays) against their labels, each clip
    weighted by `weights` (default: equally)."""
    y = np.asarray(y_true)
    w = np.ones(len(y)) if weights is None else np.asarray(weights, dtype=float)
    best = (np.inf, 1.0)
    for t in np.arange(0.3, 5.0, 0.05):
        p = clip_probs(logits, t)
        nll = -np.sum(w * np.log(p[np.arange(len(y)), y] + 1e-12)) / w.sum()
        best = min(best, (nll, float(t)))
    return round(best[1], 2)


def agreement(predict_a, predict_b, items, feats, window, temperature=1.0):
    """Window-level: max |Δp| and argmax agreement between two predictors."""
    windows = np.concatenate([clip_windows(feats[i["path"]], window) for i in items if i["path"] in feats])
    pa, pb = softmax(predict_a(windows), temperature), softmax(predict_b(windows), temperature)
    return {"windows": len(windows), "max_abs_prob_diff": float(np.abs(pa - pb).max()),
            "argmax_agreement": float(np.mean(pa.argmax(1) == pb.argmax(1)))}
