//! Forwards the library's `log` records to the app: logcat on Android, os_log on iOS,
//! or anything else — the app implements [`LogSink`] (the Expo module does).
//!
//! Nothing is logged on the audio thread (see `audio::ring`); records come from the
//! calling thread or a stream's worker. Until [`set_log_sink`] is called, records go
//! nowhere (or to whatever `log` logger a Rust host installed).

use std::sync::{Arc, RwLock};

use once_cell::sync::OnceCell;

/// Verbosity, from nothing to everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    Off,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl LogLevel {
    fn filter(self) -> log::LevelFilter {
        match self {
            LogLevel::Off => log::LevelFilter::Off,
            LogLevel::Error => log::LevelFilter::Error,
            LogLevel::Warn => log::LevelFilter::Warn,
            LogLevel::Info => log::LevelFilter::Info,
            LogLevel::Debug => log::LevelFilter::Debug,
            LogLevel::Trace => log::LevelFilter::Trace,
        }
    }

    fn of(level: log::Level) -> Self {
        match level {
            log::Level::Error => LogLevel::Error,
            log::Level::Warn => LogLevel::Warn,
            log::Level::Info => LogLevel::Info,
            log::Level::Debug => LogLevel::Debug,
            log::Level::Trace => LogLevel::Trace,
        }
    }
}

/// Receives log records. Called on whichever library thread logs; keep it quick.
#[uniffi::export(with_foreign)]
pub trait LogSink: Send + Sync {
    /// One record: its level, its module (`target`) and the message.
    fn log(&self, level: LogLevel, target: String, message: String);
}

struct ForwardingLogger {
    sink: RwLock<Option<Arc<dyn LogSink>>>,
}

static LOGGER: OnceCell<&'static ForwardingLogger> = OnceCell::new();

impl log::Log for ForwardingLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let sink = self.sink.read().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(sink) = sink {
            let (level, target, message) = (
                LogLevel::of(record.level()),
                record.target().to_string(),
                record.args().to_string(),
            );
            // A sink that panics or throws must not take the caller down with it.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                sink.log(level, target, message)
            }));
        }
    }

    fn flush(&self) {}
}

/// Sends the library's log records at `level` and above to `sink`, replacing any
/// previous sink. If the host already installed another `log` logger, only the level
/// changes and `false` is returned.
#[uniffi::export]
pub fn set_log_sink(sink: Arc<dyn LogSink>, level: LogLevel) -> bool {
    let logger = LOGGER.get_or_init(|| {
        let logger: &'static ForwardingLogger = Box::leak(Box::new(ForwardingLogger {
            sink: RwLock::new(None),
        }));
        if log::set_logger(logger).is_err() {
            log::warn!("another logger is installed; set_log_sink only sets the level");
        }
        logger
    });
    *logger.sink.write().unwrap_or_else(|e| e.into_inner()) = Some(sink);
    log::set_max_level(level.filter());
    is_ours(logger)
}

/// Changes the level of what reaches the sink.
#[uniffi::export]
pub fn set_log_level(level: LogLevel) {
    log::set_max_level(level.filter());
}

fn is_ours(logger: &'static ForwardingLogger) -> bool {
    std::ptr::addr_eq(
        log::logger() as *const dyn log::Log,
        logger as *const ForwardingLogger,
    )
}
