"""Re-quantise a finished run's f32 model with the current export settings and re-score the
int8 model on the run's test speakers (no retraining; same weights, same temperature).

    python -m training.experiments.requantize training/runs/statspool-main-1

Rewrites model_int8.onnx and results.json in the run directory (the previous ones are kept
as *.prev); `python -m training.ship RUN` then copies the model into models/. `train.py` runs the
same quantisation, so a fresh training run reproduces what this writes.
"""
import json
import os
import shutil
import sys

import numpy as np

from .. import export, features
from .. import train as core
from .train import ExperimentSampler, load_items

if __name__ == "__main__":
    run_dir = sys.argv[1]
    results, args = export.load_run(run_dir)
    train_items, _, test_items = load_items(args)
    feats = features.extract([i["path"] for i in train_items + test_items],
                             os.path.join(core.CACHE, "features"), jobs=args.threads)
    sampler = ExperimentSampler(train_items, feats, {}, args.window, np.random.default_rng(args.seed))
    for name in ("model_int8.onnx", "results.json"):
        shutil.copyfile(os.path.join(run_dir, name), os.path.join(run_dir, name + ".prev"))
    before = results["test_int8"]
    core.quantize_and_evaluate(run_dir, train_items, test_items, feats, sampler, args.window,
                                results["temperature"], results)
    results["requantized"] = True
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    for key, scores in (("before", before), ("after", results["test_int8"])):
        print(f"int8 {key}: " + " ".join(f"{c}: UA {s['ua']:.3f} WA {s['wa']:.3f}" for c, s in scores.items())
              + f" ECE {scores['all']['ece_after_temperature']:.3f}")
    print(f"f32 vs int8: {results['f32_vs_int8']}; int8 size {results['int8_bytes']} B")
