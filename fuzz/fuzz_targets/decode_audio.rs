//! Arbitrary bytes as an audio file of any format the core reads (WAV, AIFF, FLAC,
//! AAC in MP4/3GP and ADTS, MP3, Ogg/WebM Vorbis and Opus, CAF; seeds in
//! `fuzz/corpus/decode_audio`) through the library's own glue (`extract_from_reader`:
//! decode → downmix/resample to 16 kHz → log-mel), as `classify_bytes` runs it. Must end
//! with an error or frames, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use speech_emotion::audio::decode::open_bytes;
use speech_emotion::features::{extract_from_reader, LogMelExtractor};
use speech_emotion::model::{ModelMetadata, EMBEDDED_METADATA_JSON};
use speech_emotion::EmotionError;

/// Stop after this many frames (~4 min at a 10 ms hop): a few bytes of FLAC or Opus
/// may promise hours of audio.
const MAX_FRAMES: usize = 25_000;

fuzz_target!(|data: &[u8]| {
    let Ok(mut reader) = open_bytes(data.to_vec()) else { return };
    let config = ModelMetadata::from_json(EMBEDDED_METADATA_JSON).unwrap().features;
    let mut extractor = LogMelExtractor::new(&config).unwrap();
    let mut frames = 0;
    let _ = extract_from_reader(reader.as_mut(), &mut extractor, |_| {
        frames += 1;
        if frames > MAX_FRAMES {
            return Err(EmotionError::InvalidAudio {
                reason: "fuzz: enough frames".into(),
            });
        }
        Ok(())
    });
});
