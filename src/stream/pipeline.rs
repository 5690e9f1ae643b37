//! The worker's processing chain, shared by push and microphone input:
//! interleaved PCM → mono at the model's rate → log-mel frames → windows → smoothing.

use std::sync::Arc;

use crate::api::{window_settings, EmotionDetector, EmotionResult};
use crate::audio::PcmConditioner;
use crate::classify::{ClipClassifier, WindowResult};
use crate::error::Result;
use crate::features::LogMelExtractor;

/// Per-stream state; the model inside is shared. Not thread-safe: owned by the worker.
pub(super) struct Pipeline {
    detector: Arc<EmotionDetector>,
    conditioner: Option<PcmConditioner>,
    extractor: LogMelExtractor,
    classifier: ClipClassifier,
    mono: Vec<f32>,
    windows: Vec<WindowResult>,
    smoothing: f32,
    smoothed: Option<Vec<f32>>,
}

impl Pipeline {
    pub fn new(detector: Arc<EmotionDetector>, smoothing: f32) -> Result<Self> {
        let model = detector.model().clone();
        let settings = window_settings(&model, &detector.config())?;
        Ok(Self {
            extractor: LogMelExtractor::new(&model.metadata().features)?,
            classifier: ClipClassifier::new(model, settings)?,
            detector,
            conditioner: None,
            mono: Vec::with_capacity(8192),
            windows: Vec::new(),
            smoothing,
            smoothed: None,
        })
    }

    /// Processes interleaved samples; a change of rate or channel count flushes the
    /// resampler and goes on with the new format (the clock keeps running).
    pub fn push(
        &mut self,
        interleaved: &[f32],
        rate: u32,
        channels: u16,
        emit: &mut dyn FnMut(EmotionResult),
    ) -> Result<()> {
        let same_format = self
            .conditioner
            .as_ref()
            .is_some_and(|c| c.input_rate_hz() == rate && c.channels() == channels);
        if !same_format {
            self.flush_conditioner(emit)?;
            let model_rate = self.detector.model().metadata().features.sample_rate_hz;
            self.conditioner = Some(PcmConditioner::new(rate, channels, model_rate)?);
        }
        self.mono.clear();
        if let Some(conditioner) = self.conditioner.as_mut() {
            conditioner.push(interleaved, &mut self.mono)?;
        }
        self.extract(emit)
    }

    /// Ends the stream: flushes the resampler and emits the final window.
    pub fn finish(&mut self, emit: &mut dyn FnMut(EmotionResult)) -> Result<()> {
        self.flush_conditioner(emit)?;
        if let Some(window) = self.classifier.finish()? {
            let result = self.smoothed_result(&window);
            emit(result);
        }
        Ok(())
    }

    fn flush_conditioner(&mut self, emit: &mut dyn FnMut(EmotionResult)) -> Result<()> {
        if let Some(mut old) = self.conditioner.take() {
            self.mono.clear();
            old.finish(&mut self.mono);
            self.extract(emit)?;
        }
        Ok(())
    }

    /// Runs the frames of `self.mono` through the classifier; emits due windows.
    fn extract(&mut self, emit: &mut dyn FnMut(EmotionResult)) -> Result<()> {
        let Self {
            extractor,
            classifier,
            mono,
            windows,
            ..
        } = self;
        let mut failure = None;
        extractor.push(mono, |frame| {
            if failure.is_none() {
                match classifier.push_frame(frame) {
                    Ok(Some(window)) => windows.push(window),
                    Ok(None) => {}
                    Err(e) => failure = Some(e),
                }
            }
        });
        let due = std::mem::take(&mut self.windows);
        for window in &due {
            let result = self.smoothed_result(window);
            emit(result);
        }
        self.windows = due;
        self.windows.clear();
        failure.map_or(Ok(()), Err)
    }

    /// Smooths the window's probabilities with the previous speech window's.
    fn smoothed_result(&mut self, window: &WindowResult) -> EmotionResult {
        self.smoothed = match (&window.probabilities, self.smoothed.take()) {
            (Some(p), Some(prev)) if self.smoothing > 0.0 => {
                let a = self.smoothing;
                Some(
                    prev.iter()
                        .zip(p)
                        .map(|(s, x)| a * s + (1.0 - a) * x)
                        .collect(),
                )
            }
            (Some(p), _) => Some(p.clone()),
            (None, _) => None,
        };
        self.detector
            .window_result_with(window, self.smoothed.clone())
    }
}
