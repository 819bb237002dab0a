//! Inputs found by fuzzing (`fuzz/fuzz_targets/json_*.rs`) or by property
//! tests, replayed with the same checks. A failing fuzz case prints itself as
//! a `Case { .. }` expression: paste it into `CASES` (or the bytes into
//! `SERDE_CASES` for `json_vs_serde`).

mod json_support;

use json_support::{check_against_serde, check_case, Case};

fn cases() -> Vec<Case> {
    vec![
        // A key whose last character is cut by the token length limit: the
        // limit error must win, as with one byte per chunk.
        Case {
            data: b"{\"\":\"\",\"~\xc2\":\"/~\",\"a/b~c\":[{\"x~".to_vec(),
            chunk_sizes: vec![1],
            multiple_values: false,
            max_depth: 1,
            max_token_len: 2,
        },
        // The same key completed: it must not be emitted without its tail.
        Case {
            data: b"{\"~\xc2\xa9\":1}".to_vec(),
            chunk_sizes: vec![64],
            multiple_values: false,
            max_depth: 4,
            max_token_len: 2,
        },
    ]
}

/// Byte strings checked against serde_json.
const SERDE_CASES: &[&[u8]] = &[b"[1e400]", b"\"\\ud800\\udc00\"", b"{\"a\":-0.0}"];

#[test]
fn replay_chunking_cases() {
    for case in cases() {
        check_case(&case);
    }
}

#[test]
fn replay_serde_cases() {
    for data in SERDE_CASES {
        check_against_serde(data, &[1]);
        check_against_serde(data, &[3, 5]);
    }
}
