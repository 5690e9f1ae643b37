//! Push PCM into a stream, as an app does that captures audio itself (AVAudioEngine,
//! AudioRecord, a WebRTC track): 10 ms chunks in, one result per 500 ms out, through the
//! same worker as the microphone. `OverflowPolicy::Block` feeds faster than real time
//! without dropping audio.
//!
//! `cargo run --example push_pcm -- [FILE.wav]` (default: a bundled WAV)
use std::sync::Arc;

use speech_emotion::{
    DetectorConfig, EmotionDetector, EmotionError, EmotionListener, EmotionResult, EmotionStream,
    OverflowPolicy, StreamConfig, StreamState,
};

struct Print;

impl EmotionListener for Print {
    fn on_result(&self, r: EmotionResult) {
        let label = if r.is_speech {
            r.emotion.as_str()
        } else {
            "(silence)"
        };
        println!(
            "{:>6}–{:<6} ms  {label} {:.2}",
            r.start_ms, r.end_ms, r.confidence
        );
    }
    fn on_error(&self, e: EmotionError) {
        eprintln!("error: {e}");
    }
    fn on_state(&self, s: StreamState) {
        eprintln!("state: {s:?}");
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/fixtures/speech_16k_mono.wav".into());
    let mut wav = hound::WavReader::open(&path)?;
    let spec = wav.spec();
    let scale = 1.0 / (1u32 << (spec.bits_per_sample - 1)) as f32;
    let samples: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Int => wav
            .samples::<i32>()
            .map(|s| Ok(s? as f32 * scale))
            .collect::<Result<_, hound::Error>>()?,
        hound::SampleFormat::Float => wav.samples::<f32>().collect::<Result<_, _>>()?,
    };

    let detector = EmotionDetector::new(DetectorConfig::default())?;
    let config = StreamConfig {
        overflow: OverflowPolicy::Block,
        ..StreamConfig::default()
    };
    let stream = EmotionStream::new(detector, Arc::new(Print), config)?;
    let channels = spec.channels as usize;
    let chunk = spec.sample_rate as usize / 100 * channels; // 10 ms of interleaved frames
    for part in samples.chunks(chunk) {
        stream.push_interleaved(part.to_vec(), spec.sample_rate, spec.channels)?;
    }
    stream.stop(); // processes what was pushed, then the listener gets `Stopped`
    Ok(())
}
