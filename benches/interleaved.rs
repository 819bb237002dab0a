//! Timings that must not be skewed by a noisy machine: runs that are compared
//! are interleaved, and the fastest of many runs is kept for each.
//!
//! The criterion groups in `json.rs` and `sse.rs` time each contestant on its
//! own, seconds apart; on a shared machine a burst of load during one of them
//! moves their ratio by tens of percent. Here the runs being compared take
//! turns, many times over, and the minimum of each (the run least disturbed)
//! is kept: the intrinsic cost, not the machine's mood.
//!
//! - Linearity pairs, which should cost the same per byte:
//!   - JSON: the 160 KB tool-call argument and its doubled twin, fed in 16 and
//!     64 byte fragments, with the snapshot kept current (`PartialJson`) and
//!     with the bare tokenizer. Linear means the doubled input takes 2x the
//!     time.
//!   - SSE: one 8 MiB data line in one chunk and in 1,024 chunks, through each
//!     layer. Linear means the chunked feed costs about what the whole one
//!     does.
//! - SSE throughput: every contestant of `sse.rs` on the LLM-shaped corpus in
//!   128 B and 1 KiB chunks, and (without eventsource-stream, which takes a
//!   second per run there) on the large-payload corpus, with each parser's
//!   speed-up over the peers.
//!
//! Run with `cargo bench --all-features --bench interleaved`. It prints
//! tables; it asserts nothing, since timings on a shared machine are no test.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;

#[path = "corpus/json.rs"]
#[allow(dead_code)]
mod json_corpus;
#[path = "corpus/rng.rs"]
mod rng;
#[path = "contestants/sse.rs"]
mod sse_contestants;
#[path = "corpus/sse.rs"]
#[allow(dead_code)]
mod sse_corpus;

use sse_contestants::{contestants, Contestant, Outcome};

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

/// Fastest of `ROUNDS` alternating runs of `small` and `large`.
fn fastest_pair<I: ?Sized, O>(run: fn(&I) -> O, small: &I, large: &I) -> (Duration, Duration) {
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
    for contestant in contestants() {
        if !contestant.name.starts_with("ssejson") {
            continue;
        }
        assert_eq!(
            (contestant.run)(&whole),
            (contestant.run)(&chunked),
            "{}: chunking changed the data",
            contestant.name
        );
        report(
            &format!("{}: 8 MiB line, 1 chunk vs 1,024", contestant.name),
            fastest_pair(contestant.run, &whole[..], &chunked[..]),
            1.0,
        );
    }

    let llm = sse_corpus::llm_deltas(20_000);
    let large = sse_corpus::large_data(64);
    for (corpus, chunk_lens, rounds) in [
        (&llm, &[128, 1024][..], THROUGHPUT_ROUNDS),
        (&large, &[128, 1024, 64 * 1024][..], THROUGHPUT_ROUNDS),
    ] {
        for &chunk_len in chunk_lens {
            let chunks = sse_corpus::split_chunks(&corpus.bytes, chunk_len);
            // eventsource-stream takes about a second per run on the large payloads.
            let field: Vec<Contestant> = contestants()
                .into_iter()
                .filter(|c| corpus.name != "large_data" || c.name != "eventsource-stream")
                .collect();
            for contestant in field.iter().filter(|c| !c.is_limit) {
                assert_eq!(
                    (contestant.run)(&chunks),
                    (corpus.events, corpus.data_bytes),
                    "{} on {}: (events, data bytes) differ from the corpus",
                    contestant.name,
                    corpus.name
                );
            }
            report_field(
                &format!("{} in {chunk_len} B chunks", corpus.name),
                &field,
                &fastest_of_each(&field, &chunks, rounds),
            );
        }
    }
}

/// Rounds over a whole field of contestants: each round runs every one once.
const THROUGHPUT_ROUNDS: usize = 40;

/// Fastest of `rounds` rounds, each running every contestant once, in turn.
fn fastest_of_each(field: &[Contestant], chunks: &[Bytes], rounds: usize) -> Vec<Duration> {
    let mut best = vec![Duration::MAX; field.len()];
    for _ in 0..rounds {
        for (contestant, best) in field.iter().zip(&mut best) {
            let started = Instant::now();
            black_box::<Outcome>((contestant.run)(black_box(chunks)));
            *best = (*best).min(started.elapsed());
        }
    }
    best
}

/// One line per contestant: its fastest run, and how many times faster each
/// `ssejson` parser is than it.
fn report_field(title: &str, field: &[Contestant], best: &[Duration]) {
    let ours: Vec<(&str, Duration)> = field
        .iter()
        .zip(best)
        .filter(|(c, _)| c.name.starts_with("ssejson"))
        .map(|(c, &d)| (c.name, d))
        .collect();
    println!(
        "\n{title} (fastest of interleaved runs; speed-up of each ssejson parser over the row)"
    );
    print!("{:<20} {:>10}", "contestant", "time");
    for (name, _) in &ours {
        print!(" {:>17}", name);
    }
    println!();
    for (contestant, &time) in field.iter().zip(best) {
        print!(
            "{:<20} {:>7.3} ms",
            contestant.name,
            time.as_secs_f64() * 1e3
        );
        for (_, our) in &ours {
            print!(" {:>16.2}x", time.as_secs_f64() / our.as_secs_f64());
        }
        println!();
    }
}
