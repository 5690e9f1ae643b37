//! On-device speech emotion recognition.
//!
//! Audio (a file, PCM the app pushes, or the microphone) → band-limited resampling to
//! the model's rate → streaming log-mel frames → sliding windows through an int8 CNN run
//! by tract → `happy` / `sad` / `angry` / `surprised` / `neutral` with a confidence.
//! Everything runs offline; nothing leaves the device.
//!
//! ```no_run
//! use speech_emotion::{DetectorConfig, EmotionDetector};
//!
//! let detector = EmotionDetector::new(DetectorConfig::default())?;
//! let result = detector.classify_file("tests/fixtures/speech_16k_mono.wav".into())?;
//! println!("{} ({:.2})", result.emotion, result.confidence);
//! # Ok::<(), speech_emotion::EmotionError>(())
//! ```
//!
//! The same API is exported to Kotlin, Swift and Python through UniFFI.

uniffi::setup_scaffolding!();

mod api;
pub mod audio;
mod classify;
mod clip;
mod error;
pub mod features;
pub mod logging;
pub mod model;
mod stream;

pub use api::{
    log_mel_features, DetectorConfig, EmotionDetector, EmotionResult, EmotionScore, LogMelFeatures,
    ModelInfo,
};
pub use classify::{ClipClassifier, WindowResult};
pub use clip::ClipSession;
pub use error::{EmotionError, Result};
pub use logging::{set_log_level, set_log_sink, LogLevel, LogSink};
pub use stream::{
    default_stream_config, AudioSource, EmotionListener, EmotionStream, OverflowPolicy,
    StreamConfig, StreamState, StreamStats,
};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
