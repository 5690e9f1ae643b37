"""The shipped network (`statspool`). It takes raw log-mel windows [N, 1, 64, W] and
normalises each window inside the graph, so the app never has to know the statistics:
x ← max(x, max(x) − 18.42)   (an 80 dB dynamic range below the window's peak)
x ← (x − mean(x)) / (std(x) + 1e-5)
Dense layers are written as MatMul + Add (not Gemm) so they quantise to QLinearMatMul.
The networks tried and not kept are in `training/experiments/networks.py`.
"""
import torch
import torch.nn as nn

N_MELS = 64
LABELS = 5


def time_stats(x):
    """[N, C, T] → the mean and standard deviation over T of every channel: [N, 2C]."""
    mean = x.mean(dim=2)
    std = ((x - mean.unsqueeze(2)) ** 2).mean(dim=2).add(1e-5).sqrt()
    return torch.cat([mean, std], dim=1)


class WindowNorm(nn.Module):
    """Each window's log-mel values floored 80 dB below its peak, then standardised."""

    def forward(self, x):
        return self.standardise(self.floor(x))

    @staticmethod
    def floor(x):
        peak = x.amax(dim=(1, 2, 3), keepdim=True)
        return torch.maximum(x, peak - 18.42)

    @staticmethod
    def standardise(x):
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        std = ((x - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True).sqrt()
        return (x - mean) / (std + 1e-5)


class Dense(nn.Module):
    """x @ W + b, exported as MatMul + Add."""

    def __init__(self, n_in, n_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_in, n_out))
        self.bias = nn.Parameter(torch.zeros(n_out))
        nn.init.kaiming_uniform_(self.weight.T, a=5 ** 0.5)

    def forward(self, x):
        return torch.matmul(x, self.weight) + self.bias


def conv_block(c_in, c_out, pool):
    layers = [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU()]
    if pool:
        layers.append(nn.MaxPool2d(pool))
    return layers


class StatsPoolCNN(nn.Module):
    """4 conv blocks, then mean over frequency and mean+std over time (statistics
    pooling: how prosody varies across the 2 s window, not only its average)."""

    architecture = ("stats-pool CNN: Conv3x3(stride 2)-BN-ReLU 16, 3x(Conv3x3-BN-ReLU-MaxPool2) 32/48/64, "
                    "freq mean, time mean+std, Dense64+Dropout0.3, Dense5")

    def __init__(self):
        super().__init__()
        self.norm = WindowNorm()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            *conv_block(16, 32, 2), *conv_block(32, 48, 2), *conv_block(48, 64, 2),
        )
        self.hidden = Dense(128, 64)
        self.dropout = nn.Dropout(0.3)
        self.out = Dense(64, LABELS)

    embedding_size = 128

    def embed(self, x):
        """The pooled statistics [N, 128] the dense layers classify."""
        return self.pool(self.features(self.norm(x)))

    @staticmethod
    def pool(x):
        """[N, C, F, T] conv features → mean over F, then mean and std over T: [N, 2C]."""
        return time_stats(x.mean(dim=2))

    def classify(self, embedding):
        return self.out(self.dropout(torch.relu(self.hidden(embedding))))

    def forward(self, x):
        return self.classify(self.embed(x))


# `train.py --model` choices; training.experiments.train adds the experimental networks.
MODELS = {"statspool": StatsPoolCNN}
