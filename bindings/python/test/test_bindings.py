"""The generated Python bindings against the host-built library (no third-party
packages). Driven by tests/it/bindings.rs, or by hand:

    python3 bindings/python/test/test_bindings.py <dir with speech_emotion.py + libspeech_emotion.so> <repo root> [emotion CLI]
"""
import math
import os
import struct
import subprocess
import tempfile
import sys
import threading
import wave

sys.path.insert(0, sys.argv[1])
ROOT = sys.argv[2]
import speech_emotion as se  # noqa: E402

FIXTURE = f"{ROOT}/tests/fixtures/speech_16k_mono.wav"


def expect_error(kind, call):
    try:
        call()
    except kind:
        return
    except Exception as e:  # noqa: BLE001
        raise AssertionError(f"expected {kind.__name__}, got {type(e).__name__}: {e}")
    raise AssertionError(f"expected {kind.__name__}, nothing raised")


class Recorder(se.EmotionListener):
    def __init__(self):
        self.results, self.errors, self.states = [], [], []
        self.lock = threading.Lock()

    def on_result(self, result):
        with self.lock:
            self.results.append(result)

    def on_error(self, error):
        with self.lock:
            self.errors.append(error)

    def on_state(self, state):
        with self.lock:
            self.states.append(state)


class Raising(se.EmotionListener):
    calls = 0

    def on_result(self, result):
        Raising.calls += 1
        raise RuntimeError("listener bug")

    def on_error(self, error):
        pass

    def on_state(self, state):
        pass


def main():
    detector = se.EmotionDetector(se.default_detector_config())
    info = detector.model_info()
    assert info.labels == ["happy", "sad", "angry", "surprised", "neutral"], info.labels

    result = detector.classify_file(FIXTURE)
    assert result.is_speech and result.emotion in info.labels, result
    assert abs(sum(s.score for s in result.scores) - 1.0) < 1e-3

    # What a phone records (AAC in M4A) reads through the binding as the WAV it came from.
    m4a = detector.classify_file(f"{ROOT}/tests/fixtures/formats/speech_aac_44k.m4a")
    assert m4a.emotion == result.emotion, (m4a, result)
    expect_error(se.EmotionError.UnsupportedFormat,
                 lambda: detector.classify_file(f"{ROOT}/tests/fixtures/formats/unsupported_alac.m4a"))

    silence = detector.classify_pcm([0.0] * 32000, 16000)
    assert not silence.is_speech and silence.emotion == "silence", silence

    expect_error(se.EmotionError.Io, lambda: detector.classify_file(f"{ROOT}/no/such.wav"))
    expect_error(se.EmotionError.UnsupportedFormat, lambda: detector.classify_file(f"{ROOT}/tests/fixtures/text_named.wav"))
    expect_error(se.EmotionError.InvalidAudio, lambda: detector.classify_pcm([0.1, math.nan], 16000))
    # The record's defaults are the library's (f32 fields come back as the nearest f32).
    ours, theirs = vars(se.DetectorConfig()), vars(se.default_detector_config())
    assert ours.keys() == theirs.keys() and all(
        ours[k] == theirs[k] or math.isclose(ours[k], theirs[k], rel_tol=1e-6) for k in ours), (ours, theirs)
    expect_error(se.EmotionError.InvalidConfig, lambda: se.EmotionDetector(se.DetectorConfig(temperature=0.0)))
    softer = se.EmotionDetector(se.DetectorConfig(temperature=1.75)).classify_file(FIXTURE)
    assert softer.confidence < result.confidence, (softer, result)
    expect_error(se.EmotionError.InvalidModel,
                 lambda: se.EmotionDetector.from_model_bytes(b"\x01\x02", "{}", se.default_detector_config()))

    with wave.open(FIXTURE) as w:
        rate = w.getframerate()
        raw = w.readframes(w.getnframes())
    pcm = [s / 32768.0 for s in struct.unpack(f"<{len(raw) // 2}h", raw)]

    # PCM decoded elsewhere, pushed in chunks through a ClipSession, classifies like the file.
    clip = detector.start_clip(rate, 1)
    for i in range(0, len(pcm), 4096):
        clip.push_interleaved(pcm[i:i + 4096])
    assert clip.finish() == result
    expect_error(se.EmotionError.InvalidAudio, clip.finish)

    recorder = Recorder()
    config = se.default_stream_config()
    config.smoothing, config.overflow = 0.0, se.OverflowPolicy.BLOCK
    stream = se.EmotionStream(detector, recorder, config)
    for i in range(0, len(pcm), 1600):
        stream.push_pcm(pcm[i:i + 1600], rate)
    stream.stop()
    timeline = detector.timeline_file(FIXTURE)
    assert [(r.start_ms, r.end_ms) for r in recorder.results] == [(r.start_ms, r.end_ms) for r in timeline]
    for a, b in zip(recorder.results, timeline):
        assert all(abs(x.score - y.score) < 1e-5 for x, y in zip(a.scores, b.scores))
    assert len(recorder.states) == 2 and recorder.errors == []
    expect_error(se.EmotionError.InvalidAudio, lambda: stream.push_pcm([math.inf], 16000))

    stream2 = se.EmotionStream(detector, Raising(), config)
    stream2.push_pcm(pcm, rate)
    stream2.stop()
    assert Raising.calls > 0 and stream2.stats().listener_failures == Raising.calls, stream2.stats()
    # Features through the binding (what training/ uses) equal the CLI's, bit for bit.
    feats = se.log_mel_features(FIXTURE, None)
    assert feats.n_mels == 64 and feats.frames * 64 == len(feats.values) and feats.frames > 100, feats.frames
    if len(sys.argv) > 3:
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "f.npy")
            subprocess.run([sys.argv[3], "features", FIXTURE, "-o", out], check=True)
            with open(out, "rb") as f:
                blob = f.read()
            header_len = struct.unpack("<H", blob[8:10])[0]
            cli = struct.unpack(f"<{feats.frames * 64}f", blob[10 + header_len:])
        assert list(cli) == list(feats.values), "binding and CLI features differ"
    with open(f"{ROOT}/training/features.json") as f:
        custom = se.log_mel_features(FIXTURE, f.read())
    assert custom.frames == feats.frames
    expect_error(se.EmotionError.InvalidConfig, lambda: se.log_mel_features(FIXTURE, "{not json"))
    print("ALL PYTHON CHECKS PASSED")


if __name__ == "__main__":
    main()
