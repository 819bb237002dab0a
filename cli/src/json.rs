//! `ssejson json`: print the tokens or snapshots of one JSON document.

use std::process::ExitCode;

pub fn run(_args: &[String]) -> ExitCode {
    eprintln!("ssejson json: not built yet");
    ExitCode::from(70)
}
