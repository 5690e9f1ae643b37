//! Opus packets (demuxed by symphonia from Ogg, WebM/Matroska or MP4) decoded with
//! `opus-decoder`, a pure-Rust decoder that passes the RFC 8251 conformance vectors.

use opus_decoder::OpusDecoder;
use symphonia::core::codecs::audio::AudioCodecParameters;
use symphonia::core::errors::{decode_error, Result as SymphoniaResult};
use symphonia::core::packet::Packet;

use super::describe::PLATFORM_HINT;
use crate::error::{EmotionError, Result};

/// Opus always decodes at 48 kHz here (the rate its timestamps and pre-skip count in).
const RATE_HZ: u32 = 48_000;

/// An Opus stream of one or two channels (channel mapping family 0, what phones and
/// browsers record).
pub(super) struct OpusPackets {
    decoder: OpusDecoder,
    channels: usize,
    /// Decoder output for one packet (at most 120 ms).
    scratch: Vec<f32>,
    /// Frames still to drop from the start: the encoder's pre-skip.
    pre_skip: usize,
}

impl OpusPackets {
    pub(super) fn new(params: &AudioCodecParameters, what: &str) -> Result<Self> {
        let channels = params.channels.as_ref().map_or(0, |c| c.count());
        if !(1..=2).contains(&channels) {
            return Err(EmotionError::unsupported(format!(
                "{what} with {channels} channels is not decoded by this library (mono and \
                 stereo Opus are); {PLATFORM_HINT}"
            )));
        }
        let decoder = OpusDecoder::new(RATE_HZ, channels)
            .map_err(|e| EmotionError::unsupported(format!("{what} cannot be decoded: {e}")))?;
        let scratch = vec![0.0; OpusDecoder::MAX_FRAME_SIZE_48K * channels];
        Ok(Self {
            decoder,
            channels,
            scratch,
            pre_skip: params.extra_data.as_deref().map_or(0, pre_skip),
        })
    }

    /// Decodes one packet into interleaved `out` (replacing it), with the container's
    /// encoder delay and end padding trimmed off.
    pub(super) fn decode(
        &mut self,
        packet: &Packet,
        out: &mut Vec<f32>,
    ) -> SymphoniaResult<(u32, usize)> {
        out.clear();
        if packet.data.is_empty() {
            return Ok((RATE_HZ, self.channels));
        }
        let frames = match self
            .decoder
            .decode_float(&packet.data, &mut self.scratch, false)
        {
            Ok(frames) => frames,
            Err(_) => return decode_error("opus: invalid packet"),
        };
        let skip = self.pre_skip.min(frames);
        self.pre_skip -= skip;
        let trim_start = (skip + packet.trim_start.get() as usize).min(frames);
        let trim_end = (packet.trim_end.get() as usize).min(frames - trim_start);
        let kept = &self.scratch[trim_start * self.channels..(frames - trim_end) * self.channels];
        out.extend_from_slice(kept);
        Ok((RATE_HZ, self.channels))
    }
}

/// The pre-skip (encoder delay, 48 kHz frames) of an `OpusHead` identification header,
/// which Ogg and WebM/Matroska both carry as the codec's extra data (RFC 7845 §5.1).
fn pre_skip(head: &[u8]) -> usize {
    match head {
        [b'O', b'p', b'u', b's', b'H', b'e', b'a', b'd', _, _, lo, hi, ..] => {
            usize::from(u16::from_le_bytes([*lo, *hi]))
        }
        _ => 0,
    }
}
