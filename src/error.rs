//! Errors: one typed enum, exported to Kotlin/Swift/Python as exceptions.
//!
//! Every variant carries a `reason` a person can act on. Internal errors from tract,
//! hound or I/O are formatted with `{:#}` (never `{:?}`, which would drag a backtrace
//! into the foreign exception) and mapped to the variant that says what to do.

/// Everything that can go wrong, as seen from the app.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum EmotionError {
    /// The audio is empty, too short, silent where sound was required, contains
    /// NaN/Inf, or has an impossible sample rate or channel count.
    #[error("invalid audio: {reason}")]
    InvalidAudio { reason: String },
    /// The bytes are not audio this library decodes (the reason names the container
    /// and codec found, e.g. HE-AAC or AMR): decode them with the platform and push the
    /// PCM through `EmotionDetector::start_clip`.
    #[error("unsupported format: {reason}")]
    UnsupportedFormat { reason: String },
    /// Reading a file failed (missing, unreadable, truncated while reading).
    #[error("i/o error: {reason}")]
    Io { reason: String },
    /// The model or its metadata is corrupt, or they do not match each other.
    #[error("invalid model: {reason}")]
    InvalidModel { reason: String },
    /// A configuration value is out of range.
    #[error("invalid configuration: {reason}")]
    InvalidConfig { reason: String },
    /// No input device, or the device cannot be opened.
    #[error("microphone unavailable: {reason}")]
    MicrophoneUnavailable { reason: String },
    /// The OS refused access to the microphone (grant RECORD_AUDIO /
    /// NSMicrophoneUsageDescription first).
    #[error("microphone permission denied: {reason}")]
    PermissionDenied { reason: String },
    /// `start` was called on a stream that is already running.
    #[error("already running: {reason}")]
    AlreadyRunning { reason: String },
    /// Audio was dropped because processing fell behind (a slow listener, a stalled
    /// worker). The stream goes on; the count is in `EmotionStream::stats`.
    #[error("audio dropped: {reason}")]
    Overrun { reason: String },
    /// A bug in this library (a caught panic). Please report it.
    #[error("internal error: {reason}")]
    Internal { reason: String },
}

/// Library-wide result type.
pub type Result<T, E = EmotionError> = std::result::Result<T, E>;

impl EmotionError {
    pub(crate) fn invalid_audio(reason: impl Into<String>) -> Self {
        Self::InvalidAudio {
            reason: reason.into(),
        }
    }
    pub(crate) fn unsupported(reason: impl Into<String>) -> Self {
        Self::UnsupportedFormat {
            reason: reason.into(),
        }
    }
    pub(crate) fn invalid_model(reason: impl Into<String>) -> Self {
        Self::InvalidModel {
            reason: reason.into(),
        }
    }
    pub(crate) fn invalid_config(reason: impl Into<String>) -> Self {
        Self::InvalidConfig {
            reason: reason.into(),
        }
    }
    pub(crate) fn io(reason: impl Into<String>) -> Self {
        Self::Io {
            reason: reason.into(),
        }
    }
}

/// Runs `f`, turning a panic into [`EmotionError::Internal`] so none crosses the FFI
/// boundary. Used by every exported entry point.
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let what = panic_message(payload.as_ref());
            log::error!("caught panic: {what}");
            Err(EmotionError::Internal { reason: what })
        }
    }
}

/// The message a panic was raised with (`panic!("…")` payloads are `&str` or `String`).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
