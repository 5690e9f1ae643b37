//! The matrix kernels tract picks for the shipped model on this CPU, and the vendored
//! int8 kernels' assembly.
//!
//! tract-linalg 0.23.9's Intel AMX int8 kernels read B in 64-deep K tiles from panels
//! padded to K = 4 only, so for K not a multiple of 64 the last panel's tile load ran past
//! the end of its buffer: an intermittent SIGSEGV on Sapphire Rapids and later (seen in
//! `cargo bench --bench live`). The vendored tract-linalg ends those buffers with the
//! slack the loads reach (`PackedI8K4::end_slack`) and its AMX tier answers only for
//! K >= 128, where AMX is faster; on AVX-512-VNNI cores with one 512-bit FMA unit its
//! VNNI tier takes the 16×16 tile for short K, as on two-unit cores
//! (`vendor/tract-linalg/PATCHED.md`). On a CPU with neither the first test passes
//! either way.

#[test]
fn the_optimised_model_uses_amx_only_for_long_k_and_the_wide_vnni_tile() {
    let kernels = crate::shipped_model_matmuls();
    assert!(
        !kernels.is_empty(),
        "no OptMatMul in the optimised plan: has tract's plan changed?"
    );
    for line in &kernels {
        // "Mult: m:16 k:9 n:3200 with [avx512vnni_mmm_i32_16x16]"
        let dim = |name: &str| -> usize {
            line.split_whitespace()
                .find_map(|word| word.strip_prefix(name))
                .and_then(|value| value.parse().ok())
                .unwrap_or_else(|| panic!("no {name} in {line:?}: has tract's format changed?"))
        };
        // The dense layers (n = 1) are left to tract's generic choice, which takes the
        // boosted AMX 16×16 tile for them (2–3 µs either way).
        assert!(
            !line.to_lowercase().contains("amx") || dim("k:") >= 128 || dim("n:") == 1,
            "an AMX kernel was chosen for a convolution with K < 128 (slower): {line}"
        );
        // On AVX-512-VNNI cores that the probe finds to have one 512-bit FMA unit (AMD
        // Zen 4/5, Intel client parts) upstream picks the 8×8 tile; for these K the 16×16
        // is ~2× faster per convolution on Zen 4 (PATCHED.md). Elsewhere neither names it.
        assert!(
            !line.contains("avx512vnni_mmm_i32_8x8") || dim("n:") == 1,
            "the 8×8 AVX-512-VNNI tile was chosen for a convolution (the 16×16 is faster): {line}"
        );
    }
}

/// The vendored x86-64 int8 kernels' assembly: no legacy-SSE `movd` / `movq` into an xmm
/// register (each stalls on the dirty upper ymm/zmm state of the surrounding VEX/EVEX
/// code: with them the AVX-VNNI and 8×8 AVX-512-VNNI kernels ran a model window ~6×
/// slower on an Intel Xeon, the 8×8 AMX kernel a convolution ~3×), no MXCSR save/restore
/// (they execute no floating-point arithmetic, and `stmxcsr` stalled every call), and a
/// `vzeroupper` before returning (without it the caller's legacy-SSE code — our feature
/// extractor, libm's `logf` — ran ~2× slower after every model window). Checks the
/// source, so it fails on any CPU if a patch is lost. See `vendor/tract-linalg/PATCHED.md`.
#[test]
fn int8_kernels_avoid_sse_transitions_and_mxcsr_traffic() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/tract-linalg/x86_64/fma");
    let kernels = [
        "avx2_mmm_i32_8x8.S.j2",
        "avxvnni_mmm_i32_8x8.S.j2",
        "avx512vnni_mmm_i32_8x8.S.j2",
        "avx512vnni_mmm_i32_16x16.S.j2",
        "avx512amx_mmm_i32_8x8.S.j2",
        "avx512amx_mmm_i32_16x16.S.j2",
    ];
    for kernel in kernels {
        let source = std::fs::read_to_string(dir.join(kernel)).unwrap();
        assert!(
            returns_with_vzeroupper(&source),
            "{kernel}: no vzeroupper before ret (the caller's SSE code then runs ~2x slower)"
        );
        for (number, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("").trim();
            let mnemonic = code.split_whitespace().next().unwrap_or("");
            assert!(
                !(matches!(mnemonic, "movd" | "movq") && code.contains("xmm")),
                "{kernel}:{}: legacy-SSE `{code}` (use the VEX form, vmovd / vmovq)",
                number + 1
            );
            assert!(
                !matches!(mnemonic, "stmxcsr" | "ldmxcsr"),
                "{kernel}:{}: `{code}`: the int8 kernels do no FP arithmetic",
                number + 1
            );
        }
    }
}

/// tract-linalg's x86-64 element-wise and reduction routines written as inline `asm!`
/// (max, min, multiply-by-scalar, activations, …) and its f32 matrix kernels end with
/// `vzeroupper`. LLVM inserts one after compiled AVX code, but not after an `asm!` block
/// that dirtied ymm/zmm registers. Without it, on an AMD Zen 4 core, the model's input
/// quantisation (plain SSE code) ran after the window normalisation's max and
/// multiply-by-scalar at 30.7 µs instead of ~5, and a plain SSE loop run after a ymm
/// instruction took 19 µs instead of 3 (PATCHED.md). Checks the source.
#[test]
fn inline_asm_routines_and_f32_kernels_leave_no_dirty_upper_state() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/tract-linalg");
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("src/x86_64")).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        for block in source.split("asm!(").skip(1) {
            // The block's template and operands, up to the closing `);`.
            let block = block.split(");").next().unwrap();
            let template = block.split("=>").next().unwrap();
            let wide = template.contains("ymm") || template.contains("zmm");
            if wide {
                checked += 1;
                assert!(
                    template.contains("vzeroupper"),
                    "{}: an asm! block using ymm/zmm has no vzeroupper:\n{}",
                    path.display(),
                    &block[..block.len().min(300)]
                );
            }
        }
    }
    assert!(
        checked >= 10,
        "only {checked} asm! blocks with ymm/zmm found: has tract-linalg's layout changed?"
    );
    let postamble = std::fs::read_to_string(root.join("x86_64/fma/postamble.j2")).unwrap();
    assert!(
        returns_with_vzeroupper(&postamble),
        "postamble.j2 (the f32 matrix kernels' return): no vzeroupper before ret"
    );
}

/// Whether a kernel template's return path (from its `{{L}}return:` label to the first
/// `ret`) has a `vzeroupper`.
fn returns_with_vzeroupper(template: &str) -> bool {
    let (_, after_return) = template
        .split_once("{{L}}return:")
        .expect("no {{L}}return: label: has the template changed?");
    after_return
        .split("ret")
        .next()
        .unwrap()
        .contains("vzeroupper")
}
