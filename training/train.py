"""Train, calibrate, evaluate, export and quantise the emotion model — one command.

    python -m training.train            # the shipped recipe (statspool, 16 epochs × 36 864 windows)
    python -m training.train --ship     # ... and write models/ at the run's validation temperature

Run from the repository root. Reads `../shared/datasets/manifest.csv` (the shipped
model's corpora: RAVDESS, TESS, EmoDB; `--corpora` to change) or `--folder` of
RAVDESS/CREMA-D/TESS/SAVEE/EmoDB/`<emotion>/` files, splits by speaker
(data.TEST_SPEAKERS never used for training, model selection or calibration), augments
the training audio, computes features with the library's own extractor, trains with
class-and-corpus-balanced sampling, keeps the average of the last six epochs' weights
(or the last epoch, or the epoch with the best validation UA: `--select`; all three are
scored), fits a softmax temperature on validation speakers, evaluates on test speakers
(f32 and int8, the clip-level decision the Rust runtime makes), and with --ship writes
models/. `python -m training.reproduce` runs every step of the shipped model.

Variants of the recipe tried and not kept (other networks, mixup, speaker normalisation,
auxiliary classes, …) are `python -m training.experiments.train`, which subclasses
`Recipe` below.
"""
import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool

import numpy as np
import soundfile as sf
import torch

from . import augment, data, evaluate, export, features
from .model import MODELS, N_MELS

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = features.CACHE
SILENCE = float(np.log(np.float32(1e-10)))
def _augment_one(job):
    src, dst, seed, talkers = job
    if os.path.exists(dst):
        return dst
    speech = [augment.read_mono(t) for t in talkers]
    out = augment.augment(augment.read_mono(src), np.random.default_rng(seed), speech)
    features.write_replacing(dst, lambda tmp: sf.write(tmp, out, augment.SR, subtype="PCM_16"))
    return dst


def augmented_copies(items, copies, seed, threads, babble=0.0):
    """Writes `copies` augmented 16 kHz WAVs per item (cached); returns {path: [aug paths]}.
    With `babble` > 0, that share of the copies also gets 3–7 other speakers of `items`
    mixed in as babble (so only training speakers, never validation or test ones)."""
    out_dir = os.path.join(CACHE, "aug")
    os.makedirs(out_dir, exist_ok=True)
    jobs, result = [], {}
    for item in items:
        key = hashlib.sha1(item["path"].encode()).hexdigest()[:16]
        others = [i["path"] for i in items if i["speaker"] != item["speaker"]] if babble else []
        pick = np.random.default_rng(int(key, 16) % 2**31 + seed)
        paths = []
        for k in range(copies):
            talkers = []
            if others and pick.random() < babble:
                size = min(int(pick.integers(3, 8)), len(others))
                talkers = sorted(str(t) for t in pick.choice(others, size=size, replace=False))
            # Named by the talkers too: a copy made for one split never leaks another's speakers.
            tag = "_b" + hashlib.sha1("|".join(talkers).encode()).hexdigest()[:8] if talkers else ""
            dst = os.path.join(out_dir, f"{key}_s{seed}_{k}{tag}.wav")
            jobs.append((item["path"], dst, int(key, 16) % 2**31 + 1000 * k + seed, talkers))
            paths.append(dst)
        result[item["path"]] = paths
    with Pool(threads) as pool:
        pool.map(_augment_one, jobs, chunksize=16)
    return result


class WindowSampler:
    """Random W-frame crops with SpecAugment, balanced over the emotions within each corpus;
    every (corpus, emotion) cell gets the same share of the windows."""

    def __init__(self, items, feats, aug, window, rng, classes=data.LABELS):
        self.window, self.rng = window, rng
        self.examples = []  # (list of feature arrays: original + augmented, class index, (corpus, label))
        speakers = defaultdict(set)
        for item in items:
            arrays = [feats[p] for p in [item["path"]] + aug.get(item["path"], []) if p in feats]
            if arrays:
                self.examples.append((arrays, classes.index(item["label"]), (item["corpus"], item["label"])))
                speakers[item["corpus"]].add(item["speaker"])
        self.corpora = sorted({e[2][0] for e in self.examples})
        cells = Counter(e[2] for e in self.examples)
        share = self.corpus_weights(speakers, Counter(corpus for corpus, _ in cells))
        weights = np.array([share[c] / cells[(c, label)] for _, _, (c, label) in self.examples])
        self.p = weights / weights.sum()
        self.corpus_shares = {c: float(sum(p for p, e in zip(self.p, self.examples) if e[2][0] == c))
                              for c in self.corpora}

    def corpus_weights(self, speakers, labels):
        """{corpus: weight of each of its (corpus, emotion) cells}, from its training
        speakers and its number of labels: every cell the same."""
        return {c: 1.0 for c in self.corpora}

    def crop(self, x, train=True):
        w = self.window
        if len(x) <= w:
            out = np.full((w, x.shape[1]), SILENCE, np.float32)
            out[: len(x)] = x
            return out
        start = self.rng.integers(0, len(x) - w + 1) if train else 0
        return x[start : start + w]

    def transform(self, x):
        """A cropped training window before SpecAugment (as it is here)."""
        return x

    def batch(self, n):
        """(windows [n, 1, 64, W], emotion labels [n], corpus indices into `corpora` [n])."""
        idx = self.rng.choice(len(self.examples), size=n, p=self.p)
        xs, ys, cs = [], [], []
        for i in idx:
            arrays, y, (corpus, _) = self.examples[i]
            cs.append(self.corpora.index(corpus))
            x = self.transform(self.crop(arrays[self.rng.integers(len(arrays))]).copy())
            fill = np.median(x)
            for _ in range(2):  # SpecAugment: frequency and time masks
                f = self.rng.integers(0, 9)
                f0 = self.rng.integers(0, N_MELS - f + 1)  # log-mel bands only
                x[:, f0 : f0 + f] = fill
                t = self.rng.integers(0, 21)
                t0 = self.rng.integers(0, self.window - t + 1)
                x[t0 : t0 + t, :] = fill
            xs.append(x.T[None])
            ys.append(y)
        return torch.from_numpy(np.stack(xs)), torch.tensor(ys), torch.tensor(cs)


class WeightAverage:
    """Running mean of a network's parameters over the epochs it is given (stochastic
    weight averaging); BatchNorm statistics are recomputed for the averaged weights."""

    def __init__(self):
        self.sum, self.count = None, 0

    def add(self, net):
        params = {k: v.detach().clone().double() for k, v in net.named_parameters()}
        self.sum = params if self.sum is None else {k: self.sum[k] + v for k, v in params.items()}
        self.count += 1

    def state_dict(self, net, train_batch, update_bn, batches=64):
        """`net`'s state with the averaged parameters and BatchNorm running statistics
        re-estimated over `batches` training batches (`train_batch()` returns one input)
        by `update_bn(batches, net)`."""
        saved = {k: v.clone() for k, v in net.state_dict().items()}
        with torch.no_grad():
            for k, p in net.named_parameters():
                p.copy_((self.sum[k] / self.count).to(p.dtype))
        update_bn((train_batch() for _ in range(batches)), net)
        averaged = {k: v.clone() for k, v in net.state_dict().items()}
        net.load_state_dict(saved)
        return averaged


def torch_predictor(net, outputs=lambda logits: logits):
    """windows [n, 1, 64, W] → logits [n, 5] (`outputs` maps the network's raw outputs to
    the five labels' logits where it has more)."""
    def predict(windows):
        net.eval()
        with torch.no_grad():
            logits = torch.cat([net(torch.from_numpy(windows[i : i + 256])) for i in range(0, len(windows), 256)])
        return outputs(logits).numpy()
    return predict


class Recipe:
    """The steps of a training run that a variant of the recipe may change. This class as
    it is makes the shipped model; `training.experiments.train.Experiments` overrides
    its methods (more networks and flags, other losses, feature transforms)."""

    networks = MODELS
    entry = "training.train"  # the module whose command line results.json records

    def add_arguments(self, parser):
        """More command-line flags."""

    def check_arguments(self, args, parser):
        """`parser.error(...)` for combinations that make no sense."""

    def load_items(self, args):
        return data.load_items(args)

    def features(self, args, items, aug, feats, say):
        """(features to train and score on, the features as the library computes them)."""
        return feats, feats

    def sampler(self, args, train, feats, aug, rng):
        return WindowSampler(train, feats, aug, args.window, rng)

    def network(self, args, sampler, say):
        return self.networks[args.model]()

    def parameters(self, net):
        """What the optimiser trains."""
        return list(net.parameters())

    def loss(self, args, net, batch, loss_fn, progress):
        """The training loss of one batch (windows, labels, corpus indices); `progress`
        runs from 0 to 1 over the run."""
        x, y, _ = batch
        return loss_fn(net(x), y)

    def outputs(self, logits):
        """The network's raw outputs → the five labels' logits."""
        return logits

    def update_bn(self, batches, net):
        torch.optim.swa_utils.update_bn(batches, net)

    def finish(self, net):
        """The network to export, from the trained one."""
        return net

    def describe(self, args):
        """Metadata for models/emotion.json: how corpus emotions became classes."""
        return {"label_mapping": "calm->neutral", "dropped": ["fear", "disgust", "boredom"]}

    def after_export(self, args, run_dir, results, test, feats, raw_feats, temperature, say):
        """More results once the int8 model exists."""


def quantize_and_evaluate(run_dir, train, test, feats, sampler, window, temperature, results):
    """Quantise the run's model_f32.onnx to model_int8.onnx (calibrated on ~300 training
    windows), add the int8 test scores and the f32-vs-int8 agreement to `results`, and
    return the int8 model's path."""
    f32_path, int8_path = os.path.join(run_dir, "model_f32.onnx"), os.path.join(run_dir, "model_int8.onnx")
    calib = np.stack([sampler.crop(feats[i["path"]], train=False).T[None] for i in train[:: max(1, len(train) // 300)]
                      if i["path"] in feats])
    export.quantize(f32_path, int8_path, calib)
    ort_f32, ort_int8 = export.ort_predictor(f32_path), export.ort_predictor(int8_path)
    results["test_int8"] = evaluate.evaluate(ort_int8, test, feats, window, temperature, with_calibration=True)
    results["f32_vs_int8"] = evaluate.agreement(ort_f32, ort_int8, test, feats, window, temperature)
    results["int8_bytes"] = os.path.getsize(int8_path)
    return int8_path


def parse_args(argv=None, recipe=None):
    recipe = recipe or Recipe()
    p = argparse.ArgumentParser(prog=f"python -m {recipe.entry}", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", default=data.MANIFEST)
    p.add_argument("--folder", help="scan a folder of known corpora instead of a manifest")
    p.add_argument("--corpora", nargs="+", metavar="CORPUS",
                   help="train and test on these corpora only (default: " + ", ".join(data.SHIPPED_CORPORA)
                        + " from the manifest, the shipped model's; every corpus of a --folder)")
    p.add_argument("--model", choices=sorted(recipe.networks), default="statspool")
    p.add_argument("--window", type=int, default=200, help="frames per window (10 ms each)")
    p.add_argument("--epochs", type=int, default=16)
    p.add_argument("--samples-per-epoch", type=int, default=36864)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=1e-3, help="AdamW's decoupled weight decay")
    p.add_argument("--label-smoothing", type=float, default=0.05,
                   help="share of each target's probability spread evenly over the classes")
    p.add_argument("--select", choices=("val", "last", "swa"), default="swa",
                   help="which weights to keep: the epoch with the best validation UA, the last epoch, or the "
                        "average of the last --swa-epochs epochs (stochastic weight averaging, BatchNorm "
                        "statistics recomputed); the others are scored on the test speakers too")
    p.add_argument("--swa-epochs", type=int, default=6, help="epochs averaged by --select swa")
    p.add_argument("--aug-copies", type=int, default=2, help="augmented copies of each training file")
    p.add_argument("--babble", type=float, default=0.3, metavar="SHARE",
                   help="this share of the augmented copies also gets other training speakers "
                        "mixed in as babble (3-7 talkers, 5-25 dB SNR); 0 = off")
    p.add_argument("--test-corpus", help="leave-one-corpus-out: test on this corpus, train on the others")
    p.add_argument("--fold", metavar="I/N", help="speaker cross-validation: test on every N-th speaker "
                   "(sorted by name) starting at the I-th, train on the others; running I = 0..N-1 tests "
                   "every clip once (python -m training.crossval pools the folds)")
    p.add_argument("--limit", type=int, default=0, help="smoke test: use at most this many files per split")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--run-dir", help="where results go (default training/runs/<model>-<split>-<seed>)")
    p.add_argument("--ship", action="store_true", help="write the int8 model and metadata to models/")
    recipe.add_arguments(p)
    args = p.parse_args(argv)
    if args.fold:
        if data.parse_fold(args.fold) is None:
            p.error(f"--fold wants I/N with 0 <= I < N, e.g. 0/4; got {args.fold}")
        if args.test_corpus:
            p.error("--fold and --test-corpus are two different splits: give one")
    if args.select == "swa" and args.swa_epochs < 1:
        p.error("--select swa needs --swa-epochs of at least 1")
    recipe.check_arguments(args, p)
    return args


def main(argv=None, recipe=None):
    recipe = recipe or Recipe()
    args = parse_args(argv, recipe)
    t0 = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    split_name = args.test_corpus or (f"fold{args.fold.replace('/', 'of')}" if args.fold else "main")
    run_dir = args.run_dir or os.path.join(HERE, "runs", f"{args.model}-{split_name}-{args.seed}")
    os.makedirs(run_dir, exist_ok=True)
    log = open(os.path.join(run_dir, "log.txt"), "a")

    def say(msg):
        line = f"[{time.time() - t0:7.1f}s] {msg}"
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    train, val, test = recipe.load_items(args)
    for name, part in (("train", train), ("validation", val), ("test", test)):
        say(f"{name}: {len(part)} files, {len({i['speaker'] for i in part})} speakers, "
            f"{dict(sorted(Counter(i['label'] for i in part).items()))}")

    aug = (augmented_copies(train, args.aug_copies, args.seed, args.threads, args.babble)
           if args.aug_copies else {})
    say(f"augmented copies ready ({sum(len(v) for v in aug.values())})")
    paths = [i["path"] for i in train + val + test] + [p for v in aug.values() for p in v]
    feats = features.extract(paths, os.path.join(CACHE, "features"), jobs=args.threads)
    say(f"features ready ({len(feats)} files)")
    feats, raw_feats = recipe.features(args, (train, val, test), aug, feats, say)

    sampler = recipe.sampler(args, train, feats, aug, rng)
    say("training windows per corpus: " + ", ".join(f"{c} {v:.0%}" for c, v in sampler.corpus_shares.items()))
    net = recipe.network(args, sampler, say)
    say(f"model {args.model}: {sum(p.numel() for p in net.parameters())} parameters")
    # Channels-last: oneDNN's native layout, so convolutions and MaxPool skip layout
    # conversions (steps 1.3-1.5x faster, training/experiments/bench_step.py); the
    # arithmetic is the same up to float rounding.
    net = net.to(memory_format=torch.channels_last)
    steps_per_epoch = args.samples_per_epoch // args.batch
    steps = args.epochs * steps_per_epoch
    opt = torch.optim.AdamW(recipe.parameters(net), lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps)
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    best = (-1.0, None, -1)
    swa = WeightAverage()
    predictor = lambda: torch_predictor(net, recipe.outputs)  # noqa: E731
    for epoch in range(args.epochs):
        net.train()
        total = 0.0
        for step in range(steps_per_epoch):
            x, y, corpus = sampler.batch(args.batch)
            x = x.contiguous(memory_format=torch.channels_last)
            loss = recipe.loss(args, net, (x, y, corpus), loss_fn, (epoch * steps_per_epoch + step) / steps)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        scores = evaluate.evaluate(predictor(), val, feats, args.window)
        ua = scores["all"]["ua"]
        say(f"epoch {epoch + 1}/{args.epochs} loss {total / steps_per_epoch:.3f} "
            f"val UA {ua:.3f} " + " ".join(f"{c}:{s['ua']:.3f}" for c, s in scores.items() if c != "all"))
        if ua > best[0]:
            best = (ua, {k: v.clone() for k, v in net.state_dict().items()}, epoch + 1)
        if epoch >= args.epochs - args.swa_epochs:
            swa.add(net)
    candidates = {"val": best[1], "last": {k: v.clone() for k, v in net.state_dict().items()}}
    if swa.count:
        candidates["swa"] = swa.state_dict(net, lambda: sampler.batch(args.batch)[0], recipe.update_bn)
    say(f"best epoch {best[2]} (validation UA {best[0]:.3f}); keeping --select {args.select}")
    selection = {}
    for name, state in candidates.items():
        net.load_state_dict(state)
        selection[name] = {
            "validation": evaluate.evaluate(predictor(), val, feats, args.window)["all"]["ua"],
            "test_f32": {c: s["ua"] for c, s in evaluate.evaluate(predictor(), test, feats, args.window).items()}}
        say(f"--select {name}: validation UA {selection[name]['validation']:.3f}, test f32 UA "
            + " ".join(f"{c}:{u:.3f}" for c, u in selection[name]["test_f32"].items()))
    net.load_state_dict(candidates[args.select])
    net = recipe.finish(net)
    net.eval()

    predict = torch_predictor(net)
    temperature = evaluate.fit_temperature(predict, val, feats, args.window)
    say(f"temperature {temperature:.2f}")
    results = {
        "model": args.model, "architecture": net.architecture, "seed": args.seed, "best_epoch": best[2],
        "validation_ua": selection[args.select]["validation"], "select": args.select, "selection": selection,
        "temperature": temperature,
        "split": {"train": sorted({i["speaker"] for i in train}), "validation": sorted({i["speaker"] for i in val}),
                  "test": sorted({i["speaker"] for i in test})},
        "test_f32": evaluate.evaluate(predict, test, feats, args.window, temperature, with_calibration=True),
        **recipe.describe(args),
    }

    f32_path = os.path.join(run_dir, "model_f32.onnx")
    export.export_onnx(net.to(memory_format=torch.contiguous_format), args.window, f32_path)
    int8_path = quantize_and_evaluate(run_dir, train, test, feats, sampler, args.window, temperature, results)
    recipe.after_export(args, run_dir, results, test, feats, raw_feats, temperature, say)
    results["torch_vs_onnx_f32"] = evaluate.agreement(predict, export.ort_predictor(f32_path), test[:50], feats,
                                                      args.window, temperature)
    results["minutes"] = (time.time() - t0) / 60
    results["args"] = vars(args)
    results["command"] = f"python -m {recipe.entry} " + " ".join(argv if argv is not None else sys.argv[1:])
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
    for key in ("test_f32", "test_int8"):
        say(f"{key}: " + " ".join(f"{c}: UA {s['ua']:.3f} WA {s['wa']:.3f}" for c, s in results[key].items()))
    say(f"f32 vs int8: {results['f32_vs_int8']}; int8 size {results['int8_bytes']} B")
    if args.ship:
        export.write_models_dir(int8_path, results, args, os.path.join(ROOT, "models"))
        say("wrote models/emotion.onnx and models/emotion.json")
    return results


if __name__ == "__main__":
    main()
