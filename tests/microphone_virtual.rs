//! The real capture path on Linux: a PulseAudio server in user mode with a null sink
//! whose monitor is the default source (a virtual microphone); a fixture is played into
//! it with `paplay` while `emotion listen` captures through cpal (ALSA → Pulse plugin).
//!
//! Needs `pulseaudio pulseaudio-utils libasound2-plugins` (`.ci/run` installs them).
//! Skips, saying why, where they are missing or the server cannot start.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A user-mode PulseAudio server, killed on drop.
struct Pulse {
    runtime_dir: tempfile::TempDir,
}

impl Pulse {
    fn start() -> Result<Self, String> {
        let runtime_dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let pulse = Self { runtime_dir };
        let status = pulse
            .command("pulseaudio")
            .args([
                "-D",
                "--exit-idle-time=-1",
                "-n",
                "-L",
                "module-native-protocol-unix",
                "-L",
                "module-null-sink sink_name=virt format=s16le rate=16000 channels=1",
            ])
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("pulseaudio exited with {status}"));
        }
        for _ in 0..50 {
            if pulse
                .command("pactl")
                .arg("info")
                .output()
                .is_ok_and(|o| o.status.success())
            {
                let ok = pulse
                    .command("pactl")
                    .args(["set-default-source", "virt.monitor"])
                    .status()
                    .is_ok_and(|s| s.success());
                return if ok {
                    Ok(pulse)
                } else {
                    Err("cannot select virt.monitor".into())
                };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err("pulseaudio did not answer within 5 s".into())
    }

    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .env("XDG_RUNTIME_DIR", self.runtime_dir.path())
            .env("HOME", self.runtime_dir.path());
        command
    }
}

impl Drop for Pulse {
    fn drop(&mut self) {
        let _ = self.command("pulseaudio").arg("--kill").status();
    }
}

/// One audio server at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A running virtual microphone, or `None` (with the reason printed) where there cannot be one.
fn virtual_microphone() -> Option<Pulse> {
    if !cfg!(target_os = "linux") || !have("pulseaudio") || !have("paplay") || !have("pactl") {
        eprintln!("SKIPPED: needs Linux with pulseaudio, pulseaudio-utils and libasound2-plugins (see .ci/run)");
        return None;
    }
    match Pulse::start() {
        Ok(pulse) => Some(pulse),
        Err(why) => {
            eprintln!("SKIPPED: no audio server could start here: {why}");
            None
        }
    }
}

#[test]
fn listen_captures_a_virtual_microphone_through_cpal() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let Some(pulse) = virtual_microphone() else {
        return;
    };
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/speech_16k_mono.wav");
    let listen = pulse
        .command(env!("CARGO_BIN_EXE_emotion"))
        .args(["listen", "--seconds", "15", "--window-hop-ms", "250"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emotion listen");
    // Capture ~5 s of silence first (capture starts 1-2 s late) (the first 2 s window must be silence), then play
    // the fixture twice.
    std::thread::sleep(Duration::from_millis(5000));
    for _ in 0..2 {
        let played = pulse
            .command("paplay")
            .arg("--device=virt")
            .arg(&fixture)
            .status()
            .expect("run paplay");
        assert!(played.success(), "paplay failed");
    }
    let output = listen.wait_with_output().expect("wait for emotion listen");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "emotion listen failed: {stderr}");
    assert!(
        stderr.contains("Microphone"),
        "no Started state from the microphone: {stderr}"
    );
    let results: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert!(
        results.len() >= 10,
        "expected a result every 250 ms, got {}: {stderr}",
        results.len()
    );
    let speech = results.iter().filter(|r| r["is_speech"] == true).count();
    let silence = results.iter().filter(|r| r["is_speech"] == false).count();
    assert!(speech >= 3, "the played speech was not heard: {results:?}");
    assert!(
        silence >= 1,
        "the silent start should not be speech: {results:?}"
    );
    let ends: Vec<u64> = results
        .iter()
        .map(|r| r["end_ms"].as_u64().unwrap())
        .collect();
    assert!(
        ends.windows(2).all(|w| w[0] < w[1]),
        "end_ms must increase: {ends:?}"
    );
}

#[test]
fn a_device_that_disappears_is_reported_and_the_stream_stops() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let Some(pulse) = virtual_microphone() else {
        return;
    };
    let started = std::time::Instant::now();
    let listen = pulse
        .command(env!("CARGO_BIN_EXE_emotion"))
        .args(["listen", "--seconds", "60"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emotion listen");
    std::thread::sleep(Duration::from_millis(3000));
    // The audio server dies under the open stream (like a USB microphone unplugged).
    let _ = pulse.command("pulseaudio").arg("--kill").status();
    let output = listen.wait_with_output().expect("wait for emotion listen");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("microphone unavailable"),
        "the loss was not reported: {stderr}"
    );
    assert!(
        stderr.contains("Stopped"),
        "the stream did not stop: {stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "stop hung after the device was lost"
    );
}
