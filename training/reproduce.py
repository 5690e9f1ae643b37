"""Regenerate the shipped model and models/REPORT.md from a checkout: every step, one command.

    venv/bin/python -m training.reproduce            # 8 training runs of ~30-70 min, --jobs 2 at a time
    venv/bin/python -m training.reproduce --smoke    # the same steps on 40 files per split, one tiny epoch

Run from the repository root with ../shared/datasets beside it. Steps:
1. build the feature extractor (`cargo build --no-default-features --features cli --bin emotion`: the
   library's own log-mel code, also as the Python binding's shared library);
2. train the shipped recipe (`python -m training.train`, defaults) on the main split, the
   four speaker-cross-validation folds and the three leave-one-corpus-out splits, into
   training/runs/shipped-<split>-1 (a run whose results.json exists is kept, so an
   interrupted reproduction resumes);
3. ship the main run at the temperature pooled over the folds (`python -m training.ship
   --temperature-from-folds`): models/emotion.onnx and models/emotion.json;
4. write models/REPORT.md and models/report/*.png (`python -m training.report`);
5. list the runs' small files to commit past training/runs/'s ignore rule, so the report
   can be regenerated from the checkout.

`--smoke` checks the steps end to end in ~10 minutes on 2 cores: runs, models and report
go under --out (default /tmp/emotion-reproduce-smoke), nothing in the repository changes.
"""
import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from .features import ROOT

SPLITS = {"main": [], **{f"fold{i}of4": ["--fold", f"{i}/4"] for i in range(4)},
          **{corpus: ["--test-corpus", corpus] for corpus in ("ravdess", "emodb", "tess")}}
SMOKE = ["--limit", "40", "--epochs", "1", "--samples-per-epoch", "64"]
SMALL_FILES = ("results.json", "results_shipped.json", "log.txt", "model_int8.onnx", "model_f32.onnx")


def run(cmd, **kwargs):
    print("+ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True, **kwargs)


def train(run_dir, flags):
    if os.path.exists(os.path.join(run_dir, "results.json")):
        print(f"kept {run_dir} (finished)", flush=True)
        return
    os.makedirs(run_dir, exist_ok=True)
    with open(os.path.join(run_dir, "stdout.txt"), "w") as out:
        run([sys.executable, "-m", "training.train", *flags, "--threads", "1", "--run-dir", run_dir],
            stdout=out, stderr=subprocess.STDOUT)
    print(f"finished {run_dir}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--smoke", action="store_true", help="tiny runs into --out, to check the steps")
    p.add_argument("--out", help="where runs, models and the report go (default: the repository's "
                                 "training/runs and models; /tmp/emotion-reproduce-smoke with --smoke)")
    p.add_argument("--jobs", type=int, default=2, help="training runs at a time (one thread each)")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    out = args.out or ("/tmp/emotion-reproduce-smoke" if args.smoke else None)
    runs_dir = os.path.join(out, "runs") if out else os.path.join("training", "runs")
    models_dir = os.path.join(out, "models") if out else "models"
    extra = (SMOKE if args.smoke else []) + ["--seed", str(args.seed)]

    run(["cargo", "build", "--no-default-features", "--features", "cli", "--bin", "emotion"])
    dirs = {split: os.path.join(runs_dir, f"shipped-{split}-{args.seed}") for split in SPLITS}
    with ThreadPoolExecutor(args.jobs) as pool:
        for done in [pool.submit(train, dirs[s], flags + extra) for s, flags in SPLITS.items()]:
            done.result()
    folds = [dirs[f"fold{i}of4"] for i in range(4)]
    run([sys.executable, "-m", "training.ship", dirs["main"], "--temperature-from-folds", *folds,
         "--models-dir", models_dir])
    run([sys.executable, "-m", "training.report", "--shipped", dirs["main"],
         "--loco", *(dirs[c] for c in ("ravdess", "emodb", "tess")), "--crossval", *folds,
         "--out", os.path.join(models_dir, "report")])
    small = [os.path.join(d, f) for d in dirs.values() for f in SMALL_FILES if os.path.exists(os.path.join(d, f))]
    print(f"\nwrote {models_dir}/emotion.onnx, emotion.json, REPORT.md and report/*.png")
    if not out:
        print("commit them and the runs' small files (training/runs/ is git-ignored):\n"
              "  git add models && git add -f " + " ".join(small))


if __name__ == "__main__":
    main()
