"""Score an ensemble of runs trained on the same split (other seeds or networks): the mean of
the members' int8 logits per window (what one ONNX graph holding both networks would
output), with a temperature fitted on the split's validation speakers, against each
member alone (with its own validation temperature). Several groups (e.g. the folds of a
cross-validation, one group per fold) are pooled, each clip scored once.

    python -m training.experiments.ensemble --group runs/x2-main-1 runs/x2-main-2
    python -m training.experiments.ensemble $(for i in 0 1 2 3; do echo --group runs/x2-fold${i}of4-{1,2}; done)
"""
import argparse
import os
import sys

import numpy as np

from .. import evaluate, export, features
from ..data import LABELS
from ..train import CACHE
from .train import load_items


def _split_key(args):
    return (args.test_corpus, getattr(args, "fold", None), getattr(args, "no_calm", False), args.window)


def group_probs(run_dirs):
    """(test items, {name: clip probabilities}) for one group of same-split runs."""
    runs = [export.load_run(r) for r in run_dirs]
    keys = {_split_key(a) for _, a in runs}
    if len(keys) != 1:
        sys.exit(f"runs of one group must share the split, got {keys}")
    args = runs[0][1]
    _, val, test = load_items(args)
    feats = features.extract([i["path"] for i in val + test], os.path.join(CACHE, "features"))
    predictors = [export.ort_predictor(os.path.join(r, "model_int8.onnx")) for r in run_dirs]
    kept, per_member = None, []
    for predict in predictors:
        kept, logits = evaluate.clip_logits(predict, test, feats, args.window)
        per_member.append(logits)
    out = {f"member {k + 1}": evaluate.clip_probs(l, r["temperature"])
           for k, ((r, _), l) in enumerate(zip(runs, per_member))}

    def mean_logits(windows):
        return np.mean([p(windows) for p in predictors], axis=0)

    temperature = evaluate.fit_temperature(mean_logits, val, feats, args.window)
    ensemble = [np.mean(member, axis=0) for member in zip(*per_member)]
    out["ensemble"] = evaluate.clip_probs(ensemble, temperature)
    print(f"{', '.join(run_dirs)}: {len(kept)} test clips; ensemble temperature {temperature} "
          f"(members {', '.join(str(r['temperature']) for r, _ in runs)})")
    return kept, out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--group", nargs="+", action="append", required=True, help="run directories of one split")
    args = p.parse_args()
    items, probs = [], {}
    for group in args.group:
        kept, by_name = group_probs(group)
        items += kept
        for name, pr in by_name.items():
            probs.setdefault(name, []).append(pr)
    y = np.array([LABELS.index(i["label"]) for i in items])
    for corpus in sorted({i["corpus"] for i in items}) + ["all"]:
        mask = np.array([corpus in ("all", i["corpus"]) for i in items])
        line = []
        for name, parts in probs.items():
            pr = np.concatenate(parts)[mask]
            s = evaluate.scores(list(y[mask]), list(pr.argmax(axis=1)))
            line.append(f"{name} UA {s['ua']:.3f} WA {s['wa']:.3f} ECE {evaluate.ece(pr, y[mask])[0]:.3f}")
        print(f"{corpus} ({mask.sum()} clips): " + " | ".join(line))


if __name__ == "__main__":
    main()
