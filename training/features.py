"""Log-mel features through the library's own extractor (`emotion features`), cached.

The CLI is the Rust code that runs on the phone, so training sees exactly the
features the app computes."""
import hashlib
import os
import subprocess
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIG = os.path.join(HERE, "features.json")


def emotion_binary():
    for profile in ("release", "debug"):
        path = os.path.join(ROOT, "target", profile, "emotion")
        if os.path.exists(path):
            return path
    raise SystemExit("build the CLI first: cargo build --bin emotion")


def cache_path(cache_dir, audio_path):
    key = hashlib.sha1(os.path.abspath(audio_path).encode()).hexdigest()[:16]
    return os.path.join(cache_dir, key + ".npy")


def extract(audio_paths, cache_dir, jobs=2):
    """Features for every path (cached by path); returns {path: array [frames, 64]}."""
    os.makedirs(cache_dir, exist_ok=True)
    todo = [p for p in audio_paths if not os.path.exists(cache_path(cache_dir, p))]
    if todo:
        binary = emotion_binary()
        procs = []
        for j in range(jobs):
            part = todo[j::jobs]
            if not part:
                continue
            fd, list_path = tempfile.mkstemp(suffix=".tsv", dir=cache_dir)
            with os.fdopen(fd, "w") as f:
                for p in part:
                    f.write(f"{p}\t{cache_path(cache_dir, p)}\n")
            procs.append((subprocess.Popen([binary, "features", "--config", CONFIG, "--list", list_path]), list_path))
        for proc, list_path in procs:
            proc.wait()
            os.remove(list_path)
    out = {}
    for p in audio_paths:
        c = cache_path(cache_dir, p)
        if os.path.exists(c):
            out[p] = np.load(c)
    missing = len(audio_paths) - len(out)
    if missing:
        print(f"warning: {missing} files have no features (see errors above)")
    return out
