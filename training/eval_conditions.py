"""Recording conditions: the test speakers' clips degraded in fixed, seeded ways (level,
clipping, noise, babble, telephone band at 8 kHz, strong reverberation), each variant
written as a 16-bit WAV and classified by the Rust CLI (`emotion classify`, the app's
decision), with UA per corpus and the confidences' ECE per condition.

    python -m training.eval_conditions [--model models/emotion.onnx] [--out conditions.json]

Several conditions lie outside what training augmentation draws (level −45…−10 dBFS,
noise 5–30 dB SNR of white/pink/brown noise, reverberation RT60 0.15–0.7 s, a
200–400 Hz … 3–4 kHz band-pass, babble of other training speakers at 5–25 dB SNR in 30 %
of the augmented copies, never clipping, never 8 kHz): the table
says which, since only those measure conditions the model has not been shown."""
import argparse
import json
import os
import tempfile
import zlib

import numpy as np
import soundfile as sf
from scipy.signal import butter, fftconvolve, resample_poly, sosfilt

from . import augment, data, eval_cli
from .features import ROOT

SR = augment.SR

# name → (what it does, inside training augmentation's range?)
CONDITIONS = {
    "clean": ("the corpus file as it is", "yes"),
    "quiet": ("active level −55 dBFS (far from the microphone)", "no (−45 dBFS at least)"),
    "loud-clipped": ("active level −3 dBFS, hard-clipped at full scale (phone held close)",
                     "no (never clips)"),
    "white-20dB": ("white noise, 20 dB SNR", "yes"),
    "white-5dB": ("white noise, 5 dB SNR", "edge"),
    "white-0dB": ("white noise, 0 dB SNR", "no (5 dB at worst)"),
    "babble-10dB": ("six other test speakers talking at once, 10 dB SNR", "yes (training speakers, 5–25 dB, 30 % of copies)"),
    "babble-0dB": ("the same babble, 0 dB SNR", "no"),
    "telephone": ("300–3 400 Hz band, resampled to 8 kHz (the library resamples it back)",
                  "partly (band-pass yes, 8 kHz no)"),
    "reverb-1.2s": ("synthetic room, RT60 1.2 s, direct path at −6 dB", "no (RT60 ≤ 0.7 s)"),
}


def room(rt60, rng):
    n = int(rt60 * SR)
    t = np.arange(n) / SR
    ir = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)
    ir[0] = 0.0
    ir *= 10 ** (6 / 20) / np.sqrt((ir ** 2).sum())  # tail 6 dB above the direct path
    ir[0] = 1.0
    return ir


def degrade(name, y, others, rng):
    """(samples, sample rate) of clip `y` (16 kHz float) under condition `name`."""
    y = np.asarray(y, dtype=np.float64)
    if name == "quiet":
        return augment.set_active_level(y, -55), SR
    if name == "loud-clipped":
        return np.clip(augment.set_active_level(y, -3), -1.0, 1.0), SR
    if name.startswith("white-"):
        return augment.add_at_snr(y, rng.standard_normal(len(y)), float(name[6:-2])), SR
    if name.startswith("babble-"):
        talkers = [others[k] for k in rng.choice(len(others), size=6, replace=False)]
        return augment.add_at_snr(y, augment.babble(len(y), talkers, rng), float(name[7:-2])), SR
    if name == "telephone":
        band = sosfilt(butter(4, [300, 3400], btype="band", fs=SR, output="sos"), y)
        return resample_poly(band, 1, 2), SR // 2
    if name == "reverb-1.2s":
        return fftconvolve(y, room(1.2, rng))[: len(y)], SR
    raise ValueError(name)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--manifest", default=os.path.join(ROOT, "..", "shared", "datasets", "manifest.csv"))
    p.add_argument("--model", help="ONNX model (default: the one embedded in the CLI)")
    p.add_argument("--conditions", nargs="*", default=list(CONDITIONS), choices=list(CONDITIONS))
    p.add_argument("--out", help="also write the results as JSON here")
    args = p.parse_args()
    items = sorted((i for i in data.load_manifest(args.manifest) if i["speaker"] in data.TEST_SPEAKERS),
                   key=lambda i: i["path"])
    clips = [augment.read_mono(i["path"]) for i in items]
    # Babble sources of each clip: every test clip of another speaker.
    others_of = [[c for c, o in zip(clips, items) if o["speaker"] != item["speaker"]] for item in items]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.conditions:
            truth = {}
            for k, (item, y) in enumerate(zip(items, clips)):
                if name == "clean":
                    truth[item["path"]] = item
                    continue
                rng = np.random.default_rng([zlib.crc32(name.encode()), k])  # same with any subset
                out, rate = degrade(name, y, others_of[k], rng)
                path = os.path.join(tmp, f"{name}-{k:04d}.wav")
                # Every other condition is kept from clipping (noise can push peaks past 1).
                out = out if name == "loud-clipped" else augment.limit_peak(out)
                sf.write(path, out.astype(np.float32),
                         rate, subtype="PCM_16")
                truth[path] = item
            results[name] = eval_cli.score(eval_cli.classify(sorted(truth), args.model), truth)
            r = results[name]
            print(f"{name:13s} RAVDESS {r['ravdess']['ua']:.3f}  EmoDB {r['emodb']['ua']:.3f}  "
                  f"all {r['all']['ua']:.3f}  ECE {r['all'].get('ece', float('nan')):.3f}  "
                  f"silent {r['all']['silent']}", flush=True)
    print("\n| condition | what | in training's range? | RAVDESS UA | EmoDB UA | all UA | ECE (all) | called silent |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        what, seen = CONDITIONS[name]
        print(f"| {name} | {what} | {seen} | {r['ravdess']['ua']:.3f} | {r['emodb']['ua']:.3f} | "
              f"{r['all']['ua']:.3f} | {r['all'].get('ece', float('nan')):.3f} | {r['all']['silent']} |")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
