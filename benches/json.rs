//! Cost of `ssejson::json` against other Rust JSON parsers: whole documents,
//! and tool-call arguments arriving in small fragments with a fresh partial
//! value wanted after each one.
//!
//! Before timing, every contestant's count of JSON nodes (containers, keys
//! and scalars) is checked against `serde_json`, so a broken contestant cannot
//! look fast.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use jiter::{JsonValue, PartialMode};

#[path = "corpus/json.rs"]
mod json_corpus;
#[path = "corpus/rng.rs"]
mod rng;

/// Content length of the tool-call argument, and its doubled twin.
const ARGUMENT_LEN: usize = 160 * 1024;

/// A single run slower than this is reported once instead of sampled, so the
/// quadratic re-parse cannot hold a bench run hostage.
const SLOW_RUN: Duration = Duration::from_secs(5);

struct Document {
    name: &'static str,
    text: String,
}

fn documents() -> Vec<Document> {
    vec![
        Document {
            name: "tool_call_160k",
            text: json_corpus::tool_call_argument(ARGUMENT_LEN),
        },
        Document {
            name: "nested_config",
            text: json_corpus::nested_config(56),
        },
        Document {
            name: "twitter_like",
            text: json_corpus::twitter_like(500 * 1024),
        },
    ]
}

/// Nodes of a `serde_json` value: each container, key and scalar counts once.
fn serde_nodes(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => 1 + items.iter().map(serde_nodes).sum::<usize>(),
        serde_json::Value::Object(fields) => {
            1 + fields.values().map(|v| 1 + serde_nodes(v)).sum::<usize>()
        }
        _ => 1,
    }
}

fn jiter_nodes(value: &JsonValue<'_>) -> usize {
    match value {
        JsonValue::Array(items) => 1 + items.iter().map(jiter_nodes).sum::<usize>(),
        JsonValue::Object(fields) => {
            1 + fields
                .iter()
                .map(|(_, v)| 1 + jiter_nodes(v))
                .sum::<usize>()
        }
        _ => 1,
    }
}

/// Deepest container nesting of a `serde_json` value.
fn serde_depth(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => 1 + items.iter().map(serde_depth).max().unwrap_or(0),
        serde_json::Value::Object(fields) => {
            1 + fields.values().map(serde_depth).max().unwrap_or(0)
        }
        _ => 0,
    }
}

fn serde_json_value(doc: &[u8]) -> usize {
    let value: serde_json::Value =
        serde_json::from_slice(doc).expect("serde_json rejected the corpus");
    serde_nodes(&value)
}

fn jiter_value(doc: &[u8]) -> usize {
    let value = JsonValue::parse(doc, false).expect("jiter rejected the corpus");
    jiter_nodes(&value)
}

/// Nodes as the ssejson tokenizer reports them: a string value counts at its
/// start, not per fragment; closers are not nodes.
fn token_nodes(token: &ssejson::json::Token<'_>) -> usize {
    use ssejson::json::Token;
    match token {
        Token::StartObject
        | Token::StartArray
        | Token::Key(_)
        | Token::StringStart
        | Token::Number(_)
        | Token::Bool(_)
        | Token::Null => 1,
        _ => 0,
    }
}

/// Feeds `pieces` to a fresh tokenizer, draining every event, then finishes.
fn ssejson_tokenize(pieces: &[&[u8]]) -> usize {
    let mut tokenizer = ssejson::json::Tokenizer::new();
    let mut nodes = 0;
    for piece in pieces {
        tokenizer
            .feed(piece)
            .for_each(|event| nodes += token_nodes(black_box(&event.token)))
            .expect("ssejson rejected the corpus");
    }
    tokenizer
        .finish()
        .for_each(|event| nodes += token_nodes(black_box(&event.token)))
        .expect("ssejson rejected the end of the corpus");
    assert!(tokenizer.is_complete());
    nodes
}

fn ssejson_tokenizer_whole(doc: &[u8]) -> usize {
    ssejson_tokenize(&[doc])
}

/// actson's push parser over the whole document, draining every event.
fn actson_events(doc: &[u8]) -> usize {
    use actson::feeder::SliceJsonFeeder;
    use actson::{JsonEvent, JsonParser};
    let mut parser = JsonParser::new(SliceJsonFeeder::new(doc));
    let mut nodes = 0;
    while let Some(event) = parser.next_event().expect("actson rejected the corpus") {
        match event {
            JsonEvent::NeedMoreInput | JsonEvent::EndObject | JsonEvent::EndArray => {}
            JsonEvent::FieldName | JsonEvent::ValueString => {
                black_box(parser.current_str().expect("actson string"));
                nodes += 1;
            }
            _ => nodes += 1,
        }
    }
    nodes
}

struct WholeContestant {
    name: &'static str,
    run: fn(&[u8]) -> usize,
}

fn whole_contestants() -> Vec<WholeContestant> {
    vec![
        WholeContestant {
            name: "ssejson-Tokenizer",
            run: ssejson_tokenizer_whole,
        },
        WholeContestant {
            name: "serde_json-Value",
            run: serde_json_value,
        },
        WholeContestant {
            name: "jiter-JsonValue",
            run: jiter_value,
        },
        WholeContestant {
            name: "actson",
            run: actson_events,
        },
    ]
}

fn whole_document(c: &mut Criterion) {
    for doc in documents() {
        let bytes = doc.text.as_bytes();
        let expected = serde_json_value(bytes);
        let parsed: serde_json::Value = serde_json::from_slice(bytes).expect("valid corpus");
        println!(
            "corpus {}: {} bytes, {expected} nodes, depth {}",
            doc.name,
            bytes.len(),
            serde_depth(&parsed)
        );
        let mut group = c.benchmark_group(format!("json-whole-{}", doc.name));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.sample_size(30);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(4));
        for contestant in whole_contestants() {
            assert_eq!(
                (contestant.run)(bytes),
                expected,
                "{} on {}: node count differs from serde_json",
                contestant.name,
                doc.name
            );
            group.bench_function(contestant.name, |b| {
                b.iter(|| black_box((contestant.run)(black_box(bytes))))
            });
        }
        group.finish();
    }
}

/// What the Python and TypeScript SDKs do: append the fragment, re-parse the
/// whole accumulated text with trailing strings allowed. Returns the node
/// count of the last snapshot.
fn jiter_reparse(pieces: &[&[u8]]) -> usize {
    let mut accumulated = Vec::new();
    let mut nodes = 0;
    for piece in pieces {
        accumulated.extend_from_slice(piece);
        let snapshot =
            JsonValue::parse_with_config(&accumulated, false, PartialMode::TrailingStrings)
                .expect("jiter rejected a prefix");
        nodes = jiter_nodes(black_box(&snapshot));
    }
    nodes
}

/// ssejson's answer to the re-parse: the snapshot is kept current as each
/// fragment arrives and read after every one. Returns the node count of the
/// last snapshot.
fn ssejson_partial_json(pieces: &[&[u8]]) -> usize {
    use ssejson::json::snapshot::{PartialJson, PartialMode};
    let mut partial = PartialJson::new(PartialMode::TrailingStrings);
    for piece in pieces {
        partial.feed(piece).expect("ssejson rejected a prefix");
        black_box(partial.value());
    }
    partial
        .finish()
        .expect("ssejson rejected the end of the argument");
    partial.value().map_or(0, serde_nodes)
}

struct FragmentContestant {
    name: &'static str,
    run: fn(&[&[u8]]) -> usize,
}

fn fragment_contestants() -> Vec<FragmentContestant> {
    vec![
        FragmentContestant {
            name: "ssejson-PartialJson",
            run: ssejson_partial_json,
        },
        FragmentContestant {
            name: "ssejson-Tokenizer",
            run: ssejson_tokenize,
        },
        FragmentContestant {
            name: "jiter-reparse-trailing-strings",
            run: jiter_reparse,
        },
    ]
}

fn fragments_with_snapshots(c: &mut Criterion) {
    let arguments = [
        (
            "tool_call_160k",
            json_corpus::tool_call_argument(ARGUMENT_LEN),
        ),
        (
            "tool_call_320k",
            json_corpus::tool_call_argument_doubled(ARGUMENT_LEN),
        ),
    ];
    for (name, text) in &arguments {
        let expected = serde_json_value(text.as_bytes());
        for fragment_len in [16, 64] {
            let pieces = json_corpus::fragments(text, fragment_len);
            let group_name = format!("json-fragments-{name}-{fragment_len}B");
            let mut group = c.benchmark_group(&group_name);
            group.throughput(Throughput::Bytes(text.len() as u64));
            // The re-parse is quadratic: few, flat samples keep the run short.
            group.sample_size(10);
            group.sampling_mode(SamplingMode::Flat);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(5));
            for contestant in fragment_contestants() {
                let started = Instant::now();
                let nodes = (contestant.run)(&pieces);
                let single_run = started.elapsed();
                assert_eq!(
                    nodes, expected,
                    "{} on {name}: node count of the last snapshot differs from serde_json",
                    contestant.name
                );
                if single_run > SLOW_RUN {
                    println!(
                        "{group_name}/{}: single run {:.2} s ({:.1} µs per fragment), not sampled",
                        contestant.name,
                        single_run.as_secs_f64(),
                        single_run.as_secs_f64() * 1e6 / pieces.len() as f64
                    );
                    continue;
                }
                group.bench_function(contestant.name, |b| {
                    b.iter(|| black_box((contestant.run)(black_box(&pieces))))
                });
            }
            group.finish();
        }
    }
}

/// Distinct arguments per size in the linearity groups: together well beyond
/// the L2 cache at either size, so no run finds its input left in cache by the
/// run before (see `linearity_in_fragments`).
const LINEARITY_BYTES: usize = 1280 * 1024;

/// Linearity: arguments of 160 KB and of 320 KB (each generated from its own
/// seed) in 16 and 64 byte fragments, through `PartialJson` and the bare
/// tokenizer; one argument per iteration, the next one in turn.
///
/// Why several arguments: `json-fragments-*` replays one argument back to
/// back, so a 160 KB argument is still in the L2 cache from the iteration
/// before, while a 320 KB one no longer is; there the per-byte cost jumps by a
/// third between about 200 and 240 KB of input, which measures the cache, not
/// the parser. Streamed bytes are fresh: here every iteration reads an
/// argument that the others have pushed out of L2, at both sizes.
fn linearity_in_fragments(c: &mut Criterion) {
    let sizes = [("160k", ARGUMENT_LEN), ("320k", 2 * ARGUMENT_LEN)];
    let arguments: Vec<(&str, Vec<String>)> = sizes
        .iter()
        .map(|&(name, len)| {
            let count = LINEARITY_BYTES / len;
            let texts = (0..count as u64)
                .map(|i| json_corpus::tool_call_argument_seeded(len, 0x11EA_0000 + i))
                .collect();
            (name, texts)
        })
        .collect();
    for fragment_len in [16, 64] {
        let mut group = c.benchmark_group(format!("json-linearity-{fragment_len}B"));
        group.sample_size(20);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(4));
        for (size, texts) in &arguments {
            let pieces: Vec<Vec<&[u8]>> = texts
                .iter()
                .map(|text| json_corpus::fragments(text, fragment_len))
                .collect();
            for (text, pieces) in texts.iter().zip(&pieces) {
                let expected = serde_json_value(text.as_bytes());
                assert_eq!(ssejson_partial_json(pieces), expected);
                assert_eq!(ssejson_tokenize(pieces), expected);
            }
            let mean_len = texts.iter().map(String::len).sum::<usize>() / texts.len();
            group.throughput(Throughput::Bytes(mean_len as u64));
            for (name, run) in [
                (
                    "ssejson-PartialJson",
                    ssejson_partial_json as fn(&[&[u8]]) -> usize,
                ),
                ("ssejson-Tokenizer", ssejson_tokenize),
            ] {
                let mut next = 0;
                group.bench_function(format!("{name}-{size}"), |b| {
                    b.iter(|| {
                        next = (next + 1) % pieces.len();
                        black_box(run(black_box(&pieces[next])))
                    })
                });
            }
        }
        group.finish();
    }
}

criterion_group!(
    benches,
    whole_document,
    fragments_with_snapshots,
    linearity_in_fragments
);
criterion_main!(benches);
