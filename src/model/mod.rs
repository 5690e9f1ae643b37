//! The emotion model: metadata, the tract runtime, and the model embedded in the library.

mod embedded;
mod metadata;
mod runtime;

pub use embedded::{embedded_model, EMBEDDED_METADATA_JSON, EMBEDDED_ONNX};
pub use metadata::{ModelMetadata, FORMAT_VERSION};
pub use runtime::{softmax_in_place, Model};
