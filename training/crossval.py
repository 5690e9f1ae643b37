"""Pool the folds of a speaker cross-validation: every clip is scored once, by the int8
model whose training never heard its speaker, with that fold's validation temperature
(or, `--temperature cross-fitted`, one fitted on the other folds' clips, every speaker
weighted the same).
Many more held-out clips than the fixed test split (all 20 RAVDESS actors, all EmoDB and
TESS speakers), so accuracy and calibration error are measured with less noise. Also
prints, per confidence threshold, the share of clips at or above it and how many of
those are right. A subset of the folds scores only their speakers.

    for i in 0 1 2 3; do python -m training.train --fold $i/4 --threads 1; done
    python -m training.crossval training/runs/statspool-fold*of4-1
"""
import argparse
import json
import os
import sys
from collections import Counter

import numpy as np

from . import data, evaluate, export, features
from .data import LABELS


def fold_logits(run_dir, load_items=data.load_items):
    """(test items with features, their window logits, the fold's validation temperature)
    for one fold's run, scored by its int8 model; `load_items(args)` gives the run's
    split (training.experiments.train.load_items for runs with experimental flags)."""
    results, args = export.load_run(run_dir)
    _, _, test = load_items(args)
    feats = features.extract([i["path"] for i in test], os.path.join(features.CACHE, "features"))
    predict = export.ort_predictor(os.path.join(run_dir, "model_int8.onnx"))
    kept, logits = evaluate.clip_logits(predict, test, feats, args.window)
    return kept, logits, results["temperature"]


def fold_series(runs):
    """The sorted fold labels ("I/N") of `runs`, which must be distinct folds of one
    `train.py --fold I/N` series (exits otherwise), and N."""
    folds = sorted(getattr(export.load_run(r)[1], "fold", None) or "" for r in runs)
    total = folds[-1].partition("/")[2]
    if "" in folds or len(set(folds)) != len(folds) or any(f.partition("/")[2] != total for f in folds):
        sys.exit(f"need runs of distinct folds I/N of one --fold series, got {folds}")
    return folds, int(total)


def labels_of(items):
    return [LABELS.index(i["label"]) for i in items]


def speaker_weights(items):
    """1 / (the speaker's clip count) per clip: every speaker weighs the same, so TESS's
    two speakers with 1 000 clips each do not outweigh 30 RAVDESS and EmoDB voices."""
    counts = Counter(i["speaker"] for i in items)
    return [1.0 / counts[i["speaker"]] for i in items]


def pooled_temperature(scored, keep=lambda item: True):
    """The temperature minimising NLL over the kept clips of `scored` folds, every speaker
    weighted the same."""
    pairs = [(i, clip) for items, clips, _ in scored for i, clip in zip(items, clips) if keep(i)]
    items = [i for i, _ in pairs]
    return evaluate.temperature_for([clip for _, clip in pairs], labels_of(items), speaker_weights(items))


def cross_fitted_temperatures(scored):
    """Per fold, the temperature fitted on the other folds' clips (each scored by the
    model that never heard its speaker): a temperature chosen without the fold's
    speakers, from many more speakers than one run's validation set."""
    return [pooled_temperature([f for j, f in enumerate(scored) if j != k]) for k in range(len(scored))]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("runs", nargs="+",
                   help="run directories of one --fold I/N series: all N folds (each clip once) or some of them")
    p.add_argument("--temperature", choices=["validation", "cross-fitted"], default="validation",
                   help="each fold's clips at its own run's validation temperature, or at the temperature "
                        "fitted on the other folds' clips")
    args = p.parse_args()
    folds, total = fold_series(args.runs)
    if len(folds) < total:
        print(f"note: {len(folds)} of {total} folds ({', '.join(folds)}): only their speakers are scored")
    scored = [fold_logits(r) for r in args.runs]
    if args.temperature == "cross-fitted":
        if len(scored) < 2:
            sys.exit("--temperature cross-fitted needs at least two folds")
        temperatures = cross_fitted_temperatures(scored)
    else:
        temperatures = [t for _, _, t in scored]
    print("temperatures per fold (" + args.temperature + "): " +
          ", ".join(f"{r}: {t}" for r, t in zip(args.runs, temperatures)))
    outside_test = pooled_temperature(scored, lambda i: i["speaker"] not in data.TEST_SPEAKERS)
    print("one temperature for every scored clip outside the main split's test speakers, each speaker "
          f"weighted the same (what ship.py --temperature-from-folds gives a model of this recipe): {outside_test}")
    items = [i for fold_items, _, _ in scored for i in fold_items]
    probs = np.concatenate([evaluate.clip_probs(logits, t) for (_, logits, _), t in zip(scored, temperatures)])
    y = np.array(labels_of(items))
    predicted, confidence = probs.argmax(axis=1), probs.max(axis=1)
    report = {}
    for corpus in sorted({i["corpus"] for i in items}) + ["all"]:
        mask = np.array([corpus in ("all", i["corpus"]) for i in items])
        scores = evaluate.scores(list(y[mask]), list(predicted[mask]))
        scores["speakers"] = len({i["speaker"] for i, m in zip(items, mask) if m})
        scores.update(evaluate.calibration(probs[mask], y[mask]))
        sure, right = confidence[mask], predicted[mask] == y[mask]
        scores["by_confidence"] = {f">={t}": {"share": float(np.mean(sure >= t)),
                                              "accuracy": float(np.mean(right[sure >= t]))}
                                   for t in (0.5, 0.7, 0.9) if np.any(sure >= t)}
        report[corpus] = scores
        print(f"{corpus}: {mask.sum()} clips, {scores['speakers']} speakers: UA {scores['ua']:.3f} "
              f"WA {scores['wa']:.3f} ECE {scores['ece']:.3f} (perfectly calibrated: "
              f"{scores['ece_perfectly_calibrated']:.3f}); confidence " +
              ", ".join(f"{t}: {v['share']:.0%} of clips, {v['accuracy']:.0%} right"
                        for t, v in scores["by_confidence"].items()))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
