"""Speaker normalisation of log-mel features (`python -m training.experiments.train --speaker-norm`).

Each speaker's long-term spectrum — the mean log-mel of every band over the louder half
of the frames of all their clips, labels unused — is moved onto the training speakers'
average one. What stays constant across a speaker's clips (their voice's timbre, the
microphone and room) is taken out; what changes from clip to clip (the emotion) stays.
At inference this needs unlabeled speech of the same speaker (an app's earlier audio
from its user), so it is an experiment here, not part of the shipped pipeline.
"""
from collections import defaultdict

import numpy as np


def loud_frames(x):
    """The frames of a [frames, 64] log-mel clip whose mean log-mel is at or above the
    clip's median: speech, not the pauses around it."""
    energy = x.mean(axis=1)
    return x[energy >= np.median(energy)]


def speaker_means(items, feats):
    """{speaker: [64] mean log-mel over the loud frames of their clips in `feats`}."""
    frames = defaultdict(list)
    for item in items:
        if item["path"] in feats:
            frames[item["speaker"]].append(loud_frames(feats[item["path"]]))
    return {s: np.concatenate(f).mean(axis=0) for s, f in frames.items()}


def reference_spectrum(train, feats):
    """[64] the average of the training speakers' means, each speaker weighted alike."""
    return np.mean(list(speaker_means(train, feats).values()), axis=0)


def normalise(items, feats, reference, aug=None, means=None):
    """A copy of `feats` in which every clip of `items` (and its augmented copies in
    `aug`: {path: [paths]}) has its speaker's mean (from `means`, or measured over all
    their clips in `items`) moved onto `reference`."""
    means = speaker_means(items, feats) if means is None else means
    out = dict(feats)
    for item in items:
        if item["speaker"] not in means:
            continue
        offset = (means[item["speaker"]] - reference).astype(np.float32)
        for path in [item["path"]] + (aug or {}).get(item["path"], []):
            if path in feats:
                out[path] = feats[path] - offset
    return out
