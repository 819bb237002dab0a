//! `ssejson events`: print the events of a `text/event-stream`.

use std::process::ExitCode;

pub fn run(_args: &[String]) -> ExitCode {
    eprintln!("ssejson events: not built yet");
    ExitCode::from(70)
}
