"""Writes the model report (models/REPORT.md + PNGs in models/report/) from training runs'
results.json, or from the shipped model itself.

    python -m training.report --shipped models      # from a checkout: the committed model re-scored
    python -m training.report --shipped training/runs/shipped-main-1 \
        [--baseline RUN] [--also RUN ...] [--loco RUN ...] [--crossval FOLD_RUN ...]

`python -m training.reproduce` runs the second form on the runs it trains. The first
needs no run: it scores models/emotion.onnx on the test speakers at its metadata's
temperature (int8 numbers, confusions, calibration; needs ../shared/datasets and the
feature extractor) and takes the f32 numbers from models/emotion.json.

Confusion matrices (per corpus, int8, test speakers), reliability diagrams before and
after temperature scaling, and tables of unweighted (UA) / weighted (WA) accuracy."""
import argparse
import json
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import crossval, data, evaluate, export, features  # noqa: E402
from .data import LABELS  # noqa: E402


def load(run_dir, name="results.json"):
    with open(os.path.join(run_dir, name)) as f:
        return json.load(f)


def load_shipped(path):
    """The shipped run's results: a run directory's as shipped (rescored at the temperature
    `ship --temperature-from-folds` gave it where it did, else as trained), or those of the
    model in a models directory (`rescore_models_dir`)."""
    if os.path.exists(os.path.join(path, "emotion.json")):
        return rescore_models_dir(path)
    name = "results_shipped.json"  # ship.SHIPPED_RESULTS
    return load(path, name if os.path.exists(os.path.join(path, name)) else "results.json")


def rescore_models_dir(models_dir):
    """A run's results for the model in `models_dir` (emotion.onnx + emotion.json): the
    int8 test numbers recomputed on the test speakers' clips at the metadata's temperature,
    the rest (f32 numbers, f32-vs-int8 agreement, command) as the metadata records them —
    the f32 model is not committed."""
    with open(os.path.join(models_dir, "emotion.json")) as f:
        meta = json.load(f)
    split = meta["training"]["split"]
    args = argparse.Namespace(manifest=data.MANIFEST, folder=None, test_corpus=None, fold=None, limit=0, seed=1)
    _, _, test = data.load_items(args)
    if sorted({i["speaker"] for i in test}) != sorted(split["test"]):
        raise SystemExit(f"the model's test speakers {split['test']} are not the fixed split's")
    feats = features.extract([i["path"] for i in test], os.path.join(features.CACHE, "features"))
    onnx_path = os.path.join(models_dir, "emotion.onnx")
    test_int8 = evaluate.evaluate(export.ort_predictor(onnx_path), test, feats, meta["window_frames"],
                                  meta["temperature"], with_calibration=True)
    recorded = meta["validation"]["test_int8"]
    for corpus, s in recorded.items():
        got = test_int8.get(corpus, {})
        if (round(got.get("ua", -1), 4), round(got.get("wa", -1), 4), got.get("n")) != (s["ua"], s["wa"], s["n"]):
            print(f"warning: {corpus}: int8 UA/WA/n re-scored {got.get('ua')}/{got.get('wa')}/{got.get('n')}, "
                  f"emotion.json records {s['ua']}/{s['wa']}/{s['n']}")
    return {"model": meta["name"].removeprefix("speech-emotion-"), "architecture": meta["architecture"],
            "temperature": meta["temperature"], "split": split, "test_int8": test_int8,
            "test_f32": meta["validation"]["test_f32"], "f32_vs_int8": meta["validation"]["f32_vs_int8"],
            "int8_bytes": os.path.getsize(onnx_path), "command": meta["training"]["command"],
            "source": f"{models_dir}/emotion.onnx re-scored; f32 numbers from {models_dir}/emotion.json"}


def crossval_lines(fold_runs):
    """Pooled speaker cross-validation: UA / WA and ECE per corpus, at each fold's own
    validation temperature and at the temperature fitted on the other folds."""
    scored = [crossval.fold_logits(r) for r in fold_runs]
    by_mode = {"validation": [t for _, _, t in scored], "cross-fitted": crossval.cross_fitted_temperatures(scored)}
    lines = ["", f"## Speaker cross-validation ({len(fold_runs)} folds pooled, int8, clip level)", "",
             "Every clip scored once by the fold model that never heard its speaker. Temperatures per fold: "
             + "; ".join(f"{m} {', '.join(str(t) for t in ts)}" for m, ts in by_mode.items()) + ".", "",
             "| corpus | clips | speakers | UA / WA | ECE at each fold's validation T | ECE at the cross-fitted T "
             "| a perfectly calibrated model |", "|---|---|---|---|---|---|---|"]
    items = [i for fold_items, _, _ in scored for i in fold_items]
    y = np.array(crossval.labels_of(items))
    probs = {m: np.concatenate([evaluate.clip_probs(logits, t) for (_, logits, _), t in zip(scored, ts)])
             for m, ts in by_mode.items()}
    for corpus in sorted({i["corpus"] for i in items}):
        mask = np.array([i["corpus"] == corpus for i in items])
        s = evaluate.scores(list(y[mask]), list(probs["validation"][mask].argmax(axis=1)))
        speakers = len({i["speaker"] for i, m in zip(items, mask) if m})
        ece = {m: evaluate.ece(p[mask], y[mask])[0] for m, p in probs.items()}
        lines.append(f"| {corpus} | {mask.sum()} | {speakers} | {s['ua']:.3f} / {s['wa']:.3f} | {ece['validation']:.3f} "
                     f"| {ece['cross-fitted']:.3f} | {evaluate.ece_floor(probs['cross-fitted'][mask]):.3f} |")
    return lines


def file_slugs(runs):
    """A distinct file-name stem per run: its model name, numbered from the second run of
    the same model on (two baselines must not overwrite each other's PNGs)."""
    seen, out = {}, []
    for _, r in runs:
        seen[r["model"]] = seen.get(r["model"], 0) + 1
        out.append(r["model"] + (f"_{seen[r['model']]}" if seen[r["model"]] > 1 else ""))
    return out


def confusion_png(confusion, title, path):
    c = np.array(confusion, float)
    rows = c.sum(axis=1, keepdims=True)
    norm = np.divide(c, rows, out=np.zeros_like(c), where=rows > 0)
    fig, ax = plt.subplots(figsize=(4.2, 3.8))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    for i in range(len(LABELS)):
        for j in range(len(LABELS)):
            if rows[i, 0] > 0:
                ax.text(j, i, f"{int(c[i, j])}", ha="center", va="center",
                        color="white" if norm[i, j] > 0.5 else "black", fontsize=8)
    ax.set_xticks(range(len(LABELS)), LABELS, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(LABELS)), LABELS, fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def reliability_png(before, after, ece_before, ece_after, path):
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.plot([0, 1], [0, 1], "k--", lw=0.8, label="perfect")
    for table, ece, label in ((before, ece_before, "T = 1"), (after, ece_after, "fitted T")):
        conf = [row[3] for row in table]
        acc = [row[4] for row in table]
        ax.plot(conf, acc, "o-", label=f"{label} (ECE {ece:.3f})")
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title("Reliability, test speakers (clip level)", fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def row(name, results, key="test_int8"):
    r = results[key]
    cells = [name]
    for corpus in ("ravdess", "emodb", "all"):
        s = r.get(corpus)
        cells.append(f"{s['ua']:.3f} / {s['wa']:.3f}" if s else "–")
    return "| " + " | ".join(cells) + " |"


def floor(scores):
    """What a perfectly calibrated model would measure on these clips (older runs lack it)."""
    if "ece_perfectly_calibrated" not in scores:
        return ""
    return (f" (a perfectly calibrated model would measure {scores['ece_perfectly_calibrated']:.3f} "
            f"on these {scores['n']} clips)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--shipped", required=True,
                   help="the shipped run's directory, or a models directory (emotion.onnx + emotion.json) to re-score")
    p.add_argument("--baseline")
    p.add_argument("--also", nargs="*", default=[], help="more runs to compare (e.g. a previous model)")
    p.add_argument("--loco", nargs="*", default=[])
    p.add_argument("--crossval", nargs="*", default=[], help="the shipped recipe's --fold I/N runs")
    p.add_argument("--out", default="models/report")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    shipped = load_shipped(args.shipped)
    runs = [("shipped: " + shipped["model"], shipped)]
    compared = ([("baseline", args.baseline)] if args.baseline else []) + [("compared", d) for d in args.also]
    for role, run_dir in compared:
        run = load(run_dir)
        runs.append((f"{role}: {run['model']}", run))
    lines = ["# Model report", "",
             "Generated by `python -m training.report` from "
             + (shipped["source"] if "source" in shipped else
                "the runs' `results.json` (the shipped run's `results_shipped.json` where `training.ship` "
                "rescored it at the shipped temperature)")
             + ". Test speakers (never used for training, epoch choice or calibration): "
             + ", ".join(shipped["split"]["test"]) + ".", "",
             "## Speaker-independent accuracy (UA / WA, clip level)", "",
             "| model | RAVDESS | EmoDB | all test |", "|---|---|---|---|"]
    for name, r in runs:
        lines.append(row(name + " (int8)", r))
        lines.append(row(name + " (f32)", r, "test_f32"))
    lines += ["", "Made by:", ""]
    for name, r in runs:
        took = f" ({r['minutes']:.0f} min)" if "minutes" in r else ""
        lines.append(f"* {name}: `{r.get('command', '?')}`{took}")
    lines += ["", "## f32 vs int8 (onnxruntime, test windows)", ""]
    for name, r in runs:
        lines.append(f"* {name}: {r['f32_vs_int8']}; int8 file {r['int8_bytes']} bytes")
    if args.loco:
        lines += ["", "## Leave-one-corpus-out (int8, UA / WA on the held-out corpus)", "",
                  "| model | training windows | babble share | held-out corpus | UA / WA |", "|---|---|---|---|---|"]
        for run_dir in args.loco:
            r = load(run_dir)
            a = r["args"]
            corpus = a["test_corpus"]
            s = r["test_int8"].get(corpus, r["test_int8"]["all"])
            lines.append(f"| {r['model']} | {a['epochs']} × {a['samples_per_epoch']} | {a.get('babble', 0)} | {corpus} "
                         f"| {s['ua']:.3f} / {s['wa']:.3f} |")
    if args.crossval:
        lines += crossval_lines(args.crossval)
    lines += ["", "## Calibration (clip level, test speakers)", ""]
    slugs = file_slugs(runs)
    for (name, r), slug in zip(runs, slugs):
        a = r["test_int8"]["all"]
        reliability_png(a["reliability_before"], a["reliability_after"], a["ece_before_temperature"],
                        a["ece_after_temperature"], os.path.join(args.out, f"reliability_{slug}.png"))
        lines.append(f"* {name}: temperature {r['temperature']}; ECE {a['ece_before_temperature']:.3f} before, "
                     f"{a['ece_after_temperature']:.3f} after" + floor(a) + f" — ![](report/reliability_{slug}.png)")
    lines += ["", "## Confusion matrices (int8, test speakers)", ""]
    for (name, r), slug in zip(runs, slugs):
        for corpus, s in r["test_int8"].items():
            if "confusion" not in s:
                continue
            png = f"confusion_{slug}_{corpus}.png"
            confusion_png(s["confusion"], f"{name} — {corpus} (UA {s['ua']:.2f})", os.path.join(args.out, png))
            lines.append(f"![{name} {corpus}](report/{png})")
    with open(os.path.join(os.path.dirname(args.out), "REPORT.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
