"""Score an int8 (or f32) ONNX model on chosen clips of the manifest: every clip of some
corpora, or some speakers' clips; per corpus UA / WA / n, ECE and the ECE a perfectly
calibrated model would measure on as many clips, at one or more temperatures.

    python -m training.score models/emotion.onnx --corpora banglaser emovo --temperatures 1.15 1.75
    python -m training.score models/emotion.onnx --speakers banglaser_31 banglaser_32 --temperatures 1.15
    python -m training.score RUN/model_int8.onnx --corpora ravdess tess emodb emovo --json out.json

What the shipped model (three corpora) scores on corpora it never heard, or a model
trained on one corpus scores on the others; the same clip decision as every run
(`evaluate`: 2 s windows every 0.5 s, mean of the windows' probabilities).
"""
import argparse
import json
import os

import numpy as np

from . import data, evaluate, export, features
from .data import LABELS


def clip_set(corpora=None, speakers=None, manifest=data.MANIFEST):
    """The manifest's clips with one of the library's labels, of `corpora` (all if None),
    restricted to `speakers` if given."""
    items = [i for i in data.load_manifest(manifest) if i["label"] in LABELS]
    if corpora:
        items = [i for i in items if i["corpus"] in corpora]
    if speakers:
        items = [i for i in items if i["speaker"] in speakers]
    return items


def logits_of(model_path, items, window=200):
    """(items with features, their windows' logits) for `model_path`."""
    feats = features.extract([i["path"] for i in items], os.path.join(features.CACHE, "features"))
    return evaluate.clip_logits(export.ort_predictor(model_path), items, feats, window)


def report(items, logits, temperature):
    """{corpus or "all": {"ua", "wa", "n", "confusion", "speakers", "ece", "ece_perfectly_calibrated"}}."""
    probs = evaluate.clip_probs(logits, temperature)
    y = np.array([LABELS.index(i["label"]) for i in items])
    out = {}
    for corpus in sorted({i["corpus"] for i in items}) + ["all"]:
        mask = np.array([corpus in ("all", i["corpus"]) for i in items])
        s = evaluate.scores(list(y[mask]), list(probs[mask].argmax(axis=1)))
        s["speakers"] = len({i["speaker"] for i, m in zip(items, mask) if m})
        s.update(evaluate.calibration(probs[mask], y[mask]))
        s["mean_confidence"] = float(probs[mask].max(axis=1).mean())
        out[corpus] = s
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("model", help="an ONNX model with the library's input (log_mel [n, 1, 64, W])")
    p.add_argument("--corpora", nargs="+", help="every clip of these corpora (default: all five)")
    p.add_argument("--speakers", nargs="+", help="only these speakers' clips")
    p.add_argument("--temperatures", nargs="+", type=float, default=[1.0])
    p.add_argument("--window", type=int, default=200)
    p.add_argument("--json", help="write the numbers here")
    args = p.parse_args()
    items = clip_set(args.corpora, args.speakers)
    kept, logits = logits_of(args.model, items, args.window)
    out = {}
    for t in args.temperatures:
        out[str(t)] = report(kept, logits, t)
        for corpus, s in out[str(t)].items():
            print(f"T {t}: {corpus}: {s['n']} clips, {s['speakers']} speakers: UA {s['ua']:.3f} WA {s['wa']:.3f} "
                  f"ECE {s['ece']:.3f} (perfectly calibrated: {s['ece_perfectly_calibrated']:.3f}), "
                  f"mean confidence {s['mean_confidence']:.3f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"model": args.model, "corpora": args.corpora, "speakers": args.speakers, "scores": out}, f,
                      indent=1)


if __name__ == "__main__":
    main()
