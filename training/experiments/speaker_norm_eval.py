"""How much unlabeled speech of a speaker speaker normalisation needs: re-scores a finished
run's int8 model on its test speakers with each speaker's mean log-mel measured from k of
their clips drawn at random (k = 0: no normalisation; "all": every clip, as train.py does).

    python -m training.experiments.speaker_norm_eval training/runs/<run> [--clips 0 1 3 10 all] [--draws 5]

Works on runs trained with or without `--speaker-norm` (without it, the normalisation
happens at test time only)."""
import argparse
import os
from collections import defaultdict

import numpy as np

from .. import evaluate, export, features
from ..train import CACHE
from . import speaker_norm
from .train import load_items


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("run_dir")
    p.add_argument("--clips", nargs="+", default=["0", "1", "3", "10", "all"])
    p.add_argument("--draws", type=int, default=5, help="random draws of the k clips per speaker")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    results, run_args = export.load_run(args.run_dir)
    train, _, test = load_items(run_args)
    feats = features.extract([i["path"] for i in train + test], os.path.join(CACHE, "features"), jobs=2)
    reference = speaker_norm.reference_spectrum(train, feats)
    predict = export.ort_predictor(os.path.join(args.run_dir, "model_int8.onnx"))
    temperature, window = results["temperature"], run_args.window
    by_speaker = defaultdict(list)
    for item in test:
        if item["path"] in feats:
            by_speaker[item["speaker"]].append(item)
    rng = np.random.default_rng(args.seed)
    print(f"{args.run_dir} (trained {'with' if getattr(run_args, 'speaker_norm', False) else 'without'} "
          f"--speaker-norm), T = {temperature:.2f}, int8 UA per corpus (mean over draws):")
    for k in args.clips:
        if k == "0":
            runs = [evaluate.evaluate(predict, test, feats, window, temperature)]
        elif k == "all":
            runs = [evaluate.evaluate(predict, test, speaker_norm.normalise(test, feats, reference), window,
                                      temperature)]
        else:
            runs = []
            for _ in range(args.draws):
                means = {}
                for speaker, items in by_speaker.items():
                    chosen = rng.choice(len(items), size=min(int(k), len(items)), replace=False)
                    means.update(speaker_norm.speaker_means([items[c] for c in chosen], feats))
                runs.append(evaluate.evaluate(predict, test, speaker_norm.normalise(test, feats, reference, means=means),
                                              window, temperature))
        corpora = sorted(runs[0])
        print(f"  k = {k:>3}: " + "  ".join(
            f"{c} {np.mean([r[c]['ua'] for r in runs]):.3f}"
            + (f" (±{np.std([r[c]['ua'] for r in runs]):.3f})" if len(runs) > 1 else "") for c in corpora), flush=True)


if __name__ == "__main__":
    main()
