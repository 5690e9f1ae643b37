//! Loading an ONNX model with tract, checking it against its metadata, running windows.

use std::io::Cursor;

use sha2::{Digest, Sha256};
use tract_onnx::pb;
use tract_onnx::prelude::*;

use super::ModelMetadata;
use crate::error::{panic_message, EmotionError, Result};

type Plan = std::sync::Arc<TypedSimplePlan>;

/// A loaded model: an optimised tract plan plus its metadata.
///
/// Immutable after loading; `run` takes `&self`, so one `Model` (in an `Arc`) serves
/// any number of detectors on any threads.
pub struct Model {
    metadata: ModelMetadata,
    plan: Plan,
    onnx_sha256: String,
    onnx_bytes: usize,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("name", &self.metadata.name)
            .field("version", &self.metadata.version)
            .field("onnx_sha256", &self.onnx_sha256)
            .finish()
    }
}

impl Model {
    /// Loads a model from ONNX bytes and its metadata JSON.
    ///
    /// Fails with [`EmotionError::InvalidModel`] if the bytes are not ONNX, the checksum
    /// differs from the metadata's, the input/output names or shapes disagree with the
    /// metadata (`[1, 1, n_mels, window_frames]` → `[1, labels]`), or a trial run fails
    /// or gives non-finite logits. A panic inside tract on malformed bytes is caught and
    /// reported as `InvalidModel` too.
    pub fn from_bytes(onnx: &[u8], metadata_json: &str) -> Result<Self> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Self::from_bytes_unguarded(onnx, metadata_json)
        }))
        .unwrap_or_else(|payload| {
            Err(EmotionError::invalid_model(format!(
                "tract failed on these bytes ({}): the model is corrupt or uses an \
                 operator this runtime does not support",
                panic_message(payload.as_ref())
            )))
        })
    }

    fn from_bytes_unguarded(onnx: &[u8], metadata_json: &str) -> Result<Self> {
        let metadata = ModelMetadata::from_json(metadata_json)?;
        let onnx_sha256 = hex(&Sha256::digest(onnx));
        if let Some(expected) = &metadata.onnx_sha256 {
            if !expected.eq_ignore_ascii_case(&onnx_sha256) {
                return Err(EmotionError::invalid_model(format!(
                    "ONNX sha256 {onnx_sha256} differs from the metadata's {expected}: \
                     the model and its metadata do not belong together"
                )));
            }
        }
        // Only the operators of convolutional networks are registered (vendored
        // tract-onnx, `onnx_cnn`): the linker drops every other operator.
        let onnx_loader = tract_onnx::onnx_cnn();
        let mut proto = onnx_loader
            .proto_model_for_read(&mut Cursor::new(onnx))
            .map_err(|e| {
                EmotionError::invalid_model(format!("not a readable ONNX model: {e:#}"))
            })?;
        check_declared_io(&proto, &metadata)?;
        check_operators(&proto, &onnx_loader)?;
        // Intermediate shapes recorded by the exporter may carry a symbolic batch axis
        // that conflicts with the fixed batch of 1 given below; tract re-infers them.
        if let Some(graph) = proto.graph.as_mut() {
            graph.value_info.clear();
        }

        let n_mels = metadata.features.n_mels;
        let window = metadata.window_frames;
        let plan = onnx_loader
            .model_for_proto_model(&proto)
            .and_then(|model| {
                model
                    .with_input_fact(0, f32::fact([1, 1, n_mels, window]).into())?
                    .with_output_fact(0, InferenceFact::default())?
                    .into_optimized()?
                    .into_runnable()
            })
            .map_err(|e| {
                EmotionError::invalid_model(format!("tract cannot prepare the model: {e:#}"))
            })?;
        let model = Self {
            metadata,
            plan,
            onnx_sha256,
            onnx_bytes: onnx.len(),
        };
        let silence = vec![model.metadata.features.silence_value(); n_mels * window];
        let logits = model.logits(&silence).map_err(|e| match e {
            EmotionError::Internal { reason: message } => EmotionError::invalid_model(message),
            other => other,
        })?;
        if logits.iter().any(|v| !v.is_finite()) {
            return Err(EmotionError::invalid_model(format!(
                "the model gives non-finite logits {logits:?} for a silent window"
            )));
        }
        log::info!(
            "loaded model {} {} ({} bytes, window {} frames)",
            model.metadata.name,
            model.metadata.version,
            model.onnx_bytes,
            window
        );
        Ok(model)
    }

    /// Loads `onnx_path` and its metadata from `metadata_path`, or from the same path
    /// with a `.json` extension when `None`.
    pub fn from_files(
        onnx_path: &std::path::Path,
        metadata_path: Option<&std::path::Path>,
    ) -> Result<Self> {
        let json_path = metadata_path
            .map(|p| p.to_path_buf())
            .unwrap_or_else(|| onnx_path.with_extension("json"));
        let onnx = std::fs::read(onnx_path).map_err(|e| {
            EmotionError::io(format!("cannot read model {}: {e}", onnx_path.display()))
        })?;
        let json = std::fs::read_to_string(&json_path).map_err(|e| {
            EmotionError::io(format!(
                "cannot read model metadata {} (a model needs its metadata JSON beside it): {e}",
                json_path.display()
            ))
        })?;
        Self::from_bytes(&onnx, &json)
    }

    /// The model's metadata.
    pub fn metadata(&self) -> &ModelMetadata {
        &self.metadata
    }

    /// SHA-256 of the ONNX bytes, lowercase hex.
    pub fn onnx_sha256(&self) -> &str {
        &self.onnx_sha256
    }

    /// Size of the ONNX file in bytes.
    pub fn onnx_bytes(&self) -> usize {
        self.onnx_bytes
    }

    /// Runs one window: `window` holds `window_frames` frames of `n_mels` values,
    /// frame-major (`window[t * n_mels + m]`). Returns the raw logits.
    pub fn logits(&self, window: &[f32]) -> Result<Vec<f32>> {
        let n_mels = self.metadata.features.n_mels;
        let frames = self.metadata.window_frames;
        if window.len() != n_mels * frames {
            return Err(EmotionError::Internal {
                reason: format!(
                    "window has {} values, expected {}",
                    window.len(),
                    n_mels * frames
                ),
            });
        }
        let input = tract_ndarray::Array4::from_shape_vec(
            (1, 1, n_mels, frames),
            mel_major(window, n_mels),
        )
        .map_err(|e| EmotionError::Internal {
            reason: format!("model input: {e}"),
        })?;
        let outputs = self
            .plan
            .run(tvec!(Tensor::from(input).into()))
            .map_err(|e| EmotionError::Internal {
                reason: format!("model run failed: {e:#}"),
            })?;
        let output = &outputs[0];
        let logits = output
            .try_as_plain_ram()
            .and_then(|view| view.as_slice::<f32>().map(<[f32]>::to_vec))
            .map_err(|e| EmotionError::Internal {
                reason: format!("model output is not f32: {e:#}"),
            })?;
        let labels = self.metadata.labels.len();
        if logits.len() != labels {
            return Err(EmotionError::invalid_model(format!(
                "model outputs {} values (shape {:?}) but the metadata lists {labels} labels",
                logits.len(),
                output.shape()
            )));
        }
        Ok(logits)
    }

    /// Runs one window and returns calibrated probabilities:
    /// `softmax(logits / temperature)`, in label order.
    pub fn probabilities(&self, window: &[f32]) -> Result<Vec<f32>> {
        let mut p = self.logits(window)?;
        softmax_in_place(&mut p, self.metadata.temperature);
        Ok(p)
    }
}

/// `window` (frame-major: `n_mels` values per 10 ms frame, frame after frame) as the
/// model's input wants it, mel-major: all frames of mel 0, then of mel 1, …
/// Transposed in 4×4 tiles (SSE2 on x86-64), the ragged edges value by value.
fn mel_major(window: &[f32], n_mels: usize) -> Vec<f32> {
    let frames = window.len() / n_mels;
    let mut out = vec![0.0; window.len()];
    let (mels4, frames4) = (n_mels / 4 * 4, frames / 4 * 4);
    for m0 in (0..mels4).step_by(4) {
        for t0 in (0..frames4).step_by(4) {
            let src = &window[t0 * n_mels + m0..][..3 * n_mels + 4];
            let dst = &mut out[m0 * frames + t0..][..3 * frames + 4];
            transpose_4x4(src, n_mels, dst, frames);
        }
    }
    for m in 0..n_mels {
        let first_t = if m < mels4 { frames4 } else { 0 };
        for t in first_t..frames {
            out[m * frames + t] = window[t * n_mels + m];
        }
    }
    out
}

/// `dst[i * dst_stride + j] = src[j * src_stride + i]` for `i, j < 4`.
#[inline(always)]
fn transpose_4x4(src: &[f32], src_stride: usize, dst: &mut [f32], dst_stride: usize) {
    assert!(src.len() >= 3 * src_stride + 4 && dst.len() >= 3 * dst_stride + 4);
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64; the assert bounds every load and store.
    unsafe {
        use std::arch::x86_64::*;
        let (s, d) = (src.as_ptr(), dst.as_mut_ptr());
        let r0 = _mm_loadu_ps(s);
        let r1 = _mm_loadu_ps(s.add(src_stride));
        let r2 = _mm_loadu_ps(s.add(2 * src_stride));
        let r3 = _mm_loadu_ps(s.add(3 * src_stride));
        let (r01_lo, r23_lo) = (_mm_unpacklo_ps(r0, r1), _mm_unpacklo_ps(r2, r3));
        let (r01_hi, r23_hi) = (_mm_unpackhi_ps(r0, r1), _mm_unpackhi_ps(r2, r3));
        _mm_storeu_ps(d, _mm_movelh_ps(r01_lo, r23_lo));
        _mm_storeu_ps(d.add(dst_stride), _mm_movehl_ps(r23_lo, r01_lo));
        _mm_storeu_ps(d.add(2 * dst_stride), _mm_movelh_ps(r01_hi, r23_hi));
        _mm_storeu_ps(d.add(3 * dst_stride), _mm_movehl_ps(r23_hi, r01_hi));
    }
    #[cfg(not(target_arch = "x86_64"))]
    for i in 0..4 {
        for j in 0..4 {
            dst[i * dst_stride + j] = src[j * src_stride + i];
        }
    }
}

/// `softmax(x / temperature)` in place, numerically stable.
pub fn softmax_in_place(x: &mut [f32], temperature: f32) {
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in x.iter_mut() {
        *v = ((*v - max) / temperature).exp();
        sum += *v;
    }
    for v in x.iter_mut() {
        *v /= sum;
    }
}

/// Refuses a graph with an operator the loader does not register, naming it (tract would
/// only fail later, less clearly). The loader knows the operators of convolutional
/// networks, f32 or int8 (`tract_onnx::onnx_cnn`), which is what `training/` exports.
fn check_operators(proto: &pb::ModelProto, loader: &tract_onnx::Onnx) -> Result<()> {
    let Some(graph) = proto.graph.as_ref() else {
        return Ok(());
    };
    let known = &loader.op_register.0;
    let Some(node) = graph.node.iter().find(|n| !known.contains_key(&n.op_type)) else {
        return Ok(());
    };
    let mut supported: Vec<&str> = known.keys().map(String::as_str).collect();
    supported.sort_unstable();
    Err(EmotionError::invalid_model(format!(
        "operator {:?} (node {:?}) is not supported: this runtime runs convolutional \
         networks as `training/` exports them, with the operators {}",
        node.op_type,
        node.name,
        supported.join(", ")
    )))
}

/// Checks the graph's declared input/output names and fixed dimensions against the
/// metadata before tract sees it, so a mismatch gets an error that names it.
fn check_declared_io(proto: &pb::ModelProto, meta: &ModelMetadata) -> Result<()> {
    let graph = proto
        .graph
        .as_ref()
        .ok_or_else(|| EmotionError::invalid_model("ONNX file has no graph"))?;
    let initializers: Vec<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
    let inputs: Vec<&pb::ValueInfoProto> = graph
        .input
        .iter()
        .filter(|i| !initializers.contains(&i.name.as_str()))
        .collect();
    let [input] = inputs.as_slice() else {
        return Err(EmotionError::invalid_model(format!(
            "model has {} inputs; exactly one ({:?}) is expected",
            inputs.len(),
            meta.input_name
        )));
    };
    if input.name != meta.input_name {
        return Err(EmotionError::invalid_model(format!(
            "model input is named {:?} but the metadata says {:?}",
            input.name, meta.input_name
        )));
    }
    let expected_in = [
        None,
        Some(1),
        Some(meta.features.n_mels as i64),
        Some(meta.window_frames as i64),
    ];
    check_dims("input", input, &expected_in)?;

    let [output] = graph.output.as_slice() else {
        return Err(EmotionError::invalid_model(format!(
            "model has {} outputs; exactly one ({:?}) is expected",
            graph.output.len(),
            meta.output_name
        )));
    };
    if output.name != meta.output_name {
        return Err(EmotionError::invalid_model(format!(
            "model output is named {:?} but the metadata says {:?}",
            output.name, meta.output_name
        )));
    }
    check_dims("output", output, &[None, Some(meta.labels.len() as i64)])
}

/// Compares declared dimensions with `expected` (`None` = any, e.g. the batch axis).
/// Symbolic or missing dimensions in the file are accepted; the trial run catches the rest.
fn check_dims(what: &str, info: &pb::ValueInfoProto, expected: &[Option<i64>]) -> Result<()> {
    use pb::tensor_shape_proto::dimension::Value;
    use pb::type_proto::Value as TypeValue;
    let Some(TypeValue::TensorType(tensor)) = info.r#type.as_ref().and_then(|t| t.value.as_ref())
    else {
        return Ok(());
    };
    let Some(shape) = &tensor.shape else {
        return Ok(());
    };
    let declared: Vec<Option<i64>> = shape
        .dim
        .iter()
        .map(|d| match d.value {
            Some(Value::DimValue(v)) => Some(v),
            _ => None,
        })
        .collect();
    let fmt = |dims: &[Option<i64>]| {
        dims.iter()
            .map(|d| d.map_or("?".to_string(), |v| v.to_string()))
            .collect::<Vec<_>>()
            .join("×")
    };
    let mismatch = declared.len() != expected.len()
        || declared
            .iter()
            .zip(expected)
            .any(|(d, e)| matches!((d, e), (Some(d), Some(e)) if d != e));
    if mismatch {
        return Err(EmotionError::invalid_model(format!(
            "model {what} {:?} is declared {} but the metadata implies {}",
            info.name,
            fmt(&declared),
            fmt(expected)
        )));
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::mel_major;

    #[test]
    fn mel_major_transposes_every_shape() {
        for n_mels in [1, 3, 4, 7, 8, 9, 16, 64] {
            for frames in [1, 3, 4, 5, 200, 201] {
                let window: Vec<f32> = (0..n_mels * frames).map(|i| i as f32).collect();
                let out = mel_major(&window, n_mels);
                for m in 0..n_mels {
                    for t in 0..frames {
                        assert_eq!(
                            out[m * frames + t],
                            window[t * n_mels + m],
                            "{n_mels}×{frames}"
                        );
                    }
                }
            }
        }
    }
}
