//! Property tests against serde_json: values survive any chunking, and random
//! mutations are accepted exactly when serde_json accepts them.

mod json_support;

use json_support::{rebuild, split_by_sizes, tokenize, tokenize_chunks};
use proptest::prelude::*;
use serde_json::Value;
use ssejson::json::Limits;

fn arb_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,8}",
        any::<String>(),
        "[\"\\\\/\u{0}-\u{1f}\u{7f}é€😀~]{0,12}",
    ]
}

fn arb_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        (-1000i32..1000).prop_map(|n| Value::from(f64::from(n) / 8.0)),
    ]
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        arb_number(),
        arb_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(8, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(arb_string(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn chunk_sizes() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![
        Just(vec![1]),
        prop::collection::vec(1usize..5, 1..8),
        prop::collection::vec(1usize..64, 1..8),
    ]
}

/// serde_json refuses numbers that overflow `f64`; RFC 8259 does not.
fn serde_only_rejects_big_number(error: &serde_json::Error) -> bool {
    error.to_string().starts_with("number out of range")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn values_rebuild_exactly_under_any_chunking(value in arb_value(), sizes in chunk_sizes()) {
        for text in [serde_json::to_vec(&value).unwrap(), serde_json::to_vec_pretty(&value).unwrap()] {
            let outcome = tokenize_chunks(Limits::default(), &split_by_sizes(&text, &sizes));
            prop_assert_eq!(outcome.error, None);
            // serde_json's default float parsing is not always exact, and the
            // rebuilder parses numbers with it: compare with its parse.
            let expected: Value = serde_json::from_slice(&text).unwrap();
            prop_assert_eq!(rebuild(&outcome.events), Some(expected));
            prop_assert_eq!(&outcome, &tokenize(Limits::default(), &text));
        }
    }

    #[test]
    fn mutations_are_accepted_exactly_when_serde_accepts(
        value in arb_value(),
        pretty in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..4),
        sizes in chunk_sizes(),
    ) {
        let mut text = if pretty {
            serde_json::to_vec_pretty(&value).unwrap()
        } else {
            serde_json::to_vec(&value).unwrap()
        };
        for (at, op, byte) in edits {
            let i = at.index(text.len() + 1);
            match op {
                0 if i < text.len() => text[i] = byte,
                1 => text.insert(i, byte),
                _ if i < text.len() => {
                    text.remove(i);
                }
                _ => text.push(byte),
            }
        }
        let whole = tokenize(Limits::default(), &text);
        let chunked = tokenize_chunks(Limits::default(), &split_by_sizes(&text, &sizes));
        prop_assert_eq!(&chunked, &whole);
        match serde_json::from_slice::<Value>(&text) {
            Ok(expected) => {
                prop_assert_eq!(whole.error, None);
                prop_assert_eq!(rebuild(&whole.events), Some(expected));
            }
            Err(error) if serde_only_rejects_big_number(&error) => {}
            Err(error) => prop_assert!(whole.error.is_some(), "serde rejects ({error}), we accept {:?}", String::from_utf8_lossy(&text)),
        }
    }
}

#[test]
fn nesting_limit_compared_with_serde() {
    // serde_json refuses a 128th level; our default limit allows exactly 128.
    for (depth, serde_ok) in [
        (1usize, true),
        (64, true),
        (127, true),
        (128, false),
        (129, false),
    ] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let ours = tokenize(Limits::default(), text.as_bytes()).error.is_none();
        assert_eq!(ours, depth <= 128, "depth {depth}");
        assert_eq!(
            serde_json::from_str::<Value>(&text).is_ok(),
            serde_ok,
            "depth {depth}"
        );
    }
}
