//! Runs `ssejson events` on small streams, with several chunk sizes, through a file and stdin.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const STREAM: &[u8] = b"\xEF\xBB\xBFretry: 2500\r\n: keep-alive\r\n\r\nid: 7\r\nevent: delta\r\ndata: {\"text\":\"h\xC3\xA9\"}\r\ndata: line two\r\n\r\ndata: \"quoted\" \\ \t\x01\rdata:\r\r";

const EXPECTED: &str = r#"{"type":"retry","ms":2500}
{"type":"comment","text":"keep-alive"}
{"type":"event","event":"delta","data":"{\"text\":\"hé\"}\nline two","id":"7"}
{"type":"event","event":"message","data":"\"quoted\" \\ \t\u0001\n","id":"7"}
"#;

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("ssejson-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ssejson"));
    command
        .arg("events")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn().unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    child.wait_with_output().unwrap()
}

#[test]
fn file_with_every_chunk_size() {
    let path = temp_file("stream.sse", STREAM);
    let path = path.to_str().unwrap();
    for chunk in [
        None,
        Some(1),
        Some(2),
        Some(3),
        Some(7),
        Some(64),
        Some(100_000),
    ] {
        let chunk_arg = chunk.map(|n: usize| n.to_string());
        let mut args = Vec::new();
        if let Some(n) = &chunk_arg {
            args.extend(["--chunk", n.as_str()]);
        }
        args.push(path);
        let output = run(&args, None);
        assert_eq!(
            output.status.code(),
            Some(0),
            "chunk {chunk:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            EXPECTED,
            "chunk {chunk:?}"
        );
    }
    std::fs::remove_file(path).unwrap();
}

#[test]
fn stdin_with_chunks() {
    for chunk in ["1", "5"] {
        let output = run(&["--chunk", chunk], Some(STREAM));
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(
            String::from_utf8(output.stdout).unwrap(),
            EXPECTED,
            "chunk {chunk}"
        );
    }
}

#[test]
fn every_line_is_json() {
    let output = run(&["--chunk", "3"], Some(STREAM));
    for line in String::from_utf8(output.stdout).unwrap().lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(value["type"].is_string(), "{line}");
    }
}

#[test]
fn cut_off_stream_says_truncated() {
    let output = run(&["--chunk", "4"], Some(b"data: done\n\ndata: cut"));
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"type\":\"event\",\"event\":\"message\",\"data\":\"done\",\"id\":\"\"}\n{\"type\":\"truncated\",\"offset\":21}\n"
    );
}

#[test]
fn limit_error_exits_2() {
    let output = run(
        &["--max-line", "8", "--chunk", "2"],
        Some(b"data: ok\n\ndata: too long\n\ndata: x\n\n"),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"type\":\"event\",\"event\":\"message\",\"data\":\"ok\",\"id\":\"\"}\n{\"type\":\"error\",\"kind\":\"line_too_long\",\"offset\":10}\n"
    );
    let output = run(&["--max-event", "4"], Some(b"data: abc\ndata: d\n\n"));
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "{\"type\":\"error\",\"kind\":\"event_too_long\",\"offset\":10}\n"
    );
}

#[test]
fn bad_arguments_exit_64() {
    assert_eq!(run(&["--chunk", "0"], Some(b"")).status.code(), Some(64));
    assert_eq!(run(&["--max-line", "x"], Some(b"")).status.code(), Some(64));
    assert_eq!(run(&["--nope"], Some(b"")).status.code(), Some(64));
}

#[test]
fn demo_file_parses_cleanly() {
    let demo = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/data/anthropic_tool_use.sse"
    );
    let output = run(&["--chunk", "7", demo], None);
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let values: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let events: Vec<&str> = values
        .iter()
        .filter(|v| v["type"] == "event")
        .map(|v| v["event"].as_str().unwrap())
        .collect();
    assert_eq!(events.first(), Some(&"message_start"));
    assert_eq!(events.last(), Some(&"message_stop"));
    assert!(events.contains(&"ping"));
    assert!(values
        .iter()
        .any(|v| v["type"] == "comment" && v["text"] == "ping"));
    assert!(!values.iter().any(|v| v["type"] == "truncated"));
}
