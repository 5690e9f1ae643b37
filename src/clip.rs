//! One clip through the whole chain, pushed chunk by chunk: interleaved PCM → mono at
//! the model's rate → log-mel frames → model windows. [`ClipRun`] serves file
//! classification (a decoder pushes) and [`ClipSession`] exports it to apps that decode
//! audio themselves (the Expo module hands over what the platform decoded).

use std::sync::{Arc, Mutex};

use crate::api::{window_settings, EmotionDetector, EmotionResult};
use crate::audio::PcmConditioner;
use crate::classify::{ClipAggregator, ClipClassifier, WindowResult};
use crate::error::{catch_panic, EmotionError, Result};
use crate::features::LogMelExtractor;

/// Per-clip state (the model inside is shared). Not thread-safe: one per clip.
pub(crate) struct ClipRun {
    conditioner: PcmConditioner,
    extractor: LogMelExtractor,
    classifier: ClipClassifier,
    mono: Vec<f32>,
    /// Model-rate samples produced so far.
    samples: u64,
}

impl ClipRun {
    /// A run for `channels`-channel audio at `sample_rate_hz`.
    pub fn new(detector: &EmotionDetector, sample_rate_hz: u32, channels: u16) -> Result<Self> {
        let model = detector.model();
        let features = &model.metadata().features;
        Ok(Self {
            conditioner: PcmConditioner::new(sample_rate_hz, channels, features.sample_rate_hz)?,
            extractor: LogMelExtractor::new(features)?,
            classifier: ClipClassifier::new(
                model.clone(),
                window_settings(model, &detector.config())?,
            )?,
            mono: Vec::with_capacity(8192),
            samples: 0,
        })
    }

    /// Pushes interleaved samples (a whole number of frames); calls `on_window` for each
    /// window that becomes due.
    pub fn push(
        &mut self,
        interleaved: &[f32],
        on_window: &mut dyn FnMut(WindowResult),
    ) -> Result<()> {
        self.mono.clear();
        self.conditioner.push(interleaved, &mut self.mono)?;
        self.extract(on_window)
    }

    /// Ends the clip: flushes the resampler, emits the last window. Returns the number
    /// of model-rate samples. Errors if the clip was too short for a single frame.
    pub fn finish(mut self, on_window: &mut dyn FnMut(WindowResult)) -> Result<u64> {
        self.mono.clear();
        self.conditioner.finish(&mut self.mono);
        self.extract(on_window)?;
        if self.classifier.frames_seen() == 0 {
            let features = self.extractor.config();
            let rate = f64::from(features.sample_rate_hz);
            let min_ms = features.n_fft as f64 * 1000.0 / rate;
            return Err(EmotionError::invalid_audio(if self.samples == 0 {
                "the audio has no samples".to_string()
            } else {
                format!(
                    "the audio is {:.1} ms long; at least {min_ms:.0} ms is needed",
                    self.samples as f64 * 1000.0 / rate
                )
            }));
        }
        if let Some(window) = self.classifier.finish()? {
            on_window(window);
        }
        Ok(self.samples)
    }

    fn extract(&mut self, on_window: &mut dyn FnMut(WindowResult)) -> Result<()> {
        self.samples += self.mono.len() as u64;
        let classifier = &mut self.classifier;
        let mut failure = None;
        self.extractor.push(&self.mono, |frame| {
            if failure.is_none() {
                match classifier.push_frame(frame) {
                    Ok(Some(window)) => on_window(window),
                    Ok(None) => {}
                    Err(e) => failure = Some(e),
                }
            }
        });
        failure.map_or(Ok(()), Err)
    }
}

/// One clip the app decodes itself and pushes in chunks, classified as a whole like
/// [`EmotionDetector::classify_file`] classifies a file. Memory stays bounded however
/// long the clip. Made by [`EmotionDetector::start_clip`].
///
/// Safe to call from any thread (calls are serialised); each call blocks while it
/// computes, so push from a background thread.
#[derive(uniffi::Object)]
pub struct ClipSession {
    detector: Arc<EmotionDetector>,
    state: Mutex<Option<(ClipRun, ClipAggregator)>>,
}

impl ClipSession {
    pub(crate) fn new(
        detector: Arc<EmotionDetector>,
        sample_rate_hz: u32,
        channels: u16,
    ) -> Result<Self> {
        let run = ClipRun::new(&detector, sample_rate_hz, channels)?;
        Ok(Self {
            detector,
            state: Mutex::new(Some((run, ClipAggregator::default()))),
        })
    }

    fn finished() -> EmotionError {
        EmotionError::invalid_audio(
            "this clip was already finished (or failed); start a new one with start_clip",
        )
    }
}

#[uniffi::export]
impl ClipSession {
    /// Adds interleaved samples (−1..1, a whole number of frames) at the rate and
    /// channel count the session was started with. A bad sample (NaN, ±∞) is an error
    /// and ends the clip.
    pub fn push_interleaved(&self, samples: Vec<f32>) -> Result<()> {
        catch_panic(|| {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let (run, aggregate) = state.as_mut().ok_or_else(Self::finished)?;
            let pushed = run.push(&samples, &mut |w| aggregate.add(&w));
            if pushed.is_err() {
                *state = None;
            }
            pushed
        })
    }

    /// Ends the clip and returns its verdict (`emotion` is `"silence"` when no speech
    /// was heard). Later calls on this session fail.
    pub fn finish(&self) -> Result<EmotionResult> {
        catch_panic(|| {
            let taken = self.state.lock().unwrap_or_else(|e| e.into_inner()).take();
            let (run, mut aggregate) = taken.ok_or_else(Self::finished)?;
            let samples = run.finish(&mut |w| aggregate.add(&w))?;
            Ok(self.detector.clip_result(aggregate.mean(), samples))
        })
    }
}
