"""ONNX export, int8 QOperator quantisation (QLinearConv/QLinearMatMul, which tract
runs with integer kernels), onnxruntime predictors, and writing models/."""
import argparse
import hashlib
import json
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static

HERE = os.path.dirname(os.path.abspath(__file__))


def export_onnx(net, window, path):
    import torch  # here, so that scoring and shipping run without the training stack

    net.eval()
    bands = getattr(net, "bands", 64)  # input rows: 66 for the pitch experiment's network
    torch.onnx.export(
        net, torch.zeros(1, 1, bands, window), path, input_names=["log_mel"], output_names=["logits"],
        opset_version=13, dynamo=False, do_constant_folding=True,
        dynamic_axes={"log_mel": {0: "batch"}, "logits": {0: "batch"}},
    )
    onnx.checker.check_model(onnx.load(path))


class _Windows(CalibrationDataReader):
    def __init__(self, windows):
        self.it = iter({"log_mel": w[None].astype(np.float32)} for w in windows)

    def get_next(self):
        return next(self.it, None)


# Relu and MaxPool are quantised too, so activations stay uint8 from one QLinearConv to the
# next: the Relu folds into the convolution's output range and MaxPool runs on uint8. With
# only Conv/MatMul quantised, every layer paid DequantizeLinear → f32 Relu/MaxPool →
# QuantizeLinear (tract: 5.5 → 3.6 ms per window for the stats-pool CNN, same weights).
QUANTIZED_OPS = ["Conv", "MatMul", "Relu", "MaxPool"]


def quantize(f32_path, int8_path, calibration_windows):
    quantize_static(
        f32_path, int8_path, _Windows(calibration_windows), quant_format=QuantFormat.QOperator,
        op_types_to_quantize=QUANTIZED_OPS, per_channel=False,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
    )
    model = onnx.load(int8_path)
    ops = {n.op_type for n in model.graph.node}
    domains = {n.domain for n in model.graph.node} - {"", "ai.onnx"}
    assert "QLinearConv" in ops and "QLinearMatMul" in ops, f"not quantised as expected: {sorted(ops)}"
    assert not domains, f"non-standard op domains {domains}: tract may not run them"
    return sorted(ops)


def kept_weights(results, args):
    """Which epoch's weights a run kept (train.py --select), in words."""
    select = results.get("select", "val")  # runs from before --select kept the best validation epoch
    if select == "swa":
        return f"average of epochs {max(1, args.epochs - args.swa_epochs + 1)}-{args.epochs}, BatchNorm re-estimated"
    if select == "last":
        return f"epoch {args.epochs} (the last)"
    return f"epoch {results['best_epoch']} (best validation UA)"


def load_run(run_dir):
    """A finished run's results.json and the train.py arguments it was made with."""
    with open(os.path.join(run_dir, "results.json")) as f:
        results = json.load(f)
    return results, argparse.Namespace(**results["args"])


def ort_predictor(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])

    def predict(windows):
        return np.concatenate([session.run(None, {"log_mel": windows[i : i + 256].astype(np.float32)})[0]
                               for i in range(0, len(windows), 256)])
    return predict


def _summary(scores):
    return {c: {"ua": round(s["ua"], 4), "wa": round(s["wa"], 4), "n": s["n"]} for c, s in scores.items()}


# Per corpus of the manifest: how models/emotion.json names it, and its licence.
CORPUS_DATA = {
    "ravdess": ("RAVDESS speech (actors 01-20)", "RAVDESS", "CC BY-NC-SA 4.0"),
    "tess": ("TESS", "TESS", "CC BY-NC-ND 4.0"),
    "emodb": ("EmoDB", "EmoDB", "free for research use"),
    "banglaser": ("BanglaSER (34 speakers)", "BanglaSER", "CC BY 4.0"),
    "emovo": ("EMOVO (6 actors)", "EMOVO", "research use with acknowledgement (non-commercial)"),
}
_OPEN_LICENCES = {"CC BY 4.0"}


def model_licence(corpora):
    """The model's licence: CC BY 4.0 (attribution) where every corpus is CC BY, else
    non-commercial (the strictest terms of its data)."""
    if corpora and all(c in CORPUS_DATA and CORPUS_DATA[c][2] in _OPEN_LICENCES for c in corpora):
        return "CC BY 4.0 (inherits the terms of its training data: attribute " + ", ".join(
            CORPUS_DATA[c][1] for c in corpora) + ")"
    return "CC BY-NC-SA 4.0 (non-commercial: inherits the terms of its training data)"


def write_models_dir(int8_path, results, args, models_dir):
    os.makedirs(models_dir, exist_ok=True)
    onnx_dst = os.path.join(models_dir, "emotion.onnx")
    with open(int8_path, "rb") as f:
        blob = f.read()
    with open(onnx_dst, "wb") as f:
        f.write(blob)
    with open(os.path.join(HERE, "features.json")) as f:
        features = json.load(f)
    # The corpora the model trained on, from its training speakers' names (corpus_speaker).
    trained = {s.split("_")[0] for s in results["split"]["train"]}
    corpora = [c for c in CORPUS_DATA if c in trained] + sorted(trained - set(CORPUS_DATA))
    meta = {
        "format_version": 1,
        "name": "speech-emotion-" + results["model"],
        "version": "0.1.0",
        "architecture": results["architecture"],
        "labels": ["happy", "sad", "angry", "surprised", "neutral"],
        "features": features,
        "window_frames": args.window,
        "input_name": "log_mel",
        "output_name": "logits",
        "temperature": results["temperature"],
        "onnx_sha256": hashlib.sha256(blob).hexdigest(),
        "quantization": "int8 QOperator (QLinearConv/QLinearMatMul; Relu and MaxPool on uint8), per-tensor, "
                        "uint8 activations",
        "training": {
            "datasets": [CORPUS_DATA.get(c, (c,))[0] for c in corpora],
            # Written by the run's recipe (train.Recipe.describe); older runs used these.
            "label_mapping": results.get("label_mapping", "calm->neutral"),
            "dropped": results.get("dropped", ["fear", "disgust", "boredom"]),
            "split": results["split"],
            "seed": args.seed,
            "weights": kept_weights(results, args),
            "command": results["command"],
            "temperature_fitted_on": results.get("temperature_fitted_on", "this run's validation speakers"),
        },
        "validation": {
            "note": "clip-level accuracy on held-out TEST speakers never used for training, model selection or "
                    "calibration; UA = mean per-class recall over the classes the corpus has",
            "test_int8": _summary(results["test_int8"]),
            "test_f32": _summary(results["test_f32"]),
            "ece_after_temperature": round(results["test_int8"]["all"].get("ece_after_temperature", -1), 4),
            "f32_vs_int8": results["f32_vs_int8"],
        },
        "license": {
            "model": model_licence(corpora),
            "data": [{"name": CORPUS_DATA[c][1], "license": CORPUS_DATA[c][2]} if c in CORPUS_DATA
                     else {"name": c, "license": "unknown: the terms of the --folder's data"} for c in corpora],
        },
    }
    with open(os.path.join(models_dir, "emotion.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
