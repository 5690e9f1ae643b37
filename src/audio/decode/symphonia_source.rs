//! Any container symphonia reads, with symphonia's decoders (or Opus through
//! [`super::opus`]), as an [`AudioReader`] that decodes one packet per chunk.

use std::io::{Read, SeekFrom};

use symphonia::core::codecs::audio::well_known::CODEC_ID_AAC;
#[cfg(feature = "opus")]
use symphonia::core::codecs::audio::well_known::CODEC_ID_OPUS;
use symphonia::core::codecs::audio::{AudioCodecParameters, AudioDecoder, AudioDecoderOptions};
use symphonia::core::common::Limit;
use symphonia::core::errors::Error as SymphoniaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::packet::Packet;

use super::describe::{codec_name, container_name, is_exact_length, sniff, PLATFORM_HINT};
use super::{check_sample_rate, AudioReader};
use crate::error::{EmotionError, Result};

/// Corrupt packets skipped in a row before the file is declared corrupt. Players skip a
/// damaged packet or two; a file that is damaged throughout must not pass as silence.
const MAX_CONSECUTIVE_BAD_PACKETS: u32 = 8;
/// Channels accepted in one frame (the audio is mixed down to mono anyway).
const MAX_CHANNELS: usize = 32;

/// Opens `source` with whichever reader recognises its content.
pub(super) fn open(mut source: Box<dyn MediaSource>) -> Result<SymphoniaSource> {
    let head = read_head(source.as_mut())?;
    let stream = MediaSourceStream::new(source, Default::default());
    // Tags and cover art are not needed: cap what a file can make us hold in memory.
    let metadata = MetadataOptions::default()
        .limit_tag_bytes(Limit::Maximum(64 * 1024))
        .limit_visual_bytes(Limit::Maximum(0));
    let probe = symphonia::default::get_probe();
    let format = match probe.probe(&Hint::new(), stream, FormatOptions::default(), metadata) {
        Ok(format) => format,
        Err(SymphoniaError::IoError(e)) if e.kind() != std::io::ErrorKind::UnexpectedEof => {
            return Err(EmotionError::io(format!("cannot read: {e}")))
        }
        Err(_) => {
            return Err(EmotionError::unsupported(format!(
                "{}; {PLATFORM_HINT}",
                sniff(&head)
            )))
        }
    };
    SymphoniaSource::new(format)
}

/// The first bytes of `source` (up to 16), for naming what no reader recognised; the
/// source is left at its start.
fn read_head(source: &mut dyn MediaSource) -> Result<Vec<u8>> {
    let cannot_read = |e: std::io::Error| EmotionError::io(format!("cannot read: {e}"));
    let mut head = Vec::with_capacity(16);
    source
        .take(16)
        .read_to_end(&mut head)
        .map_err(cannot_read)?;
    source.seek(SeekFrom::Start(0)).map_err(cannot_read)?;
    Ok(head)
}

/// One audio track of a container, decoded packet by packet.
pub(super) struct SymphoniaSource {
    format: Box<dyn FormatReader>,
    decoder: PacketDecoder,
    track_id: u32,
    sample_rate_hz: u32,
    channels: u16,
    /// "AAC in MP4/M4A/3GP", for messages.
    what: String,
    /// The first packet's samples, decoded while opening to learn the rate and channels.
    pending: Option<Vec<f32>>,
    /// For uncompressed and lossless tracks: the frames the header promises.
    promised_frames: Option<u64>,
    frames_decoded: u64,
    bad_packets_in_a_row: u32,
    done: bool,
}

impl SymphoniaSource {
    fn new(format: Box<dyn FormatReader>) -> Result<Self> {
        let container = container_name(format.format_info().format);
        let no_track = || {
            EmotionError::unsupported(format!(
                "the {container} file holds no audio track in a codec this library reads \
                 (3GP files from Android's low-quality preset hold AMR, which it does not \
                 decode); {PLATFORM_HINT}"
            ))
        };
        let track = format
            .default_track(TrackType::Audio)
            .ok_or_else(no_track)?;
        let params = track
            .codec_params
            .as_ref()
            .and_then(|p| p.audio())
            .cloned()
            .ok_or_else(no_track)?;
        let codec = codec_name(params.codec);
        let what = format!("{codec} in {container}");
        let promised_frames = track.num_frames.filter(|_| is_exact_length(params.codec));
        let track_id = track.id;
        let decoder = PacketDecoder::new(&params, &what)?;
        let mut source = Self {
            format,
            decoder,
            track_id,
            sample_rate_hz: 0,
            channels: 0,
            what,
            pending: None,
            promised_frames,
            frames_decoded: 0,
            bad_packets_in_a_row: 0,
            done: false,
        };
        source.read_first_packet()?;
        Ok(source)
    }

    /// Decodes until the first samples, to learn the stream's rate and channel count.
    fn read_first_packet(&mut self) -> Result<()> {
        let mut first = Vec::new();
        loop {
            match self.next_packet_samples(&mut first)? {
                None => {
                    return Err(EmotionError::invalid_audio(format!(
                        "the {} stream holds no audio samples",
                        self.what
                    )))
                }
                Some(_) if first.is_empty() => continue,
                Some((rate, channels)) => {
                    check_sample_rate(rate)?;
                    if channels == 0 || channels > MAX_CHANNELS {
                        return Err(EmotionError::invalid_audio(format!(
                            "the {} stream has {channels} channels (1..={MAX_CHANNELS} supported)",
                            self.what
                        )));
                    }
                    self.sample_rate_hz = rate;
                    self.channels = channels as u16;
                    self.pending = Some(first);
                    return Ok(());
                }
            }
        }
    }

    /// Decodes the next packet of our track into `out`. `None` at the end of the stream;
    /// otherwise the decoded rate and channel count (`out` may be empty: a packet of
    /// encoder delay, or a damaged packet that was skipped).
    fn next_packet_samples(&mut self, out: &mut Vec<f32>) -> Result<Option<(u32, usize)>> {
        out.clear();
        let packet = loop {
            match self.format.next_packet() {
                Ok(Some(packet)) if packet.track_id == self.track_id => break packet,
                Ok(Some(_)) => continue,
                Ok(None) => return Ok(None),
                Err(e) => return Err(self.demux_error(e)),
            }
        };
        match self.decoder.decode(&packet, out) {
            Ok(spec) => {
                self.bad_packets_in_a_row = 0;
                Ok(Some(spec))
            }
            Err(SymphoniaError::DecodeError(reason)) => {
                self.bad_packets_in_a_row += 1;
                if self.bad_packets_in_a_row > MAX_CONSECUTIVE_BAD_PACKETS {
                    return Err(EmotionError::invalid_audio(format!(
                        "the {} stream is corrupt: {} packets in a row failed to decode \
                         (last: {reason})",
                        self.what, self.bad_packets_in_a_row
                    )));
                }
                log::warn!("skipping a damaged {} packet: {reason}", self.what);
                out.clear();
                Ok(Some((self.sample_rate_hz, usize::from(self.channels))))
            }
            Err(e) => Err(self.decode_error(e)),
        }
    }

    fn demux_error(&self, error: SymphoniaError) -> EmotionError {
        match error {
            SymphoniaError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                EmotionError::io(format!(
                    "the {} file is truncated: it ends in the middle of a packet",
                    self.what
                ))
            }
            SymphoniaError::IoError(e) => EmotionError::io(format!("cannot read: {e}")),
            SymphoniaError::DecodeError(reason) => {
                EmotionError::invalid_audio(format!("the {} file is corrupt: {reason}", self.what))
            }
            SymphoniaError::ResetRequired => EmotionError::unsupported(format!(
                "the {} file changes its stream parameters part-way (a chained stream); \
                 {PLATFORM_HINT}",
                self.what
            )),
            other => EmotionError::unsupported(format!(
                "the {} file cannot be read: {other}; {PLATFORM_HINT}",
                self.what
            )),
        }
    }

    fn decode_error(&self, error: SymphoniaError) -> EmotionError {
        match error {
            SymphoniaError::Unsupported(reason) => EmotionError::unsupported(format!(
                "{} with features this library does not decode ({reason}); {PLATFORM_HINT}",
                self.what
            )),
            other => self.demux_error(other),
        }
    }
}

impl AudioReader for SymphoniaSource {
    fn sample_rate_hz(&self) -> u32 {
        self.sample_rate_hz
    }

    fn channels(&self) -> u16 {
        self.channels
    }

    fn next_chunk(&mut self, out: &mut Vec<f32>) -> Result<bool> {
        out.clear();
        if let Some(first) = self.pending.take() {
            *out = first;
            self.frames_decoded += (out.len() / usize::from(self.channels)) as u64;
            return Ok(true);
        }
        while !self.done {
            match self.next_packet_samples(out)? {
                None => {
                    self.done = true;
                    if let Some(promised) = self.promised_frames {
                        if self.frames_decoded < promised {
                            return Err(EmotionError::io(format!(
                                "the {} file is truncated: the header promises {promised} \
                                 frames, the data holds {}",
                                self.what, self.frames_decoded
                            )));
                        }
                    }
                }
                Some(_) if out.is_empty() => {}
                Some((rate, channels)) => {
                    if rate != self.sample_rate_hz || channels != usize::from(self.channels) {
                        return Err(EmotionError::unsupported(format!(
                            "the {} stream changes from {} Hz, {} channels to {rate} Hz, \
                             {channels} channels part-way",
                            self.what, self.sample_rate_hz, self.channels
                        )));
                    }
                    self.frames_decoded += (out.len() / channels) as u64;
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

/// A symphonia decoder, or Opus (which symphonia demuxes but does not decode).
enum PacketDecoder {
    Symphonia(Box<dyn AudioDecoder>),
    #[cfg(feature = "opus")]
    Opus(Box<super::opus::OpusPackets>),
}

impl PacketDecoder {
    fn new(params: &AudioCodecParameters, what: &str) -> Result<Self> {
        #[cfg(feature = "opus")]
        if params.codec == CODEC_ID_OPUS {
            return super::opus::OpusPackets::new(params, what).map(|d| Self::Opus(Box::new(d)));
        }
        let options = AudioDecoderOptions::default();
        match symphonia::default::get_codecs().make_audio_decoder(params, &options) {
            Ok(decoder) => Ok(Self::Symphonia(decoder)),
            Err(SymphoniaError::Unsupported(_)) => {
                // symphonia decodes AAC-LC only: not HE-AAC (SBR/PS), AAC-LD/ELD, > 2 channels.
                let detail = if params.codec == CODEC_ID_AAC {
                    " (only AAC-LC, mono or stereo, is decoded: this is another AAC profile \
                     such as HE-AAC)"
                } else {
                    ""
                };
                Err(EmotionError::unsupported(format!(
                    "{what} is not decoded by this library{detail}; {PLATFORM_HINT}"
                )))
            }
            Err(e) => Err(EmotionError::unsupported(format!(
                "{what} cannot be decoded: {e}; {PLATFORM_HINT}"
            ))),
        }
    }

    /// Decodes `packet` into interleaved `out` (replacing it); returns its rate and
    /// channel count.
    fn decode(
        &mut self,
        packet: &Packet,
        out: &mut Vec<f32>,
    ) -> symphonia::core::errors::Result<(u32, usize)> {
        match self {
            Self::Symphonia(decoder) => {
                let buffer = decoder.decode(packet)?;
                let spec = buffer.spec();
                let shape = (spec.rate(), spec.channels().count());
                buffer.copy_to_vec_interleaved(out);
                Ok(shape)
            }
            #[cfg(feature = "opus")]
            Self::Opus(decoder) => decoder.decode(packet, out),
        }
    }
}
