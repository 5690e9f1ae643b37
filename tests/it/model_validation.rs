//! A model that is corrupt, or does not match its metadata, is refused with a typed
//! error that says what is wrong.

use speech_emotion::model::{Model, EMBEDDED_METADATA_JSON, EMBEDDED_ONNX};
use speech_emotion::{DetectorConfig, EmotionDetector, EmotionError};

fn metadata() -> serde_json::Value {
    serde_json::from_str(EMBEDDED_METADATA_JSON).unwrap()
}

fn load(onnx: &[u8], meta: &serde_json::Value) -> Result<Model, EmotionError> {
    Model::from_bytes(onnx, &meta.to_string())
}

fn invalid_model_message(result: Result<Model, EmotionError>) -> String {
    match result {
        Err(EmotionError::InvalidModel { reason: message }) => message,
        Err(other) => panic!("expected InvalidModel, got {other:?}"),
        Ok(_) => panic!("expected InvalidModel, got a model"),
    }
}

#[test]
fn the_embedded_model_loads_and_matches_its_metadata() {
    let model = Model::from_bytes(EMBEDDED_ONNX, EMBEDDED_METADATA_JSON).unwrap();
    let meta = model.metadata();
    assert_eq!(
        meta.labels,
        ["happy", "sad", "angry", "surprised", "neutral"]
    );
    assert_eq!(
        meta.features,
        serde_json::from_str(include_str!("../../training/features.json")).unwrap()
    );
    assert_eq!(Some(model.onnx_sha256().to_string()), meta.onnx_sha256);
    let window = vec![-5.0; meta.window_frames * meta.features.n_mels];
    let p = model.probabilities(&window).unwrap();
    assert_eq!(p.len(), 5);
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
}

#[test]
fn bytes_that_are_not_onnx_are_refused() {
    let mut meta = metadata();
    meta["onnx_sha256"] = serde_json::Value::Null;
    let message = invalid_model_message(load(b"this is not a model", &meta));
    assert!(message.contains("ONNX"), "{message}");
    let message = invalid_model_message(load(&EMBEDDED_ONNX[..EMBEDDED_ONNX.len() / 2], &meta));
    assert!(!message.is_empty());
}

#[test]
fn an_operator_outside_the_supported_set_is_refused_by_name() {
    // "Sqrt" → "Sinh": same length, so the protobuf stays well-formed; Sinh is a valid
    // ONNX operator that the runtime's convolutional-network loader does not register.
    let mut onnx = EMBEDDED_ONNX.to_vec();
    let mut replaced = 0;
    for i in 0..onnx.len() - 4 {
        if &onnx[i..i + 4] == b"Sqrt" {
            onnx[i..i + 4].copy_from_slice(b"Sinh");
            replaced += 1;
        }
    }
    assert!(
        replaced > 0,
        "the embedded model has no Sqrt node to rename"
    );
    let mut meta = metadata();
    meta["onnx_sha256"] = serde_json::Value::Null;
    let message = invalid_model_message(load(&onnx, &meta));
    assert!(message.contains("\"Sinh\""), "{message}");
    assert!(message.contains("QLinearConv"), "{message}");
}

#[test]
fn a_checksum_mismatch_is_refused() {
    let mut onnx = EMBEDDED_ONNX.to_vec();
    let last = onnx.len() - 1;
    onnx[last] ^= 1;
    let message = invalid_model_message(load(&onnx, &metadata()));
    assert!(message.contains("sha256"), "{message}");
}

#[test]
fn label_count_mismatch_is_refused() {
    let mut meta = metadata();
    meta["labels"] = serde_json::json!(["happy", "sad", "angry", "neutral"]);
    let message = invalid_model_message(load(EMBEDDED_ONNX, &meta));
    assert!(
        message.contains("output") || message.contains("labels"),
        "{message}"
    );
}

#[test]
fn input_shape_mismatch_is_refused() {
    let mut meta = metadata();
    meta["features"]["n_mels"] = serde_json::json!(40);
    let message = invalid_model_message(load(EMBEDDED_ONNX, &meta));
    assert!(message.contains("input"), "{message}");

    let mut meta = metadata();
    let frames = meta["window_frames"].as_u64().unwrap();
    meta["window_frames"] = serde_json::json!(frames / 2);
    let message = invalid_model_message(load(EMBEDDED_ONNX, &meta));
    assert!(message.contains("input"), "{message}");
}

#[test]
fn wrong_io_names_are_refused() {
    let mut meta = metadata();
    meta["input_name"] = serde_json::json!("audio");
    assert!(invalid_model_message(load(EMBEDDED_ONNX, &meta)).contains("audio"));
    let mut meta = metadata();
    meta["output_name"] = serde_json::json!("probs");
    assert!(invalid_model_message(load(EMBEDDED_ONNX, &meta)).contains("probs"));
}

#[test]
fn broken_metadata_is_refused() {
    let onnx = EMBEDDED_ONNX;
    let message = invalid_model_message(Model::from_bytes(onnx, "{not json"));
    assert!(message.contains("JSON"), "{message}");
    let mut meta = metadata();
    meta["temperature"] = serde_json::json!(0.0);
    assert!(invalid_model_message(load(onnx, &meta)).contains("temperature"));
    let mut meta = metadata();
    meta["labels"] = serde_json::json!(["happy", "happy", "angry", "surprised", "neutral"]);
    assert!(invalid_model_message(load(onnx, &meta)).contains("repeated"));
    let mut meta = metadata();
    meta["format_version"] = serde_json::json!(99);
    assert!(invalid_model_message(load(onnx, &meta)).contains("format_version"));
    let mut meta = metadata();
    meta["typo_field"] = serde_json::json!(1);
    assert!(invalid_model_message(load(onnx, &meta)).contains("typo_field"));
}

#[test]
fn missing_model_files_give_io_errors_through_the_api() {
    let err = EmotionDetector::from_model_file(
        "/nonexistent/model.onnx".into(),
        None,
        DetectorConfig::default(),
    )
    .unwrap_err();
    assert!(matches!(err, EmotionError::Io { .. }), "{err:?}");
    let err = EmotionDetector::from_model_bytes(
        b"junk".to_vec(),
        EMBEDDED_METADATA_JSON.into(),
        DetectorConfig::default(),
    )
    .unwrap_err();
    assert!(matches!(err, EmotionError::InvalidModel { .. }), "{err:?}");
}

#[test]
fn bad_detector_configs_are_refused() {
    for config in [
        DetectorConfig {
            window_hop_ms: 0,
            ..DetectorConfig::default()
        },
        DetectorConfig {
            min_speech_fraction: 1.5,
            ..DetectorConfig::default()
        },
        DetectorConfig {
            vad_threshold_dbfs: f32::NAN,
            ..DetectorConfig::default()
        },
        DetectorConfig {
            temperature: Some(0.0),
            ..DetectorConfig::default()
        },
        DetectorConfig {
            temperature: Some(-1.0),
            ..DetectorConfig::default()
        },
        DetectorConfig {
            temperature: Some(f32::NAN),
            ..DetectorConfig::default()
        },
        DetectorConfig {
            temperature: Some(f32::INFINITY),
            ..DetectorConfig::default()
        },
        DetectorConfig {
            temperature: Some(100.0),
            ..DetectorConfig::default()
        },
    ] {
        let err = EmotionDetector::new(config).unwrap_err();
        assert!(
            matches!(err, EmotionError::InvalidConfig { .. }),
            "{config:?} gave {err:?}"
        );
    }
}

/// Operator types of every model `training/` exports — stats-pool, stats-pool lite,
/// temporal and baseline CNNs, f32 and int8 — as listed from each run's ONNX files
/// (`{n.op_type for n in onnx.load(path).graph.node}`). The temporal CNN's flatten adds
/// Shape, Slice and Reshape.
const PIPELINE_OPERATORS: [&str; 22] = [
    "Add",
    "Concat",
    "Constant",
    "Conv",
    "DequantizeLinear",
    "Div",
    "MatMul",
    "Max",
    "MaxPool",
    "Pow",
    "QLinearConv",
    "QLinearMatMul",
    "QuantizeLinear",
    "ReduceMax",
    "ReduceMean",
    "Relu",
    "Reshape",
    "Shape",
    "Slice",
    "Sqrt",
    "Sub",
    "Unsqueeze",
];

#[test]
fn the_loader_knows_every_operator_the_training_pipeline_exports() {
    let loader = tract_onnx::onnx_cnn();
    let missing: Vec<&str> = PIPELINE_OPERATORS
        .into_iter()
        .filter(|op| !loader.op_register.0.contains_key(*op))
        .collect();
    assert!(missing.is_empty(), "not registered: {missing:?}");
}
