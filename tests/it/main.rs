//! The integration tests that can share a process, as one test program (one link of
//! the library and tract instead of one per file). Tests that count allocations, watch
//! the process's memory or threads, install a global logger or run a sound server stay
//! in their own files under `tests/`.

#[path = "../common/mod.rs"]
mod common;

mod audio_formats;
mod audio_input;
mod bad_input;
#[cfg(feature = "cli")] // runs the `emotion` program
mod bindings;
#[cfg(feature = "cli")]
mod cli;
mod clip_session;
mod cross_arch;
mod dataset_accuracy;
mod features_reference;
mod features_streaming;
mod fuzz_manifest;
mod matrix_kernels;
mod model_validation;
mod qconv_reference;
mod stream_push;
mod windows;
