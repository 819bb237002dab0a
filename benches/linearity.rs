//! Is the cost linear in the input? Pairs of runs that should cost the same
//! per byte, timed alternately, with the fastest of many runs kept for each.
//!
//! The criterion groups in `json.rs` and `sse.rs` time each input on its own,
//! seconds apart; on a shared machine a burst of load during one of them moves
//! their ratio by tens of percent. Here the two sides of a pair run one after
//! the other, many times over, and the minimum of each side (the run least
//! disturbed) is compared: the intrinsic cost, not the machine's mood.
//!
//! Pairs:
//! - JSON: the 160 KB tool-call argument and its doubled twin, fed in 16 and 64
//!   byte fragments, with the snapshot kept current (`PartialJson`) and with
//!   the bare tokenizer. Linear means the doubled input takes 2x the time.
//! - SSE: one 8 MiB data line in one chunk and in 1,024 chunks, through each
//!   layer. Linear means the chunked feed costs about what the whole one does.
//!
//! Run with `cargo bench --all-features --bench linearity`. It prints a table;
//! it asserts nothing, since timings on a shared machine are no test.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;

#[path = "corpus/json.rs"]
#[allow(dead_code)]
mod json_corpus;
#[path = "corpus/rng.rs"]
mod rng;
#[path = "corpus/sse.rs"]
#[allow(dead_code)]
mod sse_corpus;

/// Content length of the tool-call argument (as in `json.rs`).
const ARGUMENT_LEN: usize = 160 * 1024;

/// Alternating rounds per pair: enough for each side to meet a quiet moment.
const ROUNDS: usize = 200;

fn partial_json(pieces: &[&[u8]]) -> usize {
    use ssejson::json::snapshot::{PartialJson, PartialMode};
    let mut partial = PartialJson::new(PartialMode::TrailingStrings);
    for piece in pieces {
        partial.feed(piece).expect("ssejson rejected a prefix");
        black_box(partial.value());
    }
    partial.finish().expect("ssejson rejected the argument");
    usize::from(partial.value().is_some())
}

fn tokenizer(pieces: &[&[u8]]) -> usize {
    let mut tokenizer = ssejson::json::Tokenizer::new();
    let mut events = 0;
    for piece in pieces {
        tokenizer
            .feed(piece)
            .for_each(|event| {
                black_box(&event);
                events += 1;
            })
            .expect("ssejson rejected the argument");
    }
    tokenizer
        .finish()
        .for_each(|_| events += 1)
        .expect("ssejson rejected the argument");
    assert!(tokenizer.is_complete());
    events
}

fn sse_fields(chunks: &[Bytes]) -> usize {
    use ssejson::sse::{FieldParser, Fragment};
    let mut parser = FieldParser::with_limits(sse_corpus::roomy_limits());
    let mut data = 0;
    for chunk in chunks {
        for fragment in parser.fragments(chunk) {
            if let Fragment::Data(piece) = fragment.expect("ssejson rejected the corpus") {
                data += piece.bytes.len();
            }
        }
    }
    data
}

fn sse_owned(chunks: &[Bytes]) -> usize {
    use ssejson::sse::{EventParser, Item};
    let mut parser = EventParser::with_limits(sse_corpus::roomy_limits());
    let mut data = 0;
    for chunk in chunks {
        for item in parser.feed(chunk) {
            if let Item::Event(event) = item.expect("ssejson rejected the corpus") {
                data += event.data.len();
            }
        }
    }
    data
}

fn sse_borrowed(chunks: &[Bytes]) -> usize {
    use ssejson::sse::{EventParser, ItemRef};
    let mut parser = EventParser::with_limits(sse_corpus::roomy_limits());
    let mut data = 0;
    for chunk in chunks {
        parser.push(chunk);
        while let Some(item) = parser.next_ref() {
            if let ItemRef::Event(event) = item.expect("ssejson rejected the corpus") {
                data += event.data.len();
            }
        }
    }
    data
}

fn sse_bytes(chunks: &[Bytes]) -> usize {
    use ssejson::sse::{BytesEventParser, BytesItem};
    let mut parser = BytesEventParser::with_limits(sse_corpus::roomy_limits());
    let mut data = 0;
    for chunk in chunks {
        for item in parser.feed(chunk.clone()) {
            if let BytesItem::Event(event) = item.expect("ssejson rejected the corpus") {
                data += event.data.to_str().len();
            }
        }
    }
    data
}

/// Fastest of `ROUNDS` alternating runs of `small` and `large`.
fn fastest_pair<I: ?Sized>(run: fn(&I) -> usize, small: &I, large: &I) -> (Duration, Duration) {
    let mut best = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        black_box(run(black_box(small)));
        best.0 = best.0.min(started.elapsed());
        let started = Instant::now();
        black_box(run(black_box(large)));
        best.1 = best.1.min(started.elapsed());
    }
    best
}

fn report(name: &str, (small, large): (Duration, Duration), want: f64) {
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    println!(
        "{name:<44} {:>10.1} µs {:>10.1} µs {ratio:>7.2}x  (linear: {want:.1}x; per-byte cost ratio {:.2})",
        small.as_secs_f64() * 1e6,
        large.as_secs_f64() * 1e6,
        ratio / want
    );
}

fn main() {
    println!(
        "{:<44} {:>13} {:>13} {:>8}",
        "pair (fastest of alternating runs)", "smaller", "larger", "ratio"
    );
    let single = json_corpus::tool_call_argument(ARGUMENT_LEN);
    let doubled = json_corpus::tool_call_argument_doubled(ARGUMENT_LEN);
    for fragment_len in [16, 64] {
        let (small, large) = (
            json_corpus::fragments(&single, fragment_len),
            json_corpus::fragments(&doubled, fragment_len),
        );
        report(
            &format!("json PartialJson 160k vs 320k, {fragment_len} B"),
            fastest_pair(partial_json, &small[..], &large[..]),
            2.0,
        );
        report(
            &format!("json Tokenizer 160k vs 320k, {fragment_len} B"),
            fastest_pair(tokenizer, &small[..], &large[..]),
            2.0,
        );
    }
    let line = sse_corpus::one_long_line(8 << 20);
    let whole = vec![line.bytes.clone()];
    let chunked = sse_corpus::split_chunks(&line.bytes, line.bytes.len() / 1024);
    for (name, run) in [
        ("sse fields", sse_fields as fn(&[Bytes]) -> usize),
        ("sse borrowed", sse_borrowed),
        ("sse owned", sse_owned),
        ("sse bytes", sse_bytes),
    ] {
        assert_eq!(
            run(&whole),
            run(&chunked),
            "{name}: chunking changed the data"
        );
        report(
            &format!("{name}: 8 MiB line, 1 chunk vs 1,024"),
            fastest_pair(run, &whole[..], &chunked[..]),
            1.0,
        );
    }
}
