//! The `incident-atlas` binary: parses the command line and reports errors once, at the edge.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = incident_atlas::cli::Cli::parse();
    match incident_atlas::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
