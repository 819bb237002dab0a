//! Property tests: any chunking of any input gives exactly what the naive reference gives for
//! the whole input, on every layer, with default and with tiny limits.

mod sse_support;

use proptest::prelude::*;
use sse_support::{check_all_layers, fixed_chunks, reference, split};
use ssejson::sse::Limits;

/// Bytes that make SSE-ish values interesting: separators, NUL, digits, invalid and partial UTF-8.
fn value_token() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(vec![
        &b"a"[..],
        b"xyz",
        b" ",
        b"  ",
        b":",
        b"\0",
        b"0",
        b"1",
        b"42",
        b"+",
        b"\xFF",
        b"\xC3",
        b"\xA9",
        b"\xC3\xA9",
        b"\xE2\x82",
        b"\xE2\x82\xAC",
        b"\xF0\x9F\x98",
        b"\xEF\xBB\xBF",
        b"{\"k\":\"v\"}",
    ])
    .prop_map(<[u8]>::to_vec)
}

fn line_start() -> impl Strategy<Value = Vec<u8>> {
    prop::sample::select(vec![
        &b"data"[..],
        b"data:",
        b"data: ",
        b"data:  ",
        b"event: ",
        b"event:",
        b"event",
        b"id: ",
        b"id",
        b"id:",
        b"retry: ",
        b"retry:",
        b"retry",
        b":",
        b": ",
        b"Data: ",
        b"foo: ",
        b"dataa: ",
        b"retryy: ",
        b" data: ",
        b"",
        b"\xEF\xBB\xBF",
        b"\xEF\xBB",
    ])
    .prop_map(<[u8]>::to_vec)
}

fn terminator() -> impl Strategy<Value = &'static [u8]> {
    prop::sample::select(vec![
        &b"\n"[..],
        b"\r",
        b"\r\n",
        b"\n",
        b"\n\n",
        b"\r\n\r\n",
    ])
}

fn line() -> impl Strategy<Value = Vec<u8>> {
    (
        line_start(),
        prop::collection::vec(value_token(), 0..4),
        terminator(),
    )
        .prop_map(|(start, values, end)| {
            let mut line = start;
            for value in values {
                line.extend_from_slice(&value);
            }
            line.extend_from_slice(end);
            line
        })
}

/// A stream from the grammar: optional BOM, lines, and maybe a cut-off tail.
fn sse_stream() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        prop::collection::vec(line(), 0..16),
        0usize..8,
    )
        .prop_map(|(bom, lines, cut)| {
            let mut stream = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            for line in lines {
                stream.extend_from_slice(&line);
            }
            // Sometimes drop the last few bytes so the stream ends inside a line or an event.
            if cut < 3 {
                stream.truncate(stream.len().saturating_sub(cut));
            }
            stream
        })
}

/// Arbitrary bytes, biased towards the ones the grammar cares about.
fn sse_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        any::<u8>(),
        prop::sample::select(vec![
            b'\r', b'\n', b':', b' ', b'd', b'a', b't', b'i', 0xEF, 0xBB, 0xBF, 0
        ]),
    ];
    prop::collection::vec(byte, 0..300)
}

fn cuts() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(0usize..400, 0..12)
}

fn small_limits() -> impl Strategy<Value = Limits> {
    (0usize..24, 0usize..40).prop_map(|(line, event)| {
        Limits::default()
            .with_max_line_len(line)
            .with_max_event_len(event)
    })
}

proptest! {
    // 512 cases unless `PROPTEST_CASES` asks for another number (for longer local runs).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn grammar_any_chunking(stream in sse_stream(), cuts in cuts()) {
        check_all_layers(&split(&stream, &cuts), Limits::default());
    }

    #[test]
    fn grammar_one_byte_chunks(stream in sse_stream()) {
        check_all_layers(&fixed_chunks(&stream, 1), Limits::default());
    }

    #[test]
    fn bytes_any_chunking(stream in sse_bytes(), cuts in cuts()) {
        check_all_layers(&split(&stream, &cuts), Limits::default());
    }

    #[test]
    fn bytes_one_byte_chunks(stream in sse_bytes()) {
        check_all_layers(&fixed_chunks(&stream, 1), Limits::default());
    }

    #[test]
    fn grammar_small_limits(stream in sse_stream(), cuts in cuts(), limits in small_limits()) {
        check_all_layers(&split(&stream, &cuts), limits);
        check_all_layers(&fixed_chunks(&stream, 1), limits);
    }

    #[test]
    fn bytes_small_limits(stream in sse_bytes(), cuts in cuts(), limits in small_limits()) {
        check_all_layers(&split(&stream, &cuts), limits);
    }

    /// Splitting lines on bytes and decoding each value equals decoding the whole stream first
    /// (what the standard describes), because an invalid sequence never swallows an ASCII byte.
    #[test]
    fn decoding_per_value_equals_decoding_first(stream in sse_bytes()) {
        let decoded = String::from_utf8_lossy(&stream).into_owned();
        let per_value = reference(&stream, Limits::default());
        let decoded_first = reference(decoded.as_bytes(), Limits::default());
        prop_assert_eq!(per_value.items, decoded_first.items);
        prop_assert_eq!(per_value.last_event_id, decoded_first.last_event_id);
    }
}
