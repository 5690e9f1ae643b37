"""Train, calibrate, evaluate, export and quantise the emotion model — one command.

    venv/bin/python training/train.py --ship    # the shipped model (statspool, 16 epochs × 36 864 windows, babble in 30 % of augmented copies)

Reads `../shared/datasets/manifest.csv` (or `--folder` of RAVDESS/CREMA-D/TESS/SAVEE/
EmoDB/`<emotion>/` files), splits by speaker (data.TEST_SPEAKERS never used for
training, model selection or calibration), augments the training audio, computes
features with the library's own extractor (`emotion features`), trains with
class-and-corpus-balanced sampling, keeps the average of the last six epochs' weights
(or the last epoch, or the epoch with the best validation UA: `--select`; all three are
scored), fits a softmax temperature on validation speakers, evaluates on test speakers
(f32 and int8, the clip-level decision the Rust runtime makes), and with --ship writes
models/.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from collections import Counter, defaultdict
from multiprocessing import Pool

import numpy as np
import soundfile as sf
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import augment  # noqa: E402
import data  # noqa: E402
import evaluate  # noqa: E402
import export  # noqa: E402
import features  # noqa: E402
import pitch  # noqa: E402
import speaker_norm  # noqa: E402
from model import MODELS, N_MELS, MergedOutputs, MixStyle, merged_logits, set_outputs  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CACHE = os.path.join(HERE, "cache")
SILENCE = float(np.log(np.float32(1e-10)))
# Class indices in training: the library's labels first, then auxiliary ones
# (--auxiliary-emotions, --calm-auxiliary).
TRAINING_LABELS = data.LABELS + data.AUXILIARY_LABELS


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--manifest", default=os.path.join(ROOT, "..", "shared", "datasets", "manifest.csv"))
    p.add_argument("--folder", help="scan a folder of known corpora instead of a manifest")
    p.add_argument("--model", choices=sorted(MODELS), default="statspool")
    p.add_argument("--window", type=int, default=200, help="frames per window (10 ms each)")
    p.add_argument("--epochs", type=int, default=16)
    p.add_argument("--samples-per-epoch", type=int, default=36864)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--weight-decay", type=float, default=1e-3, help="AdamW's decoupled weight decay")
    p.add_argument("--label-smoothing", type=float, default=0.05,
                   help="share of each target's probability spread evenly over the classes")
    p.add_argument("--mixup", type=float, default=0.0,
                   help="mixup: blend pairs of training windows with weight ~ Beta(a, a); 0 = off")
    p.add_argument("--freq-warp", type=float, default=0.0,
                   help="stretch each training window's mel axis by a random factor in 1 ± this "
                        "(vocal-tract-length perturbation in feature space); 0 = off")
    p.add_argument("--corpus-adversarial", type=float, default=0.0, metavar="WEIGHT",
                   help="domain-adversarial training: a corpus classifier on the pooled embedding, "
                        "its gradient reversed into the network with this weight (ramped up; 0 = off; "
                        "tried, did not help: models/README.md)")
    p.add_argument("--select", choices=("val", "last", "swa"), default="swa",
                   help="which weights to keep: the epoch with the best validation UA, the last epoch, or the "
                        "average of the last --swa-epochs epochs (stochastic weight averaging, BatchNorm "
                        "statistics recomputed); the others are scored on the test speakers too")
    p.add_argument("--swa-epochs", type=int, default=6, help="epochs averaged by --select swa")
    p.add_argument("--aug-copies", type=int, default=2, help="augmented copies of each training file")
    p.add_argument("--babble", type=float, default=0.3, metavar="SHARE",
                   help="this share of the augmented copies also gets other training speakers "
                        "mixed in as babble (3-7 talkers, 5-25 dB SNR); 0 = off")
    p.add_argument("--corpus-share", choices=("cells", "speakers"), default="cells",
                   help="how the training windows are shared between corpora: every (corpus, emotion) cell "
                        "the same, or each corpus in proportion to its training speakers (every voice counts "
                        "the same); emotions are balanced within each corpus either way")
    p.add_argument("--no-calm", action="store_true", help="drop RAVDESS calm instead of using it as neutral")
    p.add_argument("--auxiliary-emotions", action="store_true",
                   help="also train on fear, disgust and boredom clips as extra classes (training speakers only; "
                        "their outputs are cut off before export, validation and test use the five labels)")
    p.add_argument("--calm-auxiliary", action="store_true",
                   help="train RAVDESS calm as a class of its own (cut off before export, like the auxiliary "
                        "emotions) instead of as neutral; validation and test still score calm clips as neutral")
    p.add_argument("--calm-merged", action="store_true",
                   help="train RAVDESS calm as a class of its own and add its probability to neutral's "
                        "(in validation, test and the exported model)")
    p.add_argument("--speaker-norm", action="store_true",
                   help="experiment: move each speaker's mean log-mel spectrum onto the training speakers' "
                        "average (needs unlabeled speech of the speaker at inference; see speaker_norm.py)")
    p.add_argument("--test-corpus", help="leave-one-corpus-out: test on this corpus, train on the others")
    p.add_argument("--fold", metavar="I/N", help="speaker cross-validation: test on every N-th speaker "
                   "(sorted by name) starting at the I-th, train on the others; running I = 0..N-1 tests "
                   "every clip once (training/crossval.py pools the folds)")
    p.add_argument("--speaker-share", type=float, default=1.0, metavar="SHARE",
                   help="learning curve: train on this share of the training speakers of each corpus and "
                        "gender (evenly spaced in sorted order, at least one each)")
    p.add_argument("--limit", type=int, default=0, help="smoke test: use at most this many files per split")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--run-dir", help="where results go (default training/runs/<model>-<seed>)")
    p.add_argument("--ship", action="store_true", help="write the int8 model and metadata to models/")
    args = p.parse_args(argv)
    if args.corpus_adversarial and not hasattr(MODELS[args.model], "embed"):
        p.error(f"--corpus-adversarial needs a model with an embedding (statspool*), not {args.model}")
    if args.fold:
        if parse_fold(args.fold) is None:
            p.error(f"--fold wants I/N with 0 <= I < N, e.g. 0/4; got {args.fold}")
        if args.test_corpus:
            p.error("--fold and --test-corpus are two different splits: give one")
    if (args.calm_auxiliary or args.calm_merged) and args.no_calm:
        p.error("--calm-auxiliary / --calm-merged train calm clips and --no-calm drops them: give one")
    if args.calm_auxiliary and args.calm_merged:
        p.error("--calm-auxiliary cuts calm's output off, --calm-merged adds it to neutral: give one")
    if args.speaker_norm and args.ship:
        p.error("--speaker-norm is an experiment: the library does not normalise speakers, so it cannot ship")
    if needs_pitch(args) and args.ship:
        p.error(f"--model {args.model} is an experiment: the library has no pitch tracker, so it cannot ship")
    if args.model == "statspool-attention" and args.ship:
        p.error("--model statspool-attention is an experiment: the library's operator set has no Tanh or Softmax")
    if needs_pitch(args) and (args.freq_warp or args.speaker_norm):
        p.error(f"--model {args.model} reads the log-mel bands as they are: no --freq-warp or --speaker-norm with it")
    if args.select == "swa" and args.swa_epochs < 1:
        p.error("--select swa needs --swa-epochs of at least 1")
    return args


def needs_pitch(args):
    """Whether the network takes the pitch track (`pitch.py`) after the log-mel bands."""
    return getattr(MODELS[args.model], "bands", N_MELS) > N_MELS


def parse_fold(text):
    """"I/N" → (I, N) with 0 <= I < N, or None."""
    index, _, folds = text.partition("/")
    if index.isdigit() and folds.isdigit() and int(index) < int(folds):
        return int(index), int(folds)
    return None


def load_items(args):
    calm, auxiliary = not args.no_calm, getattr(args, "auxiliary_emotions", False)  # absent from older runs
    items = (data.scan_folder(args.folder, calm, auxiliary) if args.folder
             else data.load_manifest(args.manifest, calm, auxiliary))
    fold = getattr(args, "fold", None)  # absent from runs made before --fold existed
    if args.test_corpus or fold:
        speakers = sorted({i["speaker"] for i in items})
        if args.test_corpus:
            test = {i["speaker"] for i in items if i["corpus"] == args.test_corpus}
        else:
            index, folds = parse_fold(fold)
            test = set(speakers[index::folds])
        # Validation: every 5th of the other speakers.
        validation = set([s for s in speakers if s not in test][::5])
        train, val, test_items = data.split(items, test, validation)
    else:
        train, val, test_items = data.split(items)
    val, test_items = ([i for i in part if i["label"] in data.LABELS] for part in (val, test_items))
    if getattr(args, "calm_auxiliary", False) or getattr(args, "calm_merged", False):
        train = [dict(i, label="calm") if i["emotion"] == "calm" else i for i in train]
    share = getattr(args, "speaker_share", 1.0)  # absent from older runs
    if share < 1.0:
        train = keep_speaker_share(train, share)
    if args.limit:
        rng = np.random.default_rng(args.seed)
        train, val, test_items = (
            [part[i] for i in sorted(rng.permutation(len(part))[: args.limit])] for part in (train, val, test_items)
        )
    overlap = {i["speaker"] for i in train} & ({i["speaker"] for i in val} | {i["speaker"] for i in test_items})
    assert not overlap, f"speakers in two splits: {overlap}"
    return train, val, test_items


def keep_speaker_share(items, share):
    """`items` of about `share` of the speakers of each corpus and gender (evenly spaced
    in sorted order, at least one per group), all of their clips."""
    groups = defaultdict(set)
    for item in items:
        groups[(item["corpus"], item.get("gender", ""))].add(item["speaker"])
    kept = set()
    for speakers in map(sorted, groups.values()):
        n = max(1, round(share * len(speakers)))
        kept |= {speakers[int(k * len(speakers) / n)] for k in range(n)}
    return [i for i in items if i["speaker"] in kept]


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
    every (corpus, emotion) cell gets the same share of the windows (`corpus_share="cells"`),
    or each corpus a share in proportion to its speakers (`"speakers"`)."""

    def __init__(self, items, feats, aug, window, rng, freq_warp=0.0, corpus_share="cells"):
        self.window, self.rng, self.freq_warp = window, rng, freq_warp
        self.examples = []  # (list of feature arrays: original + augmented, label index)
        speakers = defaultdict(set)
        for item in items:
            arrays = [feats[p] for p in [item["path"]] + aug.get(item["path"], []) if p in feats]
            if arrays:
                self.examples.append((arrays, TRAINING_LABELS.index(item["label"]), (item["corpus"], item["label"])))
                speakers[item["corpus"]].add(item["speaker"])
        self.corpora = sorted({e[2][0] for e in self.examples})
        cells = Counter(e[2] for e in self.examples)
        labels = Counter(corpus for corpus, _ in cells)
        share = {c: 1.0 if corpus_share == "cells" else len(speakers[c]) / labels[c] for c in self.corpora}
        weights = np.array([share[c] / cells[(c, label)] for _, _, (c, label) in self.examples])
        self.p = weights / weights.sum()
        self.corpus_shares = {c: float(sum(p for p, e in zip(self.p, self.examples) if e[2][0] == c))
                              for c in self.corpora}

    def crop(self, x, train=True):
        w = self.window
        if len(x) <= w:
            out = np.full((w, x.shape[1]), SILENCE, np.float32)
            out[: len(x)] = x
            return out
        start = self.rng.integers(0, len(x) - w + 1) if train else 0
        return x[start : start + w]

    @staticmethod
    def warp(x, factor):
        """Mel band i of the result is band i / `factor` of `x` (linear interpolation,
        edge bands repeated): factor > 1 moves formants up, as a shorter vocal tract does."""
        pos = np.clip(np.arange(x.shape[1]) / factor, 0, x.shape[1] - 1)
        low = np.floor(pos).astype(int)
        high = np.minimum(low + 1, x.shape[1] - 1)
        frac = (pos - low).astype(np.float32)
        return x[:, low] * (1 - frac) + x[:, high] * frac

    def batch(self, n):
        """(windows [n, 1, 64, W], emotion labels [n], corpus indices into `corpora` [n])."""
        idx = self.rng.choice(len(self.examples), size=n, p=self.p)
        xs, ys, cs = [], [], []
        for i in idx:
            arrays, y, (corpus, _) = self.examples[i]
            cs.append(self.corpora.index(corpus))
            x = self.crop(arrays[self.rng.integers(len(arrays))]).copy()
            if self.freq_warp > 0:
                x = self.warp(x, 1 + self.rng.uniform(-self.freq_warp, self.freq_warp))
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


class GradientReversal(torch.autograd.Function):
    """Identity forward; the gradient times −`weight` backward (Ganin & Lempitsky 2015)."""

    @staticmethod
    def forward(ctx, x, weight):
        ctx.weight = weight
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.weight * grad, None


class CorpusAdversary(torch.nn.Module):
    """Predicts the corpus from the embedding through a gradient reversal, so training
    pushes the embedding towards what does not tell corpora apart. Training only: not
    part of the exported model."""

    def __init__(self, n_in, n_corpora):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(n_in, 64), torch.nn.ReLU(), torch.nn.Linear(64, n_corpora))

    def forward(self, embedding, weight):
        return self.net(GradientReversal.apply(embedding, weight))


class WeightAverage:
    """Running mean of a network's parameters over the epochs it is given (stochastic
    weight averaging); BatchNorm statistics are recomputed for the averaged weights."""

    def __init__(self):
        self.sum, self.count = None, 0

    def add(self, net):
        params = {k: v.detach().clone().double() for k, v in net.named_parameters()}
        self.sum = params if self.sum is None else {k: self.sum[k] + v for k, v in params.items()}
        self.count += 1

    def state_dict(self, net, train_batch, batches=64):
        """`net`'s state with the averaged parameters and BatchNorm running statistics
        re-estimated over `batches` training batches (`train_batch()` returns one input)."""
        saved = {k: v.clone() for k, v in net.state_dict().items()}
        with torch.no_grad():
            for k, p in net.named_parameters():
                p.copy_((self.sum[k] / self.count).to(p.dtype))
        mixers = [m for m in net.modules() if isinstance(m, MixStyle)]  # off for the statistics
        for m in mixers:
            m.mixing = False
        torch.optim.swa_utils.update_bn((train_batch() for _ in range(batches)), net)
        for m in mixers:
            m.mixing = True
        averaged = {k: v.clone() for k, v in net.state_dict().items()}
        net.load_state_dict(saved)
        return averaged


def output_merges(args):
    """{auxiliary class index: label index} whose probabilities are added together."""
    if getattr(args, "calm_merged", False):  # absent from older runs
        return {TRAINING_LABELS.index("calm"): data.LABELS.index("neutral")}
    return {}


def torch_predictor(net, merges=None):
    """windows [n, 1, 64, W] → logits [n, 5] (auxiliary classes' logits merged into
    their label's by `merges`, or left out)."""
    def predict(windows):
        net.eval()
        with torch.no_grad():
            logits = torch.cat([net(torch.from_numpy(windows[i : i + 256])) for i in range(0, len(windows), 256)])
        return merged_logits(logits, merges or {}).numpy()
    return predict


def quantize_and_evaluate(run_dir, train, test, feats, sampler, window, temperature, results):
    """Quantise the run's model_f32.onnx to model_int8.onnx (calibrated on ~300 training
    windows) and add the int8 test scores and the f32-vs-int8 agreement to `results`."""
    f32_path, int8_path = os.path.join(run_dir, "model_f32.onnx"), os.path.join(run_dir, "model_int8.onnx")
    calib = np.stack([sampler.crop(feats[i["path"]], train=False).T[None] for i in train[:: max(1, len(train) // 300)]
                      if i["path"] in feats])
    export.quantize(f32_path, int8_path, calib)
    ort_f32, ort_int8 = export.ort_predictor(f32_path), export.ort_predictor(int8_path)
    results["test_int8"] = evaluate.evaluate(ort_int8, test, feats, window, temperature, with_calibration=True)
    results["f32_vs_int8"] = evaluate.agreement(ort_f32, ort_int8, test, feats, window, temperature)
    results["int8_bytes"] = os.path.getsize(int8_path)


def main(argv=None):
    args = parse_args(argv)
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

    train, val, test = load_items(args)
    for name, part in (("train", train), ("validation", val), ("test", test)):
        say(f"{name}: {len(part)} files, {len({i['speaker'] for i in part})} speakers, "
            f"{dict(sorted(Counter(i['label'] for i in part).items()))}")

    aug = (augmented_copies(train, args.aug_copies, args.seed, args.threads, args.babble)
           if args.aug_copies else {})
    say(f"augmented copies ready ({sum(len(v) for v in aug.values())})")
    paths = [i["path"] for i in train + val + test] + [p for v in aug.values() for p in v]
    feats = features.extract(paths, os.path.join(CACHE, "features"), jobs=args.threads)
    say(f"features ready ({len(feats)} files)")
    raw_feats = feats
    if args.speaker_norm:
        reference = speaker_norm.reference_spectrum(train, feats)
        feats = speaker_norm.normalise(train + val + test, feats, reference, aug)
        say("speaker normalisation: every speaker's mean log-mel moved onto the training speakers' average")

    if needs_pitch(args):
        feats = raw_feats = pitch.add_pitch(feats, os.path.join(CACHE, "pitch"), args.threads)
        say("pitch track appended to every file's features")

    sampler = WindowSampler(train, feats, aug, args.window, rng, args.freq_warp, args.corpus_share)
    say("training windows per corpus: " + ", ".join(f"{c} {v:.0%}" for c, v in sampler.corpus_shares.items()))
    net = MODELS[args.model]()
    merges = output_merges(args)
    trained_classes = 1 + max([label for _, label, _ in sampler.examples] + list(merges))
    if trained_classes > len(data.LABELS):  # auxiliary classes
        set_outputs(net, trained_classes)
    say(f"model {args.model}: {sum(p.numel() for p in net.parameters())} parameters")
    # Channels-last: oneDNN's native layout, so convolutions and MaxPool skip layout
    # conversions (steps 1.3-1.5x faster, training/bench_step.py); the arithmetic is the
    # same up to float rounding.
    net = net.to(memory_format=torch.channels_last)
    steps = args.epochs * (args.samples_per_epoch // args.batch)
    adversary = None
    if args.corpus_adversarial and len(sampler.corpora) > 1:
        adversary = CorpusAdversary(net.embedding_size, len(sampler.corpora))
        say(f"corpus adversary over {sampler.corpora}, weight {args.corpus_adversarial}")
    elif args.corpus_adversarial:
        say(f"--corpus-adversarial ignored: one training corpus ({sampler.corpora})")
    params = list(net.parameters()) + (list(adversary.parameters()) if adversary else [])
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps)
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    best = (-1.0, None, -1)
    swa = WeightAverage()
    for epoch in range(args.epochs):
        net.train()
        total = 0.0
        for step in range(args.samples_per_epoch // args.batch):
            x, y, corpus = sampler.batch(args.batch)
            x = x.contiguous(memory_format=torch.channels_last)
            if adversary is not None:
                # The reversal's weight ramps from 0 as in DANN: 2 / (1 + e^(-10 p)) - 1.
                progress = (epoch * (args.samples_per_epoch // args.batch) + step) / steps
                weight = args.corpus_adversarial * (2 / (1 + np.exp(-10 * progress)) - 1)
                embedding = net.embed(x)
                loss = loss_fn(net.classify(embedding), y) + \
                    torch.nn.functional.cross_entropy(adversary(embedding, weight), corpus)
            elif args.mixup > 0:
                lam = float(rng.beta(args.mixup, args.mixup))
                perm = torch.from_numpy(rng.permutation(len(y)))
                logits = net(lam * x + (1 - lam) * x[perm])
                loss = lam * loss_fn(logits, y) + (1 - lam) * loss_fn(logits, y[perm])
            else:
                loss = loss_fn(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        scores = evaluate.evaluate(torch_predictor(net, merges), val, feats, args.window)
        ua = scores["all"]["ua"]
        say(f"epoch {epoch + 1}/{args.epochs} loss {total / (args.samples_per_epoch // args.batch):.3f} "
            f"val UA {ua:.3f} " + " ".join(f"{c}:{s['ua']:.3f}" for c, s in scores.items() if c != "all"))
        if ua > best[0]:
            best = (ua, {k: v.clone() for k, v in net.state_dict().items()}, epoch + 1)
        if epoch >= args.epochs - args.swa_epochs:
            swa.add(net)
    candidates = {"val": best[1], "last": {k: v.clone() for k, v in net.state_dict().items()}}
    if swa.count:
        candidates["swa"] = swa.state_dict(net, lambda: sampler.batch(args.batch)[0])
    say(f"best epoch {best[2]} (validation UA {best[0]:.3f}); keeping --select {args.select}")
    selection = {}
    for name, state in candidates.items():
        net.load_state_dict(state)
        selection[name] = {
            "validation": evaluate.evaluate(torch_predictor(net, merges), val, feats, args.window)["all"]["ua"],
            "test_f32": {c: s["ua"] for c, s in
                         evaluate.evaluate(torch_predictor(net, merges), test, feats, args.window).items()}}
        say(f"--select {name}: validation UA {selection[name]['validation']:.3f}, test f32 UA "
            + " ".join(f"{c}:{u:.3f}" for c, u in selection[name]["test_f32"].items()))
    net.load_state_dict(candidates[args.select])
    if merges:
        net.out = MergedOutputs(net.out, merges)
    else:
        set_outputs(net, len(data.LABELS))
    net.eval()

    predict = torch_predictor(net)
    temperature = evaluate.fit_temperature(predict, val, feats, args.window)
    say(f"temperature {temperature:.2f}")
    results = {
        "model": args.model, "architecture": net.architecture, "seed": args.seed, "best_epoch": best[2],
        "validation_ua": selection[args.select]["validation"], "select": args.select, "selection": selection, "temperature": temperature,
        "split": {"train": sorted({i["speaker"] for i in train}), "validation": sorted({i["speaker"] for i in val}),
                  "test": sorted({i["speaker"] for i in test})},
        "test_f32": evaluate.evaluate(predict, test, feats, args.window, temperature, with_calibration=True),
    }

    f32_path = os.path.join(run_dir, "model_f32.onnx")
    export.export_onnx(net.to(memory_format=torch.contiguous_format), args.window, f32_path)
    quantize_and_evaluate(run_dir, train, test, feats, sampler, args.window, temperature, results)
    if raw_feats is not feats:
        ort_int8 = export.ort_predictor(os.path.join(run_dir, "model_int8.onnx"))
        results["test_int8_unadapted"] = evaluate.evaluate(ort_int8, test, raw_feats, args.window, temperature)
        say("test_int8 without speaker normalisation: " + " ".join(
            f"{c}: UA {s['ua']:.3f} WA {s['wa']:.3f}" for c, s in results["test_int8_unadapted"].items()))
    results["torch_vs_onnx_f32"] = evaluate.agreement(predict, export.ort_predictor(f32_path), test[:50], feats,
                                                      args.window, temperature)
    results["minutes"] = (time.time() - t0) / 60
    results["args"] = vars(args)
    results["command"] = "python training/train.py " + " ".join(argv if argv is not None else sys.argv[1:])
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
