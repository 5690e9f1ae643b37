"""Datasets: a manifest CSV, or a folder of known corpora, to labelled file lists.

Labels are the library's five, in its order. RAVDESS `calm` maps to `neutral` unless
asked otherwise; fear, disgust and boredom are dropped (the model has no such class),
unless asked for as auxiliary training classes (`AUXILIARY_LABELS`: trained on, never
output by the shipped model).
"""
import csv
import os
import re

LABELS = ["happy", "sad", "angry", "surprised", "neutral"]
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


# The fixed speaker-independent split used for the shipped model.
TEST_SPEAKERS = {"ravdess_17", "ravdess_18", "ravdess_19", "ravdess_20", "emodb_15", "emodb_16"}
VALIDATION_SPEAKERS = {"ravdess_15", "ravdess_16", "emodb_14"}


def split(items, test=TEST_SPEAKERS, validation=VALIDATION_SPEAKERS):
    """(train, validation, test) by speaker: no speaker is in two parts."""
    parts = ([], [], [])
    for item in items:
        parts[2 if item["speaker"] in test else 1 if item["speaker"] in validation else 0].append(item)
    return parts
