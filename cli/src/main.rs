//! `ssejson`: inspect captured event streams and streamed JSON.
//!
//! ```text
//! ssejson events [--chunk N] [FILE]
//! ssejson json [--chunk N] [--snapshots on|trailing-strings] [FILE]
//! ```

mod events;
mod input;
mod json;

use std::process::ExitCode;

const USAGE: &str = "\
usage:
  ssejson events [--chunk N] [FILE]
      Parse a text/event-stream; print one JSON object per event, retry and comment.
  ssejson json [--chunk N] [--snapshots on|trailing-strings] [FILE]
      Tokenize one JSON document; print one JSON object per token (or per snapshot).

FILE defaults to standard input. --chunk N feeds the parser N bytes at a time.";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    match command.as_deref() {
        Some("events") => events::run(&rest),
        Some("json") => json::run(&rest),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(64)
        }
    }
}
