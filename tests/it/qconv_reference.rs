//! tract's quantised convolution against onnxruntime on shapes that walk the im2col and
//! int8-kernel edge cases our vendored tract patches touch (K not a multiple of 4, lines
//! shorter than 16, 16–32 and longer than 32 pixels, stride 2, 3×1 and 5×5 kernels, an
//! odd number of output channels, no padding; K = 288 and 432, where tract runs its Intel
//! AMX kernels on CPUs that have them, 16×16 and 8×8). The models, inputs and onnxruntime's
//! outputs are committed fixtures (`tests/fixtures/qconv/make_qconv.py`), so this runs
//! without Python.
//!
//! tract and onnxruntime requantise the i32 sums differently (fixed-point multiplier
//! vs a float scale), so single values may differ by one step; a packing or kernel bug
//! shows up as many large differences. (Measured 2026-11-28 on an Intel Xeon with each
//! x86-64 int8 kernel forced — 16×16 and 8×8 AVX-512-VNNI, AVX-VNNI, AVX2: every value
//! of every case equal to onnxruntime's; likewise later with the AMX kernels running the
//! K = 288 and 432 cases.)

use std::path::PathBuf;
use tract_onnx::prelude::*;

const CASES: [&str; 10] = [
    "k9_stride2",
    "short_lines",
    "medium_lines",
    "long_lines",
    "tall_kernel",
    "valid",
    "wide_kernel_strided",
    "like_features_3",
    "like_features_7",
    "long_k_small_m",
];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/qconv")
        .join(name)
}

#[test]
fn quantised_convolutions_match_onnxruntime() {
    for case in CASES {
        let model = tract_onnx::onnx_cnn()
            .model_for_path(fixture(&format!("{case}.onnx")))
            .unwrap()
            .into_optimized()
            .unwrap()
            .into_runnable()
            .unwrap();
        let input_shape: Vec<usize> = model
            .model()
            .input_fact(0)
            .unwrap()
            .shape
            .as_concrete()
            .unwrap()
            .to_vec();
        let input = std::fs::read(fixture(&format!("{case}.input.u8"))).unwrap();
        let expected = std::fs::read(fixture(&format!("{case}.expected.u8"))).unwrap();
        let x = tract_ndarray::ArrayD::from_shape_vec(input_shape, input).unwrap();
        let outputs = model.run(tvec!(Tensor::from(x).into())).unwrap();
        let view = outputs[0].try_as_plain_ram().unwrap();
        let got = view.as_slice::<u8>().unwrap();
        assert_eq!(got.len(), expected.len(), "{case}: output size");
        let differ = got.iter().zip(&expected).filter(|(a, b)| a != b).count();
        let worst = got
            .iter()
            .zip(&expected)
            .map(|(&a, &b)| a.abs_diff(b))
            .max()
            .unwrap();
        assert!(
            worst <= 1,
            "{case}: a value differs from onnxruntime by {worst}"
        );
        assert!(
            differ * 100 <= got.len(),
            "{case}: {differ} of {} values differ from onnxruntime (by one step)",
            got.len()
        );
    }
}
