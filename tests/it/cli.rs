//! The `emotion` command line: JSON shapes, multi-file behaviour, exit codes, errors.

use std::process::{Command, Output};

fn emotion(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emotion"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run emotion")
}

fn stdout_json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l:?}: {e}")))
        .collect()
}

const LABELS: [&str; 5] = ["happy", "sad", "angry", "surprised", "neutral"];

#[test]
fn classify_one_file_prints_one_object_with_all_scores() {
    let out = emotion(&["classify", "tests/fixtures/speech_16k_mono.wav"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = stdout_json_lines(&out);
    assert_eq!(lines.len(), 1);
    let v = &lines[0];
    assert!(v.get("file").is_none());
    let emotion = v["emotion"].as_str().unwrap();
    assert!(LABELS.contains(&emotion), "{v}");
    let confidence = v["confidence"].as_f64().unwrap();
    let scores = v["scores"].as_object().unwrap();
    assert_eq!(
        scores.keys().map(String::as_str).collect::<Vec<_>>(),
        LABELS
    );
    let sum: f64 = scores.values().map(|s| s.as_f64().unwrap()).sum();
    assert!((sum - 1.0).abs() < 1e-3, "{v}");
    assert_eq!(scores[emotion].as_f64().unwrap(), confidence);
    assert!(scores.values().all(|s| s.as_f64().unwrap() <= confidence));
    assert_eq!(v["is_speech"], true);
    // The first keys keep the prototype's shape.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("{\"emotion\":"), "{text}");
}

#[test]
fn classify_many_files_reports_each_and_fails_if_any_failed() {
    let out = emotion(&[
        "classify",
        "tests/fixtures/speech_16k_mono.wav",
        "tests/fixtures/text_named.wav",
        "tests/fixtures/speech_8k.wav",
    ]);
    assert!(!out.status.success());
    let lines = stdout_json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], "tests/fixtures/speech_16k_mono.wav");
    assert!(lines[0]["emotion"].is_string());
    assert_eq!(lines[1]["file"], "tests/fixtures/text_named.wav");
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("not an audio file"),
        "{}",
        lines[1]
    );
    assert!(lines[2]["emotion"].is_string());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("1 of 3 files failed"), "{stderr}");
}

#[test]
fn errors_are_one_sentence_on_stderr_without_a_panic() {
    let out = emotion(&["classify", "tests/fixtures/empty.wav"]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("emotion: invalid audio:"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}

#[test]
fn temperature_option_softens_confidence_or_is_refused_clearly() {
    let file = "tests/fixtures/speech_16k_mono.wav";
    let confidence = |out: &Output| stdout_json_lines(out)[0]["confidence"].as_f64().unwrap();
    let default = emotion(&["classify", file]);
    let softer = emotion(&["--temperature", "1.75", "classify", file]);
    assert!(softer.status.success());
    assert!(confidence(&softer) < confidence(&default));
    let refused = emotion(&["--temperature", "0", "classify", file]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8(refused.stderr).unwrap();
    assert!(
        stderr.starts_with("emotion: invalid configuration:") && stderr.contains("temperature 0"),
        "{stderr}"
    );
}

#[test]
fn timeline_prints_one_line_per_window_in_order() {
    let out = emotion(&["timeline", "tests/fixtures/long_40s_8k.wav"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = stdout_json_lines(&out);
    // 40 s with 2 s windows every 500 ms: about 77 windows.
    assert!(lines.len() > 60, "{} windows", lines.len());
    let mut previous_start = None;
    for v in &lines {
        let start = v["start_ms"].as_u64().unwrap();
        let end = v["end_ms"].as_u64().unwrap();
        assert!(end > start);
        if let Some(p) = previous_start {
            assert!(start > p);
        }
        previous_start = Some(start);
    }
    assert!(lines.last().unwrap()["end_ms"].as_u64().unwrap() >= 38_000);
}

#[test]
fn info_prints_the_metadata() {
    let out = emotion(&["info"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["labels"], serde_json::json!(LABELS));
    assert!(v["onnx_bytes"].as_u64().unwrap() > 1000);
    assert!(v["license"].is_object());
}

#[test]
fn model_option_loads_another_model_or_fails_clearly() {
    let out = emotion(&[
        "--model",
        "models/emotion.onnx",
        "classify",
        "tests/fixtures/speech_8k.wav",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = emotion(&["--model", "Cargo.toml", "info"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("emotion: i/o error: cannot read model metadata"),
        "{stderr}"
    );
}

#[test]
fn features_writes_npy_matching_the_library() {
    let dir = std::env::temp_dir().join(format!("emotion-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let npy = dir.join("speech.npy");
    let out = emotion(&[
        "features",
        "tests/fixtures/speech_16k_mono.wav",
        "--output",
        npy.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&npy).unwrap();
    assert_eq!(&bytes[..6], b"\x93NUMPY");
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    assert_eq!((10 + header_len) % 64, 0);
    let header = std::str::from_utf8(&bytes[10..10 + header_len]).unwrap();
    let frames = (bytes.len() - 10 - header_len) / (64 * 4);
    assert!(
        header.contains(&format!("'shape': ({frames}, 64)")),
        "{header}"
    );
    assert!(frames > 200);

    let list = dir.join("list.tsv");
    std::fs::write(
        &list,
        format!(
            "tests/fixtures/speech_8k.wav\t{0}/a.npy\ntests/fixtures/empty.wav\t{0}/b.npy\n",
            dir.display()
        ),
    )
    .unwrap();
    let out = emotion(&["features", "--list", list.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(dir.join("a.npy").exists());
    assert!(!dir.join("b.npy").exists());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(":2: invalid audio"), "{stderr}");
    // Each file is written under a temporary name and renamed; none is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Every command reads the same formats as the library (`tests/it/audio_formats.rs`): an
/// M4A as a phone records it, Ogg Opus as messaging apps send it, MP3.
#[test]
fn every_command_reads_compressed_formats() {
    let m4a = "tests/fixtures/formats/speech_aac_44k.m4a";
    let opus = "tests/fixtures/formats/speech_opus.ogg";
    let mp3 = "tests/fixtures/formats/speech_44k.mp3";
    let ok = |out: &Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let out = emotion(&["classify", m4a, opus, mp3]);
    ok(&out);
    for line in stdout_json_lines(&out) {
        assert!(line["emotion"].is_string(), "{line}");
    }
    let out = emotion(&["timeline", m4a]);
    ok(&out);
    assert!(stdout_json_lines(&out).len() >= 5);
    let out = emotion(&["listen", "--file", opus]);
    ok(&out);
    assert!(!stdout_json_lines(&out).is_empty());
    let npy = std::env::temp_dir().join(format!("emotion-cli-mp3-{}.npy", std::process::id()));
    let out = emotion(&["features", mp3, "--output", npy.to_str().unwrap()]);
    ok(&out);
    assert!(std::fs::metadata(&npy).unwrap().len() > 400 * 64 * 4);
    std::fs::remove_file(&npy).ok();
    let out = emotion(&["classify", "tests/fixtures/formats/unsupported_amr.3gp"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("AMR"));
}
