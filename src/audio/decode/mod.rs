//! Decoding WAV (via `hound`) and FLAC (via `claxon`) into interleaved `f32` chunks.
//!
//! Files are streamed chunk by chunk so memory stays bounded whatever the file's length.
//! Integer samples are scaled to [-1, 1) by 2^(bits-1); float WAV samples pass as-is.

use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use crate::error::{EmotionError, Result};

/// Lowest sample rate accepted from a file or the host, in Hz.
pub const MIN_SAMPLE_RATE_HZ: u32 = 8_000;
/// Highest sample rate accepted from a file or the host, in Hz.
pub const MAX_SAMPLE_RATE_HZ: u32 = 192_000;
/// Frames (samples per channel) decoded per chunk.
const CHUNK_FRAMES: usize = 4096;

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

/// Opens a WAV or FLAC file, recognised by its content (not its extension).
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
    open_reader(Box::new(BufReader::new(file)))
        .map_err(|e| with_context(e, &path.display().to_string()))
}

/// Opens WAV or FLAC data held in memory.
pub fn open_bytes(bytes: Vec<u8>) -> Result<Box<dyn AudioReader>> {
    if bytes.is_empty() {
        return Err(EmotionError::invalid_audio("audio data is empty (0 bytes)"));
    }
    open_reader(Box::new(Cursor::new(bytes)))
}

fn with_context(error: EmotionError, what: &str) -> EmotionError {
    match error {
        EmotionError::InvalidAudio { reason: message } => {
            EmotionError::invalid_audio(format!("{what}: {message}"))
        }
        EmotionError::UnsupportedFormat { reason: message } => {
            EmotionError::unsupported(format!("{what}: {message}"))
        }
        EmotionError::Io { reason: message } => EmotionError::io(format!("{what}: {message}")),
        other => other,
    }
}

fn open_reader(mut reader: Box<dyn Read + Send>) -> Result<Box<dyn AudioReader>> {
    let mut magic = [0u8; 4];
    let mut got = 0;
    while got < magic.len() {
        match reader.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) => return Err(EmotionError::io(format!("cannot read: {e}"))),
        }
    }
    let reader: Box<dyn Read + Send> = Box::new(Cursor::new(magic[..got].to_vec()).chain(reader));
    match &magic[..got] {
        b"RIFF" => WavSource::new(reader).map(|s| Box::new(s) as Box<dyn AudioReader>),
        b"fLaC" => FlacSource::new(reader).map(|s| Box::new(s) as Box<dyn AudioReader>),
        [b'I', b'D', b'3', ..] | [0xFF, 0xE0..=0xFF, ..] => Err(EmotionError::unsupported(
            "this looks like MP3; only WAV and FLAC are supported (convert with \
             `ffmpeg -i in.mp3 out.wav`)",
        )),
        b"RIFX" | b"RF64" => Err(EmotionError::unsupported(
            "big-endian (RIFX) and RF64 WAV files are not supported; use a standard \
             little-endian RIFF WAV",
        )),
        other => Err(EmotionError::unsupported(format!(
            "not a WAV or FLAC file (it starts with {:?}); only WAV and FLAC are supported",
            String::from_utf8_lossy(other)
        ))),
    }
}

fn check_channels(channels: u16) -> Result<()> {
    if channels == 0 {
        return Err(EmotionError::invalid_audio(
            "the header declares 0 channels",
        ));
    }
    Ok(())
}

/// Streaming WAV reader: 8/16/24/32-bit integer PCM and 32-bit float, any channel count.
struct WavSource {
    reader: hound::WavReader<Box<dyn Read + Send>>,
    spec: hound::WavSpec,
    /// Samples (not frames) still promised by the header.
    remaining: u64,
}

impl WavSource {
    fn new(reader: Box<dyn Read + Send>) -> Result<Self> {
        let reader = hound::WavReader::new(reader)
            .map_err(|e| EmotionError::unsupported(format!("not a readable WAV file: {e}")))?;
        let spec = reader.spec();
        check_channels(spec.channels)?;
        check_sample_rate(spec.sample_rate)?;
        match (spec.sample_format, spec.bits_per_sample) {
            (hound::SampleFormat::Int, 1..=32) | (hound::SampleFormat::Float, 32) => {}
            (format, bits) => {
                return Err(EmotionError::unsupported(format!(
                    "WAV with {bits}-bit {format:?} samples is not supported \
                     (use 8/16/24/32-bit integer or 32-bit float)"
                )))
            }
        }
        let remaining = u64::from(reader.len());
        Ok(Self {
            reader,
            spec,
            remaining,
        })
    }
}

impl AudioReader for WavSource {
    fn sample_rate_hz(&self) -> u32 {
        self.spec.sample_rate
    }

    fn channels(&self) -> u16 {
        self.spec.channels
    }

    fn next_chunk(&mut self, out: &mut Vec<f32>) -> Result<bool> {
        out.clear();
        let want = (CHUNK_FRAMES * usize::from(self.spec.channels)) as u64;
        let take = want.min(self.remaining) as usize;
        if take == 0 {
            return Ok(false);
        }
        let truncated = |e: hound::Error| {
            EmotionError::io(format!(
                "the file is truncated or corrupt: the header promises more samples than the \
                 data holds ({e})"
            ))
        };
        match self.spec.sample_format {
            hound::SampleFormat::Float => {
                for sample in self.reader.samples::<f32>().take(take) {
                    out.push(sample.map_err(truncated)?);
                }
            }
            hound::SampleFormat::Int => {
                let scale = 1.0 / (1u64 << (self.spec.bits_per_sample - 1)) as f32;
                for sample in self.reader.samples::<i32>().take(take) {
                    out.push(sample.map_err(truncated)? as f32 * scale);
                }
            }
        }
        if out.len() < take {
            return Err(EmotionError::io(
                "the file is truncated: the header promises more samples than the data holds",
            ));
        }
        self.remaining -= take as u64;
        Ok(true)
    }
}

/// Streaming FLAC reader.
struct FlacSource {
    reader: claxon::FlacReader<Box<dyn Read + Send>>,
    sample_rate_hz: u32,
    channels: u16,
    scale: f32,
    block: Vec<i32>,
    done: bool,
}

impl FlacSource {
    fn new(reader: Box<dyn Read + Send>) -> Result<Self> {
        let reader = claxon::FlacReader::new(reader)
            .map_err(|e| EmotionError::unsupported(format!("not a readable FLAC file: {e}")))?;
        let info = reader.streaminfo();
        let channels = u16::try_from(info.channels).unwrap_or(0);
        check_channels(channels)?;
        check_sample_rate(info.sample_rate)?;
        if !(4..=32).contains(&info.bits_per_sample) {
            return Err(EmotionError::unsupported(format!(
                "FLAC with {} bits per sample is not supported",
                info.bits_per_sample
            )));
        }
        Ok(Self {
            reader,
            sample_rate_hz: info.sample_rate,
            channels,
            scale: 1.0 / (1u64 << (info.bits_per_sample - 1)) as f32,
            block: Vec::new(),
            done: false,
        })
    }
}

impl AudioReader for FlacSource {
    fn sample_rate_hz(&self) -> u32 {
        self.sample_rate_hz
    }

    fn channels(&self) -> u16 {
        self.channels
    }

    fn next_chunk(&mut self, out: &mut Vec<f32>) -> Result<bool> {
        out.clear();
        if self.done {
            return Ok(false);
        }
        let buffer = std::mem::take(&mut self.block);
        let block = self.reader.blocks().read_next_or_eof(buffer).map_err(|e| {
            EmotionError::io(format!("the FLAC stream is corrupt or truncated: {e}"))
        })?;
        let Some(block) = block else {
            self.done = true;
            return Ok(false);
        };
        if block.channels() != u32::from(self.channels) {
            return Err(EmotionError::unsupported(
                "the FLAC stream changes its channel count mid-stream",
            ));
        }
        out.reserve(block.duration() as usize * usize::from(self.channels));
        for i in 0..block.duration() {
            for ch in 0..block.channels() {
                out.push(block.sample(ch, i) as f32 * self.scale);
            }
        }
        self.block = block.into_buffer();
        Ok(true)
    }
}
