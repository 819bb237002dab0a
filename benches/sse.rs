//! Throughput of `ssejson::sse` against other Rust SSE parsers, with two
//! floors: a bare line-ending scan (the limit of any parser), and a UTF-8
//! check plus copy of every chunk (the limit of one that hands out decoded
//! values in one piece), on LLM-shaped and large-payload streams split into
//! network-sized chunks.
//!
//! Every contestant consumes every event; before timing, each one's event
//! count and total data length are checked against the corpus, so a broken
//! contestant cannot look fast.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

#[path = "corpus/rng.rs"]
mod rng;
#[path = "contestants/sse.rs"]
mod sse_contestants;
#[path = "corpus/sse.rs"]
mod sse_corpus;

use sse_contestants::contestants;
use sse_corpus::{split_chunks, SseCorpus};

/// A single run slower than this is reported once instead of sampled, so the
/// quadratic peers cannot hold a bench run hostage.
const SLOW_RUN: Duration = Duration::from_secs(5);

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
