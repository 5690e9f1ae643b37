//! The integration tests that can share a process, as one test program (one link of
//! the library and tract instead of one per file). Tests that count allocations, watch
//! the process's memory or threads, install a global logger or run a sound server stay
//! in their own files under `tests/`.

#[path = "../common/mod.rs"]
mod common;

mod audio_formats;
mod audio_input;
mod bad_input;
#[cfg(feature = "cli")] // runs the `emotion` program
mod bindings;
#[cfg(feature = "cli")]
mod cli;
mod clip_session;
mod cross_arch;
mod dataset_accuracy;
mod features_reference;
mod features_streaming;
mod fuzz_manifest;
mod matrix_kernels;
mod model_validation;
mod qconv_reference;
mod stream_push;
mod windows;

use speech_emotion::model::EMBEDDED_ONNX;
use tract_onnx::prelude::*;

/// The "Mult:" lines of every `OptMatMul` in the shipped model's optimised tract plan on
/// this CPU ("Mult: m:16 k:9 n:3200 with [avx512vnni_mmm_i32_16x16]"): the matrix
/// kernels tract picked (`matrix_kernels`, `cross_arch`).
fn shipped_model_matmuls() -> Vec<String> {
    let onnx = tract_onnx::onnx_cnn();
    let mut proto = onnx
        .proto_model_for_read(&mut std::io::Cursor::new(EMBEDDED_ONNX))
        .unwrap();
    // As the library does: the exporter's symbolic batch in value_info conflicts with 1.
    if let Some(graph) = proto.graph.as_mut() {
        graph.value_info.clear();
    }
    let plan = onnx
        .model_for_proto_model(&proto)
        .unwrap()
        .with_input_fact(0, f32::fact([1, 1, 64, 200]).into())
        .unwrap()
        .into_optimized()
        .unwrap();
    plan.nodes()
        .iter()
        .filter(|node| node.op().name() == "OptMatMul")
        .flat_map(|node| node.op().info().unwrap())
        .filter(|line| line.starts_with("Mult:"))
        .collect()
}
