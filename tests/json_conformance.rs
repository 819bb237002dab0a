//! Hand-written accept/reject vectors for every RFC 8259 rule, with the exact
//! error kind and offset, checked under every split point.

mod json_support;

use json_support::{check_all_splits, tokenize, Ev, Tok};
use ssejson::json::{ErrorKind, ErrorKind::*, Limits};

fn expect_error(doc: &[u8], kind: ErrorKind, offset: u64) {
    let outcome = check_all_splits(Limits::default(), doc);
    assert_eq!(
        outcome.error,
        Some((kind, offset)),
        "{:?}",
        String::from_utf8_lossy(doc)
    );
}

fn expect_ok(doc: &[u8]) -> Vec<Ev> {
    let outcome = check_all_splits(Limits::default(), doc);
    assert_eq!(outcome.error, None, "{:?}", String::from_utf8_lossy(doc));
    outcome.events
}

fn tokens(doc: &[u8]) -> Vec<Tok> {
    expect_ok(doc).into_iter().map(|e| e.tok).collect()
}

#[test]
fn scalars() {
    assert_eq!(tokens(b"true"), [Tok::Bool(true)]);
    assert_eq!(tokens(b"false"), [Tok::Bool(false)]);
    assert_eq!(tokens(b" null\n"), [Tok::Null]);
    assert_eq!(tokens(b"0"), [Tok::Number("0".into())]);
    assert_eq!(tokens(b"\"\""), [Tok::StringStart, Tok::StringEnd]);
}

#[test]
fn numbers_keep_their_text() {
    for text in [
        "0",
        "-0",
        "1",
        "-1",
        "10",
        "0.5",
        "-0.0",
        "1e5",
        "1E5",
        "1e+5",
        "1e-5",
        "1.5E-05",
        "123456789012345678901234567890",
        "1e400",
        "-1e-400",
        "0e0",
    ] {
        let doc = format!("[{text}]");
        assert_eq!(
            tokens(doc.as_bytes()),
            [Tok::StartArray, Tok::Number(text.into()), Tok::EndArray],
            "{text}"
        );
    }
}

#[test]
fn invalid_numbers() {
    expect_error(b"01", InvalidNumber, 1);
    expect_error(b"-01", InvalidNumber, 2);
    expect_error(b"00", InvalidNumber, 1);
    expect_error(b"[1.]", InvalidNumber, 3);
    expect_error(b"[1.e5]", InvalidNumber, 3);
    expect_error(b"[.5]", UnexpectedByte, 1);
    expect_error(b"[+1]", UnexpectedByte, 1);
    expect_error(b"[-]", InvalidNumber, 2);
    expect_error(b"[- 1]", InvalidNumber, 2);
    expect_error(b"[1e]", InvalidNumber, 3);
    expect_error(b"[1e+]", InvalidNumber, 4);
    expect_error(b"[1e5.0]", InvalidNumber, 4);
    expect_error(b"[1.2.3]", InvalidNumber, 4);
    expect_error(b"[1-2]", InvalidNumber, 2);
    expect_error(b"[1+2]", InvalidNumber, 2);
    expect_error(b"[1ee5]", InvalidNumber, 3);
    expect_error(b"[0x10]", UnexpectedByte, 2);
    expect_error(b"[Infinity]", UnexpectedByte, 1);
    expect_error(b"[NaN]", UnexpectedByte, 1);
    expect_error(b"[-Infinity]", InvalidNumber, 2);
    // Input ending inside a number that cannot end there.
    expect_error(b"-", Incomplete, 1);
    expect_error(b"1.", Incomplete, 2);
    expect_error(b"1e-", Incomplete, 3);
}

#[test]
fn literals() {
    expect_error(b"tru", Incomplete, 3);
    expect_error(b"trUe", InvalidLiteral, 2);
    expect_error(b"[nul]", InvalidLiteral, 4);
    expect_error(b"[falsy]", InvalidLiteral, 5);
    expect_error(b"True", UnexpectedByte, 0);
    expect_error(b"[nulll]", UnexpectedByte, 5);
    expect_error(b"truefalse", TrailingCharacters, 4);
}

#[test]
fn structure() {
    expect_error(b"", Incomplete, 0);
    expect_error(b" \t\r\n", Incomplete, 4);
    expect_error(b"[1,]", TrailingComma, 3);
    expect_error(b"[1, ]", TrailingComma, 4);
    expect_error(br#"{"a":1,}"#, TrailingComma, 7);
    expect_error(br#"{"a":1 , }"#, TrailingComma, 9);
    expect_error(b"[,]", UnexpectedByte, 1);
    expect_error(b"[1,,2]", UnexpectedByte, 3);
    expect_error(b"[1 2]", UnexpectedByte, 3);
    expect_error(br#"{"a" 1}"#, UnexpectedByte, 5);
    expect_error(br#"{"a":1 "b":2}"#, UnexpectedByte, 7);
    expect_error(br#"{"a"::1}"#, UnexpectedByte, 5);
    expect_error(br#"{"a":}"#, UnexpectedByte, 5);
    expect_error(b"{1:2}", UnexpectedByte, 1);
    expect_error(b"{a:2}", UnexpectedByte, 1);
    expect_error(b"{'a':2}", UnexpectedByte, 1);
    expect_error(b"[}", UnexpectedByte, 1);
    expect_error(b"{]", UnexpectedByte, 1);
    expect_error(b"[1}", UnexpectedByte, 2);
    expect_error(br#"{"a":1]"#, UnexpectedByte, 6);
    expect_error(b"]", UnexpectedByte, 0);
    expect_error(b"}", UnexpectedByte, 0);
    expect_error(b":", UnexpectedByte, 0);
    expect_error(b"[1] x", TrailingCharacters, 4);
    expect_error(b"{} {}", TrailingCharacters, 3);
    expect_error(b"12 13", TrailingCharacters, 3);
    expect_error(b"12x", TrailingCharacters, 2);
    expect_error(b"12]", TrailingCharacters, 2);
    expect_error(b"\"a\"\"b\"", TrailingCharacters, 3);
    expect_error(b"[1,2", Incomplete, 4);
    expect_error(br#"{"a""#, Incomplete, 4);
    expect_error(br#"{"a":"#, Incomplete, 5);
    expect_error(br#"{"a":1,"#, Incomplete, 7);
}

#[test]
fn whitespace_is_exactly_four_bytes() {
    expect_ok(b" \t\n\r[ \t\n\r1 \t\n\r] \t\n\r");
    expect_error(b"\x0C[]", UnexpectedByte, 0);
    expect_error(b"[\x0B]", UnexpectedByte, 1);
    expect_error("[\u{a0}]".as_bytes(), UnexpectedByte, 1);
    expect_error("\u{feff}[]".as_bytes(), UnexpectedByte, 0);
    expect_error(b"[]\x00", TrailingCharacters, 2);
}

#[test]
fn escapes() {
    let fragments = |doc: &[u8]| -> String {
        expect_ok(doc)
            .into_iter()
            .filter_map(|e| match e.tok {
                Tok::Fragment(text) => Some(text),
                _ => None,
            })
            .collect()
    };
    assert_eq!(fragments(br#""\"\\\/\b\f\n\r\t""#), "\"\\/\u{8}\u{c}\n\r\t");
    assert_eq!(fragments(br#""\u0041\u00e9\u20AC\uFFFF""#), "Aé€\u{FFFF}");
    assert_eq!(fragments(br#""\u0000""#), "\0");
    assert_eq!(fragments(br#""\ud83d\ude00\uD834\uDD1E""#), "😀𝄞");
    assert_eq!(fragments(br#""\uDBFF\uDFFF""#), "\u{10FFFF}");
    expect_error(br#""\a""#, InvalidEscape, 2);
    expect_error(br#""\'""#, InvalidEscape, 2);
    expect_error(br#""\U0041""#, InvalidEscape, 2);
    expect_error(br#""\x41""#, InvalidEscape, 2);
    expect_error(br#""\u004""#, InvalidEscape, 6);
    expect_error(br#""\u00G1""#, InvalidEscape, 5);
    expect_error(br#""\u""#, InvalidEscape, 3);
    expect_error(b"\"\\", Incomplete, 2);
    expect_error(b"\"\\u00", Incomplete, 5);
}

#[test]
fn lone_surrogates() {
    // A low half first: known at its second hex digit.
    expect_error(br#""\udc00""#, LoneSurrogate, 4);
    expect_error(br#""\uDFFF""#, LoneSurrogate, 4);
    // A high half not followed by `\u` + low half: known at the first byte
    // that breaks the pair.
    expect_error(br#""\ud800""#, LoneSurrogate, 7);
    expect_error(br#""\ud800x""#, LoneSurrogate, 7);
    expect_error(br#""\ud800\n""#, LoneSurrogate, 8);
    expect_error(br#""\ud800\u0041""#, LoneSurrogate, 9);
    expect_error(br#""\ud800\ud800""#, LoneSurrogate, 10);
    expect_error(br#""\ud800\uE000""#, LoneSurrogate, 9);
    expect_error(br#""\ud800\udX00""#, InvalidEscape, 10);
    expect_error(b"\"\\ud800", Incomplete, 7);
    expect_error(b"\"\\ud800\\u", Incomplete, 9);
    // The same in a key.
    expect_error(br#"{"\udc00":1}"#, LoneSurrogate, 5);
}

#[test]
fn control_characters() {
    for b in 0u8..0x20 {
        let doc = [b'"', b'a', b, b'"'];
        expect_error(&doc, ControlCharacter, 2);
        let doc = [b'{', b'"', b, b'"', b':', b'1', b'}'];
        expect_error(&doc, ControlCharacter, 2);
    }
    // DEL and everything above it are fine.
    expect_ok(b"\"\x7F\"");
}

#[test]
fn utf8() {
    assert_eq!(
        tokens("\"é€😀\"".as_bytes()),
        [
            Tok::StringStart,
            Tok::Fragment("é€😀".into()),
            Tok::StringEnd
        ]
    );
    // Overlong encodings.
    expect_error(b"\"\xC0\x80\"", InvalidUtf8, 1);
    expect_error(b"\"\xC1\xBF\"", InvalidUtf8, 1);
    expect_error(b"\"\xE0\x80\x80\"", InvalidUtf8, 2);
    expect_error(b"\"\xE0\x9F\xBF\"", InvalidUtf8, 2);
    expect_error(b"\"\xF0\x80\x80\x80\"", InvalidUtf8, 2);
    expect_error(b"\"\xF0\x8F\xBF\xBF\"", InvalidUtf8, 2);
    // Surrogates encoded in UTF-8.
    expect_error(b"\"\xED\xA0\x80\"", InvalidUtf8, 2);
    expect_error(b"\"\xED\xBF\xBF\"", InvalidUtf8, 2);
    // Above U+10FFFF.
    expect_error(b"\"\xF4\x90\x80\x80\"", InvalidUtf8, 2);
    expect_error(b"\"\xF5\x80\x80\x80\"", InvalidUtf8, 1);
    expect_error(b"\"\xFF\"", InvalidUtf8, 1);
    // Stray continuation bytes, truncated sequences.
    expect_error(b"\"\x80\"", InvalidUtf8, 1);
    expect_error(b"\"a\xBF\"", InvalidUtf8, 2);
    expect_error(b"\"\xE2\x82\"", InvalidUtf8, 3);
    expect_error(b"\"\xE2\x82x\"", InvalidUtf8, 3);
    expect_error(b"\"\xF0\x9F\x98\"", InvalidUtf8, 4);
    expect_error(b"\"\xC3\xC3\xA9\"", InvalidUtf8, 2);
    expect_error(b"\"\xE2\x82", Incomplete, 3);
    // In keys, and later in a long valid string.
    expect_error(b"{\"k\xE9y\":1}", InvalidUtf8, 4);
    let mut long = b"[\"".to_vec();
    long.extend("é".repeat(100).as_bytes());
    long.extend(b"\xED\xA0\x80\"]");
    expect_error(&long, InvalidUtf8, 203);
    // Outside strings, any non-ASCII byte is unexpected.
    expect_error("[é]".as_bytes(), UnexpectedByte, 1);
}

#[test]
fn offsets_of_tokens() {
    let events = expect_ok(br#" {"ab": [12, "x\ny", true]} "#);
    let offsets: Vec<(Tok, u64)> = events.into_iter().map(|e| (e.tok, e.offset)).collect();
    assert_eq!(
        offsets,
        [
            (Tok::StartObject, 1),
            (Tok::Key("ab".into()), 2),
            (Tok::StartArray, 8),
            (Tok::Number("12".into()), 9),
            (Tok::StringStart, 13),
            (Tok::Fragment("x\ny".into()), 14),
            (Tok::StringEnd, 18),
            (Tok::Bool(true), 21),
            (Tok::EndArray, 25),
            (Tok::EndObject, 26),
        ]
    );
}

#[test]
fn sequences() {
    let limits = Limits::default().multiple_values(true);
    let outcome = check_all_splits(limits, b"1 {\"a\":2}\n[3]\"s\"true null -4\n");
    assert_eq!(outcome.error, None);
    let numbers: Vec<_> = outcome
        .events
        .iter()
        .filter_map(|e| match &e.tok {
            Tok::Number(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "-4"]);
    assert_eq!(check_all_splits(limits, b"").error, None);
    assert_eq!(check_all_splits(limits, b" \n ").error, None);
    assert_eq!(
        check_all_splits(limits, b"1[").error,
        Some((UnexpectedByte, 1))
    );
    assert_eq!(
        check_all_splits(limits, b"{} [").error,
        Some((Incomplete, 4))
    );
    assert_eq!(
        check_all_splits(limits, b"1 ]").error,
        Some((UnexpectedByte, 2))
    );
}

#[test]
fn errors_display_and_sticky() {
    let outcome = tokenize(Limits::default(), b"[1,]");
    assert_eq!(outcome.error, Some((TrailingComma, 3)));
    let error = {
        let mut tokenizer = ssejson::json::Tokenizer::new();
        let mut tokens = tokenizer.feed(b"[1,]");
        loop {
            match tokens.next_event() {
                Some(Ok(_)) => {}
                Some(Err(e)) => break e,
                None => panic!("no error"),
            }
        }
    };
    assert_eq!(error.to_string(), "trailing comma at byte 3");
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(boxed.to_string().contains("trailing comma"));
    // reset() clears the error.
    let mut tokenizer = ssejson::json::Tokenizer::new();
    assert!(tokenizer.feed(b"]").next_event().unwrap().is_err());
    assert!(tokenizer.error().is_some());
    tokenizer.reset();
    assert_eq!(tokenizer.offset(), 0);
    tokenizer.feed(b"[]").for_each(|_| {}).unwrap();
    assert!(tokenizer.is_complete());
}
