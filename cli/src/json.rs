//! `ssejson json`: print the tokens or snapshots of one JSON document.

use std::fmt::Write as _;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use ssejson::json::snapshot::{PartialJson, PartialJsonError, PartialJsonErrorKind, PartialMode};
use ssejson::json::{Event, Token, Tokenizer};

use crate::input::{for_each_chunk, open, parse_args};

const USAGE: &str = "\
usage: ssejson json [--chunk N] [--snapshots on|trailing-strings] [FILE]

Reads one JSON document from FILE (default: standard input) and feeds it to
the tokenizer N bytes at a time (default: as read).

Without --snapshots, prints one compact JSON object per token, with the JSON
Pointer of the value it belongs to and the byte offset where it starts. For
{\"a\": \"he\", \"b\": [12.5], \"c\": true, \"d\": null}:
  {\"token\":\"start_object\",\"path\":\"\",\"offset\":0}
  {\"token\":\"key\",\"path\":\"/a\",\"value\":\"a\",\"offset\":1}
  {\"token\":\"string_start\",\"path\":\"/a\",\"offset\":6}
  {\"token\":\"string_fragment\",\"path\":\"/a\",\"value\":\"he\",\"offset\":7}
  {\"token\":\"string_end\",\"path\":\"/a\",\"offset\":9}
  {\"token\":\"key\",\"path\":\"/b\",\"value\":\"b\",\"offset\":12}
  {\"token\":\"start_array\",\"path\":\"/b\",\"offset\":17}
  {\"token\":\"number\",\"path\":\"/b/0\",\"value\":\"12.5\",\"offset\":18}
  {\"token\":\"end_array\",\"path\":\"/b\",\"offset\":22}
  {\"token\":\"key\",\"path\":\"/c\",\"value\":\"c\",\"offset\":25}
  {\"token\":\"bool\",\"path\":\"/c\",\"value\":true,\"offset\":30}
  {\"token\":\"key\",\"path\":\"/d\",\"value\":\"d\",\"offset\":36}
  {\"token\":\"null\",\"path\":\"/d\",\"offset\":41}
  {\"token\":\"end_object\",\"path\":\"\",\"offset\":45}
Tokens are start_object, end_object, start_array, end_array, key,
string_start, string_fragment, string_end, number (value: its exact text),
bool and null.

With --snapshots MODE, prints after each fed piece the best-effort value of
the input so far as {\"value\":V}, or {} while there is none. MODE `on` leaves
out an unfinished string, `trailing-strings` shows its content so far.

Exits 0 when the input is exactly one complete JSON text (whitespace around it
allowed); otherwise prints the error kind and byte offset on stderr and exits 1.";

/// Why processing stopped early.
enum Failure {
    /// Invalid or incomplete JSON, or a value beyond a limit: a message.
    Input(String),
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Io(error)
    }
}

pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let parsed = match parse_args(args, &["--snapshots"]) {
        Ok(parsed) => parsed,
        Err(message) => return usage_error(&message),
    };
    let mut mode = None;
    for (flag, value) in &parsed.extra {
        if flag == "--snapshots" {
            mode = Some(match value.as_str() {
                "on" => PartialMode::On,
                "trailing-strings" => PartialMode::TrailingStrings,
                other => return usage_error(&format!("--snapshots: unknown mode {other}")),
            });
        }
    }
    let mut reader = match open(parsed.file.as_deref()) {
        Ok(reader) => reader,
        Err(error) => {
            eprintln!(
                "ssejson json: {}: {error}",
                parsed.file.as_deref().unwrap_or("-")
            );
            return ExitCode::from(1);
        }
    };
    let mut out = BufWriter::new(io::stdout().lock());
    let result = match mode {
        None => print_tokens(&mut *reader, parsed.chunk, &mut out),
        Some(mode) => print_snapshots(&mut *reader, parsed.chunk, mode, &mut out),
    };
    let flushed = out.flush();
    match result.and(flushed.map_err(Failure::Io)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(message)) => {
            eprintln!("ssejson json: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Io(error)) => {
            eprintln!("ssejson json: {error}");
            ExitCode::from(1)
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("ssejson json: {message}\n\n{USAGE}");
    ExitCode::from(64)
}

/// Feeds the input in pieces to `feed`, which may stop with a failure.
fn feed_all(
    reader: &mut dyn io::Read,
    chunk: Option<usize>,
    mut feed: impl FnMut(&[u8]) -> Result<(), Failure>,
) -> Result<(), Failure> {
    let mut stopped = None;
    let read = for_each_chunk(reader, chunk, |piece| match feed(piece) {
        Ok(()) => Ok(()),
        Err(failure) => {
            stopped = Some(failure);
            Err(io::Error::other("stopped"))
        }
    });
    match (stopped, read) {
        (Some(failure), _) => Err(failure),
        (None, Err(error)) => Err(Failure::Io(error)),
        (None, Ok(())) => Ok(()),
    }
}

fn print_tokens(
    reader: &mut dyn io::Read,
    chunk: Option<usize>,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut tokenizer = Tokenizer::new();
    let mut line = String::new();
    feed_all(reader, chunk, |piece| {
        let mut tokens = tokenizer.feed(piece);
        while let Some(event) = tokens.next_event() {
            let event = event.map_err(tokenizer_failure)?;
            write_event(&mut line, &event);
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    })?;
    let mut tokens = tokenizer.finish();
    while let Some(event) = tokens.next_event() {
        let event = event.map_err(tokenizer_failure)?;
        write_event(&mut line, &event);
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// "invalid number (InvalidNumber) at byte 7": the kind readable and as named
/// in the library, then the offset.
fn tokenizer_failure(error: ssejson::json::Error) -> Failure {
    let kind = error.kind();
    Failure::Input(format!(
        "{} ({kind:?}) at byte {}",
        kind.as_str(),
        error.offset()
    ))
}

fn snapshot_failure(error: PartialJsonError) -> Failure {
    let described = match error.kind() {
        PartialJsonErrorKind::Json(kind) => format!("{} ({kind:?})", kind.as_str()),
        PartialJsonErrorKind::Snapshot(kind) => format!("{kind} ({kind:?})"),
        other => format!("{other:?}"),
    };
    Failure::Input(format!("{described} at byte {}", error.offset()))
}

/// Formats one event as a JSON line into `line`.
fn write_event(line: &mut String, event: &Event<'_>) {
    let (name, value) = match event.token {
        Token::StartObject => ("start_object", None),
        Token::EndObject => ("end_object", None),
        Token::StartArray => ("start_array", None),
        Token::EndArray => ("end_array", None),
        Token::Key(key) => ("key", Some(json_string(key))),
        Token::StringStart => ("string_start", None),
        Token::StringFragment(text) => ("string_fragment", Some(json_string(text))),
        Token::StringEnd => ("string_end", None),
        Token::Number(number) => ("number", Some(json_string(number.as_str()))),
        Token::Bool(b) => ("bool", Some(b.to_string())),
        Token::Null => ("null", None),
        _ => ("unknown", None),
    };
    line.clear();
    let path = json_string(&event.path.to_string());
    let _ = write!(line, "{{\"token\":\"{name}\",\"path\":{path}");
    if let Some(value) = value {
        let _ = write!(line, ",\"value\":{value}");
    }
    let _ = writeln!(line, ",\"offset\":{}}}", event.offset);
}

fn json_string(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

fn print_snapshots(
    reader: &mut dyn io::Read,
    chunk: Option<usize>,
    mode: PartialMode,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let mut partial = PartialJson::new(mode);
    feed_all(reader, chunk, |piece| {
        partial.feed(piece).map_err(snapshot_failure)?;
        match partial.value() {
            Some(value) => {
                out.write_all(b"{\"value\":")?;
                serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
                out.write_all(b"}\n")?;
            }
            None => out.write_all(b"{}\n")?,
        }
        Ok(())
    })?;
    partial.finish().map_err(snapshot_failure)
}
