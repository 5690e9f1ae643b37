"""Copy a finished run's int8 model into models/ with its metadata.

    python -m training.ship training/runs/statspool-main-1
    python -m training.ship training/runs/statspool-main-1 --temperature-from-folds training/runs/statspool-fold*of4-1

By default the model carries the temperature its run fitted on its validation speakers.
With `--temperature-from-folds` (the runs of a `train.py --fold I/N` series trained with
the same recipe) it carries the temperature that minimises the NLL of every fold's
held-out clips outside the fixed test speakers, each speaker weighted the same
(`crossval.py`): fitted on ~26 speakers instead of 5. The test speakers are then scored
again at that temperature, so the metadata's numbers are the shipped model's; the run's
results rescored that way are also written to `<run>/results_shipped.json`, which
`report.py` reads in place of `results.json`.
"""
import argparse
import json
import os
import sys

from . import crossval, data, evaluate, export, features, train

HERE = os.path.dirname(os.path.abspath(__file__))

SHIPPED_RESULTS = "results_shipped.json"
# Arguments that may differ between a run and the folds whose temperature it takes.
_NOT_RECIPE = {"fold", "test_corpus", "run_dir", "threads", "ship"}


def recipe(args):
    return {k: v for k, v in vars(args).items() if k not in _NOT_RECIPE}


def recipe_differences(a, b):
    """The settings in which two runs' arguments differ. A setting only one of them
    records (runs of different dates, or of training.experiments.train) counts as its
    default there."""
    a, b = recipe(a), recipe(b)
    if a.keys() != b.keys():
        from .experiments.train import Experiments  # knows every flag's default
        defaults = vars(train.parse_args([], Experiments()))
        a, b = ({k: d.get(k, defaults.get(k)) for k in a.keys() | b.keys()} for d in (a, b))
    return sorted(k for k in a if a[k] != b[k])


def refit_temperature(run_dir, fold_runs, results, args):
    """Sets `results`' temperature from the folds and rescores the test speakers with it."""
    folds, total = crossval.fold_series(fold_runs)
    if len(folds) != total:
        sys.exit(f"need every fold of one --fold I/N series once, got {', '.join(folds)}")
    for fold_run in fold_runs:
        differ = recipe_differences(args, export.load_run(fold_run)[1])
        if differ:
            sys.exit(f"{fold_run} was trained with other settings than {run_dir}: {', '.join(differ)}")
    scored = [crossval.fold_logits(r) for r in fold_runs]
    temperature = crossval.pooled_temperature(scored, lambda i: i["speaker"] not in data.TEST_SPEAKERS)
    _, _, test = data.load_items(args)
    feats = features.extract([i["path"] for i in test], os.path.join(features.CACHE, "features"))
    f32 = export.ort_predictor(os.path.join(run_dir, "model_f32.onnx"))
    int8 = export.ort_predictor(os.path.join(run_dir, "model_int8.onnx"))
    results["test_f32"] = evaluate.evaluate(f32, test, feats, args.window, temperature, with_calibration=True)
    results["test_int8"] = evaluate.evaluate(int8, test, feats, args.window, temperature, with_calibration=True)
    results["f32_vs_int8"] = evaluate.agreement(f32, int8, test, feats, args.window, temperature)
    results["temperature"] = temperature
    results["temperature_fitted_on"] = (
        f"held-out clips of speaker cross-validation folds {', '.join(folds)} (same recipe), test speakers "
        "excluded, every speaker weighted the same (python -m training.ship --temperature-from-folds)")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("run", help="the finished run to ship")
    p.add_argument("--temperature-from-folds", nargs="+", metavar="FOLD_RUN",
                   help="take the temperature from these --fold runs' held-out clips instead")
    p.add_argument("--models-dir", default=os.path.join(os.path.dirname(HERE), "models"),
                   help="where emotion.onnx and emotion.json go (default: the repository's models/)")
    cli = p.parse_args()
    results, args = export.load_run(cli.run)
    if cli.temperature_from_folds:
        refit_temperature(cli.run, cli.temperature_from_folds, results, args)
        with open(os.path.join(cli.run, SHIPPED_RESULTS), "w") as f:
            json.dump(results, f, indent=1)
    export.write_models_dir(os.path.join(cli.run, "model_int8.onnx"), results, args, cli.models_dir)
    print(f"wrote {cli.models_dir}/emotion.onnx and emotion.json from {cli.run} (temperature {results['temperature']})")
