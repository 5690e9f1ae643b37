//! Glue from decoded audio to feature frames: decode → condition → extract.

use super::{FeatureConfig, Frame, LogMelExtractor};
use std::path::Path;

use crate::audio::decode::{self, AudioReader};
use crate::audio::PcmConditioner;
use crate::error::Result;

/// Streams every chunk of `reader` through a [`PcmConditioner`] into `extractor`,
/// calling `on_frame` for each frame. Memory stays bounded whatever the stream's length.
///
/// Returns the number of model-rate samples produced.
pub fn extract_from_reader(
    reader: &mut dyn AudioReader,
    extractor: &mut LogMelExtractor,
    mut on_frame: impl FnMut(Frame<'_>) -> Result<()>,
) -> Result<u64> {
    let rate = extractor.config().sample_rate_hz;
    let mut conditioner = PcmConditioner::new(reader.sample_rate_hz(), reader.channels(), rate)?;
    let mut chunk = Vec::new();
    let mut mono = Vec::new();
    let mut produced = 0u64;
    let mut failure = None;
    let mut done = false;
    while !done {
        mono.clear();
        if reader.next_chunk(&mut chunk)? {
            conditioner.push(&chunk, &mut mono)?;
        } else {
            conditioner.finish(&mut mono);
            done = true;
        }
        produced += mono.len() as u64;
        extractor.push(&mono, |frame| {
            if failure.is_none() {
                failure = on_frame(frame).err();
            }
        });
        if let Some(e) = failure.take() {
            return Err(e);
        }
    }
    Ok(produced)
}

/// All log-mel frames of an audio file with `config`, frame-major (`frames × n_mels`).
/// Used by the CLI's `features` command and the exported `log_mel_features`.
pub fn log_mel_file(path: &Path, config: &FeatureConfig) -> Result<Vec<f32>> {
    let mut extractor = LogMelExtractor::new(config)?;
    let mut values = Vec::new();
    extract_from_reader(decode::open_file(path)?.as_mut(), &mut extractor, |frame| {
        values.extend_from_slice(frame.log_mel);
        Ok(())
    })?;
    Ok(values)
}
