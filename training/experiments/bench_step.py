"""Times one training step (forward, backward, AdamW) of a network in PyTorch's default
(NCHW) and channels-last memory layouts, side by side, and prints the ratio.

    venv/bin/python -m training.experiments.bench_step [--model statspool] [--threads 1] [--rounds 5]

Random windows of the training shape ([batch, 1, 64, 200]); the two layouts alternate
round by round, so load from other processes falls on both alike. train.py trains
channels-last."""
import argparse
import statistics
import time

import torch

from ..model import N_MELS
from .networks import NETWORKS as MODELS


def step_timer(model, layout, batch, window):
    torch.manual_seed(0)
    net = MODELS[model]().to(memory_format=layout)
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3)
    x = torch.randn(batch, 1, N_MELS, window).contiguous(memory_format=layout)
    y = torch.randint(0, 5, (batch,))
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=0.05)

    def steps(n):
        """Seconds per step over `n` steps."""
        start = time.perf_counter()
        for _ in range(n):
            loss = loss_fn(net(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
        return (time.perf_counter() - start) / n

    steps(3)  # warm-up: oneDNN picks and caches its kernels
    return steps


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=sorted(MODELS), default="statspool")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--window", type=int, default=200, help="frames (10 ms each)")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--steps", type=int, default=10, help="steps per round")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    layouts = {"default (NCHW)": torch.contiguous_format, "channels-last": torch.channels_last}
    timers = {name: step_timer(args.model, layout, args.batch, args.window) for name, layout in layouts.items()}
    times = {name: [] for name in layouts}
    for _ in range(args.rounds):
        for name, timer in timers.items():
            times[name].append(timer(args.steps))
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    print(f"{args.model}, batch {args.batch} x 1 x {N_MELS} x {args.window}, {args.threads} thread(s), "
          f"median of {args.rounds} rounds of {args.steps} steps")
    for name, ms in medians.items():
        print(f"  {name:15} {ms:7.1f} ms/step")
    print(f"  channels-last is {medians['default (NCHW)'] / medians['channels-last']:.2f}x faster")


if __name__ == "__main__":
    main()
