//! Chunking invariance: every prefix, every split point, one-byte chunks and
//! random re-chunkings give the events and errors of a one-shot feed, which
//! match the naive reference tokenizer.

mod json_support;

use json_support::{
    bytewise, check_all_splits, naive, split_at, split_by_sizes, tokenize, tokenize_chunks, Tok,
};
use proptest::prelude::*;
use ssejson::json::{ErrorKind, Limits, Tokenizer};

/// Valid documents covering every construct.
const VALID: &[&str] = &[
    r#"{"name":"get_weather","arguments":{"city":"Paris","days":[1,2,3],"metric":true,"note":null}}"#,
    "  [ 1 , -0.5e-3 , 2E+10 , 0 , -0 , 123456789012345678901234567890 , 1.25 ]\n",
    r#"{"esc":"quote\" back\\ slash\/ \b\f\n\r\t end","uni":"\u00e9\u20AC\ud83d\ude00x"}"#,
    r#"["héllo wörld","€ and 😀 and 日本語",{"ключ":"значение"}]"#,
    r#"{"a":{"b":{"c":[[[]]],"d":{}}},"e":[{},[],"",0]}"#,
    r#""just a string with \u0000 nul""#,
    "12",
    "-0.0e0",
    "true",
    " null ",
    "false",
    r#"{"":"","~/":"/~","a/b~c":[{"x~1":1}]}"#,
    "\t\r\n[\t\r\n]\t\r\n",
    r#"{"k\"ey\\":"v\u0041l","k\u00e9y2":"\ud800\udc00"}"#,
];

/// Invalid documents, one per rule.
const INVALID: &[&str] = &[
    "",
    "   ",
    "[1,]",
    r#"{"a":1,}"#,
    "01",
    "[01]",
    "-",
    "[-]",
    "1.",
    "[1.]",
    "1e",
    "[1e+]",
    ".5",
    "+1",
    "[1.5.5]",
    "[1-2]",
    "tru",
    "[trUe]",
    "nul1",
    "[nan]",
    "\"a\u{1}b\"",
    "\"tab\there\"",
    r#""bad \x escape""#,
    r#""\u12G4""#,
    r#""\ud800""#,
    r#""\ud800x""#,
    r#""\ud800\n""#,
    r#""\ud800\u0041""#,
    r#""\udc00""#,
    r#""\ud800\ud800""#,
    "[1] x",
    "{} {}",
    "12 13",
    "12x",
    "[1 2]",
    r#"{"a" 1}"#,
    r#"{"a":1 "b":2}"#,
    "{1:2}",
    "[}",
    "{]",
    "]",
    r#"{"a":}"#,
    "[,1]",
    "\u{feff}[]",
    "[1,\u{a0}2]",
    r#"{"a":[1,{"b":"c"}"#,
    "\"unterminated",
    "[\"\\",
    "[\"\\u00",
];

/// Invalid UTF-8 inside strings and keys, as raw bytes.
const INVALID_UTF8: &[&[u8]] = &[
    b"\"\xC0\x80\"",
    b"\"\xC1\xBF\"",
    b"\"\xE0\x80\x80\"",
    b"\"\xED\xA0\x80\"",
    b"\"\xED\xBF\xBF\"",
    b"\"\xF4\x90\x80\x80\"",
    b"\"\xF5\x80\x80\x80\"",
    b"\"\xFF\"",
    b"\"\x80\"",
    b"\"ab\xE2\x82\"",
    b"\"ab\xF0\x9F\x98\"",
    b"\"\xE2\x82\xE2\x82\xAC\"",
    b"{\"k\xE9y\":1}",
    b"{\"ok\":\"\xF0\x9F\x98\x80\xF0\x9F\x98\"}",
    b"[\"a\xF0\x28\x8C\xBC\"]",
    b"[\"\xE2\x82\xAC\", 1, \"\xC3\"]",
];

#[test]
fn valid_documents_agree_under_every_split() {
    for doc in VALID {
        let outcome = check_all_splits(Limits::default(), doc.as_bytes());
        assert!(outcome.is_ok(), "{doc}: {:?}", outcome.error);
    }
}

#[test]
fn invalid_documents_agree_under_every_split() {
    for doc in INVALID {
        let outcome = check_all_splits(Limits::default(), doc.as_bytes());
        assert!(!outcome.is_ok(), "{doc:?} accepted");
    }
    let unfinished = tokenize(Limits::default(), b"\"ab\xE2\x82");
    assert_eq!(unfinished.error, Some((ErrorKind::Incomplete, 5)));
    for doc in INVALID_UTF8 {
        let outcome = check_all_splits(Limits::default(), doc);
        assert_eq!(
            outcome.error.map(|e| e.0),
            Some(ErrorKind::InvalidUtf8),
            "{doc:?}"
        );
    }
}

#[test]
fn every_prefix_of_valid_documents() {
    for doc in VALID {
        let doc = doc.as_bytes();
        for end in 0..=doc.len() {
            let prefix = &doc[..end];
            // Fed without finishing: never an error.
            let mut tokenizer = Tokenizer::new();
            let mut tokens = tokenizer.feed(prefix);
            while let Some(event) = tokens.next_event() {
                event.unwrap_or_else(|e| panic!("prefix {end} of {doc:?}: {e}"));
            }
            // Finished: complete exactly when the naive reference says the
            // prefix is a document, else Incomplete at the prefix end.
            let outcome = check_all_splits(Limits::default(), prefix);
            match outcome.error {
                None => assert!(naive::run(Limits::default(), prefix).is_ok()),
                Some(error) => {
                    assert_eq!(error, (ErrorKind::Incomplete, end as u64), "prefix {end}")
                }
            }
        }
    }
}

#[test]
fn number_prefix_is_itself_complete() {
    let doc = b"123";
    for end in 1..=3 {
        let outcome = tokenize(Limits::default(), &doc[..end]);
        assert!(outcome.is_ok());
        let text = std::str::from_utf8(&doc[..end]).unwrap().to_owned();
        assert_eq!(outcome.events[0].tok, Tok::Number(text));
    }
}

#[test]
fn sequences_agree_under_every_split() {
    let limits = Limits::default().multiple_values(true);
    for doc in [
        "",
        "  ",
        "1 2 3",
        "{}{}[]\"a\"\"b\"truefalse null",
        "{\"a\":1}\n{\"a\":2}\n",
        "1\n",
        "[1]2",
        "12[",
        "1.5e3 -0",
        "{\"a\":",
        "1 2x",
    ] {
        check_all_splits(limits, doc.as_bytes());
    }
}

/// Splits that land inside every multi-byte construct.
#[test]
fn split_table() {
    let cases: &[(&[u8], &[usize], &str)] = &[
        (br#"["\u00e9"]"#, &[4], "inside \\u"),
        (br#"["\u00e9"]"#, &[3, 5, 6, 7], "\\u one byte at a time"),
        (br#"["\ud83d\ude00"]"#, &[8], "between surrogate halves"),
        (br#"["\ud83d\ude00"]"#, &[9], "after the second backslash"),
        (br#"["\ud83d\ude00"]"#, &[10, 12], "inside the low half"),
        ("[\"😀\"]".as_bytes(), &[3], "inside a 4-byte char, 1|3"),
        ("[\"😀\"]".as_bytes(), &[4], "inside a 4-byte char, 2|2"),
        ("[\"😀\"]".as_bytes(), &[5], "inside a 4-byte char, 3|1"),
        (
            "[\"😀\"]".as_bytes(),
            &[3, 4, 5],
            "4-byte char byte by byte",
        ),
        (b"[123.5e2]", &[3, 7], "12|3.5e|2"),
        (b"[true]", &[3], "tr|ue"),
        (br#"{"location":1}"#, &[5], "inside a key"),
        (br#"{"loc\"ation":1}"#, &[6], "inside \\\" of a key"),
        (br#"["say \"hi\""]"#, &[7], "inside \\\" of a value"),
        (
            "{\"kéy\":1}".as_bytes(),
            &[4],
            "inside a 2-byte char of a key",
        ),
    ];
    for (doc, points, what) in cases {
        let whole = tokenize(Limits::default(), doc);
        assert!(whole.is_ok(), "{what}");
        let split = tokenize_chunks(Limits::default(), &split_at(doc, points));
        assert_eq!(split, whole, "{what}");
    }
    // The decoded values themselves.
    let outcome = tokenize(Limits::default(), br#"["\ud83d\ude00", "\u00e9"]"#);
    let fragments: Vec<_> = outcome
        .events
        .iter()
        .filter_map(|e| match &e.tok {
            Tok::Fragment(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(fragments, ["😀", "é"]);
}

#[test]
fn fragments_are_zero_copy_and_streamed() {
    // Content is delivered as it arrives, before the closing quote.
    let mut tokenizer = Tokenizer::new();
    let mut got = Vec::new();
    tokenizer
        .feed(br#"{"text": "Hello, wo"#)
        .for_each(|e| got.push(Tok::from_token(&e.token)))
        .unwrap();
    assert_eq!(got.last(), Some(&Tok::Fragment("Hello, wo".into())));
    // A fragment without escapes borrows the chunk.
    let chunk = br#""plain text""#;
    let mut tokenizer = Tokenizer::new();
    let mut tokens = tokenizer.feed(chunk);
    tokens.next_event();
    let event = tokens.next_event().unwrap().unwrap();
    let ssejson::json::Token::StringFragment(text) = event.token else {
        panic!("{event:?}")
    };
    let range = chunk.as_ptr_range();
    assert!(
        range.contains(&text.as_ptr()),
        "fragment is not borrowed from the chunk"
    );
}

fn json_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    // Bytes drawn mostly from JSON syntax, so that random documents get deep
    // into the grammar before failing.
    let atom = prop_oneof![
        8 => prop::sample::select(
            b"{}[]:,\"\\ \t\n\r0123456789-+.eEtrufalsn/bu".to_vec()
        ),
        2 => prop::sample::select(vec![0xC3u8, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xA0, 0xC0, 0xFF]),
        1 => any::<u8>(),
    ];
    prop::collection::vec(atom, 0..48)
}

fn fragment_of_valid_doc() -> impl Strategy<Value = Vec<u8>> {
    (
        0..VALID.len(),
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
    )
        .prop_map(|(which, cut, edits)| {
            let mut doc = VALID[which].as_bytes().to_vec();
            let end = cut.index(doc.len() + 1);
            doc.truncate(end.max(1).min(doc.len()));
            for (at, byte) in edits {
                if !doc.is_empty() {
                    let i = at.index(doc.len());
                    doc[i] = byte;
                }
            }
            doc
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_agree_with_reference_under_random_chunking(
        doc in prop_oneof![json_like_bytes(), fragment_of_valid_doc()],
        sizes in prop::collection::vec(1usize..8, 1..6),
        multiple in any::<bool>(),
        max_depth in 0usize..6,
        max_token_len in 0usize..12,
    ) {
        let limits = Limits::default()
            .multiple_values(multiple)
            .max_depth(if max_depth == 5 { 128 } else { max_depth })
            .max_token_len(if max_token_len == 11 { 1 << 16 } else { max_token_len });
        let whole = tokenize(limits, &doc);
        prop_assert_eq!(&whole, &naive::run(limits, &doc));
        prop_assert_eq!(&tokenize_chunks(limits, &split_by_sizes(&doc, &sizes)), &whole);
        prop_assert_eq!(&tokenize_chunks(limits, &bytewise(&doc)), &whole);
    }
}

/// Reads at most `budget` events per feed, drops the `Tokens`, and feeds the
/// unread rest again: the documented rule for a `Tokens` dropped early.
fn tokenize_with_early_drops(limits: Limits, doc: &[u8], budget: usize) -> json_support::Outcome {
    let mut tokenizer = Tokenizer::with_limits(limits);
    let mut events = Vec::new();
    let mut rest = doc;
    let mut error = None;
    let record = |event: ssejson::json::Event<'_>, events: &mut Vec<json_support::Ev>| {
        json_support::push_merged(
            events,
            json_support::Ev {
                tok: Tok::from_token(&event.token),
                path: event.path.to_string(),
                offset: event.offset,
            },
        );
    };
    'feeding: loop {
        let before = tokenizer.offset();
        let mut tokens = tokenizer.feed(rest);
        let mut exhausted = false;
        for _ in 0..budget.max(1) {
            match tokens.next_event() {
                Some(Ok(event)) => record(event, &mut events),
                Some(Err(e)) => {
                    error = Some((e.kind(), e.offset()));
                    break 'feeding;
                }
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        let used = tokens.consumed();
        assert_eq!(tokenizer.offset(), before + used as u64);
        rest = &rest[used..];
        if exhausted && rest.is_empty() {
            break;
        }
    }
    if error.is_none() {
        let mut tokens = tokenizer.finish();
        while let Some(event) = tokens.next_event() {
            match event {
                Ok(event) => record(event, &mut events),
                Err(e) => {
                    error = Some((e.kind(), e.offset()));
                    break;
                }
            }
        }
    }
    json_support::Outcome { events, error }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn dropping_tokens_early_then_refeeding_the_rest(
        doc in prop_oneof![json_like_bytes(), fragment_of_valid_doc()],
        budget in 1usize..4,
    ) {
        let limits = Limits::default();
        prop_assert_eq!(tokenize_with_early_drops(limits, &doc, budget), tokenize(limits, &doc));
    }
}

#[test]
fn dropping_tokens_early_on_valid_documents() {
    for doc in VALID {
        for budget in 1..4 {
            let outcome = tokenize_with_early_drops(Limits::default(), doc.as_bytes(), budget);
            assert_eq!(
                outcome,
                tokenize(Limits::default(), doc.as_bytes()),
                "{doc} / {budget}"
            );
        }
    }
}
