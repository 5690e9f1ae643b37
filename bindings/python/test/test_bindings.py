"""The generated Python bindings against the host-built library (no third-party
packages). Driven by tests/bindings.rs, or by hand:

    python3 bindings/python/test/test_bindings.py <dir with speech_emotion.py + libspeech_emotion.so> <repo root>
"""
import math
import struct
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

    silence = detector.classify_pcm([0.0] * 32000, 16000)
    assert not silence.is_speech and silence.emotion == "silence", silence

    expect_error(se.EmotionError.Io, lambda: detector.classify_file(f"{ROOT}/no/such.wav"))
    expect_error(se.EmotionError.UnsupportedFormat, lambda: detector.classify_file(f"{ROOT}/tests/fixtures/text_named.wav"))
    expect_error(se.EmotionError.InvalidAudio, lambda: detector.classify_pcm([0.1, math.nan], 16000))
    expect_error(se.EmotionError.InvalidModel,
                 lambda: se.EmotionDetector.from_model_bytes(b"\x01\x02", "{}", se.default_detector_config()))

    with wave.open(FIXTURE) as w:
        rate = w.getframerate()
        raw = w.readframes(w.getnframes())
    pcm = [s / 32768.0 for s in struct.unpack(f"<{len(raw) // 2}h", raw)]

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
    print("ALL PYTHON CHECKS PASSED")


if __name__ == "__main__":
    main()
