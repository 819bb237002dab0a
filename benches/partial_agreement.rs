//! Agreement of `PartialJson` snapshots with jiter's partial modes.
//!
//! For every prefix of a set of valid documents (hand-written ones plus
//! generated ones), compares our snapshot in each mode with
//! `jiter::JsonValue::parse_with_config(prefix, false, mode)` converted to a
//! `serde_json::Value` (a jiter error is "no snapshot"). Prints the counts and
//! every mismatch, and exits 1 on any mismatch that is not one of the known,
//! documented differences (see the `ssejson::json::snapshot` docs):
//!
//! * negative zero: `-0` is `-0.0` in serde_json and here, the integer `0` in
//!   jiter;
//! * float rounding: a decimal with more digits than an `f64` holds, where
//!   serde_json's float parser (which the snapshot follows so that it equals
//!   `serde_json::from_slice`) and jiter's correctly rounded one differ in the
//!   last bit.
//!
//! * long unfinished number: a number at the end of the prefix longer than
//!   `SnapshotBuilder::MAX_PARTIAL_NUMBER_LEN` bytes is left out here until it
//!   ends, to bound the cost per fed piece; jiter shows it.
//!
//! jiter's big integers are converted to `u64`/`i64` when they fit and to the
//! nearest `f64` otherwise, as serde_json represents them.
//!
//! Run with `cargo bench --bench partial_agreement`.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use jiter::{JsonValue, PartialMode as JiterMode};
use serde_json::{Map, Number, Value};
use ssejson::json::snapshot::{PartialJson, PartialMode, SnapshotBuilder};

#[path = "../tests/json_snapshot_reference/documents.rs"]
mod documents;

/// One more document than the prefix tests use: escapes inside a nested edit.
const EXTRA_DOCUMENT: &str = r#"{"edits":[{"file":"src/main.rs","old":"fn main() {\n    println!(\"hi\");\n}","new":"fn main() {}\n"}],"dry_run":false,"max":1.5e3}"#;

/// Generated documents per run.
const GENERATED: usize = 300;

fn main() -> ExitCode {
    let hand_written: Vec<&str> = documents::DOCUMENTS
        .iter()
        .copied()
        .chain([EXTRA_DOCUMENT])
        .collect();
    let mut documents: Vec<Vec<u8>> = hand_written.iter().map(|d| d.as_bytes().to_vec()).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    while documents.len() < hand_written.len() + GENERATED {
        let mut doc = Vec::new();
        generate_value(&mut rng, &mut doc, 0);
        if serde_json::from_slice::<Value>(&doc).is_ok() {
            documents.push(doc);
        }
    }

    let mut tally = Tally::default();
    for doc in &documents {
        for (ours, theirs) in [
            (PartialMode::On, JiterMode::On),
            (PartialMode::TrailingStrings, JiterMode::TrailingStrings),
        ] {
            compare_prefixes(doc, ours, theirs, &mut tally);
        }
    }

    println!("partial_agreement: {} documents", documents.len());
    println!("  prefixes compared:       {}", tally.compared);
    println!("  identical:               {}", tally.identical);
    println!("  known: negative zero:    {}", tally.negative_zero);
    println!("  known: float rounding:   {}", tally.float_rounding);
    println!("  known: long number:      {}", tally.long_number);
    println!("  unexplained mismatches:  {}", tally.unexplained);
    speed_comparison();
    if tally.unexplained == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// How many examples of each known difference are printed (all are counted).
const KNOWN_EXAMPLES_SHOWN: u64 = 3;

#[derive(Default)]
struct Tally {
    compared: u64,
    identical: u64,
    negative_zero: u64,
    float_rounding: u64,
    long_number: u64,
    unexplained: u64,
}

/// Feeds `doc` one byte at a time and compares the snapshot after each byte
/// (and before the first) with jiter's parse of the prefix.
fn compare_prefixes(doc: &[u8], ours: PartialMode, theirs: JiterMode, tally: &mut Tally) {
    let mut partial = PartialJson::new(ours);
    for end in 0..=doc.len() {
        let prefix = &doc[..end];
        if end > 0 {
            if let Err(error) = partial.feed(&doc[end - 1..end]) {
                tally.compared += 1;
                tally.unexplained += 1;
                println!(
                    "MISMATCH {ours:?} prefix {:?}: ours failed: {error}",
                    String::from_utf8_lossy(prefix)
                );
                return;
            }
        }
        let jiter_value = JsonValue::parse_with_config(prefix, false, theirs)
            .ok()
            .map(|v| from_jiter(&v));
        tally.compared += 1;
        let ours_value = partial.value();
        if ours_value == jiter_value.as_ref() {
            tally.identical += 1;
            continue;
        }
        let verdict = if trailing_number_len(prefix) > SnapshotBuilder::MAX_PARTIAL_NUMBER_LEN {
            Verdict::LongNumber
        } else {
            match (ours_value, &jiter_value) {
                (Some(a), Some(b)) => explain(a, b),
                _ => Verdict::Unexplained,
            }
        };
        let (label, seen) = match verdict {
            Verdict::NegativeZero => {
                tally.negative_zero += 1;
                ("known (negative zero)", tally.negative_zero)
            }
            Verdict::FloatRounding => {
                tally.float_rounding += 1;
                ("known (float rounding)", tally.float_rounding)
            }
            Verdict::LongNumber => {
                tally.long_number += 1;
                ("known (long unfinished number)", tally.long_number)
            }
            Verdict::Unexplained => {
                tally.unexplained += 1;
                ("MISMATCH", 0)
            }
        };
        // Every mismatch is shown; known differences only by example.
        if seen > KNOWN_EXAMPLES_SHOWN {
            continue;
        }
        println!(
            "{label} {ours:?} prefix {:?}\n    ours:  {}\n    jiter: {}",
            String::from_utf8_lossy(prefix),
            show(ours_value),
            show(jiter_value.as_ref()),
        );
    }
}

/// The length of the number text `prefix` ends with (0 if none).
fn trailing_number_len(prefix: &[u8]) -> usize {
    prefix
        .iter()
        .rev()
        .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        .count()
}

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "(none)".to_owned(), Value::to_string)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    // Ordered by severity: the worst difference in a value decides.
    NegativeZero,
    FloatRounding,
    LongNumber,
    Unexplained,
}

/// Why `ours` and `theirs` differ, when they differ only in numbers where a
/// known difference applies.
fn explain(ours: &Value, theirs: &Value) -> Verdict {
    let mut worst = None;
    if !walk(ours, theirs, &mut worst) {
        return Verdict::Unexplained;
    }
    worst.unwrap_or(Verdict::Unexplained)
}

/// Walks both values in parallel; false when they differ in structure or in
/// anything but numbers with a known difference.
fn walk(ours: &Value, theirs: &Value, worst: &mut Option<Verdict>) -> bool {
    let mut note = |v: Verdict| *worst = Some(worst.map_or(v, |w| w.max(v)));
    match (ours, theirs) {
        (Value::Number(a), Value::Number(b)) if a != b => {
            let (Some(x), Some(y)) = (a.as_f64(), b.as_f64()) else {
                return false;
            };
            if x == 0.0 && y == 0.0 && x.is_sign_negative() && b.is_i64() {
                note(Verdict::NegativeZero);
                true
            } else if a.is_f64() && b.is_f64() && ulps_apart(x, y) <= 1 {
                note(Verdict::FloatRounding);
                true
            } else {
                note(Verdict::Unexplained);
                false
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| walk(x, y, worst))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| walk(x, y, worst)))
        }
        _ => ours == theirs,
    }
}

fn ulps_apart(x: f64, y: f64) -> u64 {
    if x.is_sign_negative() != y.is_sign_negative() {
        return u64::MAX;
    }
    x.to_bits().abs_diff(y.to_bits())
}

/// jiter's value as serde_json represents the same JSON.
fn from_jiter(value: &JsonValue<'_>) -> Value {
    match value {
        JsonValue::Null => Value::Null,
        JsonValue::Bool(b) => Value::Bool(*b),
        JsonValue::Int(i) => Value::from(*i),
        JsonValue::BigInt(big) => {
            let text = big.to_string();
            if let Ok(u) = text.parse::<u64>() {
                Value::from(u)
            } else if let Ok(i) = text.parse::<i64>() {
                Value::from(i)
            } else {
                text.parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        JsonValue::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
        JsonValue::Str(s) => Value::String(s.to_string()),
        JsonValue::Array(items) => Value::Array(items.iter().map(from_jiter).collect()),
        JsonValue::Object(members) => {
            let mut map = Map::new();
            for (key, value) in members.iter() {
                map.insert(key.to_string(), from_jiter(value));
            }
            Value::Object(map)
        }
    }
}

/// The cost of keeping a snapshot current over a 160 KB string argument fed in
/// 16-byte fragments, against re-parsing the prefix with jiter per fragment
/// (the best of a few runs each). Printed for information only: timings are
/// not checked.
fn speed_comparison() {
    for (label, line) in [
        (
            "prose with escapes",
            "Lorem ipsum dolor sit amet, \\\"consectetur\\\" adipiscing elit.\\n",
        ),
        (
            "plain prose",
            "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do. ",
        ),
    ] {
        let mut doc = String::from(r#"{"path": "notes.md", "content": ""#);
        while doc.len() < 160_000 {
            doc.push_str(line);
        }
        doc.push_str(r#""}"#);
        let doc = doc.as_bytes();

        let ours = best_of(20, || {
            let mut partial = PartialJson::new(PartialMode::TrailingStrings);
            for fragment in doc.chunks(16) {
                partial.feed(fragment).expect("valid document");
                std::hint::black_box(partial.value());
            }
        });
        let tokenizer_alone = best_of(20, || {
            let mut tokenizer = ssejson::json::Tokenizer::new();
            for fragment in doc.chunks(16) {
                let mut tokens = tokenizer.feed(fragment);
                while let Some(event) = tokens.next_event() {
                    std::hint::black_box(event.is_ok());
                }
            }
        });
        let theirs = best_of(3, || {
            let mut end = 0;
            while end < doc.len() {
                end = (end + 16).min(doc.len());
                let value =
                    JsonValue::parse_with_config(&doc[..end], false, JiterMode::TrailingStrings);
                std::hint::black_box(value.is_ok());
            }
        });
        println!(
            "  speed, {} KB {label} in 16-byte fragments: snapshots {:.2?} (tokenizer alone {:.2?}), jiter re-parse {:.2?}, ratio {:.0}x",
            doc.len() / 1000,
            ours,
            tokenizer_alone,
            theirs,
            theirs.as_secs_f64() / ours.as_secs_f64().max(1e-9)
        );
    }
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// xorshift64*: a small deterministic generator, so every run checks the
/// same documents.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn whitespace(rng: &mut Rng, out: &mut Vec<u8>) {
    if rng.below(4) == 0 {
        out.extend_from_slice(rng.pick(&[" ", "\n", "\t", "  ", "\r\n "]).as_bytes());
    }
}

/// Appends a random JSON value as text: numbers in every syntax, strings with
/// escapes and multi-byte characters, nested containers, duplicate keys.
fn generate_value(rng: &mut Rng, out: &mut Vec<u8>, depth: u32) {
    whitespace(rng, out);
    let choice = if depth > 4 {
        rng.below(5)
    } else {
        rng.below(8)
    };
    match choice {
        0 => out.extend_from_slice(rng.pick(&["true", "false", "null"]).as_bytes()),
        1 | 2 => generate_number(rng, out),
        3 | 4 => generate_string(rng, out),
        5 | 6 => {
            out.push(b'{');
            let members = rng.below(5);
            for i in 0..members {
                if i > 0 {
                    out.push(b',');
                }
                whitespace(rng, out);
                let key = rng.pick(&["\"a\"", "\"b\"", "\"id\"", "\"\"", "\"k\\u00e9y\"", "\"é\""]);
                out.extend_from_slice(key.as_bytes());
                whitespace(rng, out);
                out.push(b':');
                generate_value(rng, out, depth + 1);
            }
            whitespace(rng, out);
            out.push(b'}');
        }
        _ => {
            out.push(b'[');
            let items = rng.below(5);
            for i in 0..items {
                if i > 0 {
                    out.push(b',');
                }
                generate_value(rng, out, depth + 1);
            }
            whitespace(rng, out);
            out.push(b']');
        }
    }
    whitespace(rng, out);
}

fn generate_number(rng: &mut Rng, out: &mut Vec<u8>) {
    if rng.below(3) == 0 {
        out.push(b'-');
    }
    let digits = |rng: &mut Rng, out: &mut Vec<u8>, n: u64| {
        for _ in 0..n {
            out.push(b'0' + rng.below(10) as u8);
        }
    };
    if rng.below(4) == 0 {
        out.push(b'0');
    } else {
        out.push(b'1' + rng.below(9) as u8);
        let n = if rng.below(8) == 0 {
            18 + rng.below(12)
        } else {
            rng.below(5)
        };
        digits(rng, out, n);
    }
    if rng.below(3) == 0 {
        out.push(b'.');
        let n = if rng.below(6) == 0 {
            15 + rng.below(10)
        } else {
            1 + rng.below(4)
        };
        digits(rng, out, n);
    }
    if rng.below(4) == 0 {
        out.extend_from_slice(rng.pick(&["e", "E", "e+", "e-", "E-"]).as_bytes());
        let n = 1 + rng.below(3);
        digits(rng, out, n);
    }
}

fn generate_string(rng: &mut Rng, out: &mut Vec<u8>) {
    out.push(b'"');
    for _ in 0..rng.below(12) {
        let piece = rng.pick(&[
            "a",
            "xyz",
            " ",
            "é",
            "日本",
            "😀",
            "\\n",
            "\\\"",
            "\\\\",
            "\\/",
            "\\t",
            "\\u00e9",
            "\\u0000",
            "\\ud83d\\ude00",
            "\\uD834\\uDD1E",
            "\\b",
            "\\f",
            "\\r",
        ]);
        out.extend_from_slice(piece.as_bytes());
    }
    out.push(b'"');
}
