//! `SnapshotBuilder` driven by hand-written token sequences.
#![cfg(feature = "serde_json")]

use serde_json::{json, Value};
use ssejson::json::snapshot::{PartialMode, SnapshotBuilder, SnapshotErrorKind};
use ssejson::json::{Number, Token};

fn num(text: &str) -> Token<'_> {
    Token::Number(Number::new(text).expect("complete number"))
}

/// Applies `tokens` and returns the snapshot after each one.
fn snapshots(mode: PartialMode, tokens: &[Token<'_>]) -> Vec<Option<Value>> {
    let mut builder = SnapshotBuilder::new(mode);
    tokens
        .iter()
        .map(|token| {
            builder.apply(token).expect("valid token sequence");
            builder.value().cloned()
        })
        .collect()
}

#[test]
fn nested_document_snapshot_after_every_token() {
    use Token::*;
    let tokens = [
        StartObject,
        Key("name"),
        StringStart,
        StringFragment("get_"),
        StringFragment("weather"),
        StringEnd,
        Key("args"),
        StartArray,
        num("1"),
        Bool(true),
        Null,
        StartObject,
        EndObject,
        EndArray,
        EndObject,
    ];
    let expected_trailing = [
        json!({}),
        json!({}),
        json!({"name": ""}),
        json!({"name": "get_"}),
        json!({"name": "get_weather"}),
        json!({"name": "get_weather"}),
        json!({"name": "get_weather"}),
        json!({"name": "get_weather", "args": []}),
        json!({"name": "get_weather", "args": [1]}),
        json!({"name": "get_weather", "args": [1, true]}),
        json!({"name": "get_weather", "args": [1, true, null]}),
        json!({"name": "get_weather", "args": [1, true, null, {}]}),
        json!({"name": "get_weather", "args": [1, true, null, {}]}),
        json!({"name": "get_weather", "args": [1, true, null, {}]}),
        json!({"name": "get_weather", "args": [1, true, null, {}]}),
    ];
    let got = snapshots(PartialMode::TrailingStrings, &tokens);
    let expected: Vec<_> = expected_trailing.iter().cloned().map(Some).collect();
    assert_eq!(got, expected);

    // `On` differs only while the string is open.
    let got_on = snapshots(PartialMode::On, &tokens);
    for (i, (on, trailing)) in got_on.iter().zip(&expected).enumerate() {
        if (2..=4).contains(&i) {
            assert_eq!(on, &Some(json!({})), "token {i}");
        } else {
            assert_eq!(on, trailing, "token {i}");
        }
    }
}

#[test]
fn top_level_scalars_and_strings() {
    use Token::*;
    assert_eq!(
        snapshots(PartialMode::On, &[Bool(false)]),
        [Some(json!(false))]
    );
    assert_eq!(
        snapshots(
            PartialMode::On,
            &[StringStart, StringFragment("a"), StringEnd]
        ),
        [None, None, Some(json!("a"))]
    );
    assert_eq!(
        snapshots(
            PartialMode::TrailingStrings,
            &[StringStart, StringFragment("a"), StringEnd]
        ),
        [Some(json!("")), Some(json!("a")), Some(json!("a"))]
    );
    let mut builder = SnapshotBuilder::new(PartialMode::On);
    builder.apply(&num("-0")).unwrap();
    assert!(builder.is_complete());
    assert_eq!(builder.value(), Some(&json!(-0.0)));
    let err = builder.apply(&Null).unwrap_err();
    assert_eq!(err.kind(), SnapshotErrorKind::UnexpectedToken);
    assert_eq!(err.offset(), 1);
}

#[test]
fn partial_numbers_show_only_when_complete_and_can_be_retracted() {
    let mut builder = SnapshotBuilder::new(PartialMode::On);
    builder.apply(&Token::StartArray).unwrap();
    builder.apply(&num("7")).unwrap();
    let steps = [
        ("-", json!([7])),
        ("-1", json!([7, -1])),
        ("-12", json!([7, -12])),
        ("-12.", json!([7])),
        ("-12.5", json!([7, -12.5])),
        ("-12.5e", json!([7])),
        ("-12.5e+1", json!([7, -125.0])),
    ];
    for (text, expected) in steps {
        builder.set_partial_number(Some(text)).unwrap();
        assert_eq!(builder.value(), Some(&expected), "{text}");
    }
    builder.apply(&num("-12.5e+10")).unwrap();
    assert_eq!(builder.value(), Some(&json!([7, -125000000000.0])));
    builder.set_partial_number(None).unwrap();
    builder.apply(&Token::EndArray).unwrap();
    assert_eq!(builder.value(), Some(&json!([7, -125000000000.0])));
    assert!(builder.is_complete());
}

#[test]
fn top_level_partial_number() {
    let mut builder = SnapshotBuilder::new(PartialMode::TrailingStrings);
    builder.set_partial_number(Some("-")).unwrap();
    assert_eq!(builder.value(), None);
    builder.set_partial_number(Some("12")).unwrap();
    assert_eq!(builder.value(), Some(&json!(12)));
    assert!(!builder.is_complete());
    builder.set_partial_number(Some("12.")).unwrap();
    assert_eq!(builder.value(), None);
    builder.apply(&num("12.25")).unwrap();
    assert_eq!(builder.value(), Some(&json!(12.25)));
    assert!(builder.is_complete());
}

#[test]
fn duplicate_keys_last_wins_once_the_new_value_shows() {
    use Token::*;
    for mode in [PartialMode::On, PartialMode::TrailingStrings] {
        let mut builder = SnapshotBuilder::new(mode);
        for token in [StartObject, Key("a"), num("1"), Key("a")] {
            builder.apply(&token).unwrap();
        }
        assert_eq!(builder.pending_key(), Some("a"));
        builder.set_partial_number(Some("2")).unwrap();
        assert_eq!(builder.pending_key(), None);
        assert_eq!(builder.value(), Some(&json!({"a": 2})));
        builder.set_partial_number(Some("2.")).unwrap();
        assert_eq!(builder.value(), Some(&json!({"a": 1})), "{mode:?}");
        builder.set_partial_number(None).unwrap();
        builder.apply(&StringStart).unwrap();
        builder.apply(&StringFragment("x")).unwrap();
        let expected = match mode {
            PartialMode::On => json!({"a": 1}),
            PartialMode::TrailingStrings => json!({"a": "x"}),
        };
        assert_eq!(builder.value(), Some(&expected));
        builder.apply(&StringEnd).unwrap();
        builder.apply(&EndObject).unwrap();
        assert_eq!(builder.value(), Some(&json!({"a": "x"})));
    }
}

#[test]
fn pending_key_follows_members() {
    use Token::*;
    let mut builder = SnapshotBuilder::new(PartialMode::On);
    builder.apply(&StartObject).unwrap();
    assert_eq!(builder.pending_key(), None);
    builder.apply(&Key("outer")).unwrap();
    assert_eq!(builder.pending_key(), Some("outer"));
    builder.apply(&StartObject).unwrap();
    assert_eq!(builder.pending_key(), None);
    builder.apply(&Key("inner")).unwrap();
    assert_eq!(builder.pending_key(), Some("inner"));
    assert_eq!(builder.depth(), 2);
    builder.apply(&StringStart).unwrap();
    assert_eq!(builder.pending_key(), None);
}

#[test]
fn rejects_tokens_that_do_not_fit_and_stays_unchanged() {
    use Token::*;
    let cases: &[(&[Token<'_>], Token<'_>)] = &[
        (&[], EndArray),
        (&[], EndObject),
        (&[], Key("a")),
        (&[], StringFragment("a")),
        (&[], StringEnd),
        (&[StartArray], EndObject),
        (&[StartArray], Key("a")),
        (&[StartObject], Null),
        (&[StartObject], EndArray),
        (&[StartObject, Key("a")], Key("b")),
        (&[StartObject, Key("a")], EndObject),
        (&[StringStart], Null),
        (&[StringStart], StartArray),
        (&[StartArray, EndArray], StartArray),
    ];
    for (mode, (prefix, bad)) in [PartialMode::On, PartialMode::TrailingStrings]
        .into_iter()
        .flat_map(|mode| cases.iter().map(move |case| (mode, case)))
    {
        let mut builder = SnapshotBuilder::new(mode);
        for token in prefix.iter() {
            builder.apply(token).unwrap();
        }
        let before = builder.value().cloned();
        let err = builder.apply(bad).unwrap_err();
        assert_eq!(err.kind(), SnapshotErrorKind::UnexpectedToken, "{bad:?}");
        assert_eq!(err.offset(), prefix.len() as u64);
        assert_eq!(builder.value().cloned(), before);
        assert!(!err.to_string().is_empty());
    }
    let mut builder = SnapshotBuilder::new(PartialMode::On);
    builder.apply(&StartObject).unwrap();
    let err = builder.set_partial_number(Some("1")).unwrap_err();
    assert_eq!(err.kind(), SnapshotErrorKind::UnexpectedToken);
}

#[test]
fn number_out_of_f64_range_is_an_error_and_hidden_while_partial() {
    let mut builder = SnapshotBuilder::new(PartialMode::On);
    builder.apply(&Token::StartArray).unwrap();
    builder.set_partial_number(Some("1e400")).unwrap();
    assert_eq!(builder.value(), Some(&json!([])));
    let err = builder.apply(&num("1e400")).unwrap_err();
    assert_eq!(err.kind(), SnapshotErrorKind::NumberOutOfRange);
    assert_eq!(err.offset(), 1);
}

#[test]
fn numbers_convert_like_serde_json() {
    for text in [
        "0",
        "-0",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "1.5e300",
        "0.1",
        "123456789.123456789123456789",
    ] {
        let mut builder = SnapshotBuilder::new(PartialMode::On);
        builder.apply(&num(text)).unwrap();
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(builder.value(), Some(&expected), "{text}");
    }
}

#[test]
fn depth_limit_and_reset() {
    let mut builder = SnapshotBuilder::with_max_depth(PartialMode::On, 3);
    for _ in 0..3 {
        builder.apply(&Token::StartArray).unwrap();
    }
    let err = builder.apply(&Token::StartObject).unwrap_err();
    assert_eq!(err.kind(), SnapshotErrorKind::DepthLimitExceeded);
    assert_eq!(builder.value(), Some(&json!([[[]]])));
    builder.reset();
    assert_eq!(builder.value(), None);
    builder.apply(&Token::Null).unwrap();
    assert_eq!(builder.value(), Some(&Value::Null));
}

#[test]
fn deepest_allowed_value_drops_on_a_small_stack() {
    // Dropping and comparing a Value recurse per level: the default limit must
    // fit a 256 KiB thread stack in an unoptimized build.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut builder = SnapshotBuilder::new(PartialMode::On);
            for _ in 0..SnapshotBuilder::DEFAULT_MAX_DEPTH {
                builder.apply(&Token::StartArray).unwrap();
            }
            let err = builder.apply(&Token::StartArray).unwrap_err();
            assert_eq!(err.kind(), SnapshotErrorKind::DepthLimitExceeded);
            drop(builder);
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn long_string_grows_in_place() {
    // 160 KB in 16-byte fragments: each fragment is appended where it goes.
    let fragment = "0123456789abcdef";
    let mut builder = SnapshotBuilder::new(PartialMode::TrailingStrings);
    builder.apply(&Token::StartObject).unwrap();
    builder.apply(&Token::Key("content")).unwrap();
    builder.apply(&Token::StringStart).unwrap();
    for _ in 0..10_000 {
        builder.apply(&Token::StringFragment(fragment)).unwrap();
    }
    let len = builder.value().unwrap()["content"].as_str().unwrap().len();
    assert_eq!(len, 160_000);
}

#[test]
fn long_partial_numbers_are_left_out_until_they_end() {
    let limit = SnapshotBuilder::MAX_PARTIAL_NUMBER_LEN;
    let digits: String = (0..limit + 1)
        .map(|i| char::from(b'1' + (i % 9) as u8))
        .collect();
    let mut builder = SnapshotBuilder::new(PartialMode::On);
    builder.apply(&Token::StartArray).unwrap();
    builder.set_partial_number(Some(&digits[..limit])).unwrap();
    let shown: Value = serde_json::from_str(&digits[..limit]).unwrap();
    assert_eq!(builder.value(), Some(&Value::Array(vec![shown])));
    builder.set_partial_number(Some(&digits)).unwrap();
    assert_eq!(builder.value(), Some(&json!([])));
    builder.apply(&num(&digits)).unwrap();
    let whole: Value = serde_json::from_str(&digits).unwrap();
    assert_eq!(builder.value(), Some(&Value::Array(vec![whole])));
}
