//! Where one model window's time goes in tract: median time per node of the optimised
//! plan over 200 runs, slowest first; and where loading it goes: median time per stage
//! of preparing the plan over 30 loads. For finding what to speed up.
//!
//! `cargo run --release --example model_profile -- [--sse-probe] [model.onnx]` (default: the
//! shipped model). With `--sse-probe` the time per node is instead that of a small
//! legacy-SSE loop run right after the node: nodes that leave the upper ymm/zmm state
//! dirty (an AVX routine without `vzeroupper`) show up ~2× slower than the rest.
use std::time::Instant;

use tract_onnx::prelude::*;

fn main() -> TractResult<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sse_probe = args.iter().any(|a| a == "--sse-probe");
    let path = args
        .iter()
        .find(|a| *a != "--sse-probe")
        .cloned()
        .unwrap_or_else(|| "models/emotion.onnx".into());
    let plan = load_with_stage_times(&tract_onnx::onnx_cnn(), &std::fs::read(&path)?)?;
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
                let mut start = Instant::now();
                let out = tract_onnx::tract_core::plan::eval(ctx, st, node, inputs);
                if sse_probe {
                    start = Instant::now();
                    legacy_sse_loop();
                }
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
    if sse_probe {
        println!("time of a legacy-SSE loop run after each node (slower = dirty upper state):");
    }
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

/// Loads the model 30 times as the library does (`Model::from_bytes` adds a checksum and
/// a validation of the operators, both small), prints the median time of each stage, and
/// returns the last plan.
fn load_with_stage_times(
    onnx: &tract_onnx::Onnx,
    bytes: &[u8],
) -> TractResult<Arc<TypedRunnableModel>> {
    const STAGES: [&str; 7] = [
        "parse protobuf",
        "build inference model",
        "type (analyse + translate)",
        "declutter",
        "optimise (codegen)",
        "make runnable",
        "first window",
    ];
    let mut times = vec![vec![]; STAGES.len()];
    let mut plan = None;
    for _ in 0..30 {
        let mut marks = vec![Instant::now()];
        let mut proto = onnx.proto_model_for_read(&mut std::io::Cursor::new(bytes))?;
        // The exporter's symbolic batch in value_info conflicts with the fixed batch of 1.
        if let Some(graph) = proto.graph.as_mut() {
            graph.value_info.clear();
        }
        marks.push(Instant::now());
        let model = onnx
            .model_for_proto_model(&proto)?
            .with_input_fact(0, f32::fact([1, 1, 64, 200]).into())?
            .with_output_fact(0, InferenceFact::default())?;
        marks.push(Instant::now());
        let mut typed = model.into_typed()?;
        marks.push(Instant::now());
        typed.declutter()?;
        marks.push(Instant::now());
        typed.optimize()?;
        marks.push(Instant::now());
        let runnable = typed.into_runnable()?;
        marks.push(Instant::now());
        runnable.run(tvec!(Tensor::zero::<f32>(&[1, 1, 64, 200])?.into_tvalue()))?;
        marks.push(Instant::now());
        for (stage, pair) in times.iter_mut().zip(marks.windows(2)) {
            stage.push((pair[1] - pair[0]).as_secs_f64() * 1e3);
        }
        plan = Some(runnable);
    }
    println!("model load, median of 30:");
    for (name, t) in STAGES.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        println!("{:8.2} ms  {name}", t[t.len() / 2]);
    }
    Ok(plan.expect("30 loads"))
}

/// A few µs of scalar f32 arithmetic, compiled as legacy SSE (baseline x86-64): slower
/// when the upper halves of the ymm/zmm registers are dirty.
#[inline(never)]
fn legacy_sse_loop() {
    let mut acc = [1.0f32; 4];
    for i in 0..2000 {
        let x = std::hint::black_box(i as f32);
        for a in acc.iter_mut() {
            *a = (*a * 0.5 + x).min(1e6);
        }
    }
    std::hint::black_box(acc);
}
