//! The contestants of the SSE benchmarks: each parser consumes a whole
//! pre-split stream, every event in it, and reports what it saw.

use std::convert::Infallible;

use bytes::Bytes;
use futures::executor::block_on;
use futures::stream::{self, StreamExt};

use crate::sse_corpus;

/// What a contestant saw: (dispatched events, total data bytes).
pub type Outcome = (usize, usize);

/// A contestant consumes the whole pre-split stream and reports what it saw.
pub struct Contestant {
    pub name: &'static str,
    pub run: fn(&[Bytes]) -> Outcome,
    /// A bound on the work, not a parser: it is not held to the event counts.
    pub is_limit: bool,
}

pub fn eventsource_stream(chunks: &[Bytes]) -> Outcome {
    use eventsource_stream::Eventsource;
    let events = stream::iter(chunks.iter().cloned().map(Ok::<_, Infallible>)).eventsource();
    block_on(events.fold((0, 0), |(count, len), event| async move {
        let event = event.expect("eventsource-stream rejected a valid corpus");
        (count + 1, len + event.data.len())
    }))
}

pub fn sse_stream(chunks: &[Bytes]) -> Outcome {
    let events = sse_stream::SseByteStream::new(stream::iter(
        chunks.iter().cloned().map(Ok::<_, Infallible>),
    ));
    block_on(events.fold((0, 0), |(count, len), event| async move {
        let event = event.expect("sse-stream rejected a valid corpus");
        match event.data {
            Some(data) => (count + 1, len + data.len()),
            // A block without data is not an event in the WHATWG model.
            None => (count, len),
        }
    }))
}

/// The no-alloc core: borrowed raw fragments (not decoded), the data length
/// tallied per event (values plus one LF per `data` line, the last LF dropped
/// at dispatch).
pub fn ssejson_fields(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{FieldParser, Fragment};
    let mut parser = FieldParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len, mut pending) = (0, 0, 0);
    for chunk in chunks {
        for fragment in parser.fragments(chunk) {
            match fragment.expect("ssejson rejected a valid corpus") {
                Fragment::Data(piece) => pending += piece.bytes.len() + usize::from(piece.is_end),
                Fragment::Dispatch => {
                    count += 1;
                    len += pending - 1;
                    pending = 0;
                }
                Fragment::BlankLine => pending = 0,
                _ => {}
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The owned layer: `&[u8]` in, `String`s out.
pub fn ssejson_owned(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{EventParser, Item};
    let mut parser = EventParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len) = (0, 0);
    for chunk in chunks {
        parser.push(chunk);
        while let Some(item) = parser.next_item() {
            if let Item::Event(event) = item.expect("ssejson rejected a valid corpus") {
                count += 1;
                len += event.data.len();
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The owned layer's borrowed items: `&[u8]` in, events lent as decoded `&str`s, nothing
/// allocated per event.
pub fn ssejson_borrowed(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{EventParser, ItemRef};
    let mut parser = EventParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len) = (0, 0);
    for chunk in chunks {
        parser.push(chunk);
        while let Some(item) = parser.next_ref() {
            if let ItemRef::Event(event) = item.expect("ssejson rejected a valid corpus") {
                count += 1;
                len += event.data.len();
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The zero-copy layer: `Bytes` in, events sharing them out, data read as `&str`.
pub fn ssejson_bytes(chunks: &[Bytes]) -> Outcome {
    use ssejson::sse::{BytesEventParser, BytesItem};
    let mut parser = BytesEventParser::with_limits(sse_corpus::roomy_limits());
    let (mut count, mut len) = (0, 0);
    for chunk in chunks {
        parser.push(chunk.clone());
        while let Some(item) = parser.next_item() {
            if let BytesItem::Event(event) = item.expect("ssejson rejected a valid corpus") {
                count += 1;
                // Decoded, as the peers' `String`s are: the UTF-8 check is part of the work.
                len += event.data.to_str().len();
            }
        }
    }
    assert!(!parser.finish().is_truncated());
    (count, len)
}

/// The floor: find every line ending and do nothing else.
pub fn memchr2_scan(chunks: &[Bytes]) -> Outcome {
    let line_ends = chunks
        .iter()
        .map(|chunk| memchr::memchr2_iter(b'\r', b'\n', chunk).count())
        .sum();
    (line_ends, 0)
}

/// The floor of a parser that hands out decoded text in one piece (the owned layer's events): check
/// each chunk as UTF-8 and copy it into a buffer, as such a parser must for every value that spans
/// chunks. It finds no line end; the buffer is reused, so the copies stay in cache.
pub fn utf8_copy_floor(chunks: &[Bytes]) -> Outcome {
    const BUFFER: usize = 128 * 1024;
    let mut buffer: Vec<u8> = Vec::with_capacity(BUFFER);
    let mut valid = 0;
    for chunk in chunks {
        if buffer.len() + chunk.len() > buffer.capacity() {
            buffer.clear();
        }
        valid += usize::from(simdutf8::basic::from_utf8(chunk).is_ok());
        buffer.extend_from_slice(chunk);
    }
    (valid, std::hint::black_box(buffer).len())
}

pub fn contestants() -> Vec<Contestant> {
    vec![
        Contestant {
            name: "ssejson-fields",
            run: ssejson_fields,
            is_limit: false,
        },
        Contestant {
            name: "ssejson-borrowed",
            run: ssejson_borrowed,
            is_limit: false,
        },
        Contestant {
            name: "ssejson-owned",
            run: ssejson_owned,
            is_limit: false,
        },
        Contestant {
            name: "ssejson-bytes",
            run: ssejson_bytes,
            is_limit: false,
        },
        Contestant {
            name: "sse-stream",
            run: sse_stream,
            is_limit: false,
        },
        Contestant {
            name: "eventsource-stream",
            run: eventsource_stream,
            is_limit: false,
        },
        Contestant {
            name: "memchr2-scan",
            run: memchr2_scan,
            is_limit: true,
        },
        Contestant {
            name: "utf8+copy-floor",
            run: utf8_copy_floor,
            is_limit: true,
        },
    ]
}
