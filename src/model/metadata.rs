//! The JSON that travels beside every model: labels, feature parameters, window.

use serde::{Deserialize, Serialize};

use crate::error::{EmotionError, Result};
use crate::features::FeatureConfig;

/// The metadata format this library reads.
pub const FORMAT_VERSION: u32 = 1;

/// Describes a model: what it expects as input and what its outputs mean.
///
/// Parsed from the `<model>.json` file written by `training/export.py`. Unknown
/// top-level keys are rejected so a typo cannot silently fall back to a default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelMetadata {
    /// Must equal [`FORMAT_VERSION`].
    pub format_version: u32,
    /// Model name.
    pub name: String,
    /// Model version (semver).
    pub version: String,
    /// Short description of the network.
    #[serde(default)]
    pub architecture: String,
    /// Output labels, in the order of the model's output vector.
    pub labels: Vec<String>,
    /// Parameters of the features the model was trained on.
    pub features: FeatureConfig,
    /// Frames per model window (one frame per `features.hop_length` samples).
    pub window_frames: usize,
    /// Name of the ONNX input, shaped `[1, 1, n_mels, window_frames]`.
    pub input_name: String,
    /// Name of the ONNX output, shaped `[1, labels.len()]` (logits).
    pub output_name: String,
    /// Softmax temperature fitted on held-out speakers (`softmax(logits / T)`).
    #[serde(default = "unit_temperature")]
    pub temperature: f32,
    /// SHA-256 of the ONNX file, lowercase hex; checked when present.
    #[serde(default)]
    pub onnx_sha256: Option<String>,
    /// How the weights are quantised.
    #[serde(default)]
    pub quantization: String,
    /// How the model was trained (free-form, for people).
    #[serde(default)]
    pub training: serde_json::Value,
    /// Validation numbers (free-form, for people).
    #[serde(default)]
    pub validation: serde_json::Value,
    /// Licences of the model and its training data (free-form, for people).
    #[serde(default)]
    pub license: serde_json::Value,
}

fn unit_temperature() -> f32 {
    1.0
}

/// Longest window accepted, in frames (60 s at a 10 ms hop).
const MAX_WINDOW_FRAMES: usize = 6_000;

impl ModelMetadata {
    /// Parses and validates metadata JSON.
    pub fn from_json(json: &str) -> Result<Self> {
        let meta: Self = serde_json::from_str(json)
            .map_err(|e| EmotionError::invalid_model(format!("model metadata JSON: {e}")))?;
        meta.validate()?;
        Ok(meta)
    }

    /// Checks the fields are consistent; the error names the bad one.
    pub fn validate(&self) -> Result<()> {
        let bad = |what: String| Err(EmotionError::invalid_model(what));
        if self.format_version != FORMAT_VERSION {
            return bad(format!(
                "metadata format_version {} is not supported (expected {FORMAT_VERSION})",
                self.format_version
            ));
        }
        if self.labels.len() < 2 {
            return bad(format!(
                "metadata lists {} labels; at least 2 are needed",
                self.labels.len()
            ));
        }
        for (i, label) in self.labels.iter().enumerate() {
            if label.is_empty() || self.labels[..i].contains(label) {
                return bad(format!("metadata label {label:?} is empty or repeated"));
            }
        }
        self.features
            .validate()
            .map_err(|e| EmotionError::invalid_model(format!("metadata {e}")))?;
        if !(1..=MAX_WINDOW_FRAMES).contains(&self.window_frames) {
            return bad(format!(
                "metadata window_frames {} not in 1..={MAX_WINDOW_FRAMES}",
                self.window_frames
            ));
        }
        if !(self.temperature.is_finite() && self.temperature > 0.0) {
            return bad(format!(
                "metadata temperature {} must be a positive number",
                self.temperature
            ));
        }
        Ok(())
    }

    /// Duration of one model window in ms.
    pub fn window_ms(&self) -> f64 {
        self.window_frames as f64 * self.features.hop_ms()
    }
}
