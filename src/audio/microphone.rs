//! Microphone capture with cpal: the device's callback writes into a [`CaptureWriter`].
//!
//! The callback only copies (see [`super::ring`]); the device's own rate and channel
//! count are passed to the worker, which converts. [`Microphone`] is opened on the
//! stream's worker thread.

use std::sync::mpsc::Sender;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{Sample, SampleFormat, SizedSample};

use super::ring::CaptureWriter;
use crate::error::{EmotionError, Result};
use crate::stream::Fault;

/// A running input stream. Capture stops when it is dropped.
pub struct Microphone {
    _stream: cpal::Stream,
    /// Device rate, Hz.
    pub sample_rate_hz: u32,
    /// Interleaved channels per frame.
    pub channels: u16,
    /// Human-readable device name.
    pub device_name: String,
}

impl Microphone {
    /// Opens the default input device, or the first whose name or id contains
    /// `device_name`, at its default configuration, and starts it. Runtime stream errors
    /// (device unplugged, backend failure) are sent to `faults`.
    pub fn open(
        device_name: Option<&str>,
        writer: CaptureWriter,
        faults: Sender<Fault>,
    ) -> Result<Self> {
        let host = cpal::default_host();
        let device = match device_name {
            None => {
                host.default_input_device()
                    .ok_or_else(|| EmotionError::MicrophoneUnavailable {
                        reason: "no default input device (is a microphone connected and enabled?)"
                            .into(),
                    })?
            }
            Some(wanted) => find_device(&host, wanted)?,
        };
        let name = device
            .description()
            .map(|d| d.name().to_string())
            .unwrap_or_else(|_| "unknown".into());
        let supported = device.default_input_config().map_err(map_cpal_error)?;
        let config = supported.config();
        let on_error = move |e: cpal::Error| {
            // Not the data callback: this runs on a backend thread where sending is fine.
            let _ = faults.send(fault_from(e));
        };
        let stream = match supported.sample_format() {
            SampleFormat::F32 => build::<f32>(&device, config, writer, on_error),
            SampleFormat::I16 => build::<i16>(&device, config, writer, on_error),
            SampleFormat::U16 => build::<u16>(&device, config, writer, on_error),
            SampleFormat::I32 => build::<i32>(&device, config, writer, on_error),
            other => {
                return Err(EmotionError::MicrophoneUnavailable {
                    reason: format!("input device '{name}' delivers {other:?} samples; f32, i16, u16 or i32 are supported"),
                })
            }
        }?;
        stream.play().map_err(map_cpal_error)?;
        log::info!(
            "microphone '{name}' started: {} Hz, {} channel(s), {:?}",
            config.sample_rate,
            config.channels,
            supported.sample_format()
        );
        Ok(Self {
            _stream: stream,
            sample_rate_hz: config.sample_rate,
            channels: config.channels,
            device_name: name,
        })
    }
}

fn build<T: SizedSample + Sample>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    mut writer: CaptureWriter,
    on_error: impl FnMut(cpal::Error) + Send + 'static,
) -> Result<cpal::Stream>
where
    f32: cpal::FromSample<T>,
{
    device
        .build_input_stream::<T, _, _>(
            config,
            move |data: &[T], _| writer.write_converted(data, |s| s.to_sample::<f32>()),
            on_error,
            None,
        )
        .map_err(map_cpal_error)
}

fn find_device(host: &cpal::Host, wanted: &str) -> Result<cpal::Device> {
    if cfg!(target_os = "android") {
        // Enumerating devices goes through JNI and needs an initialised ndk context;
        // the default input (AAudio) does not.
        return Err(EmotionError::MicrophoneUnavailable {
            reason: format!("choosing an input device by name ('{wanted}') is not supported on Android; pass none for the default"),
        });
    }
    let devices = host.input_devices().map_err(map_cpal_error)?;
    let mut seen = Vec::new();
    for device in devices {
        let name = device
            .description()
            .map(|d| d.name().to_string())
            .unwrap_or_default();
        let id = device.id().map(|id| id.to_string()).unwrap_or_default();
        if name.contains(wanted) || id.contains(wanted) {
            return Ok(device);
        }
        seen.push(name);
    }
    Err(EmotionError::MicrophoneUnavailable {
        reason: format!(
            "no input device matches '{wanted}'; available: {}",
            seen.join(", ")
        ),
    })
}

/// A stream error reported by cpal while capturing → the fault the worker reports.
/// Overruns, route changes and a refused real-time priority are reported and capture
/// goes on; anything else (device gone, permission revoked, backend failure) is fatal.
fn fault_from(e: cpal::Error) -> Fault {
    let fatal = !matches!(
        e.kind(),
        cpal::ErrorKind::Xrun | cpal::ErrorKind::DeviceChanged | cpal::ErrorKind::RealtimeDenied
    );
    Fault {
        error: map_cpal_error(e),
        fatal,
    }
}

/// cpal's error kinds → what the app can act on.
fn map_cpal_error(e: cpal::Error) -> EmotionError {
    let message = e.to_string();
    match e.kind() {
        cpal::ErrorKind::PermissionDenied => EmotionError::PermissionDenied {
            reason: format!("{message} (grant microphone access: RECORD_AUDIO on Android, NSMicrophoneUsageDescription on iOS)"),
        },
        _ => EmotionError::MicrophoneUnavailable { reason: message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpal::{Error, ErrorKind};

    #[test]
    fn permission_denied_is_its_own_error_and_says_what_to_do() {
        // Opening: cpal reports the OS refusal (iOS privacy setting, Android RECORD_AUDIO).
        let error = map_cpal_error(Error::with_message(
            ErrorKind::PermissionDenied,
            "microphone access denied",
        ));
        let EmotionError::PermissionDenied { reason } = error else {
            panic!("expected PermissionDenied, got {error:?}")
        };
        assert!(reason.contains("RECORD_AUDIO") && reason.contains("NSMicrophoneUsageDescription"));
    }

    #[test]
    fn permission_revoked_mid_stream_is_fatal() {
        // iOS and Android can revoke access while capturing.
        let fault = fault_from(Error::new(ErrorKind::PermissionDenied));
        assert!(fault.fatal);
        assert!(matches!(fault.error, EmotionError::PermissionDenied { .. }));
    }

    #[test]
    fn device_loss_is_fatal_and_overruns_are_not() {
        let lost = fault_from(Error::new(ErrorKind::DeviceNotAvailable));
        assert!(lost.fatal);
        assert!(matches!(
            lost.error,
            EmotionError::MicrophoneUnavailable { .. }
        ));
        for passing in [
            ErrorKind::Xrun,
            ErrorKind::DeviceChanged,
            ErrorKind::RealtimeDenied,
        ] {
            assert!(!fault_from(Error::new(passing)).fatal, "{passing:?}");
        }
    }
}
