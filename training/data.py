"""Datasets: a manifest CSV, or a folder of known corpora, to labelled file lists.

Labels are the library's five, in its order. RAVDESS `calm` maps to `neutral` unless
asked otherwise; fear, disgust and boredom are dropped (the model has no such class),
unless asked for as auxiliary training classes (`AUXILIARY_LABELS`: trained on, never
output by the shipped model).
"""
import csv
import os
import re

import numpy as np

LABELS = ["happy", "sad", "angry", "surprised", "neutral"]
# The manifest of ../shared/datasets, and the corpora of it the shipped model was trained
# on (it later gained others).
MANIFEST = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "datasets",
                        "manifest.csv")
SHIPPED_CORPORA = ("ravdess", "tess", "emodb")
# Emotions the corpora have and the library does not: extra training targets only
# (calm only when asked to train it apart from neutral).
AUXILIARY_LABELS = ["fear", "disgust", "boredom", "calm"]

# Corpus-specific names → library labels (None = dropped).
_ALIASES = {
    "happy": "happy", "joy": "happy", "happiness": "happy",
    "sad": "sad", "sadness": "sad",
    "angry": "angry", "anger": "angry",
    "surprised": "surprised", "surprise": "surprised", "ps": "surprised",
    "pleasant_surprise": "surprised", "pleasant_surprised": "surprised",
    "neutral": "neutral", "calm": "neutral",
    "fear": None, "fearful": None, "disgust": None, "boredom": None,
}
_AUXILIARY_ALIASES = {"fear": "fear", "fearful": "fear", "disgust": "disgust", "boredom": "boredom"}


def map_label(emotion, calm_as_neutral=True, auxiliary=False):
    """A corpus's emotion name → one of `LABELS` (or, with `auxiliary`, of
    `AUXILIARY_LABELS`), or None when the clip is not used."""
    emotion = emotion.strip().lower()
    if emotion == "calm" and not calm_as_neutral:
        return None
    if auxiliary and emotion in _AUXILIARY_ALIASES:
        return _AUXILIARY_ALIASES[emotion]
    return _ALIASES.get(emotion)


def load_manifest(path, calm_as_neutral=True, auxiliary=False):
    """Rows of a manifest (`path,corpus,speaker,...,emotion,...`) with usable labels.

    Returns dicts with absolute `path`, `corpus`, `speaker`, `gender` (as the manifest
    gives it, or empty), `label` and the corpus's own `emotion` name.
    """
    root = os.path.dirname(os.path.abspath(path))
    items = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            label = map_label(row["emotion"], calm_as_neutral, auxiliary)
            if label is None:
                continue
            items.append({
                "path": os.path.join(root, row["path"]),
                "corpus": row["corpus"],
                "speaker": row["speaker"],
                "gender": row.get("gender", ""),
                "label": label,
                "emotion": row["emotion"].strip().lower(),
            })
    return items


# File-name conventions of public corpora: name → (speaker, emotion) or None.
def _ravdess(name):
    m = re.match(r"(\d\d)-(\d\d)-(\d\d)-\d\d-\d\d-\d\d-(\d\d)", name)
    if not m or m.group(1) != "03" or m.group(2) != "01":
        return None
    codes = {"01": "neutral", "02": "calm", "03": "happy", "04": "sad", "05": "angry",
             "06": "fear", "07": "disgust", "08": "surprised"}
    return "ravdess_" + m.group(4), codes.get(m.group(3))


def _cremad(name):
    m = re.match(r"(\d{4})_[A-Z]{3}_(ANG|DIS|FEA|HAP|NEU|SAD)_", name)
    codes = {"ANG": "angry", "DIS": "disgust", "FEA": "fear", "HAP": "happy", "NEU": "neutral", "SAD": "sad"}
    return ("cremad_" + m.group(1), codes[m.group(2)]) if m else None


def _tess(name):
    m = re.match(r"(OAF|YAF)_\w+?_(angry|disgust|fear|happy|neutral|ps|sad)$", name, re.I)
    return ("tess_" + m.group(1).upper(), m.group(2).lower()) if m else None


def _savee(name, speaker_dir):
    m = re.match(r"(a|d|f|h|n|sa|su)\d\d$", name)
    codes = {"a": "angry", "d": "disgust", "f": "fear", "h": "happy", "n": "neutral", "sa": "sad", "su": "surprised"}
    return ("savee_" + speaker_dir, codes[m.group(1)]) if m else None


def _emodb(name):
    m = re.match(r"(\d\d)[a-z]\d\d([WLEAFTN])[a-z]$", name)
    codes = {"W": "angry", "L": "boredom", "E": "disgust", "A": "fear", "F": "happy", "T": "sad", "N": "neutral"}
    return ("emodb_" + m.group(1), codes[m.group(2)]) if m else None


def scan_folder(root, calm_as_neutral=True, auxiliary=False):
    """Finds audio under `root`: RAVDESS/CREMA-D/TESS/SAVEE/EmoDB file names, or any
    `<emotion>/<file>.wav` layout (speaker unknown: the parent of the emotion folder)."""
    items = []
    for dirpath, _, files in os.walk(root):
        for file in sorted(files):
            stem, ext = os.path.splitext(file)
            if ext.lower() not in (".wav", ".flac"):
                continue
            parent = os.path.basename(dirpath)
            found = (_ravdess(stem) or _cremad(stem) or _tess(stem) or _emodb(stem)
                     or _savee(stem, parent))
            if found is None and map_label(parent, calm_as_neutral, auxiliary) is not None:
                found = ("folder_" + os.path.basename(os.path.dirname(dirpath)), parent)
            if found is None or found[1] is None:
                continue
            label = map_label(found[1], calm_as_neutral, auxiliary)
            if label is None:
                continue
            speaker = found[0]
            items.append({"path": os.path.join(dirpath, file), "corpus": speaker.split("_")[0],
                          "speaker": speaker, "label": label, "emotion": found[1].lower()})
    return items


# The fixed speaker-independent split used for the shipped model. The BanglaSER and EMOVO
# speakers (chosen 2026-12-07, issue #45, before any five-corpus run was scored on them)
# only matter to runs that read those corpora (`--corpora`): BanglaSER test 31-34 (M, F,
# M, F: the last four ids, all with the five classes; 7 speakers have no neutral),
# validation 27-28 (M, F); EMOVO test f3 and m3 (one actress, one actor), no validation.
TEST_SPEAKERS = {"ravdess_17", "ravdess_18", "ravdess_19", "ravdess_20", "emodb_15", "emodb_16",
                 "banglaser_31", "banglaser_32", "banglaser_33", "banglaser_34", "emovo_f3", "emovo_m3"}
VALIDATION_SPEAKERS = {"ravdess_15", "ravdess_16", "emodb_14", "banglaser_27", "banglaser_28"}
# Every corpus of the manifest (the five-corpus runs of issue #45: `--corpora` with these).
ALL_CORPORA = ("ravdess", "tess", "emodb", "banglaser", "emovo")


def split(items, test=TEST_SPEAKERS, validation=VALIDATION_SPEAKERS):
    """(train, validation, test) by speaker: no speaker is in two parts."""
    parts = ([], [], [])
    for item in items:
        parts[2 if item["speaker"] in test else 1 if item["speaker"] in validation else 0].append(item)
    return parts


# A training run's clips, from its arguments (`python -m training.train --help`).


def parse_fold(text):
    """"I/N" → (I, N) with 0 <= I < N, or None."""
    index, _, folds = text.partition("/")
    if index.isdigit() and folds.isdigit() and int(index) < int(folds):
        return int(index), int(folds)
    return None


def corpora_of(args):
    """The corpora a run reads: `--corpora`, else the shipped three from the manifest and
    every corpus of a `--folder`."""
    chosen = getattr(args, "corpora", None)  # absent from older runs, which all used the three
    if chosen:
        return set(chosen)
    return None if getattr(args, "folder", None) else set(SHIPPED_CORPORA)


def read_items(args, calm_as_neutral=True, auxiliary=False):
    """Every usable clip of the run's manifest or folder, of its corpora."""
    items = (scan_folder(args.folder, calm_as_neutral, auxiliary) if args.folder
             else load_manifest(args.manifest, calm_as_neutral, auxiliary))
    corpora = corpora_of(args)
    return items if corpora is None else [i for i in items if i["corpus"] in corpora]


def split_items(args, items):
    """(train, validation, test) of `items` by speaker: the fixed split, leave-one-corpus-out
    (`--test-corpus`) or fold I of N (`--fold`); validation and test keep the library's
    labels only."""
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
        train, val, test_items = split(items, test, validation)
    else:
        train, val, test_items = split(items)
    val, test_items = ([i for i in part if i["label"] in LABELS] for part in (val, test_items))
    return train, val, test_items


def limited(args, parts):
    """`parts` cut to `--limit` items each (a smoke test), checked for shared speakers."""
    train, val, test_items = parts
    if args.limit:
        rng = np.random.default_rng(args.seed)
        train, val, test_items = (
            [part[i] for i in sorted(rng.permutation(len(part))[: args.limit])] for part in (train, val, test_items)
        )
    overlap = {i["speaker"] for i in train} & ({i["speaker"] for i in val} | {i["speaker"] for i in test_items})
    assert not overlap, f"speakers in two splits: {overlap}"
    return train, val, test_items


def load_items(args):
    """(train, validation, test) items of a run of the shipped recipe, from its
    `python -m training.train` arguments (or a finished run's: `export.load_run`)."""
    return limited(args, split_items(args, read_items(args)))
