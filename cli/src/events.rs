//! `ssejson events`: print the events of a `text/event-stream`, one JSON object per line.

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use serde_json::to_string as json;
use ssejson::sse::{Error, EventParser, ItemRef, Limits};

use crate::input::{for_each_chunk, open, parse_args};

const USAGE: &str =
    "usage: ssejson events [--chunk N] [--max-line BYTES] [--max-event BYTES] [FILE]";

/// Why the run stopped early.
enum Stop {
    Limit(Error),
    Io(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Self {
        Stop::Io(error)
    }
}

pub fn run(args: &[String]) -> ExitCode {
    let parsed = match parse_args(args, &["--max-line", "--max-event"]) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("ssejson events: {message}\n{USAGE}");
            return ExitCode::from(64);
        }
    };
    let mut limits = Limits::default();
    for (flag, value) in &parsed.extra {
        let Ok(bytes) = value.parse::<usize>() else {
            eprintln!("ssejson events: {flag}: not a byte count: {value}\n{USAGE}");
            return ExitCode::from(64);
        };
        limits = match flag.as_str() {
            "--max-line" => limits.with_max_line_len(bytes),
            _ => limits.with_max_event_len(bytes),
        };
    }
    let mut reader = match open(parsed.file.as_deref()) {
        Ok(reader) => reader,
        Err(error) => {
            eprintln!(
                "ssejson events: {}: {error}",
                parsed.file.as_deref().unwrap_or("-")
            );
            return ExitCode::from(66);
        }
    };

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut parser = EventParser::with_limits(limits);
    let mut total: u64 = 0;
    let result = for_each_chunk(&mut *reader, parsed.chunk, |chunk| {
        total += chunk.len() as u64;
        parser.push(chunk);
        // Each item is printed before the next is pulled: borrowing them copies nothing.
        while let Some(item) = parser.next_ref() {
            match item {
                Ok(item) => print_item(&mut out, item)?,
                Err(error) => {
                    // Carry the limit error out of the reading loop.
                    return Err(io::Error::other(LimitError(error)));
                }
            }
        }
        Ok(())
    })
    .map_err(|error| {
        match error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<LimitError>())
        {
            Some(LimitError(limit)) => Stop::Limit(*limit),
            None => Stop::Io(error),
        }
    })
    .and_then(|()| {
        if parser.finish().is_truncated() {
            writeln!(out, "{{\"type\":\"truncated\",\"offset\":{total}}}")?;
        }
        Ok(())
    });

    let code = match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Stop::Limit(error)) => {
            let line = format!(
                "{{\"type\":\"error\",\"kind\":\"{}\",\"offset\":{}}}",
                error.kind().as_str(),
                error.offset()
            );
            if writeln!(out, "{line}").is_err() {
                return ExitCode::from(1);
            }
            ExitCode::from(2)
        }
        Err(Stop::Io(error)) if error.kind() == io::ErrorKind::BrokenPipe => {
            return ExitCode::SUCCESS
        }
        Err(Stop::Io(error)) => {
            eprintln!("ssejson events: {error}");
            ExitCode::from(1)
        }
    };
    match out.flush() {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("ssejson events: {error}");
            ExitCode::from(1)
        }
        _ => code,
    }
}

/// A limit error travelling through the reader's `io::Result`.
#[derive(Debug)]
struct LimitError(Error);

impl std::fmt::Display for LimitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for LimitError {}

/// Writes one item as a compact JSON object, keys in the documented order.
fn print_item(out: &mut impl Write, item: ItemRef<'_>) -> io::Result<()> {
    match item {
        ItemRef::Event(event) => writeln!(
            out,
            "{{\"type\":\"event\",\"event\":{},\"data\":{},\"id\":{}}}",
            json(event.event)?,
            json(event.data)?,
            json(event.id)?
        ),
        ItemRef::Comment(text) => {
            writeln!(out, "{{\"type\":\"comment\",\"text\":{}}}", json(text)?)
        }
        ItemRef::Retry(ms) => writeln!(out, "{{\"type\":\"retry\",\"ms\":{ms}}}"),
        // Items added in later versions are not part of the output contract yet.
        _ => Ok(()),
    }
}
