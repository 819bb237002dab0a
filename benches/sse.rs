//! Throughput of `ssejson::sse` against other Rust SSE parsers, with a bare
//! line-ending scan as the upper limit, on LLM-shaped and large-payload
//! streams split into network-sized chunks.
//!
//! Every contestant consumes every event; before timing, each one's event
//! count and total data length are checked against the corpus, so a broken
//! contestant cannot look fast.

use std::convert::Infallible;
use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use futures::executor::block_on;
use futures::stream::{self, StreamExt};

#[path = "corpus/rng.rs"]
mod rng;
#[path = "corpus/sse.rs"]
mod sse_corpus;

use sse_corpus::{split_chunks, SseCorpus};

/// What a contestant saw: (dispatched events, total data bytes).
type Outcome = (usize, usize);

/// A contestant consumes the whole pre-split stream and reports what it saw.
struct Contestant {
    name: &'static str,
    run: fn(&[Bytes]) -> Outcome,
    /// A bound on the work, not a parser: it is not held to the event counts.
    is_limit: bool,
}

/// A single run slower than this is reported once instead of sampled, so the
/// quadratic peers cannot hold a bench run hostage.
const SLOW_RUN: Duration = Duration::from_secs(5);

fn eventsource_stream(chunks: &[Bytes]) -> Outcome {
    use eventsource_stream::Eventsource;
    let events = stream::iter(chunks.iter().cloned().map(Ok::<_, Infallible>)).eventsource();
    block_on(events.fold((0, 0), |(count, len), event| async move {
        let event = event.expect("eventsource-stream rejected a valid corpus");
        (count + 1, len + event.data.len())
    }))
}

fn sse_stream(chunks: &[Bytes]) -> Outcome {
    let events = sse_stream::SseByteStream::new(stream::iter(
        chunks.iter().cloned().map(Ok::<_, Infallible>),
    ));
    block_on(events.fold((0, 0), |(count, len), event| async move {
        let event = event.expect("sse-stream rejected a valid corpus");
        match event.data {
            Some(data) => (count + 1, len + data.len()),
            // A block without data is not an event in the WHATWG model.
            None => (count, len),
        }
    }))
}

/// The no-alloc core: borrowed raw fragments (not decoded), the data length
/// tallied per event (values plus one LF per `data` line, the last LF dropped
/// at dispatch).
fn ssejson_fields(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{FieldParser, Fragment};
    let mut parser = FieldParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len, mut pending) = (0, 0, 0);
    for chunk in chunks {
        for fragment in parser.fragments(chunk) {
            match fragment.expect("ssejson rejected a valid corpus") {
                Fragment::Data(piece) => pending += piece.bytes.len() + usize::from(piece.is_end),
                Fragment::Dispatch => {
                    count += 1;
                    len += pending - 1;
                    pending = 0;
                }
                Fragment::BlankLine => pending = 0,
                _ => {}
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The owned layer: `&[u8]` in, `String`s out.
fn ssejson_owned(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{EventParser, Item};
    let mut parser = EventParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len) = (0, 0);
    for chunk in chunks {
        parser.push(chunk);
        while let Some(item) = parser.next_item() {
            if let Item::Event(event) = item.expect("ssejson rejected a valid corpus") {
                count += 1;
                len += event.data.len();
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The owned layer's borrowed items: `&[u8]` in, events lent as decoded `&str`s, nothing
/// allocated per event.
fn ssejson_borrowed(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{EventParser, ItemRef};
    let mut parser = EventParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len) = (0, 0);
    for chunk in chunks {
        parser.push(chunk);
        while let Some(item) = parser.next_ref() {
            if let ItemRef::Event(event) = item.expect("ssejson rejected a valid corpus") {
                count += 1;
                len += event.data.len();
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The zero-copy layer: `Bytes` in, events sharing them out, data read as `&str`.
fn ssejson_bytes(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{BytesEventParser, BytesItem};
    let mut parser = BytesEventParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len) = (0, 0);
    for chunk in chunks {
        parser.push(chunk.clone());
        while let Some(item) = parser.next_item() {
            if let BytesItem::Event(event) = item.expect("ssejson rejected a valid corpus") {
                count += 1;
                // Decoded, as the peers' `String`s are: the UTF-8 check is part of the work.
                len += event.data.to_str().len();
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The floor: find every line ending and do nothing else.
fn memchr2_scan(chunks: &[Bytes]) -> Outcome {
    let line_ends = chunks
        .iter()
        .map(|chunk| memchr::memchr2_iter(b'\r', b'\n', chunk).count())
        .sum();
    (line_ends, 0)
}

fn contestants() -> Vec<Contestant> {
    vec![
        Contestant {
            name: "ssejson-fields",
            run: ssejson_fields,
            is_limit: false,
        },
        Contestant {
            name: "ssejson-borrowed",
            run: ssejson_borrowed,
            is_limit: false,
        },
        Contestant {
            name: "ssejson-owned",
            run: ssejson_owned,
            is_limit: false,
        },
        Contestant {
            name: "ssejson-bytes",
            run: ssejson_bytes,
            is_limit: false,
        },
        Contestant {
            name: "sse-stream",
            run: sse_stream,
            is_limit: false,
        },
        Contestant {
            name: "eventsource-stream",
            run: eventsource_stream,
            is_limit: false,
        },
        Contestant {
            name: "memchr2-scan",
            run: memchr2_scan,
            is_limit: true,
        },
    ]
}

fn chunk_label(chunk_len: usize, total: usize) -> String {
    if chunk_len >= total {
        "whole".to_owned()
    } else if chunk_len % 1024 == 0 {
        format!("{}KiB", chunk_len / 1024)
    } else {
        format!("{chunk_len}B")
    }
}

/// One criterion group per corpus and chunk size, all contestants in it.
///
/// Flat sampling with few samples: the slowest peer takes up to seconds per
/// iteration, and linear sampling would run it thousands of times.
fn bench_corpus(c: &mut Criterion, corpus: &SseCorpus, chunk_lens: &[usize], samples: usize) {
    println!(
        "corpus {}: {} bytes, {} events, {} data bytes",
        corpus.name,
        corpus.bytes.len(),
        corpus.events,
        corpus.data_bytes
    );
    for &chunk_len in chunk_lens {
        let chunks = split_chunks(&corpus.bytes, chunk_len);
        let label = chunk_label(chunk_len, corpus.bytes.len());
        let mut group = c.benchmark_group(format!("sse-{}-{label}", corpus.name));
        group.throughput(Throughput::Bytes(corpus.bytes.len() as u64));
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(samples);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(3));
        for contestant in contestants() {
            let started = Instant::now();
            let outcome = (contestant.run)(&chunks);
            let single_run = started.elapsed();
            if !contestant.is_limit {
                assert_eq!(
                    outcome,
                    (corpus.events, corpus.data_bytes),
                    "{} on {} in {label} chunks: (events, data bytes) differ from the corpus",
                    contestant.name,
                    corpus.name
                );
            }
            if single_run > SLOW_RUN {
                let mib_per_s = corpus.bytes.len() as f64 / single_run.as_secs_f64() / 1048576.0;
                println!(
                    "sse-{}-{label}/{}: single run {:.2} s ({mib_per_s:.3} MiB/s), not sampled",
                    corpus.name,
                    contestant.name,
                    single_run.as_secs_f64()
                );
                continue;
            }
            group.bench_function(contestant.name, |b| {
                b.iter(|| black_box((contestant.run)(black_box(&chunks))))
            });
        }
        group.finish();
    }
}

const CHUNK_LENS: [usize; 3] = [128, 1024, 64 * 1024];

fn llm_deltas(c: &mut Criterion) {
    let corpus = sse_corpus::llm_deltas(20_000);
    bench_corpus(c, &corpus, &CHUNK_LENS, 20);
}

fn large_data(c: &mut Criterion) {
    let corpus = sse_corpus::large_data(64);
    bench_corpus(c, &corpus, &CHUNK_LENS, 20);
}

fn one_long_line(c: &mut Criterion) {
    let len = 8 * 1024 * 1024;
    let corpus = sse_corpus::one_long_line(len);
    // The same line in one chunk and in 1,024 chunks: linear parsers cost the same.
    let chunk_lens = [corpus.bytes.len(), len / 1024];
    bench_corpus(c, &corpus, &chunk_lens, 10);
}

criterion_group!(benches, llm_deltas, large_data, one_long_line);
criterion_main!(benches);
