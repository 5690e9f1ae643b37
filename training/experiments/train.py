"""The training recipe with the variants tried and not kept: other networks, mixup,
frequency warping, a corpus adversary, corpus shares by speakers, RAVDESS calm dropped
or trained apart, auxiliary emotion classes, speaker normalisation, a pitch track, and
fewer training speakers (a learning curve). Results: docs/experiments.md.

    python -m training.experiments.train --model temporal --epochs 40 --samples-per-epoch 4096
    python -m training.experiments.train --speaker-share 0.5 --run-dir training/runs/share50-main-1

Every flag of `python -m training.train` works here too, with the same defaults: with no
experimental flag this trains the shipped recipe. Runs made before the split of
training/ name `python training/train.py` in their results.json; the same flags work here.
"""
import os

import numpy as np
import torch

from .. import data, evaluate, export
from .. import train as core
from . import pitch, speaker_norm
from .networks import NETWORKS, MergedOutputs, MixStyle, merged_logits, set_outputs

# Class indices in training: the library's labels first, then auxiliary ones
# (--auxiliary-emotions, --calm-auxiliary, --calm-merged).
TRAINING_LABELS = data.LABELS + data.AUXILIARY_LABELS


def load_items(args):
    """(train, validation, test) items of a run, with the experimental flags its arguments
    hold (absent ones, e.g. of runs of the shipped recipe, at their defaults)."""
    calm, auxiliary = not getattr(args, "no_calm", False), getattr(args, "auxiliary_emotions", False)
    train, val, test = data.split_items(args, data.read_items(args, calm, auxiliary))
    if getattr(args, "calm_auxiliary", False) or getattr(args, "calm_merged", False):
        train = [dict(i, label="calm") if i["emotion"] == "calm" else i for i in train]
    share = getattr(args, "speaker_share", 1.0)
    if share < 1.0:
        train = keep_speaker_share(train, share)
    return data.limited(args, (train, val, test))


def keep_speaker_share(items, share):
    """`items` of about `share` of the speakers of each corpus and gender (evenly spaced
    in sorted order, at least one per group), all of their clips."""
    groups = {}
    for item in items:
        groups.setdefault((item["corpus"], item.get("gender", "")), set()).add(item["speaker"])
    kept = set()
    for speakers in map(sorted, groups.values()):
        n = max(1, round(share * len(speakers)))
        kept |= {speakers[int(k * len(speakers) / n)] for k in range(n)}
    return [i for i in items if i["speaker"] in kept]


def needs_pitch(args):
    """Whether the network takes the pitch track (`pitch.py`) after the log-mel bands."""
    return getattr(NETWORKS[args.model], "bands", core.N_MELS) > core.N_MELS


def output_merges(args):
    """{auxiliary class index: label index} whose probabilities are added together."""
    if getattr(args, "calm_merged", False):
        return {TRAINING_LABELS.index("calm"): data.LABELS.index("neutral")}
    return {}


class ExperimentSampler(core.WindowSampler):
    """`WindowSampler` with vocal-tract-length perturbation in feature space (`freq_warp`)
    and corpus shares in proportion to their training speakers (`corpus_share="speakers"`)."""

    def __init__(self, items, feats, aug, window, rng, freq_warp=0.0, corpus_share="cells"):
        self.freq_warp, self.corpus_share = freq_warp, corpus_share
        super().__init__(items, feats, aug, window, rng, TRAINING_LABELS)

    def corpus_weights(self, speakers, labels):
        if self.corpus_share == "cells":
            return super().corpus_weights(speakers, labels)
        return {c: len(speakers[c]) / labels[c] for c in self.corpora}

    @staticmethod
    def warp(x, factor):
        """Mel band i of the result is band i / `factor` of `x` (linear interpolation,
        edge bands repeated): factor > 1 moves formants up, as a shorter vocal tract does."""
        pos = np.clip(np.arange(x.shape[1]) / factor, 0, x.shape[1] - 1)
        low = np.floor(pos).astype(int)
        high = np.minimum(low + 1, x.shape[1] - 1)
        frac = (pos - low).astype(np.float32)
        return x[:, low] * (1 - frac) + x[:, high] * frac

    def transform(self, x):
        if self.freq_warp > 0:
            return self.warp(x, 1 + self.rng.uniform(-self.freq_warp, self.freq_warp))
        return x


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


class Experiments(core.Recipe):
    networks = NETWORKS
    entry = "training.experiments.train"

    def __init__(self):
        self.merges, self.adversary, self.rng = {}, None, None
        self.args, self.corpora, self.say = None, [], print

    def add_arguments(self, p):
        p.add_argument("--mixup", type=float, default=0.0,
                       help="mixup: blend pairs of training windows with weight ~ Beta(a, a); 0 = off")
        p.add_argument("--freq-warp", type=float, default=0.0,
                       help="stretch each training window's mel axis by a random factor in 1 ± this "
                            "(vocal-tract-length perturbation in feature space); 0 = off")
        p.add_argument("--corpus-adversarial", type=float, default=0.0, metavar="WEIGHT",
                       help="domain-adversarial training: a corpus classifier on the pooled embedding, "
                            "its gradient reversed into the network with this weight (ramped up; 0 = off)")
        p.add_argument("--corpus-share", choices=("cells", "speakers"), default="cells",
                       help="how the training windows are shared between corpora: every (corpus, emotion) cell "
                            "the same, or each corpus in proportion to its training speakers (every voice "
                            "counts the same); emotions are balanced within each corpus either way")
        p.add_argument("--no-calm", action="store_true", help="drop RAVDESS calm instead of using it as neutral")
        p.add_argument("--auxiliary-emotions", action="store_true",
                       help="also train on fear, disgust and boredom clips as extra classes (training speakers "
                            "only; their outputs are cut off before export, validation and test use the five labels)")
        p.add_argument("--calm-auxiliary", action="store_true",
                       help="train RAVDESS calm as a class of its own (cut off before export, like the auxiliary "
                            "emotions) instead of as neutral; validation and test still score calm clips as neutral")
        p.add_argument("--calm-merged", action="store_true",
                       help="train RAVDESS calm as a class of its own and add its probability to neutral's "
                            "(in validation, test and the exported model)")
        p.add_argument("--speaker-norm", action="store_true",
                       help="move each speaker's mean log-mel spectrum onto the training speakers' average "
                            "(needs unlabeled speech of the speaker at inference; see speaker_norm.py)")
        p.add_argument("--speaker-share", type=float, default=1.0, metavar="SHARE",
                       help="learning curve: train on this share of the training speakers of each corpus and "
                            "gender (evenly spaced in sorted order, at least one each)")

    def check_arguments(self, args, p):
        if args.corpus_adversarial and not hasattr(NETWORKS[args.model], "embed"):
            p.error(f"--corpus-adversarial needs a model with an embedding (statspool*), not {args.model}")
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
            p.error(f"--model {args.model} reads the log-mel bands as they are: no --freq-warp or --speaker-norm")

    def load_items(self, args):
        return load_items(args)

    def features(self, args, items, aug, feats, say):
        train, val, test = items
        raw_feats = feats
        if args.speaker_norm:
            reference = speaker_norm.reference_spectrum(train, feats)
            feats = speaker_norm.normalise(train + val + test, feats, reference, aug)
            say("speaker normalisation: every speaker's mean log-mel moved onto the training speakers' average")
        if needs_pitch(args):
            feats = raw_feats = pitch.add_pitch(feats, os.path.join(core.CACHE, "pitch"), args.threads)
            say("pitch track appended to every file's features")
        return feats, raw_feats

    def sampler(self, args, train, feats, aug, rng):
        self.rng = rng
        return ExperimentSampler(train, feats, aug, args.window, rng, args.freq_warp, args.corpus_share)

    def network(self, args, sampler, say):
        net = NETWORKS[args.model]()
        self.merges = output_merges(args)
        trained_classes = 1 + max([label for _, label, _ in sampler.examples] + list(self.merges))
        if trained_classes > len(data.LABELS):  # auxiliary classes
            set_outputs(net, trained_classes)
        self.args, self.corpora, self.say = args, sampler.corpora, say
        return net

    def parameters(self, net):
        # The adversary is made here, after the network is logged, as before the split.
        weight = self.args.corpus_adversarial
        if weight and len(self.corpora) > 1:
            self.adversary = CorpusAdversary(net.embedding_size, len(self.corpora))
            self.say(f"corpus adversary over {self.corpora}, weight {weight}")
        elif weight:
            self.say(f"--corpus-adversarial ignored: one training corpus ({self.corpora})")
        return list(net.parameters()) + (list(self.adversary.parameters()) if self.adversary else [])

    def loss(self, args, net, batch, loss_fn, progress):
        x, y, corpus = batch
        if self.adversary is not None:
            # The reversal's weight ramps from 0 as in DANN: 2 / (1 + e^(-10 p)) - 1.
            weight = args.corpus_adversarial * (2 / (1 + np.exp(-10 * progress)) - 1)
            embedding = net.embed(x)
            return loss_fn(net.classify(embedding), y) + \
                torch.nn.functional.cross_entropy(self.adversary(embedding, weight), corpus)
        if args.mixup > 0:
            lam = float(self.rng.beta(args.mixup, args.mixup))
            perm = torch.from_numpy(self.rng.permutation(len(y)))
            logits = net(lam * x + (1 - lam) * x[perm])
            return lam * loss_fn(logits, y) + (1 - lam) * loss_fn(logits, y[perm])
        return super().loss(args, net, batch, loss_fn, progress)

    def outputs(self, logits):
        return merged_logits(logits, self.merges)

    def update_bn(self, batches, net):
        mixers = [m for m in net.modules() if isinstance(m, MixStyle)]  # off for the statistics
        for m in mixers:
            m.mixing = False
        super().update_bn(batches, net)
        for m in mixers:
            m.mixing = True

    def finish(self, net):
        if self.merges:
            net.out = MergedOutputs(net.out, self.merges)
        else:
            set_outputs(net, len(data.LABELS))
        return net

    def describe(self, args):
        if args.no_calm:
            mapping = "calm dropped"
        elif args.calm_auxiliary:
            mapping = "calm trained as an auxiliary class, scored as neutral"
        elif args.calm_merged:
            mapping = "calm trained as its own class, its probability added to neutral's"
        else:
            mapping = "calm->neutral"
        if args.auxiliary_emotions:
            mapping += "; fear, disgust, boredom trained as auxiliary classes (outputs cut off before export)"
        return {"label_mapping": mapping, "dropped": [] if args.auxiliary_emotions else ["fear", "disgust", "boredom"]}

    def after_export(self, args, run_dir, results, test, feats, raw_feats, temperature, say):
        if raw_feats is feats:
            return
        ort_int8 = export.ort_predictor(os.path.join(run_dir, "model_int8.onnx"))
        results["test_int8_unadapted"] = evaluate.evaluate(ort_int8, test, raw_feats, args.window, temperature)
        say("test_int8 without speaker normalisation: " + " ".join(
            f"{c}: UA {s['ua']:.3f} WA {s['wa']:.3f}" for c, s in results["test_int8_unadapted"].items()))


if __name__ == "__main__":
    core.main(recipe=Experiments())
