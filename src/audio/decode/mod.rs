//! Decoding audio files into interleaved `f32` chunks, streamed so memory stays bounded
//! whatever the file's length.
//!
//! The format is recognised from the content, never from the file name. Containers and
//! codecs come from [symphonia] (and [opus_decoder] for Opus), all pure Rust:
//!
//! | container | codecs | cargo feature |
//! |---|---|---|
//! | WAV (RIFF), AIFF | PCM 8/16/24/32-bit integer, 32/64-bit float, A-law, µ-law | always |
//! | FLAC | FLAC | always |
//! | MP4 / M4A / 3GP, ADTS (.aac) | AAC-LC | always |
//! | MP3 | MPEG-1/2 Layer III | `mp3` |
//! | Ogg (.ogg, .oga, .opus), WebM / Matroska | Vorbis, Opus | `vorbis`, `opus` |
//! | CAF | PCM, A-law, µ-law, AAC-LC | `caf` |
//!
//! Everything else (HE-AAC, AMR-NB/WB, ALAC, …) is refused with
//! [`EmotionError::UnsupportedFormat`] naming the container and codec found, so a caller
//! on a phone can hand the file to the platform's decoder instead.
//!
//! Integer samples are scaled to −1..1 by 2^(bits−1); float samples pass as they are.

mod describe;
#[cfg(feature = "opus")]
mod opus;
mod symphonia_source;

use std::fs::File;
use std::io::Cursor;
use std::path::Path;

use crate::error::{EmotionError, Result};

/// Lowest sample rate accepted from a file or the host, in Hz.
pub const MIN_SAMPLE_RATE_HZ: u32 = 8_000;
/// Highest sample rate accepted from a file or the host, in Hz.
pub const MAX_SAMPLE_RATE_HZ: u32 = 192_000;

/// Checks that `sample_rate_hz` is one this library can resample from.
pub fn check_sample_rate(sample_rate_hz: u32) -> Result<()> {
    if (MIN_SAMPLE_RATE_HZ..=MAX_SAMPLE_RATE_HZ).contains(&sample_rate_hz) {
        Ok(())
    } else {
        Err(EmotionError::invalid_audio(format!(
            "sample rate {sample_rate_hz} Hz is outside the supported range \
             {MIN_SAMPLE_RATE_HZ}..={MAX_SAMPLE_RATE_HZ} Hz"
        )))
    }
}

/// A source of interleaved `f32` samples with a fixed rate and channel count.
pub trait AudioReader: Send {
    /// Sample rate in Hz.
    fn sample_rate_hz(&self) -> u32;
    /// Channels per frame (interleaved in the chunks).
    fn channels(&self) -> u16;
    /// Replaces `out` with the next chunk of interleaved samples. Returns `false` (and
    /// leaves `out` empty) at the end of the stream.
    fn next_chunk(&mut self, out: &mut Vec<f32>) -> Result<bool>;
}

/// Opens an audio file of any supported format (see the module docs), recognised by its
/// content. Reads only the headers and the first packet; the rest is decoded chunk by
/// chunk by [`AudioReader::next_chunk`].
pub fn open_file(path: &Path) -> Result<Box<dyn AudioReader>> {
    let file = File::open(path)
        .map_err(|e| EmotionError::io(format!("cannot open {}: {e}", path.display())))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len == 0 {
        return Err(EmotionError::invalid_audio(format!(
            "{} is empty (0 bytes)",
            path.display()
        )));
    }
    symphonia_source::open(Box::new(file))
        .map(|source| Box::new(source) as Box<dyn AudioReader>)
        .map_err(|e| with_context(e, &path.display().to_string()))
}

/// Opens audio data of any supported format held in memory.
pub fn open_bytes(bytes: Vec<u8>) -> Result<Box<dyn AudioReader>> {
    if bytes.is_empty() {
        return Err(EmotionError::invalid_audio("audio data is empty (0 bytes)"));
    }
    symphonia_source::open(Box::new(Cursor::new(bytes)))
        .map(|source| Box::new(source) as Box<dyn AudioReader>)
}

/// Prefixes the error's reason with `what` (the file name).
fn with_context(error: EmotionError, what: &str) -> EmotionError {
    match error {
        EmotionError::InvalidAudio { reason } => {
            EmotionError::invalid_audio(format!("{what}: {reason}"))
        }
        EmotionError::UnsupportedFormat { reason } => {
            EmotionError::unsupported(format!("{what}: {reason}"))
        }
        EmotionError::Io { reason } => EmotionError::io(format!("{what}: {reason}")),
        other => other,
    }
}
