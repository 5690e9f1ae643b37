"""Log-mel features through the library's own extractor, cached.

Through the generated Python bindings (`log_mel_features`, loaded from
bindings/python/generated with the built library) when the library is built, else
through the CLI (`emotion features --list`). Both are the Rust code that runs on the
phone, so training sees exactly the features the app computes (tests/it/bindings.rs
checks the two agree bit for bit)."""
import hashlib
import os
import subprocess
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CONFIG = os.path.join(HERE, "features.json")
# Augmented audio, feature arrays and the copied Python binding (git-ignored).
CACHE = os.path.join(HERE, "cache")


def emotion_binary():
    for profile in ("release", "debug"):
        path = os.path.join(ROOT, "target", profile, "emotion")
        if os.path.exists(path):
            return path
    raise SystemExit("build the CLI first: cargo build --bin emotion")


def cache_path(cache_dir, audio_path):
    key = hashlib.sha1(os.path.abspath(audio_path).encode()).hexdigest()[:16]
    return os.path.join(cache_dir, key + ".npy")


def write_replacing(path, write):
    """Calls `write(tmp)` with a temporary name beside `path` (same extension, unique to
    this process), then renames it to `path`. Concurrent training runs share the caches:
    none ever reads a partly written file, and one that has the old file mapped keeps it
    (a library overwritten in place kills the process that mapped it, SIGBUS)."""
    root, ext = os.path.splitext(path)
    tmp = f"{root}.{os.getpid()}.tmp{ext}"
    write(tmp)
    os.replace(tmp, path)


def python_binding():
    """The generated bindings with the built library, or None if the library is not built."""
    import importlib.util
    import shutil
    for profile in ("release", "debug"):
        lib = os.path.join(ROOT, "target", profile, "libspeech_emotion.so")
        if os.path.exists(lib):
            home = os.path.join(CACHE, "binding")
            os.makedirs(home, exist_ok=True)
            for src in (os.path.join(ROOT, "bindings", "python", "generated", "speech_emotion.py"), lib):
                write_replacing(os.path.join(home, os.path.basename(src)), lambda tmp: shutil.copy(src, tmp))
            # Loaded from the copy (beside which it finds the library), not through sys.path.
            spec = importlib.util.spec_from_file_location("speech_emotion", os.path.join(home, "speech_emotion.py"))
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    return None


def extract(audio_paths, cache_dir, jobs=2):
    """Features for every path (cached by path); returns {path: array [frames, 64]}."""
    os.makedirs(cache_dir, exist_ok=True)
    todo = [p for p in audio_paths if not os.path.exists(cache_path(cache_dir, p))]
    binding = python_binding() if todo else None
    if binding is not None:
        with open(CONFIG) as f:
            config = f.read()
        for p in todo:
            try:
                feats = binding.log_mel_features(os.path.abspath(p), config)
            except binding.EmotionError as e:
                print(f"warning: {p}: {e}")
                continue
            arr = np.asarray(feats.values, np.float32).reshape(feats.frames, feats.n_mels)
            write_replacing(cache_path(cache_dir, p), lambda tmp: np.save(tmp, arr))
        todo = []
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
