"""Pool the folds of a speaker cross-validation: every clip is scored once, by the int8
model whose training never heard its speaker, with that fold's validation temperature.
Many more held-out clips than the fixed test split (all 20 RAVDESS actors, all EmoDB and
TESS speakers), so accuracy and calibration error are measured with less noise. Also
prints, per confidence threshold, the share of clips at or above it and how many of
those are right. A subset of the folds scores only their speakers.

    for i in 0 1 2 3; do python training/train.py --fold $i/4 --threads 1; done
    python training/crossval.py training/runs/statspool-fold*of4-1
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate  # noqa: E402
import export  # noqa: E402
import features  # noqa: E402
import train  # noqa: E402
from data import LABELS  # noqa: E402


def fold_predictions(run_dir):
    """(test items with features, their clip probabilities [n, 5]) for one fold's run."""
    results, args = export.load_run(run_dir)
    _, _, test = train.load_items(args)
    feats = features.extract([i["path"] for i in test], os.path.join(train.CACHE, "features"))
    predict = export.ort_predictor(os.path.join(run_dir, "model_int8.onnx"))
    kept, logits = evaluate.clip_logits(predict, test, feats, args.window)
    return kept, evaluate.clip_probs(logits, results["temperature"])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("runs", nargs="+",
                   help="run directories of one --fold I/N series: all N folds (each clip once) or some of them")
    args = p.parse_args()
    folds = sorted(getattr(export.load_run(r)[1], "fold", None) or "" for r in args.runs)
    total = folds[-1].partition("/")[2]
    if "" in folds or len(set(folds)) != len(folds) or any(f.partition("/")[2] != total for f in folds):
        sys.exit(f"need runs of distinct folds I/N of one --fold series, got {folds}")
    if len(folds) < int(total):
        print(f"note: {len(folds)} of {total} folds ({', '.join(folds)}): only their speakers are scored")
    items, probs = [], []
    for run_dir in args.runs:
        kept, p_fold = fold_predictions(run_dir)
        items += kept
        probs.append(p_fold)
    probs = np.concatenate(probs)
    y = np.array([LABELS.index(i["label"]) for i in items])
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
