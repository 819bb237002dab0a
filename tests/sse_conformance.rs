//! The event stream interpretation rules, one vector each, checked on every layer, against the
//! reference, whole, at every prefix, and split in two and in three at every position.

mod sse_support;

use sse_support::{check_all_layers, ev, reference, split, Out, Run};
use ssejson::sse::Limits;

struct Vector {
    name: &'static str,
    input: Vec<u8>,
    items: Vec<Out>,
    truncated: bool,
    last_event_id: &'static str,
    retry: Option<u64>,
}

fn v(name: &'static str, input: impl Into<Vec<u8>>, items: Vec<Out>) -> Vector {
    Vector {
        name,
        input: input.into(),
        items,
        truncated: false,
        last_event_id: "",
        retry: None,
    }
}

impl Vector {
    fn truncated(mut self) -> Self {
        self.truncated = true;
        self
    }
    fn last_id(mut self, id: &'static str) -> Self {
        self.last_event_id = id;
        self
    }
    fn retry(mut self, ms: u64) -> Self {
        self.retry = Some(ms);
        self
    }
}

fn comment(text: &str) -> Out {
    Out::Comment(text.into())
}

fn vectors() -> Vec<Vector> {
    let long_comment = "x".repeat(2048);
    vec![
        // 1. Line terminators.
        v("lf", "data: a\n\n", vec![ev("message", "a", "")]),
        v("crlf", "data: a\r\n\r\n", vec![ev("message", "a", "")]),
        v("cr", "data: a\r\r", vec![ev("message", "a", "")]),
        v("mixed terminators", "data: a\rdata: b\r\ndata: c\n\r\n", vec![ev("message", "a\nb\nc", "")]),
        v("cr then lf is one terminator", "data: a\r\ndata: b\r\n\r\n", vec![ev("message", "a\nb", "")]),
        v("lf then cr is two terminators", "data: a\n\rdata: b\n\n", vec![ev("message", "a", ""), ev("message", "b", "")]),
        v("cr at the very end ends the line", "data: a\n\r", vec![ev("message", "a", "")]),
        v("cr before data", "data: x\r\rdata: y\n\n", vec![ev("message", "x", ""), ev("message", "y", "")]),
        // 2. BOM.
        v("bom skipped", b"\xEF\xBB\xBFdata: a\n\n".to_vec(), vec![ev("message", "a", "")]),
        v("second bom not skipped", b"\xEF\xBB\xBF\xEF\xBB\xBFdata: a\n\ndata: b\n\n".to_vec(), vec![ev("message", "b", "")]),
        v("bom only at the start", b"data: a\n\n\xEF\xBB\xBFdata: b\n\n".to_vec(), vec![ev("message", "a", "")]),
        v("partial bom is part of the name", b"\xEF\xBBdata: a\n\ndata: b\n\n".to_vec(), vec![ev("message", "b", "")]),
        v("bom then comment", b"\xEF\xBB\xBF: hi\n".to_vec(), vec![comment("hi")]),
        // 3. Dispatch.
        v("blank line without data dispatches nothing", "event: x\n\ndata: a\n\n", vec![ev("message", "a", "")]),
        v("event type resets after dispatch", "event: x\ndata: a\n\ndata: b\n\n", vec![ev("x", "a", ""), ev("message", "b", "")]),
        v("empty event field means message", "event:\ndata: a\n\n", vec![ev("message", "a", "")]),
        v("event field without colon means message", "event: x\nevent\ndata: a\n\n", vec![ev("message", "a", "")]),
        v("last event field wins", "event: x\nevent: y\ndata: a\n\n", vec![ev("y", "a", "")]),
        v("data only newline: no colon", "data\n\n", vec![ev("message", "", "")]),
        v("data only newline: colon", "data:\n\n", vec![ev("message", "", "")]),
        v("two empty data lines", "data\ndata\n\n", vec![ev("message", "\n", "")]),
        v("multiple data lines", "data: a\ndata: b\ndata:  c\n\n", vec![ev("message", "a\nb\n c", "")]),
        v("data without space", "data:a\n\n", vec![ev("message", "a", "")]),
        v("only one space stripped", "data:  a \n\n", vec![ev("message", " a ", "")]),
        v("tab is not stripped", "data:\ta\n\n", vec![ev("message", "\ta", "")]),
        v("value keeps later colons", "data: a:b: c\n\n", vec![ev("message", "a:b: c", "")]),
        // 4. Comments.
        v("comment", ": ping\n\n", vec![comment("ping")]),
        v("comment without space", ":ping\n", vec![comment("ping")]),
        v("empty comment", ":\n", vec![comment("")]),
        v("comment inside an event", "data: a\n: keep\ndata: b\n\n", vec![comment("keep"), ev("message", "a\nb", "")]),
        v(
            "2 KiB comments between CRs",
            format!(":{long_comment}\r:{long_comment}\rdata: a\r\r"),
            vec![comment(&long_comment), comment(&long_comment), ev("message", "a", "")],
        ),
        // 5. Field names.
        v("names are case sensitive", "Data: a\nDATA: b\ndata: c\n\n", vec![ev("message", "c", "")]),
        v("unknown field ignored", "foo: bar\ndata: a\n\n", vec![ev("message", "a", "")]),
        v("space before colon makes another name", "data : a\ndata: b\n\n", vec![ev("message", "b", "")]),
        v("long unknown names", "datadata: a\nretry1: 5\nevents: x\ndata: b\n\n", vec![ev("message", "b", "")]),
        v("space at line start", " data: a\ndata: b\n\n", vec![ev("message", "b", "")]),
        // 6. id and retry.
        v("id", "id: 1\ndata: a\n\n", vec![ev("message", "a", "1")]).last_id("1"),
        v("id persists", "id: 1\ndata: a\n\ndata: b\n\n", vec![ev("message", "a", "1"), ev("message", "b", "1")]).last_id("1"),
        v("id with NUL ignored", "id: 1\n\nid: 2\x003\ndata: a\n\n", vec![ev("message", "a", "1")]).last_id("1"),
        v("id without colon resets", "id: 1\ndata: a\n\nid\ndata: b\n\n", vec![ev("message", "a", "1"), ev("message", "b", "")]),
        v("empty id resets", "id: 1\n\nid:\ndata: b\n\n", vec![ev("message", "b", "")]),
        v("id set without data still updates", "id: 7\n\n", vec![]).last_id("7"),
        v("id before a cut-off event is not committed", "id: 1\ndata: a\n\nid: 2\ndata: b\n", vec![ev("message", "a", "1")])
            .last_id("1")
            .truncated(),
        v("id keeps spaces", "id:  x \ndata: a\n\n", vec![ev("message", "a", " x ")]).last_id(" x "),
        v("retry", "retry: 3000\n", vec![Out::Retry(3000)]).retry(3000).truncated(),
        v("retry leading zeros", "retry: 03000\n\n", vec![Out::Retry(3000)]).retry(3000),
        v("retry plus sign ignored", "retry: +5\n\n", vec![]),
        v("retry trailing garbage ignored", "retry: 1000x\n\n", vec![]),
        v("retry second space ignored", "retry:  1000\n\n", vec![]),
        v("retry empty ignored", "retry:\nretry\n\n", vec![]),
        v("retry overflow ignored", "retry: 18446744073709551616\n\n", vec![]),
        v("retry max", "retry: 18446744073709551615\n\n", vec![Out::Retry(u64::MAX)]).retry(u64::MAX),
        v("retry keeps the last valid", "retry: 5\nretry: x\n\n", vec![Out::Retry(5)]).retry(5),
        // 7. End of stream.
        v("event at eof discarded", "data: a\n\ndata: b\n", vec![ev("message", "a", "")]).truncated(),
        v("event at eof without terminator", "data: a", vec![]).truncated(),
        v("event line at eof", "event: x\n", vec![]).truncated(),
        v("clean end", "data: a\n\n", vec![ev("message", "a", "")]),
        v("comment at eof is not an event", ": bye\n", vec![comment("bye")]),
        v("cut comment", ": by", vec![]).truncated(),
        v("empty stream", "", vec![]),
        v("bom only", b"\xEF\xBB\xBF".to_vec(), vec![]),
        v("partial bom only", b"\xEF\xBB".to_vec(), vec![]).truncated(),
        // 8. Text.
        v("invalid utf8 replaced", b"data: a\xFFb\n\n".to_vec(), vec![ev("message", "a\u{FFFD}b", "")]),
        v(
            "maximal subparts",
            b"data: \xF0\x9F\x98\xE2\x82\xC3\n\n".to_vec(),
            vec![ev("message", "\u{FFFD}\u{FFFD}\u{FFFD}", "")],
        ),
        v("truncated sequence before newline", b"data: \xE2\x82\ndata: \x82\n\n".to_vec(), vec![ev("message", "\u{FFFD}\n\u{FFFD}", "")]),
        v("invalid event type", b"event: \xC0\ndata: a\n\n".to_vec(), vec![ev("\u{FFFD}", "a", "")]),
        v("invalid id", b"id: \xFF\ndata: a\n\n".to_vec(), vec![ev("message", "a", "\u{FFFD}")]).last_id("\u{FFFD}"),
        v("multibyte text", "event: ü\ndata: 日本\n\n", vec![ev("ü", "日本", "")]),
        v("NUL in data kept", "data: a\0b\n\n", vec![ev("message", "a\0b", "")]),
        v(
            "anthropic shape",
            "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n: ping\n\n",
            vec![ev("message_start", "{\"type\":\"message_start\"}", ""), ev("ping", "{\"type\": \"ping\"}", ""), comment("ping")],
        ),
    ]
}

fn expected(vector: &Vector) -> Run {
    Run {
        items: vector.items.clone(),
        truncated: vector.truncated,
        last_event_id: vector.last_event_id.to_string(),
        retry: vector.retry,
    }
}

#[test]
fn vectors_whole() {
    for vector in vectors() {
        let run = check_all_layers(&[&vector.input], Limits::default());
        assert_eq!(run, expected(&vector), "vector {:?}", vector.name);
    }
}

#[test]
fn vectors_one_byte_at_a_time() {
    for vector in vectors() {
        let chunks: Vec<&[u8]> = vector.input.chunks(1).collect();
        let run = check_all_layers(&chunks, Limits::default());
        assert_eq!(run, expected(&vector), "vector {:?}", vector.name);
    }
}

/// Feeding a prefix yields a prefix of the whole stream's items.
#[test]
fn vectors_every_prefix() {
    for vector in vectors() {
        let full = expected(&vector);
        for end in 0..=vector.input.len() {
            let prefix = &vector.input[..end];
            let run = check_all_layers(&[prefix], Limits::default());
            assert!(
                full.items.starts_with(&run.items),
                "vector {:?}, prefix {end}: {:?} is not a prefix of {:?}",
                vector.name,
                run.items,
                full.items
            );
        }
    }
}

#[test]
fn vectors_every_two_way_split() {
    for vector in vectors() {
        let full = expected(&vector);
        for cut in 0..=vector.input.len() {
            let run = check_all_layers(&split(&vector.input, &[cut]), Limits::default());
            assert_eq!(run, full, "vector {:?}, cut at {cut}", vector.name);
        }
    }
}

#[test]
fn vectors_every_three_way_split() {
    for vector in vectors() {
        let full = expected(&vector);
        let len = vector.input.len();
        // Long vectors: every pair of cuts within a stride keeps the test quick.
        let step = if len > 200 { 37 } else { 1 };
        for a in (0..=len).step_by(step) {
            for b in a..=len {
                let run = check_all_layers(&split(&vector.input, &[a, b]), Limits::default());
                assert_eq!(run, full, "vector {:?}, cuts at {a} and {b}", vector.name);
            }
        }
    }
}

/// The reference itself is checked against the hand-written expectations above, so that the
/// property tests that lean on it stand on a verified base.
#[test]
fn reference_agrees_with_vectors() {
    for vector in vectors() {
        assert_eq!(
            reference(&vector.input, Limits::default()),
            expected(&vector),
            "vector {:?}",
            vector.name
        );
    }
}
