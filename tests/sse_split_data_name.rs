//! A `data` line whose value starts right at a chunk boundary: the colon, the optional space
//! and the value may each end one chunk and start the next.

use bytes::Bytes;
use ssejson::sse::{BytesEventParser, BytesItem};

/// The data of every event, parsing `stream` cut into `chunks`.
fn data_of(chunks: &[&[u8]]) -> Vec<String> {
    let mut parser = BytesEventParser::new();
    let mut out = Vec::new();
    for chunk in chunks {
        for item in parser.feed(Bytes::copy_from_slice(chunk)) {
            if let BytesItem::Event(event) = item.expect("within limits") {
                out.push(event.data.to_str().into_owned());
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    out
}

#[test]
fn every_two_and_three_chunk_split_matches_the_one_shot_parse() {
    let stream: &[u8] =
        b"data:  two spaces\ndata:x\n\ndata: \ndata:\n\ndata: a b\r\ndata:  \r\n\r\nevent: e\ndata:y\n\n";
    let expected = vec![
        " two spaces\nx".to_owned(),
        "\n".to_owned(),
        "a b\n ".to_owned(),
        "y".to_owned(),
    ];
    assert_eq!(data_of(&[stream]), expected);
    for first in 0..=stream.len() {
        for second in first..=stream.len() {
            let (head, tail) = stream.split_at(first);
            let (middle, tail) = tail.split_at(second - first);
            assert_eq!(
                data_of(&[head, middle, tail]),
                expected,
                "cut at {first} and {second}"
            );
        }
    }
    let bytes: Vec<&[u8]> = stream.chunks(1).collect();
    assert_eq!(data_of(&bytes), expected);
}
