//! Paths: RFC 6901 rendering, segments, and the path convention of each token.

mod json_support;

use json_support::{bytewise, tokenize, tokenize_chunks, Tok};
use ssejson::json::{Limits, PathSegment, Token, Tokenizer};

fn paths(doc: &str) -> Vec<(Tok, String)> {
    let outcome = tokenize(Limits::default(), doc.as_bytes());
    assert_eq!(outcome.error, None, "{doc}");
    assert_eq!(
        tokenize_chunks(Limits::default(), &bytewise(doc.as_bytes())),
        outcome
    );
    outcome
        .events
        .into_iter()
        .map(|e| (e.tok, e.path))
        .collect()
}

#[test]
fn convention_for_each_token() {
    let got = paths(r#"{"a":[1,{"b":"x"}],"c":{}}"#);
    let want: Vec<(Tok, &str)> = vec![
        (Tok::StartObject, ""),
        (Tok::Key("a".into()), "/a"),
        (Tok::StartArray, "/a"),
        (Tok::Number("1".into()), "/a/0"),
        (Tok::StartObject, "/a/1"),
        (Tok::Key("b".into()), "/a/1/b"),
        (Tok::StringStart, "/a/1/b"),
        (Tok::Fragment("x".into()), "/a/1/b"),
        (Tok::StringEnd, "/a/1/b"),
        (Tok::EndObject, "/a/1"),
        (Tok::EndArray, "/a"),
        (Tok::Key("c".into()), "/c"),
        (Tok::StartObject, "/c"),
        (Tok::EndObject, "/c"),
        (Tok::EndObject, ""),
    ];
    let want: Vec<(Tok, String)> = want.into_iter().map(|(t, p)| (t, p.to_owned())).collect();
    assert_eq!(got, want);
}

#[test]
fn pointer_escaping() {
    let got = paths(r#"{"a/b":{"m~n":{"~1":{"/":{"":{"~":0}}}}}}"#);
    let number_path = got
        .iter()
        .find(|(t, _)| matches!(t, Tok::Number(_)))
        .unwrap();
    assert_eq!(number_path.1, "/a~1b/m~0n/~01/~1//~0");
}

#[test]
fn keys_with_escapes_and_unicode() {
    let got = paths(r#"{"a\"b\\c\u00e9\ud83d\ude00\/": true}"#);
    assert_eq!(
        got[1],
        (Tok::Key("a\"b\\cé😀/".into()), "/a\"b\\cé😀~1".into())
    );
}

#[test]
fn nested_arrays_and_indices() {
    let got = paths("[[0,1],[[2]],[],3]");
    let numbers: Vec<_> = got
        .iter()
        .filter(|(t, _)| matches!(t, Tok::Number(_)))
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(numbers, ["/0/0", "/0/1", "/1/0/0", "/3"]);
    let ends: Vec<_> = got
        .iter()
        .filter(|(t, _)| *t == Tok::EndArray)
        .map(|(_, p)| p.as_str())
        .collect();
    assert_eq!(ends, ["/0", "/1/0", "/1", "/2", ""]);
}

#[test]
fn long_arrays_count_up() {
    let doc = format!("[{}]", vec!["0"; 1500].join(","));
    let got = paths(&doc);
    assert_eq!(got[1500].1, "/1499");
}

#[test]
fn segments_and_last() {
    let mut tokenizer = Tokenizer::new();
    let mut tokens = tokenizer.feed(br#"{"k":[{"x~y":null}]}"#);
    while let Some(event) = tokens.next_event() {
        let event = event.unwrap();
        if event.token == Token::Null {
            let path = event.path;
            assert_eq!(path.len(), 3);
            assert!(!path.is_empty());
            assert_eq!(path.last(), Some(PathSegment::Key("x~y")));
            let segments: Vec<_> = path.segments().collect();
            assert_eq!(
                segments,
                [
                    PathSegment::Key("k"),
                    PathSegment::Index(0),
                    PathSegment::Key("x~y")
                ]
            );
            let reversed: Vec<_> = path.segments().rev().collect();
            assert_eq!(reversed.len(), 3);
            assert_eq!(path.segments().len(), 3);
            assert_eq!(format!("{path:?}"), "Path(\"/k/0/x~0y\")");
        }
    }
}

#[test]
fn path_between_chunks_is_the_value_being_written() {
    let mut tokenizer = Tokenizer::new();
    let mut check = |chunk: &str, path: &str| {
        tokenizer.feed(chunk.as_bytes()).for_each(|_| {}).unwrap();
        assert_eq!(tokenizer.path().to_string(), path, "after {chunk:?}");
    };
    check("{", "");
    check(r#""args"#, "");
    check(r#"": {"tags": ["#, "/args/tags");
    check(r#""a", "b"#, "/args/tags/1");
    check(r#"", "#, "/args/tags");
    check("12", "/args/tags/2");
    check("]", "/args/tags");
    check(", ", "/args");
    check(r#""n": 1"#, "/args/n");
    check("}}", "");
    assert!(tokenizer.is_complete());
}

#[test]
fn root_path_is_empty() {
    let got = paths("\"x\"");
    assert!(got.iter().all(|(_, p)| p.is_empty()));
    let tokenizer = Tokenizer::new();
    assert!(tokenizer.path().is_empty());
    assert_eq!(tokenizer.path().to_string(), "");
}
