//! Where one model window's time goes in tract: median time per node of the optimised
//! plan over 200 runs, slowest first. For finding what to speed up.
//!
//! `cargo run --release --example model_profile -- [model.onnx]` (default: the shipped model)
use std::time::Instant;

use tract_onnx::prelude::*;

fn main() -> TractResult<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "models/emotion.onnx".into());
    let onnx = tract_onnx::onnx_cnn();
    let mut proto = onnx.proto_model_for_path(&path)?;
    // As the library does: the exporter's symbolic batch in value_info conflicts with 1.
    if let Some(graph) = proto.graph.as_mut() {
        graph.value_info.clear();
    }
    let plan = onnx
        .model_for_proto_model(&proto)?
        .with_input_fact(0, f32::fact([1, 1, 64, 200]).into())?
        .with_output_fact(0, InferenceFact::default())?
        .into_optimized()?
        .into_runnable()?;
    let input: Tensor = tract_ndarray::Array4::from_shape_fn((1, 1, 64, 200), |(_, _, m, t)| {
        ((m * 7919 + t * 31) % 1000) as f32 / 100.0 - 15.0
    })
    .into();
    let nodes = plan.model().nodes().len();
    let mut times = vec![vec![]; nodes];
    let mut state = tract_onnx::tract_core::plan::SimpleState::new(&plan)?;
    for round in 0..210 {
        state.run_plan_with_eval(
            tvec!(input.clone().into_tvalue()),
            |ctx, st, node, inputs| {
                let start = Instant::now();
                let out = tract_onnx::tract_core::plan::eval(ctx, st, node, inputs);
                if round >= 10 {
                    times[node.id].push(start.elapsed().as_secs_f64() * 1e6);
                }
                out
            },
        )?;
    }
    let mut rows: Vec<(f64, usize)> = times
        .iter_mut()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(id, t)| {
            t.sort_by(f64::total_cmp);
            (t[t.len() / 2], id)
        })
        .collect();
    let total: f64 = rows.iter().map(|r| r.0).sum();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("total of medians: {total:.0} µs");
    for (us, id) in rows {
        let node = &plan.model().nodes()[id];
        let fact = plan.model().outlet_fact(OutletId::new(id, 0))?;
        println!(
            "{us:8.1} µs {:5.1} %  #{id} {} {:?} -> {:?}",
            100.0 * us / total,
            node.op().name(),
            node.name,
            fact
        );
    }
    Ok(())
}
