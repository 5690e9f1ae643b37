"""The networks tried and not kept (`python -m training.experiments.train --model NAME`),
and the output-layer helpers of the auxiliary-class experiments. Each takes the same
raw log-mel windows [N, 1, 64, W] as the shipped `training.model.StatsPoolCNN` and
normalises them the same way (`WindowNorm`). Results: docs/experiments.md.
"""
import torch
import torch.nn as nn

from ..model import LABELS, MODELS, N_MELS, Dense, StatsPoolCNN, WindowNorm, conv_block, time_stats


class Baseline(nn.Module):
    """The prototype's CNN: 3 × (Conv 3×3 → BatchNorm → ReLU → MaxPool 2×2) with
    16/32/64 channels, global average pooling, Dense 64 + Dropout, Dense 5."""

    architecture = "baseline CNN: 3x(Conv3x3-BN-ReLU-MaxPool) 16/32/64, GAP, Dense64+Dropout0.3, Dense5"

    def __init__(self):
        super().__init__()
        self.norm = WindowNorm()
        self.features = nn.Sequential(*conv_block(1, 16, 2), *conv_block(16, 32, 2), *conv_block(32, 64, 2))
        self.hidden = Dense(64, 64)
        self.dropout = nn.Dropout(0.3)
        self.out = Dense(64, LABELS)

    def forward(self, x):
        x = self.features(self.norm(x)).mean(dim=(2, 3))
        return self.out(self.dropout(torch.relu(self.hidden(x))))


class TemporalCNN(nn.Module):
    """1-D convolutions over time with the 64 mel bands as channels (a small TDNN),
    then mean+std pooling over time. ~7x fewer multiply-adds than `StatsPoolCNN`
    (4.3 M per 2 s window): the cost of one window is what sets battery use."""

    architecture = ("temporal CNN: Conv1d over time, mel bands as channels: k3 s2 64, k3 d2 64 + MaxPool2, "
                    "k3 96 + MaxPool2, k3 128, time mean+std, Dense64+Dropout0.3, Dense5")

    def __init__(self):
        super().__init__()
        self.norm = WindowNorm()

        def block(c_in, c_out, stride=1, dilation=1, pool=0):
            layers = [nn.Conv1d(c_in, c_out, 3, stride=stride, padding=dilation, dilation=dilation, bias=False),
                      nn.BatchNorm1d(c_out), nn.ReLU()]
            return layers + ([nn.MaxPool1d(pool)] if pool else [])

        self.features = nn.Sequential(
            *block(N_MELS, 64, stride=2), *block(64, 64, dilation=2, pool=2),
            *block(64, 96, pool=2), *block(96, 128),
        )
        self.hidden = Dense(256, 64)
        self.dropout = nn.Dropout(0.3)
        self.out = Dense(64, LABELS)

    def forward(self, x):
        x = self.norm(x).flatten(1, 2)  # [N, 1, 64, T] → [N, 64, T]
        x = time_stats(self.features(x))  # [N, C, T'] → [N, 2C]
        return self.out(self.dropout(torch.relu(self.hidden(x))))


class StatsPoolLite(StatsPoolCNN):
    """`StatsPoolCNN` with the first max-pool moved before the second convolution, so
    each later convolution sees a 4× smaller map: 8.2 M multiply-adds per 2 s window
    instead of 31.8 M, the same parameters and the same 4 × 12 map before pooling."""

    architecture = ("stats-pool lite CNN: Conv3x3(stride 2)-BN-ReLU-MaxPool2 16, 2x(Conv3x3-BN-ReLU-MaxPool2) 32/48, "
                    "Conv3x3-BN-ReLU 64, freq mean, time mean+std, Dense64+Dropout0.3, Dense5")

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            *conv_block(16, 32, 2), *conv_block(32, 48, 2), *conv_block(48, 64, 0),
        )


class StatsPoolWide(StatsPoolCNN):
    """`StatsPoolCNN` with twice the channels in the last two convolutions (64, 128
    instead of 48, 64), where the map is small: 1.4× the multiply-adds (44.6 M per 2 s
    window), 2× the parameters (~114 k, still under the 150 KB int8 budget). Tests
    whether capacity in the late layers, not resolution, is what unseen corpora need."""

    architecture = ("stats-pool wide CNN: Conv3x3(stride 2)-BN-ReLU 16, 3x(Conv3x3-BN-ReLU-MaxPool2) 32/64/128, "
                    "freq mean, time mean+std, Dense64+Dropout0.3, Dense5")
    embedding_size = 256

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            *conv_block(16, 32, 2), *conv_block(32, 64, 2), *conv_block(64, 128, 2),
        )
        self.hidden = Dense(256, 64)


class BandWindowNorm(WindowNorm):
    """`WindowNorm` with each mel band's mean over the window removed first (cepstral
    mean normalisation): the long-term spectrum of the channel and of the speaker's voice
    is subtracted, what changes over the 2 s stays."""

    def forward(self, x):
        x = self.floor(x)
        return self.standardise(x - x.mean(dim=3, keepdim=True))


class StatsPoolBandNorm(StatsPoolCNN):
    """`StatsPoolCNN` with per-band mean normalisation (`BandWindowNorm`)."""

    architecture = ("stats-pool CNN, per-band mean normalisation: Conv3x3(stride 2)-BN-ReLU 16, "
                    "3x(Conv3x3-BN-ReLU-MaxPool2) 32/48/64, freq mean, time mean+std, Dense64+Dropout0.3, Dense5")

    def __init__(self):
        super().__init__()
        self.norm = BandWindowNorm()


class StatsPoolMeanOnly(StatsPoolCNN):
    """`StatsPoolCNN` pooled like the prototype: the mean over time only, no standard
    deviation. The network between the two: this conv stack, the prototype's pooling."""

    architecture = ("stats-pool CNN, mean pooling only: Conv3x3(stride 2)-BN-ReLU 16, 3x(Conv3x3-BN-ReLU-MaxPool2) "
                    "32/48/64, freq mean, time mean, Dense64+Dropout0.3, Dense5")
    embedding_size = 64

    def __init__(self):
        super().__init__()
        self.hidden = Dense(64, 64)

    def embed(self, x):
        return self.features(self.norm(x)).mean(dim=(2, 3))


class StatsPoolPitch(StatsPoolCNN):
    """Experimental (`python -m training.experiments.train --model statspool-pitch`): `StatsPoolCNN` on the log-mel bands plus a
    pitch branch. Input [N, 1, 66, W]: 64 log-mel bands, then the voiced flag and
    log2 F0 of `pitch.track`. The branch sees F0 relative to the window's mean voiced
    F0 (in octaves, so the speaker's register drops out) and the voiced flag, through
    two 1-D convolutions pooled by mean and std over time; 64 more embedding values."""

    architecture = ("stats-pool CNN + pitch branch: log-mel as statspool; voiced flag and window-relative log2 F0 "
                    "through Conv1d k5 s2 16, Conv1d k5 s2 32, time mean+std; Dense64+Dropout0.3, Dense5")
    bands = N_MELS + 2
    embedding_size = 192

    def __init__(self):
        super().__init__()
        self.pitch = nn.Sequential(
            nn.Conv1d(2, 16, 5, stride=2, padding=2, bias=False), nn.BatchNorm1d(16), nn.ReLU(),
            nn.Conv1d(16, 32, 5, stride=2, padding=2, bias=False), nn.BatchNorm1d(32), nn.ReLU(),
        )
        self.hidden = Dense(192, 64)

    def embed(self, x):
        mel, track = x[:, :, :N_MELS], x[:, 0, N_MELS:]
        voiced = (track[:, 0:1] > 0.5).float()  # padding (ln 1e-10) reads as unvoiced
        log_f0 = track[:, 1:2] * voiced
        mean = log_f0.sum(dim=2, keepdim=True) / (voiced.sum(dim=2, keepdim=True) + 1e-3)
        relative = (log_f0 - mean) * voiced * 4.0  # quarter octaves
        h = self.pitch(torch.cat([voiced, relative], dim=1))
        return torch.cat([super().embed(mel), time_stats(h)], dim=1)


class MixStyle(nn.Module):
    """Training-only feature-statistics mixing (MixStyle, Zhou et al., ICLR 2021): with
    probability `p` per batch, each example's per-channel mean and standard deviation
    over (frequency, time) are replaced by a Beta(`alpha`, `alpha`) blend of its own and
    those of another example in the batch. Early convolution channels' statistics carry
    "style" (recording chain, voice timbre, corpus); mixing them asks the later layers to
    classify without relying on it. Identity in eval mode and when `mixing` is off (e.g.
    while BatchNorm statistics are re-estimated), so the exported graph has no trace of it."""

    def __init__(self, p=0.5, alpha=0.1, eps=1e-6):
        super().__init__()
        self.p, self.eps = p, eps
        self.beta = torch.distributions.Beta(alpha, alpha)
        self.mixing = True

    def forward(self, x):
        if not (self.training and self.mixing) or x.shape[0] < 2 or torch.rand(()) >= self.p:
            return x
        mean = x.mean(dim=(2, 3), keepdim=True).detach()
        std = (x.var(dim=(2, 3), keepdim=True) + self.eps).sqrt().detach()
        lam = self.beta.sample((x.shape[0], 1, 1, 1)).to(x.dtype)
        other = torch.randperm(x.shape[0])
        mixed_mean = lam * mean + (1 - lam) * mean[other]
        mixed_std = lam * std + (1 - lam) * std[other]
        return (x - mean) / std * mixed_std + mixed_mean


class StatsPoolMixStyle(StatsPoolCNN):
    """Experimental (`python -m training.experiments.train --model statspool-mixstyle`): `StatsPoolCNN` trained with
    `MixStyle` after the first convolution (16 channels) and after the second block's
    max-pool (32 channels). Same parameters and state-dict keys as `statspool`, and the
    same exported graph: only the training differs."""

    architecture = StatsPoolCNN.architecture + "; trained with MixStyle after conv 1 and block 2"
    mix_after = (2, 6)  # indices in `features`: conv 1's ReLU, block 2's max-pool

    def __init__(self):
        super().__init__()
        self.mixstyle = MixStyle()

    def embed(self, x):
        x = self.norm(x)
        for i, layer in enumerate(self.features):
            x = layer(x)
            if i in self.mix_after:
                x = self.mixstyle(x)
        return self.pool(x)


class AttentiveStats(nn.Module):
    """Attentive statistics pooling (Okabe et al., Interspeech 2018): a score per time
    step from a small network on the features (1×1 convolution, tanh, 1×1 convolution),
    softmax over time, then the weighted mean and standard deviation. [N, C, T] → [N, 2C].
    The last convolution starts at zero, so training starts from plain mean+std pooling."""

    def __init__(self, channels, hidden=32):
        super().__init__()
        self.score = nn.Sequential(nn.Conv1d(channels, hidden, 1), nn.Tanh(), nn.Conv1d(hidden, 1, 1))
        nn.init.zeros_(self.score[2].weight)
        nn.init.zeros_(self.score[2].bias)

    def forward(self, x):
        weights = torch.softmax(self.score(x), dim=2)  # [N, 1, T]
        mean = (weights * x).sum(dim=2)
        var = (weights * x * x).sum(dim=2) - mean * mean
        return torch.cat([mean, var.clamp(min=0).add(1e-5).sqrt()], dim=1)


class StatsPoolAttention(StatsPoolCNN):
    """Experimental (`python -m training.experiments.train --model statspool-attention`): `StatsPoolCNN` with
    `AttentiveStats` instead of the plain mean and std over time, so the pooled
    statistics can dwell on the voiced, expressive parts of a 2 s window (a RAVDESS
    window is often half silence). 2 113 more parameters; the runtime's operator set would
    need Tanh and Softmax added to ship it."""

    architecture = ("stats-pool CNN, attentive statistics pooling: Conv3x3(stride 2)-BN-ReLU 16, "
                    "3x(Conv3x3-BN-ReLU-MaxPool2) 32/48/64, freq mean, attention-weighted time mean+std, "
                    "Dense64+Dropout0.3, Dense5")

    def __init__(self):
        super().__init__()
        self.attention = AttentiveStats(64)

    def pool(self, x):
        return self.attention(x.mean(dim=2))


def set_outputs(net, n_out):
    """Gives `net`'s last layer (`net.out`) `n_out` outputs, keeping the first ones'
    weights: widened before training for auxiliary classes, cut back to `LABELS` before
    export (the softmax over the kept logits is the model's answer given that the
    emotion is one of the library's)."""
    old = net.out
    new = Dense(old.weight.shape[0], n_out)
    kept = min(n_out, old.weight.shape[1])
    with torch.no_grad():
        new.weight[:, :kept] = old.weight[:, :kept]
        new.bias[:kept] = old.bias[:kept]
    net.out = new


def merged_logits(logits, merges):
    """`logits` [N, ≥ LABELS] → [N, LABELS]: for each `source: target` in `merges`, the
    auxiliary class `source`'s probability is added to label `target`'s
    (log(exp(a) + exp(b)), written with Slice, Max, Sub, Exp, Add, Log and Concat); other
    auxiliary outputs are cut off. The library's runtime does not accept Exp and Log
    today: a model exported with merges needs them added to its operator list."""
    if not merges:
        return logits[:, :LABELS]
    columns = [logits[:, i : i + 1] for i in range(LABELS)]  # slices, not Gather
    for source, target in merges.items():
        a, b = columns[target], logits[:, source : source + 1]
        m = torch.maximum(a, b)
        columns[target] = m + torch.log(torch.exp(a - m) + torch.exp(b - m))
    return torch.cat(columns, dim=1)


class MergedOutputs(nn.Module):
    """The last layer of a network trained with auxiliary classes, cut back to `LABELS`
    logits by `merged_logits` (e.g. calm trained as its own class, answered as neutral)."""

    def __init__(self, dense, merges):
        super().__init__()
        self.dense = dense
        self.merges = dict(merges)

    def forward(self, x):
        return merged_logits(self.dense(x), self.merges)


NETWORKS = {
    **MODELS,
    "baseline": Baseline,
    "statspool-attention": StatsPoolAttention,
    "statspool-bandnorm": StatsPoolBandNorm,
    "statspool-lite": StatsPoolLite,
    "statspool-mean": StatsPoolMeanOnly,
    "statspool-mixstyle": StatsPoolMixStyle,
    "statspool-pitch": StatsPoolPitch,
    "statspool-wide": StatsPoolWide,
    "temporal": TemporalCNN,
}
