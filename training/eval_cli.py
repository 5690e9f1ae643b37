"""Authoritative test numbers: classify every test-speaker file with the Rust CLI
(`emotion classify`, the exact decision the app makes) and report unweighted (UA) and
weighted (WA) accuracy per corpus, and the expected calibration error of the confidences
the app shows (beside what a perfectly calibrated model would measure on as many files).

    python -m training.eval_cli [--model models/emotion.onnx] [--manifest ...]

Files the library judges silent (no speech) count as wrong. Labels a corpus lacks
(EmoDB has no `surprised`) are left out of its UA."""
import argparse
import json
import os
import subprocess
from collections import Counter, defaultdict

import numpy as np

from . import data, evaluate
from .features import ROOT, emotion_binary


def classify(paths, model=None):
    """The CLI's JSON result for each of `paths` (with `--model model` if given), in order."""
    cmd = [emotion_binary()] + (["--model", model] if model else []) + ["classify"]
    out = []
    for k in range(0, len(paths), 200):
        proc = subprocess.run(cmd + paths[k : k + 200], capture_output=True, text=True)
        out += [json.loads(line) for line in proc.stdout.splitlines()]
    return out


def score(results, truth):
    """Per corpus and "all": files, UA, WA, silent count, predictions; ECE on "all".
    `truth` maps each result's "file" to its manifest item."""
    by_corpus = defaultdict(list)
    for r in results:
        item = truth[r["file"]]
        by_corpus[item["corpus"]].append((item["label"], r.get("emotion", "error")))
    by_corpus["all"] = [x for c in list(by_corpus) for x in by_corpus[c]]
    report = {}
    for corpus, pairs in sorted(by_corpus.items()):
        per_label = defaultdict(list)
        for label, pred in pairs:
            per_label[label].append(label == pred)
        ua = sum(sum(v) / len(v) for v in per_label.values()) / len(per_label)
        wa = sum(label == pred for label, pred in pairs) / len(pairs)
        report[corpus] = {"files": len(pairs), "ua": round(ua, 4), "wa": round(wa, 4),
                          "silent": sum(pred == "silence" for _, pred in pairs),
                          "predicted": dict(Counter(pred for _, pred in pairs))}
    scored = [r for r in results if "scores" in r]
    if scored:
        probs = np.array([[r["scores"][label] for label in data.LABELS] for r in scored])
        y = [data.LABELS.index(truth[r["file"]]["label"]) for r in scored]
        report["all"].update({k: round(v, 4) for k, v in evaluate.calibration(probs, y).items()})
    return report


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--manifest", default=os.path.join(ROOT, "..", "shared", "datasets", "manifest.csv"))
    p.add_argument("--model", help="ONNX model (default: the one embedded in the CLI)")
    p.add_argument("--speakers", nargs="*", default=sorted(data.TEST_SPEAKERS))
    args = p.parse_args()
    items = [i for i in data.load_manifest(args.manifest) if i["speaker"] in set(args.speakers)]
    truth = {i["path"]: i for i in items}
    print(json.dumps(score(classify(sorted(truth), args.model), truth), indent=2))


if __name__ == "__main__":
    main()
