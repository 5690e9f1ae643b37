//! The matrix kernels tract picks for the shipped model on this CPU.
//!
//! tract-linalg 0.23.9's Intel AMX int8 kernels read B in 64-deep K tiles from panels
//! padded to K = 4 only, so for the model's convolutions (K = 9, 144, 288, 432) the last
//! panel's tile load runs past the end of its buffer: an intermittent SIGSEGV on
//! Sapphire Rapids and later (seen in `cargo bench --bench live`). The vendored
//! tract-linalg never offers them (`vendor/tract-linalg/PATCHED.md`). On a CPU without
//! AMX this test passes either way; on one with AMX it fails if the patch is lost.

use speech_emotion::model::EMBEDDED_ONNX;
use tract_onnx::prelude::*;

#[test]
fn the_optimised_model_uses_no_amx_kernel() {
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
    let kernels: Vec<String> = plan
        .nodes()
        .iter()
        .filter(|node| node.op().name() == "OptMatMul")
        .flat_map(|node| node.op().info().unwrap())
        .filter(|line| line.starts_with("Mult:"))
        .collect();
    assert!(
        !kernels.is_empty(),
        "no OptMatMul in the optimised plan: has tract's plan changed?"
    );
    for line in &kernels {
        assert!(
            !line.to_lowercase().contains("amx"),
            "an AMX kernel was chosen: {line}"
        );
    }
}
