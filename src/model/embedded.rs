//! The model shipped inside the library, loaded once and shared.

use std::sync::Arc;

use once_cell::sync::Lazy;

use super::Model;
use crate::error::Result;

/// The shipped int8 ONNX model (`models/emotion.onnx`).
pub static EMBEDDED_ONNX: &[u8] = include_bytes!("../../models/emotion.onnx");
/// Its metadata (`models/emotion.json`).
pub static EMBEDDED_METADATA_JSON: &str = include_str!("../../models/emotion.json");

static EMBEDDED: Lazy<Result<Arc<Model>>> =
    Lazy::new(|| Model::from_bytes(EMBEDDED_ONNX, EMBEDDED_METADATA_JSON).map(Arc::new));

/// The embedded model, parsed and optimised on first use (a few ms), then shared
/// read-only by every detector. Thread-safe.
pub fn embedded_model() -> Result<Arc<Model>> {
    EMBEDDED.as_ref().map(Arc::clone).map_err(Clone::clone)
}
