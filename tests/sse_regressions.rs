//! Inputs that once broke the parser (found by the property tests or the fuzzer), replayed on
//! every layer against the reference. Paste new cases as printed by the `sse` fuzz target:
//! `(input, cut positions, Some((max_line_len, max_event_len)) or None)`.

mod sse_support;

use sse_support::{check_all_layers, split};
use ssejson::sse::Limits;

type Case = (&'static [u8], &'static [usize], Option<(u8, u8)>);

const CASES: &[Case] = &[
    // A whole line over the limit must not swallow the next line (the error path once left
    // the parser skipping as if the line had not ended).
    (b"data: \r\nretryy: \r", &[], Some((0, 0))),
    (b"event:\r\nretryy: \r", &[], Some((0, 0))),
    // A data line kept as a slice, then copied when a second data line started in another
    // chunk: a too-long second line must roll back to the first line, not drop it.
    (
        b"data:\x00:\r\n: \rdata: {\"k\":\"v\"}\xff\r\n\r\n",
        &[10],
        Some((8, 40)),
    ),
    (
        b"event: x\ndata: a\ndata: bcdefghijklmnop\ndata: c\n\n",
        &[20],
        Some((12, 40)),
    ),
    // A data line kept in the owned layer's input buffer, then copied out when the next push
    // moves that buffer: with the blank line in the next chunk, with a second data line, and
    // with a second data line over the event limit.
    (b"event: e\ndata: first line\n\n", &[23], None),
    (b"data: first line\ndata: second\n\n", &[17, 25], None),
    (
        b"id: 1\ndata: first\ndata: far too long\ndata: x\n\ndata: y\n\n",
        &[19],
        Some((40, 16)),
    ),
    // Events whose type, data and id values are short enough to be inline, and then not.
    (
        b"event: a\ndata: b\n\nevent: abcdefghijklmnopqrstuvwxyz0123\nid: 0123456789012345678901234\ndata: c\n\nevent: d\ndata: e\n\n",
        &[9, 60],
        None,
    ),
];

#[test]
fn regressions() {
    for &(input, cuts, limits) in CASES {
        let limits = match limits {
            Some((line, event)) => Limits::default()
                .with_max_line_len(line.into())
                .with_max_event_len(event.into()),
            None => Limits::default(),
        };
        let whole = check_all_layers(&[input], limits);
        assert_eq!(
            check_all_layers(&split(input, cuts), limits),
            whole,
            "input {input:?}, cuts {cuts:?}"
        );
        let one_byte: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(
            check_all_layers(&one_byte, limits),
            whole,
            "input {input:?}, 1-byte chunks"
        );
    }
}

/// A data line larger than the owned layer's retained input (64 KiB) is handed over with the
/// input buffer rather than copied: with input left unread after it, invalid UTF-8 inside it,
/// and a second data line joined to it.
#[test]
fn data_lines_larger_than_the_retained_input() {
    let big: String = (0..100_000u32)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let mut inputs = Vec::new();
    inputs.push(format!("event: big\ndata: {big}\n\ndata: after\n\n").into_bytes());
    inputs.push(format!("data: {big}\ndata: x\n\nid: 3\ndata: y\n\n").into_bytes());
    let mut invalid = format!("data: {big}").into_bytes();
    invalid.extend_from_slice(b"\xF0\x9F\n\n: tail\n");
    inputs.push(invalid);
    let limits = Limits::default();
    for input in &inputs {
        let whole = check_all_layers(&[input], limits);
        assert!(!whole.events().is_empty());
        for cuts in [&[7usize][..], &[50_000], &[100_006, 100_008], &[100_010]] {
            assert_eq!(
                check_all_layers(&split(input, cuts), limits),
                whole,
                "cuts {cuts:?}"
            );
        }
        let kilobyte: Vec<&[u8]> = input.chunks(1024).collect();
        assert_eq!(check_all_layers(&kilobyte, limits), whole);
    }
}

/// The owned layer holds a partial last line back, with the first bytes of a character a
/// chunk cut in two, only while feeding it could not raise an error: the stream ending there
/// must report what the reference reports, whatever the limits. Two of these once lost a
/// line-too-long error (a carried character that kept growing, and a line the parser had
/// begun that was then held).
#[test]
fn held_partial_lines_at_the_end_of_the_stream() {
    let inputs: [&[u8]; 5] = [
        b"id: \xE2\x82\xAC:\xF0\x9F\x98",
        b"data: \xE2\x82\xA9\xE2\x82",
        b"\xEF\xBB",
        b"event: a\ndata: b\n\ndata: \xF0\x9F\xA6",
        b": \xCE\xA9\xCE",
    ];
    for input in inputs {
        for line in 0..15u8 {
            for event in [0u8, 3, 8, 40] {
                let limits = Limits::default()
                    .with_max_line_len(line.into())
                    .with_max_event_len(event.into());
                let whole = check_all_layers(&[input], limits);
                let one_byte: Vec<&[u8]> = input.chunks(1).collect();
                assert_eq!(
                    check_all_layers(&one_byte, limits),
                    whole,
                    "input {input:?}, limits {limits:?}"
                );
                for cut in 0..=input.len() {
                    assert_eq!(
                        check_all_layers(&split(input, &[cut]), limits),
                        whole,
                        "input {input:?}, cut {cut}, limits {limits:?}"
                    );
                }
            }
        }
    }
}

/// Chunks that end on every kind of byte (ASCII, the first bytes of a character, a byte that
/// can never start one), with event types that must outlive the call that read them: a
/// comment, a `retry` field or a rejected line comes between the `event` line and the dispatch,
/// or the event is dispatched only after more input arrives.
#[test]
fn chunk_ends_and_event_types_read_before_the_dispatch() {
    let inputs: [&[u8]; 4] = [
        b"event: \xE2\x82\xAC\n: note\ndata: x\xF0\x9F\n\nevent: b\ndata: 1\n\n",
        b"event: t\xFF\nretry: 5\ndata: \xC0\xAF\n\ndata: \xFF\n\n",
        b"event: a\nevent: bb\ndata: \xF0\x80\x80\n\nevent: \xF0\x9F\x98\x80\ndata: 1\n\n",
        b"event: long\ndata: 0123456789\n\nevent: c\ndata: \xE2\x82\n\n",
    ];
    let limits = [
        Limits::default(),
        Limits::default().with_max_line_len(9),
        Limits::default().with_max_event_len(4),
    ];
    for input in inputs {
        for limits in limits {
            let whole = check_all_layers(&[input], limits);
            for first in 0..=input.len() {
                for second in first..=input.len() {
                    assert_eq!(
                        check_all_layers(&split(input, &[first, second]), limits),
                        whole,
                        "input {input:?}, cuts {first} and {second}, limits {limits:?}"
                    );
                }
            }
        }
    }
}
