//! `PartialJson` on every prefix of a set of documents, against a naive
//! reference, and under random re-chunking.
#![cfg(feature = "serde_json")]

mod json_snapshot_reference;

use json_snapshot_reference::snapshot as reference;
use proptest::prelude::*;
use serde_json::{json, Value};
use ssejson::json::snapshot::{PartialJson, PartialJsonError, PartialJsonErrorKind, PartialMode};

const MODES: [PartialMode; 2] = [PartialMode::On, PartialMode::TrailingStrings];

#[path = "json_snapshot_reference/documents.rs"]
mod documents;
use documents::DOCUMENTS;

fn fed(prefix: &[u8], mode: PartialMode) -> PartialJson {
    let mut partial = PartialJson::new(mode);
    partial.feed(prefix).unwrap_or_else(|e| {
        panic!("{e} on {:?}", String::from_utf8_lossy(prefix));
    });
    partial
}

#[test]
fn every_prefix_in_one_piece_matches_the_reference() {
    let mut compared = 0;
    for doc in DOCUMENTS {
        let doc = doc.as_bytes();
        for mode in MODES {
            for end in 0..=doc.len() {
                let prefix = &doc[..end];
                let partial = fed(prefix, mode);
                assert_eq!(
                    partial.value(),
                    reference(prefix, mode).as_ref(),
                    "{mode:?} prefix {:?}",
                    String::from_utf8_lossy(prefix)
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 2000, "{compared}");
}

#[test]
fn one_byte_at_a_time_matches_the_reference_after_every_byte() {
    for doc in DOCUMENTS {
        let doc = doc.as_bytes();
        for mode in MODES {
            let mut partial = PartialJson::new(mode);
            assert_eq!(partial.value(), None);
            for end in 1..=doc.len() {
                partial.feed(&doc[end - 1..end]).unwrap();
                assert_eq!(
                    partial.value(),
                    reference(&doc[..end], mode).as_ref(),
                    "{mode:?} prefix {:?}",
                    String::from_utf8_lossy(&doc[..end])
                );
            }
            partial.finish().unwrap();
            assert!(partial.is_complete());
            let expected: Value = serde_json::from_slice(doc).unwrap();
            assert_eq!(partial.into_value(), Some(expected));
        }
    }
}

#[test]
fn final_snapshot_equals_serde_json() {
    for doc in DOCUMENTS {
        for mode in MODES {
            let mut partial = fed(doc.as_bytes(), mode);
            partial.finish().unwrap();
            let expected: Value = serde_json::from_str(doc).unwrap();
            assert_eq!(partial.value(), Some(&expected), "{doc}");
        }
    }
}

/// The rules of the module docs, case by case: (input, On, TrailingStrings).
#[test]
fn rule_table() {
    let none = None::<Value>;
    let cases: Vec<(&str, Option<Value>, Option<Value>)> = vec![
        ("", none.clone(), none.clone()),
        ("   ", none.clone(), none.clone()),
        ("tr", none.clone(), none.clone()),
        ("-", none.clone(), none.clone()),
        ("12", Some(json!(12)), Some(json!(12))),
        ("-12.5", Some(json!(-12.5)), Some(json!(-12.5))),
        ("12.", none.clone(), none.clone()),
        ("1e", none.clone(), none.clone()),
        ("-12.5e", none.clone(), none.clone()),
        (r#"{"a"#, Some(json!({})), Some(json!({}))),
        (r#"{"a""#, Some(json!({})), Some(json!({}))),
        (r#"{"a":"#, Some(json!({})), Some(json!({}))),
        (r#"{"a": ["#, Some(json!({"a": []})), Some(json!({"a": []}))),
        ("[1, 2,", Some(json!([1, 2])), Some(json!([1, 2]))),
        ("[12", Some(json!([12])), Some(json!([12]))),
        ("[-", Some(json!([])), Some(json!([]))),
        ("[12.", Some(json!([])), Some(json!([]))),
        ("[1e", Some(json!([])), Some(json!([]))),
        ("[-12.5e", Some(json!([])), Some(json!([]))),
        ("[-12.5e+", Some(json!([])), Some(json!([]))),
        ("[tr", Some(json!([])), Some(json!([]))),
        ("[true", Some(json!([true])), Some(json!([true]))),
        ("[nul", Some(json!([])), Some(json!([]))),
        (
            "[false, null",
            Some(json!([false, null])),
            Some(json!([false, null])),
        ),
        (r#"{"a": "x\u00"#, Some(json!({})), Some(json!({"a": "x"}))),
        (r#"{"a": "x\"#, Some(json!({})), Some(json!({"a": "x"}))),
        (r#"["\ud83d"#, Some(json!([])), Some(json!([""]))),
        (r#"["\ud83d\ude"#, Some(json!([])), Some(json!([""]))),
        (r#"["\ud83d\ude00"#, Some(json!([])), Some(json!(["😀"]))),
        ("[\"caf\u{e9}", Some(json!([])), Some(json!(["café"]))),
        (r#"""#, none.clone(), Some(json!(""))),
        (r#""ab"#, none.clone(), Some(json!("ab"))),
        (r#""ab""#, Some(json!("ab")), Some(json!("ab"))),
        (
            r#"{"a": 1, "a": "x"#,
            Some(json!({"a": 1})),
            Some(json!({"a": "x"})),
        ),
        (
            r#"{"a": 1, "a": 2."#,
            Some(json!({"a": 1})),
            Some(json!({"a": 1})),
        ),
        (
            r#"{"a": {"b": [{"c""#,
            Some(json!({"a": {"b": [{}]}})),
            Some(json!({"a": {"b": [{}]}})),
        ),
    ];
    for (input, on, trailing) in cases {
        for (mode, expected) in [
            (PartialMode::On, on.clone()),
            (PartialMode::TrailingStrings, trailing),
        ] {
            let partial = fed(input.as_bytes(), mode);
            assert_eq!(partial.value(), expected.as_ref(), "{mode:?} {input:?}");
            assert_eq!(
                reference(input.as_bytes(), mode),
                expected,
                "reference {mode:?} {input:?}"
            );
        }
    }
    // A number that is complete so far grows with the next fragment.
    let mut partial = fed(b"[12", PartialMode::On);
    partial.feed(b"3").unwrap();
    assert_eq!(partial.value(), Some(&json!([123])));
}

#[test]
fn completeness_pending_key_and_path() {
    let mut partial = PartialJson::new(PartialMode::On);
    partial.feed(br#"{"outer": {"ci"#).unwrap();
    assert_eq!(partial.pending_key(), Some("ci"));
    partial.feed(br#"ty"#).unwrap();
    assert_eq!(partial.pending_key(), Some("city"));
    partial.feed(br#"": "#).unwrap();
    assert_eq!(partial.pending_key(), Some("city"));
    partial.feed(br#""Pa"#).unwrap();
    assert_eq!(partial.pending_key(), None);
    assert_eq!(partial.path().to_string(), "/outer/city");
    assert!(!partial.is_complete());
    partial.feed(br#"ris"}, "n": [4, 5"#).unwrap();
    assert_eq!(partial.path().to_string(), "/n/1");
    assert_eq!(
        partial.value(),
        Some(&json!({"outer": {"city": "Paris"}, "n": [4, 5]}))
    );
    partial.feed(b"]}").unwrap();
    assert!(partial.is_complete());
    partial.finish().unwrap();

    let mut literal = PartialJson::new(PartialMode::On);
    literal.feed(br#"{"a": 1, "ok": "#).unwrap();
    assert_eq!(literal.pending_key(), Some("ok"));
    literal.feed(b"tr").unwrap();
    assert_eq!(literal.pending_key(), Some("ok")); // literals arrive whole
    literal.feed(br#"ue, "n": -"#).unwrap();
    assert_eq!(literal.pending_key(), None); // the number has started
    assert_eq!(literal.path().to_string(), "/n");
    assert_eq!(literal.value(), Some(&json!({"a": 1, "ok": true})));

    let mut top = PartialJson::new(PartialMode::On);
    top.feed(b"42").unwrap();
    assert!(!top.is_complete());
    top.finish().unwrap();
    assert!(top.is_complete());
    assert_eq!(top.value(), Some(&json!(42)));
}

#[test]
fn errors_carry_kind_and_offset_and_stick() {
    let mut partial = PartialJson::new(PartialMode::TrailingStrings);
    partial.feed(br#"{"a": [1, 2"#).unwrap();
    let err = partial.feed(b"}").unwrap_err();
    assert!(matches!(err.kind(), PartialJsonErrorKind::Json(_)), "{err}");
    assert_eq!(err.offset(), 11);
    assert_eq!(partial.value(), Some(&json!({"a": [1, 2]})));
    assert_eq!(partial.feed(b"]").unwrap_err(), err);
    assert_eq!(partial.finish().unwrap_err(), err);
    partial.reset();
    partial.feed(b"[]").unwrap();
    partial.finish().unwrap();
    assert_eq!(partial.value(), Some(&json!([])));

    let mut incomplete = PartialJson::new(PartialMode::On);
    incomplete.feed(br#"{"a": "#).unwrap();
    let err = incomplete.finish().unwrap_err();
    assert!(matches!(err.kind(), PartialJsonErrorKind::Json(_)), "{err}");

    let mut huge = PartialJson::new(PartialMode::On);
    huge.feed(b"[1, 1e400").unwrap();
    assert_eq!(huge.value(), Some(&json!([1])));
    let err = huge.feed(b"]").unwrap_err();
    assert_eq!(
        err.kind(),
        PartialJsonErrorKind::Snapshot(
            ssejson::json::snapshot::SnapshotErrorKind::NumberOutOfRange
        )
    );
    assert_eq!(err.offset(), 4);
}

/// Snapshot after every byte, fed one byte at a time.
fn per_byte_snapshots(doc: &[u8], mode: PartialMode) -> Vec<Option<Value>> {
    let mut partial = PartialJson::new(mode);
    doc.iter()
        .map(|byte| {
            partial.feed(std::slice::from_ref(byte)).unwrap();
            partial.value().cloned()
        })
        .collect()
}

/// Checks that feeding `doc` in pieces ending at `cuts` gives, after each
/// piece, the snapshot the byte-at-a-time feed has at the same position.
fn check_chunking(doc: &[u8], cuts: &[usize], mode: PartialMode) {
    let per_byte = per_byte_snapshots(doc, mode);
    let mut partial = PartialJson::new(mode);
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&doc.len())) {
        if end <= start {
            continue;
        }
        partial.feed(&doc[start..end]).unwrap();
        assert_eq!(
            partial.value(),
            per_byte[end - 1].as_ref(),
            "{mode:?} at {end}"
        );
        start = end;
    }
    partial.finish().unwrap();
    let expected: Value = serde_json::from_slice(doc).unwrap();
    assert_eq!(partial.value(), Some(&expected));
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::from),
        "[\"\\\\/\u{0}-\u{1f}é😀a]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-c\"é]{0,3}", inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn arb_document() -> impl Strategy<Value = Vec<u8>> {
    (arb_value(), any::<bool>()).prop_map(|(value, pretty)| {
        if pretty {
            serde_json::to_vec_pretty(&value).unwrap()
        } else {
            serde_json::to_vec(&value).unwrap()
        }
    })
}

/// What feeding `doc` in pieces ending at `cuts` (then finishing) shows:
/// the snapshot after each piece, then the final value or the error.
type Outcome = (
    Vec<(usize, Option<Value>)>,
    Result<Option<Value>, PartialJsonError>,
);

fn outcome(doc: &[u8], cuts: &[usize], mode: PartialMode) -> Outcome {
    let mut partial = PartialJson::new(mode);
    let mut seen = Vec::new();
    let mut start = 0;
    for &end in cuts.iter().chain(std::iter::once(&doc.len())) {
        if end <= start {
            continue;
        }
        if let Err(e) = partial.feed(&doc[start..end]) {
            return (seen, Err(e));
        }
        seen.push((end, partial.value().cloned()));
        start = end;
    }
    let end = partial.finish().map(|()| partial.value().cloned());
    (seen, end)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Hostile input: whatever the bytes, chunking changes neither the
    /// snapshots at common positions nor the error.
    #[test]
    fn arbitrary_bytes_give_the_same_outcome_under_any_chunking(
        doc in prop::collection::vec(prop::sample::select(
            b"{}[],:\"\\ /u0123456789abcdefntrulsE.-+\xc3\xa9\xed\xff".to_vec()), 0..48),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..8),
    ) {
        let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(doc.len() + 1)).collect();
        cuts.sort_unstable();
        let every_byte: Vec<usize> = (1..doc.len()).collect();
        for mode in MODES {
            let (chunked, chunked_end) = outcome(&doc, &cuts, mode);
            let (per_byte, per_byte_end) = outcome(&doc, &every_byte, mode);
            for (end, snapshot) in &chunked {
                let same = per_byte.iter().find(|(at, _)| at == end).map(|(_, s)| s);
                prop_assert_eq!(same, Some(snapshot), "at byte {}", end);
            }
            prop_assert_eq!(&chunked_end, &per_byte_end);
            if let Ok(expected) = serde_json::from_slice::<Value>(&doc) {
                prop_assert_eq!(chunked_end.as_ref().ok(), Some(&Some(expected)));
            }
        }
    }

    #[test]
    fn random_chunking_gives_the_same_snapshots(
        doc in arb_document(),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..12),
    ) {
        let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(doc.len() + 1)).collect();
        cuts.sort_unstable();
        for mode in MODES {
            check_chunking(&doc, &cuts, mode);
        }
    }

    #[test]
    fn random_documents_match_the_reference_on_every_prefix(doc in arb_document()) {
        for mode in MODES {
            let per_byte = per_byte_snapshots(&doc, mode);
            for end in 1..=doc.len() {
                prop_assert_eq!(&per_byte[end - 1], &reference(&doc[..end], mode), "{:?} prefix {:?}", mode, String::from_utf8_lossy(&doc[..end]));
            }
        }
    }
}

/// A long string value with every kind of escape, split characters and
/// escapes cut at piece ends: each piece size gives, after every piece, the
/// reference snapshot of the prefix fed so far, and the offset fed.
#[test]
fn escaped_string_in_small_pieces_matches_the_reference() {
    let mut content = String::new();
    for i in 0..12 {
        content.push_str(&format!(
            "line {i}\n\t\"quoted\" back\\slash/ é日本😀 \u{1} \u{1f}\r ctl\u{8}\u{c}{}",
            "x".repeat(i * 5)
        ));
    }
    let doc = serde_json::to_vec(&json!({"path": "a.rs", "content": content, "n": 1})).unwrap();
    // serde_json writes non-ASCII raw: add `\u` escapes (and a surrogate
    // pair) by hand as well.
    let mut doc = String::from_utf8(doc).unwrap();
    doc = doc
        .replace("é", "\\u00e9")
        .replacen("😀", "\\ud83d\\ude00", 3);
    let doc = doc.as_bytes();
    let mut compared = 0;
    for size in 1..=24 {
        let mut partial = PartialJson::new(PartialMode::TrailingStrings);
        for (index, piece) in doc.chunks(size).enumerate() {
            partial.feed(piece).unwrap();
            let end = (index * size + piece.len()).min(doc.len());
            assert_eq!(partial.offset(), end as u64);
            assert_eq!(
                partial.value(),
                reference(&doc[..end], PartialMode::TrailingStrings).as_ref(),
                "size {size}, end {end}"
            );
            compared += 1;
        }
        partial.finish().unwrap();
        let expected: Value = serde_json::from_slice(doc).unwrap();
        assert_eq!(partial.value(), Some(&expected));
    }
    assert!(compared > 2000, "{compared}");
}

/// Bad content inside a long string is reported where it is, at the same
/// offset as in one piece, however the string is cut into pieces.
#[test]
fn errors_inside_a_string_in_small_pieces_keep_their_offset() {
    let bad: [(&[u8], u64); 5] = [
        (b"\\x", 1),
        (b"\x01", 0),
        (b"\xff", 0),
        // A low surrogate is known for one after its second hex digit.
        (b"\\udc00", 3),
        // A high one is alone once the next escape's first digit is not D.
        (b"\\ud800\\u0041", 8),
    ];
    for (insert, at) in bad {
        let mut doc = br#"{"content": ""#.to_vec();
        doc.extend(b"plain text \\n more text ".repeat(3));
        let expected_offset = doc.len() as u64 + at;
        doc.extend_from_slice(insert);
        doc.extend_from_slice(b" tail\"}");
        let one_piece = PartialJson::new(PartialMode::TrailingStrings)
            .feed(&doc)
            .unwrap_err();
        assert_eq!(one_piece.offset(), expected_offset, "{insert:?}");
        for size in 1..=20 {
            let mut partial = PartialJson::new(PartialMode::TrailingStrings);
            let error = doc
                .chunks(size)
                .find_map(|piece| partial.feed(piece).err())
                .unwrap_or_else(|| panic!("{insert:?} accepted at size {size}"));
            assert!(
                matches!(error.kind(), PartialJsonErrorKind::Json(_)),
                "{error}"
            );
            assert_eq!(error, one_piece, "{insert:?} size {size}");
            assert_eq!(partial.feed(b"x").unwrap_err(), error);
        }
    }
}
