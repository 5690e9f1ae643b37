"""Side by side, in one run, on one core: this library (Rust, through its Python
binding: decode → resample → log-mel → tract int8) against the Python stack a user would
otherwise pick — the prototype's pipeline: librosa (load + resample + melspectrogram)
and onnxruntime on the same ONNX model (f32 and int8), one thread.

    cargo build --release --lib --example model_timing
    python3 -m venv /tmp/cmp && /tmp/cmp/bin/pip install -r benches/compare/requirements.txt
    /tmp/cmp/bin/python benches/compare/compare.py [--files 100] [--rounds 5] [--f32 path/to/model_f32.onnx]

Files: 100 test-speaker files of ../shared/datasets when present (RAVDESS actors 17–20,
EmoDB 15–16), else the committed WAV fixtures repeated (said in the output). Prints per-
file medians, the ratios, FLOPs per window and the physical floor. Python time is
wall time of the same work the library does for `classify_file`: decode, resample to
16 kHz, log-mel, every 2 s window (hop 0.5 s) through the model, mean of probabilities.
Each file is classified by both stacks in turn, and windows and loads are timed in rounds
(tract, then onnxruntime), so a machine whose speed drifts slows both alike.
"""
import argparse
import csv
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
# tract signals some rewrites it cannot apply with errors while optimising a model, and
# with RUST_BACKTRACE set (common in a developer's shell, never in an app) anyhow captures
# a backtrace for each: 1–5 ms more per model load on a Zen 4 core. Time what an app gets.
os.environ["RUST_LIB_BACKTRACE"] = "0"
import librosa  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import onnxruntime as ort  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DATASETS = os.path.join(ROOT, "..", "shared", "datasets")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--files", type=int, default=100)
    p.add_argument("--rounds", type=int, default=5,
                   help="window and load timing rounds, each tract then onnxruntime (medians over rounds)")
    p.add_argument("--model", default=os.path.join(ROOT, "models", "emotion.onnx"),
                   help="int8 ONNX model with its metadata JSON beside it (default: the shipped one)")
    p.add_argument("--f32", help="the f32 ONNX the int8 model was quantised from (default: "
                   "training/runs/<model>-main-1/model_f32.onnx if present)")
    return p.parse_args()


def pick_files(n):
    manifest = os.path.join(DATASETS, "manifest.csv")
    if os.path.exists(manifest):
        with open(manifest) as f:
            rows = list(csv.DictReader(f))
        test = [r for r in rows if (r["corpus"] == "ravdess" and int(r["speaker"].split("_")[-1]) >= 17)
                or (r["corpus"] == "emodb" and r["speaker"].split("_")[-1] in ("15", "16"))]
        paths = sorted(os.path.join(DATASETS, r["path"]) for r in test)
        step = max(1, len(paths) // n)
        return paths[::step][:n], f"{n} test-speaker files of ../shared/datasets (16 kHz FLAC)"
    fixtures = [os.path.join(ROOT, "tests", "fixtures", f) for f in (
        "speech_16k_mono.wav", "speech_female_16k.wav", "speech_stereo_44k.wav", "speech_48k_24bit.wav",
        "speech_22k_float.wav", "speech_8k.wav", "speech_16k_mono.flac")]
    return [fixtures[i % len(fixtures)] for i in range(n)], \
        f"{n} files cycling {len(fixtures)} committed fixtures (../shared/datasets absent)"


def library():
    lib = os.path.join(ROOT, "target", "release", "libspeech_emotion.so")
    if not os.path.exists(lib):
        sys.exit("build the library first: cargo build --release --lib")
    home = tempfile.mkdtemp()
    shutil.copy(os.path.join(ROOT, "bindings", "python", "generated", "speech_emotion.py"), home)
    shutil.copy(lib, home)
    sys.path.insert(0, home)
    import speech_emotion
    return speech_emotion


class PythonPipeline:
    """The prototype's stack with this library's feature parameters and windowing."""

    def __init__(self, onnx_path, meta):
        self.f = meta["features"]
        self.window = meta["window_frames"]
        self.temperature = meta["temperature"]
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])

    def classify(self, path):
        f = self.f
        y, _ = librosa.load(path, sr=f["sample_rate_hz"], mono=True)
        mel = librosa.feature.melspectrogram(
            y=y, sr=f["sample_rate_hz"], n_fft=f["n_fft"], hop_length=f["hop_length"], win_length=f["win_length"],
            center=False, power=2.0, n_mels=f["n_mels"], fmin=f["fmin_hz"], fmax=f["fmax_hz"], htk=False, norm="slaney")
        log_mel = np.log(np.maximum(mel, f["log_floor"])).astype(np.float32)  # [64, frames]
        if log_mel.shape[1] < self.window:
            pad = np.full((f["n_mels"], self.window - log_mel.shape[1]), np.log(f["log_floor"]), np.float32)
            log_mel = np.concatenate([log_mel, pad], axis=1)
        starts = range(0, log_mel.shape[1] - self.window + 1, 50)
        batch = np.stack([log_mel[None, :, s:s + self.window] for s in starts])
        logits = self.session.run(None, {"log_mel": batch})[0] / self.temperature
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        return (p / p.sum(axis=1, keepdims=True)).mean(axis=0)

    def one_window_us(self, repeats=101):
        x = {"log_mel": np.full((1, 1, 64, self.window), -5.0, np.float32)}
        for _ in range(5):
            self.session.run(None, x)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            self.session.run(None, x)
            times.append((time.perf_counter() - t) * 1e6)
        return statistics.median(times)

    @staticmethod
    def load_ms(onnx_path, repeats=11):
        data = open(onnx_path, "rb").read()
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            ort.InferenceSession(data, options, providers=["CPUExecutionProvider"])
            times.append((time.perf_counter() - t) * 1e3)
        return statistics.median(times)


def per_file_ms(fns, paths):
    """Median ms per file of each of `fns`, timed side by side: every file goes through all
    of them in turn (the order rotating from file to file), so a machine whose speed drifts
    slows them alike."""
    for fn in fns:
        fn(paths[0])  # warm up (imports, caches)
    times = [[] for _ in fns]
    for i, p in enumerate(paths):
        for j in range(len(fns)):
            k = (i + j) % len(fns)
            t = time.perf_counter()
            fns[k](p)
            times[k].append((time.perf_counter() - t) * 1e3)
    return [statistics.median(t) for t in times]


def macs_per_window(onnx_path):
    """Multiply-accumulates of the Conv/MatMul/Gemm nodes (f32) or QLinearConv/QLinearMatMul
    nodes (int8) for one window (batch 1); the output shapes come from running the model
    once with every such output exposed."""
    weight_input = {"Conv": 1, "MatMul": 1, "Gemm": 1, "QLinearConv": 3, "QLinearMatMul": 3}
    model = onnx.load(onnx_path)
    inits = {i.name: list(i.dims) for i in model.graph.initializer}
    nodes = [n for n in model.graph.node
             if n.op_type in weight_input and n.input[weight_input[n.op_type]] in inits]
    for node in nodes:
        model.graph.output.append(onnx.helper.make_empty_tensor_value_info(node.output[0]))
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    outputs = dict(zip(names, session.run(None, {"log_mel": np.zeros((1, 1, 64, 200), np.float32)})))
    total = 0
    for node in nodes:
        w, out = inits[node.input[weight_input[node.op_type]]], outputs[node.output[0]].shape
        # Conv weight [c_out, c_in/group, k...]: each output value costs prod(w[1:]).
        total += int(np.prod(out)) * (int(np.prod(w[1:])) if node.op_type.endswith("Conv") else w[0])
    return total


def cpuinfo(key):
    """The values of `key` in /proc/cpuinfo, one per core ([] where it cannot be read)."""
    try:
        with open("/proc/cpuinfo") as f:
            return [l.split(":", 1)[1].strip() for l in f if l.split(":")[0].strip() == key]
    except OSError:
        return []


def vector_bytes():
    """Width of this core's widest SIMD registers in bytes (64 with AVX-512, 32 with AVX2)."""
    flags = (cpuinfo("flags") or [""])[0].split()
    return 64 if "avx512f" in flags else 32 if "avx2" in flags else 16


def cpu_ghz():
    try:
        return max(float(mhz) for mhz in cpuinfo("cpu MHz")) / 1000
    except ValueError:  # none listed, or not a number
        return float("nan")


def main():
    args = parse_args()
    se = library()
    int8_path = args.model
    meta_json = open(os.path.splitext(int8_path)[0] + ".json").read()
    meta = json.loads(meta_json)
    arch = meta["name"].removeprefix("speech-emotion-")
    f32_path = args.f32 or os.path.join(ROOT, "training", "runs", f"{arch}-main-1", "model_f32.onnx")
    if not os.path.exists(f32_path):
        f32_path = None
    paths, described = pick_files(args.files)
    print(f"files: {described}")
    print(f"model: {meta['name']} ({os.path.getsize(int8_path)} bytes int8); one thread everywhere\n")

    # The library loads the same model file (not necessarily the one embedded at build time).
    detector = se.EmotionDetector.from_model_bytes(open(int8_path, "rb").read(), meta_json,
                                                   se.default_detector_config())
    py_int8 = PythonPipeline(int8_path, meta)
    py_f32 = PythonPipeline(f32_path, meta) if f32_path else None
    file_fns = [lambda p: detector.classify_file(p), py_int8.classify] + ([py_f32.classify] if py_f32 else [])
    rust_ms, py_int8_ms, *py_f32_ms = per_file_ms(file_fns, paths)
    rows = [("file, end to end (median ms)", "librosa + onnxruntime int8", py_int8_ms, rust_ms, 30.0)]
    if py_f32:
        rows.append(("file, end to end (median ms)", "librosa + onnxruntime f32", py_f32_ms[0], rust_ms, 30.0))

    # Windows and loads in rounds, each tract (`model_timing`, a subprocess) then
    # onnxruntime, so the ratio of each round compares the two at nearly the same moment.
    rounds, clocks = [], []
    for _ in range(args.rounds):
        timing = subprocess.run([os.path.join(ROOT, "target", "release", "examples", "model_timing"), int8_path]
                                + ([f32_path] if f32_path else []), check=True, capture_output=True, text=True)
        lines = [json.loads(line) for line in timing.stdout.splitlines()]
        tract = [line for line in lines if "model" in line]
        clocks += [line["clock_ghz"] for line in lines if "clock_ghz" in line]
        rounds.append({"tract": tract, "ort_int8_us": py_int8.one_window_us(),
                       "ort_load_ms": PythonPipeline.load_ms(int8_path),
                       "ort_f32_us": py_f32.one_window_us() if py_f32 else None})
    med = lambda f: statistics.median(f(r) for r in rounds)  # noqa: E731
    tract_us, tract_load_ms = med(lambda r: r["tract"][0]["run_us"]), med(lambda r: r["tract"][0]["load_ms"])
    ort_int8_window_us = med(lambda r: r["ort_int8_us"])
    window_rows = [("one window (median µs)", "onnxruntime int8", ort_int8_window_us, tract_us, 1.0)]
    load_rows = [("model load, bytes → runnable (median ms)", "onnxruntime int8", med(lambda r: r["ort_load_ms"]),
                  tract_load_ms, None)]
    if py_f32:
        window_rows.append(("one window (median µs)", "onnxruntime f32", med(lambda r: r["ort_f32_us"]), tract_us, 1.0))
        window_rows.append(("one window, tract f32 vs tract int8 (µs)", "tract f32",
                            med(lambda r: r["tract"][1]["run_us"]), tract_us, None))

    print(f"{'measure':<44} {'anchor':<28} {'anchor':>10} {'library':>10} {'speed-up':>9}  target")
    for name, anchor, theirs, ours, target in rows + window_rows + load_rows:
        ratio = theirs / ours
        goal = "" if target is None else (f"≥ {target:g}× " + ("✓" if ratio >= target else "✗"))
        print(f"{name:<44} {anchor:<28} {theirs:>10.2f} {ours:>10.2f} {ratio:>8.2f}×  {goal}")
    ratios = sorted(r["ort_int8_us"] / r["tract"][0]["run_us"] for r in rounds)
    print(f"one window vs onnxruntime int8, ratio per round ({len(rounds)} rounds, each tract then onnxruntime): "
          f"{ratios[0]:.2f}–{ratios[-1]:.2f}×, median {statistics.median(ratios):.2f}×")
    print(f"model load target ≤ 20 ms: {tract_load_ms:.1f} ms " + ("✓" if tract_load_ms <= 20 else "✗"))

    macs = macs_per_window(f32_path or int8_path)
    # The clock the core runs at (measured by `model_timing`), which can be above the
    # nominal one /proc/cpuinfo lists; the faster of the two, so the floor stays a floor.
    listed = cpu_ghz()
    ghz = max((c for c in [listed] + clocks if c == c), default=float("nan"))  # c == c: not NaN
    clock = f"{ghz:.2f} GHz" + (f" measured, /proc/cpuinfo lists {listed:.2f}" if clocks else "")
    f = meta["features"]
    n = f["n_fft"]
    fft_flops = 2.5 * n * np.log2(n)  # real FFT of n points ≈ half a complex FFT's 5 n log2 n
    bins = n // 2 + 1
    # Best case, so these are floors: two vector ports, each doing one multiply-add per f32
    # lane (FMA) or per byte (int8 dot-product instructions: VNNI, or pmaddubsw) per cycle.
    width = vector_bytes()
    f32_peak, int8_peak = ghz * 1e9 * 2 * width / 4, ghz * 1e9 * 2 * width
    print(f"\nphysical floor: {macs / 1e6:.2f} M multiply-adds per window = {2 * macs / 1e6:.1f} MFLOP; "
          f"at this core's peak ({clock}, {8 * width}-bit vectors, two ports) "
          f"int8 {2 * width} multiply-adds/cycle ≥ {macs / int8_peak * 1e6:.0f} µs, "
          f"f32 {width // 2}/cycle ≥ {macs / f32_peak * 1e6:.0f} µs per window "
          f"(measured: tract int8 {tract_us:.0f} µs, onnxruntime int8 {ort_int8_window_us:.0f} µs)")
    print(f"per feature frame: FFT {n} points ≈ {fft_flops / 1e3:.1f} kFLOP, power spectrum {3 * bins} FLOP, "
          f"mel filterbank {bins}×{f['n_mels']} ≤ {2 * bins * f['n_mels'] / 1e3:.1f} kFLOP (dense bound); "
          f"{1000 / f['hop_length'] * f['sample_rate_hz'] / 1000:.0f} frames per second of audio")


if __name__ == "__main__":
    main()
