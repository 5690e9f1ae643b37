//! Names for what a file holds, for error messages a person can act on: the container
//! symphonia recognised, the codec inside it, or — when nothing recognised the bytes —
//! a guess from their first bytes.

use symphonia::core::codecs::audio::well_known::*;
use symphonia::core::codecs::audio::{AudioCodecId, CODEC_ID_NULL_AUDIO};
use symphonia::core::formats::well_known::*;
use symphonia::core::formats::FormatId;

/// What the app can do with a file this library refuses.
pub const PLATFORM_HINT: &str = "decode it with the platform (the Expo module does this \
     on the phone) or convert it, e.g. `ffmpeg -i in.m4a -ar 16000 -ac 1 out.wav`";

/// The container's everyday name.
pub fn container_name(format: FormatId) -> &'static str {
    match format {
        FORMAT_ID_WAVE => "WAV",
        FORMAT_ID_AIFF => "AIFF",
        FORMAT_ID_CAF => "CAF",
        FORMAT_ID_MP1 | FORMAT_ID_MP2 | FORMAT_ID_MP3 => "MPEG audio",
        FORMAT_ID_ADTS => "ADTS",
        FORMAT_ID_OGG => "Ogg",
        FORMAT_ID_FLAC => "FLAC",
        FORMAT_ID_ISOMP4 => "MP4/M4A/3GP",
        FORMAT_ID_MKV => "Matroska/WebM",
        _ => "an audio container",
    }
}

/// The codec's everyday name.
pub fn codec_name(codec: AudioCodecId) -> &'static str {
    match codec {
        CODEC_ID_AAC => "AAC",
        CODEC_ID_MP1 => "MPEG Layer I",
        CODEC_ID_MP2 => "MPEG Layer II",
        CODEC_ID_MP3 => "MP3",
        CODEC_ID_VORBIS => "Vorbis",
        CODEC_ID_OPUS => "Opus",
        CODEC_ID_FLAC => "FLAC",
        CODEC_ID_ALAC => "ALAC (Apple Lossless)",
        CODEC_ID_SPEEX => "Speex",
        CODEC_ID_AC3 => "AC-3",
        CODEC_ID_EAC3 => "E-AC-3",
        CODEC_ID_WMA => "WMA",
        CODEC_ID_ADPCM_IMA_QT | CODEC_ID_ADPCM_IMA_WAV | CODEC_ID_ADPCM_MS => "ADPCM",
        CODEC_ID_PCM_ALAW => "A-law PCM",
        CODEC_ID_PCM_MULAW => "µ-law PCM",
        CODEC_ID_NULL_AUDIO => "an unknown codec",
        c if is_pcm(c) => "PCM",
        _ => "a codec this library does not decode",
    }
}

fn is_pcm(codec: AudioCodecId) -> bool {
    (CODEC_ID_PCM_S32LE..=CODEC_ID_PCM_F64BE_PLANAR).contains(&codec)
}

/// Whether every frame a container promises must come out of the decoder (so fewer
/// means the file was cut short). Lossy codecs' frame counts include encoder delay and
/// padding, so they are not held to it.
pub fn is_exact_length(codec: AudioCodecId) -> bool {
    is_pcm(codec)
        || matches!(
            codec,
            CODEC_ID_FLAC | CODEC_ID_PCM_ALAW | CODEC_ID_PCM_MULAW
        )
}

/// What unrecognised bytes seem to be, from their first bytes, as a sentence part.
pub fn sniff(head: &[u8]) -> String {
    let starts = |magic: &[u8]| head.starts_with(magic);
    // Formats no reader here handles at all.
    let foreign = if starts(b"#!AMR-WB\n") {
        Some("an AMR-WB file")
    } else if starts(b"#!AMR\n") {
        Some("an AMR-NB file")
    } else if starts(b"RIFX") || starts(b"RF64") {
        Some("a big-endian (RIFX) or RF64 WAV file")
    } else if starts(b"RIFF") && head.get(8..12) == Some(b"AVI ") {
        Some("an AVI video")
    } else if starts(b"MThd") {
        Some("a MIDI file (notes, not sound)")
    } else if starts(b"caff") && !cfg!(feature = "caf") {
        Some("a CAF file (built without the `caf` feature)")
    } else if (starts(b"ID3") || matches!(head, [0xFF, 0xE0..=0xFF, ..])) && !cfg!(feature = "mp3")
    {
        Some("MPEG audio (built without the `mp3` feature)")
    } else if starts(b"OggS") && !cfg!(any(feature = "vorbis", feature = "opus")) {
        Some("an Ogg file (built without the `vorbis` and `opus` features)")
    } else if starts(b"\x1a\x45\xdf\xa3") && !cfg!(any(feature = "vorbis", feature = "opus")) {
        Some("a WebM/Matroska file (built without the `vorbis` and `opus` features)")
    } else {
        None
    };
    if let Some(what) = foreign {
        return format!("this looks like {what}, which this library does not decode");
    }
    // Formats a reader here handles, so these bytes are damaged or an unusual variant.
    let damaged = if starts(b"RIFF") {
        "a WAV file"
    } else if head.get(4..8) == Some(b"ftyp") {
        "an MP4/M4A/3GP file"
    } else if starts(b"OggS") {
        "an Ogg file"
    } else if starts(b"\x1a\x45\xdf\xa3") {
        "a Matroska/WebM file"
    } else if starts(b"caff") {
        "a CAF file"
    } else if starts(b"fLaC") {
        "a FLAC file"
    } else if starts(b"FORM") {
        "an AIFF file"
    } else if starts(b"ID3") || matches!(head, [0xFF, 0xE0..=0xFF, ..]) {
        "MPEG audio (MP3 or ADTS AAC)"
    } else {
        return format!(
            "not an audio file this library recognises (it starts with {:?})",
            String::from_utf8_lossy(head)
        );
    };
    format!("this looks like {damaged} but cannot be read: it is damaged, cut short, or a variant this library does not decode")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_formats_symphonia_does_not_read() {
        assert!(sniff(b"#!AMR\n\x3c").contains("AMR-NB file, which this library does not"));
        assert!(sniff(b"#!AMR-WB\n\x3c").contains("AMR-WB"));
        assert!(sniff(b"\0\0\0\x18ftypM4A ").contains("damaged"));
        assert!(sniff(b"RIFX\0\0\0\0WAVE").contains("RIFX"));
        assert!(sniff(b"Hello, world").contains("Hello"));
    }
}
