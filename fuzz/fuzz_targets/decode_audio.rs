//! Arbitrary bytes as a WAV/FLAC file: decode every chunk, then condition the samples
//! (downmix + resample to 16 kHz) and compute log-mel frames, as `classify_bytes` does.
//! Must end with an error or frames, never a panic, hang or unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use speech_emotion::audio::decode::open_bytes;
use speech_emotion::audio::PcmConditioner;
use speech_emotion::features::LogMelExtractor;
use speech_emotion::model::{ModelMetadata, EMBEDDED_METADATA_JSON};

/// Stop after this many decoded samples: a header may promise gigabytes.
const MAX_SAMPLES: usize = 4_000_000;

fuzz_target!(|data: &[u8]| {
    let Ok(mut reader) = open_bytes(data.to_vec()) else { return };
    let config = ModelMetadata::from_json(EMBEDDED_METADATA_JSON).unwrap().features;
    let Ok(mut conditioner) =
        PcmConditioner::new(reader.sample_rate_hz(), reader.channels(), config.sample_rate_hz)
    else {
        return;
    };
    let mut extractor = LogMelExtractor::new(&config).unwrap();
    let (mut chunk, mut mono, mut decoded) = (Vec::new(), Vec::new(), 0usize);
    while let Ok(true) = reader.next_chunk(&mut chunk) {
        decoded += chunk.len();
        if conditioner.push(&chunk, &mut mono).is_err() || decoded > MAX_SAMPLES {
            return;
        }
        extractor.push(&mono, |_| {});
        mono.clear();
    }
    conditioner.finish(&mut mono);
    extractor.push(&mono, |_| {});
});
