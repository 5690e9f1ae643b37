"""Copy a finished run's int8 model into models/ with its metadata.

    python training/ship.py training/runs/statspool-main-1
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402

if __name__ == "__main__":
    run_dir = sys.argv[1]
    results, args = export.load_run(run_dir)
    models = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "models")
    export.write_models_dir(os.path.join(run_dir, "model_int8.onnx"), results, args, models)
    print(f"wrote {models}/emotion.onnx and emotion.json from {run_dir}")
