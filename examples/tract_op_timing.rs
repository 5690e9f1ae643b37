//! Times ONNX files in tract: `cargo run --release --example tract_op_timing -- a.onnx b.onnx`.
use std::time::Instant;
use tract_onnx::prelude::*;

fn main() -> TractResult<()> {
    for path in std::env::args().skip(1) {
        let model = tract_onnx::onnx().model_for_path(&path)?;
        let fact = model.input_fact(0)?.clone();
        let shape: Vec<usize> = fact.shape.as_concrete_finite()?.unwrap().to_vec();
        let plan = model.into_optimized()?.into_runnable()?;
        let n: usize = shape.iter().product();
        let input: Tensor = tract_ndarray::ArrayD::from_shape_vec(
            shape.clone(),
            (0..n)
                .map(|i| ((i * 7919) % 1000) as f32 / 500.0 - 1.0)
                .collect(),
        )?
        .into();
        for _ in 0..5 {
            plan.run(tvec!(input.clone().into()))?;
        }
        let mut times = vec![];
        for _ in 0..50 {
            let t = Instant::now();
            plan.run(tvec!(input.clone().into()))?;
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("{path}: median {:.1} µs", times[25]);
    }
    Ok(())
}
