//! `ssejson json` end to end.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ssejson"))
        .arg("json")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ssejson");
    // The tool may exit before reading (bad usage): a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[test]
fn prints_one_line_per_token_with_path_and_offset() {
    let doc = br#"{"a": ["he", 12.5], "b": true, "c": null}"#;
    let output = run(&[], doc);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let got = lines(&output);
    let expected = [
        json!({"token": "start_object", "path": "", "offset": 0}),
        json!({"token": "key", "path": "/a", "value": "a", "offset": 1}),
        json!({"token": "start_array", "path": "/a", "offset": 6}),
        json!({"token": "string_start", "path": "/a/0", "offset": 7}),
        json!({"token": "string_fragment", "path": "/a/0", "value": "he", "offset": 8}),
        json!({"token": "string_end", "path": "/a/0", "offset": 10}),
        json!({"token": "number", "path": "/a/1", "value": "12.5", "offset": 13}),
        json!({"token": "end_array", "path": "/a", "offset": 17}),
        json!({"token": "key", "path": "/b", "value": "b", "offset": 20}),
        json!({"token": "bool", "path": "/b", "value": true, "offset": 25}),
        json!({"token": "key", "path": "/c", "value": "c", "offset": 31}),
        json!({"token": "null", "path": "/c", "offset": 36}),
        json!({"token": "end_object", "path": "", "offset": 40}),
    ];
    assert_eq!(got, expected);
}

#[test]
fn tokens_do_not_depend_on_chunk_size_except_string_fragments() {
    let doc = br#"{"k": [1, -2.5e3, "x\u00e9y"], "z": {}}"#;
    let whole = lines(&run(&[], doc));
    for chunk in ["1", "2", "7"] {
        let output = run(&["--chunk", chunk], doc);
        assert!(output.status.success());
        let pieces = lines(&output);
        let structural = |v: &Vec<Value>| -> Vec<Value> {
            v.iter()
                .filter(|l| l["token"] != "string_fragment")
                .cloned()
                .collect()
        };
        let text = |v: &Vec<Value>| -> String {
            v.iter()
                .filter(|l| l["token"] == "string_fragment")
                .map(|l| l["value"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(structural(&pieces), structural(&whole), "chunk {chunk}");
        assert_eq!(text(&pieces), "xéy");
    }
}

#[test]
fn snapshots_after_each_piece() {
    let doc = br#"{"city": "Paris", "n": 12}"#;
    let output = run(&["--snapshots", "trailing-strings", "--chunk", "12"], doc);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        lines(&output),
        [
            json!({"value": {"city": "Pa"}}),
            json!({"value": {"city": "Paris", "n": 1}}),
            json!({"value": {"city": "Paris", "n": 12}})
        ]
    );
    let output = run(&["--snapshots", "on", "--chunk", "12"], doc);
    assert!(output.status.success());
    assert_eq!(
        lines(&output),
        [
            json!({"value": {}}),
            json!({"value": {"city": "Paris", "n": 1}}),
            json!({"value": {"city": "Paris", "n": 12}})
        ]
    );
    let output = run(&["--snapshots", "on", "--chunk", "1"], b"  [tr");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        lines(&output),
        [
            json!({}),
            json!({}),
            json!({"value": []}),
            json!({"value": []}),
            json!({"value": []})
        ]
    );
}

#[test]
fn file_argument_is_read() {
    let path = std::env::temp_dir().join(format!("ssejson-json-cli-{}.json", std::process::id()));
    std::fs::write(&path, b" [1] \n").unwrap();
    let output = run(&["--snapshots", "on", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).unwrap();
    assert!(output.status.success());
    assert_eq!(lines(&output), [json!({"value": [1]})]);
}

#[test]
fn invalid_input_exits_1_with_kind_and_offset() {
    for args in [&[][..], &["--snapshots", "on"][..], &["--chunk", "1"][..]] {
        let output = run(args, br#"{"a": [1, 2}"#);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("at byte 11"), "{args:?}: {stderr}");
    }
    let output = run(&[], b"[1] [2]");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn incomplete_input_exits_1() {
    for doc in [&b""[..], b"   ", b"{\"a\": 1", b"\"abc", b"[1, 2,", b"-"] {
        for args in [&[][..], &["--snapshots", "trailing-strings"][..]] {
            let output = run(args, doc);
            assert_eq!(output.status.code(), Some(1), "{args:?} {doc:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("at byte"), "{stderr}");
        }
    }
}

#[test]
fn top_level_scalars_succeed() {
    for (doc, value) in [
        (&b" 42 "[..], json!(42)),
        (b"\"s\"", json!("s")),
        (b"null", json!(null)),
    ] {
        let output = run(&["--snapshots", "on"], doc);
        assert!(output.status.success(), "{doc:?}");
        assert_eq!(lines(&output), [json!({"value": value})]);
    }
}

#[test]
fn bad_usage_exits_64() {
    assert_eq!(run(&["--snapshots", "off"], b"1").status.code(), Some(64));
    assert_eq!(run(&["--bogus"], b"1").status.code(), Some(64));
}

#[test]
fn usage_example_is_what_the_tool_prints() {
    let help = run(&["--help"], b"");
    assert!(help.status.success());
    let help = String::from_utf8(help.stdout).unwrap();
    let example: Vec<&str> = help
        .lines()
        .filter_map(|line| line.strip_prefix("  "))
        .filter(|line| line.starts_with("{\"token\""))
        .collect();
    assert_eq!(example.len(), 14);
    let output = run(&[], br#"{"a": "he", "b": [12.5], "c": true, "d": null}"#);
    let printed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(printed.lines().collect::<Vec<_>>(), example);
}
