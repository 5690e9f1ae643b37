"""The default temperature for voices unlike the training data, and ECE by temperature for
new speakers of known corpora and for unseen corpora.

    python -m training.calibrate --loco training/runs/f5-{ravdess,tess,emodb,banglaser,emovo}-1 \
        --folds training/runs/f5-fold{0,1,2,3}of4-1 [--json out.json]

`--loco` runs (`train --test-corpus C`) give every clip of each corpus scored by a model
that never heard the corpus; `--folds` (`train --fold I/N`) every clip scored by a model
that never heard its speaker but knew its corpus. The LOCO-fitted temperature minimises
the NLL of the LOCO runs' held-out clips with every corpus weighing the same and every
speaker the same within its corpus (BanglaSER's 1 466 clips and TESS's 2 000 do not set it
for everyone); the folds' pooled one is `ship --temperature-from-folds`'s (test speakers
excluded, every speaker the same). Both int8, clip level, at the same clip decision as
every run. ECE is printed per corpus at a grid of temperatures, with the ECE a perfectly
calibrated model would measure on as many clips.
"""
import argparse
import json
from collections import Counter

import numpy as np

from . import crossval, data, evaluate
from .data import LABELS

GRID = (1.0, 1.15, 1.25, 1.5, 1.75, 2.0)


def corpus_speaker_weights(items):
    """Every corpus weighs the same; within it every speaker the same."""
    clips = Counter(i["speaker"] for i in items)
    per_corpus = {}
    for i in items:
        per_corpus.setdefault(i["corpus"], set()).add(i["speaker"])
    return [1.0 / (len(per_corpus[i["corpus"]]) * clips[i["speaker"]]) for i in items]


def pooled(scored):
    items = [i for its, _, _ in scored for i in its]
    logits = [clip for _, clips, _ in scored for clip in clips]
    return items, logits


def ece_table(items, logits, temperatures):
    """{corpus: {T: (ece, floor, ua)}} and the mean ECE over corpora per T."""
    y = np.array([LABELS.index(i["label"]) for i in items])
    table = {}
    for t in temperatures:
        probs = evaluate.clip_probs(logits, t)
        for corpus in sorted({i["corpus"] for i in items}):
            mask = np.array([i["corpus"] == corpus for i in items])
            s = evaluate.scores(list(y[mask]), list(probs[mask].argmax(axis=1)))
            table.setdefault(corpus, {})[t] = {
                "ece": evaluate.ece(probs[mask], y[mask])[0], "floor": evaluate.ece_floor(probs[mask], draws=200),
                "ua": s["ua"], "n": int(mask.sum()), "mean_confidence": float(probs[mask].max(axis=1).mean())}
    means = {t: float(np.mean([table[c][t]["ece"] for c in table])) for t in temperatures}
    return table, means


def print_table(title, table, means, temperatures):
    print(f"\n{title}: ECE (perfectly calibrated) per corpus")
    print("| corpus | clips | " + " | ".join(f"T {t}" for t in temperatures) + " |")
    for corpus, row in table.items():
        n = next(iter(row.values()))["n"]
        print(f"| {corpus} | {n} | " + " | ".join(f"{row[t]['ece']:.3f} ({row[t]['floor']:.3f})"
                                                  for t in temperatures) + " |")
    print("| mean over corpora | | " + " | ".join(f"{means[t]:.3f}" for t in temperatures) + " |")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--loco", nargs="+", required=True, help="leave-one-corpus-out runs")
    p.add_argument("--folds", nargs="*", default=[], help="speaker cross-validation runs (one --fold series)")
    p.add_argument("--temperatures", nargs="+", type=float, default=list(GRID))
    p.add_argument("--json", help="write the numbers here")
    args = p.parse_args()
    loco = [crossval.fold_logits(r) for r in args.loco]
    items, logits = pooled(loco)
    y = [LABELS.index(i["label"]) for i in items]
    t_loco = evaluate.temperature_for(logits, y, corpus_speaker_weights(items))
    print(f"LOCO-fitted temperature (every corpus the same, every speaker the same within it): {t_loco}")
    temperatures = sorted(set(args.temperatures) | {t_loco})
    out = {"loco_runs": args.loco, "fold_runs": args.folds, "temperature_loco": t_loco}
    table, means = ece_table(items, logits, temperatures)
    print_table("unseen corpora (LOCO)", table, means, temperatures)
    out["loco"], out["loco_mean_ece"] = table, means
    if args.folds:
        folds = [crossval.fold_logits(r) for r in args.folds]
        t_folds = crossval.pooled_temperature(folds, lambda i: i["speaker"] not in data.TEST_SPEAKERS)
        print(f"\nthe folds' pooled temperature (test speakers excluded, every speaker the same): {t_folds}")
        temperatures = sorted(set(temperatures) | {t_folds})
        f_items, f_logits = pooled(folds)
        table, means = ece_table(f_items, f_logits, temperatures)
        print_table("new speakers of known corpora (CV folds)", table, means, temperatures)
        out["temperature_folds"], out["cv"], out["cv_mean_ece"] = t_folds, table, means
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
