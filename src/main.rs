//! The `incident-atlas` binary: parses the command line and reports errors once, at the edge.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: several threads allocate millions of small records while importing, where it is much
/// faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    incident_atlas::sys::memory::use_small_pages();
    incident_atlas::sys::contain::quiet_panics();
    let cli = incident_atlas::cli::Cli::parse();
    match incident_atlas::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            incident_atlas::say_err!("error: {}", incident_atlas::cli::error_text(&e));
            incident_atlas::cli::exit_code(&e)
        }
    }
}
