//! Log records reach an app-provided sink at the chosen level.

use std::sync::{Arc, Mutex};

use speech_emotion::{
    set_log_level, set_log_sink, DetectorConfig, EmotionDetector, LogLevel, LogSink,
};

#[derive(Default)]
struct Collect(Mutex<Vec<(LogLevel, String, String)>>);

impl LogSink for Collect {
    fn log(&self, level: LogLevel, target: String, message: String) {
        self.0.lock().unwrap().push((level, target, message));
    }
}

struct Panics;
impl LogSink for Panics {
    fn log(&self, _: LogLevel, _: String, _: String) {
        panic!("sink bug");
    }
}

#[test]
fn records_reach_the_sink_at_the_chosen_level() {
    let sink = Arc::new(Collect::default());
    assert!(
        set_log_sink(sink.clone(), LogLevel::Debug),
        "our logger should be installed"
    );
    let detector = EmotionDetector::new(DetectorConfig::default()).unwrap();
    log::debug!(target: "speech_emotion::test", "hello {}", 42);
    log::trace!("below the level");
    let records = sink.0.lock().unwrap().clone();
    assert!(
        records.contains(&(
            LogLevel::Debug,
            "speech_emotion::test".into(),
            "hello 42".into()
        )),
        "{records:?}"
    );
    assert!(!records.iter().any(|r| r.2 == "below the level"));

    set_log_level(LogLevel::Off);
    log::error!("silenced");
    assert!(!sink.0.lock().unwrap().iter().any(|r| r.2 == "silenced"));

    // A sink that panics (a Kotlin sink that throws) does not break logging callers.
    set_log_sink(Arc::new(Panics), LogLevel::Info);
    log::info!("into a broken sink");
    assert!(detector.classify_pcm(vec![0.0; 16_000], 16_000).is_ok());
}
