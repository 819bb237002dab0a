//! Shared by the `sse_*` tests: a naive whole-input reference parser, runners that drive each
//! layer of `ssejson::sse` over a chunk plan, and one comparable output type.
#![allow(dead_code)]

use ssejson::sse::{
    BytesEventParser, BytesItem, ErrorKind, EventParser, FieldParser, Fragment, Item, ItemRef,
    Limits, Piece,
};

/// One observable output, in stream order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Out {
    Event {
        event: String,
        data: String,
        id: String,
    },
    Comment(String),
    Retry(u64),
    Error(ErrorKind, u64),
}

/// Shorthand for an expected event.
pub fn ev(event: &str, data: &str, id: &str) -> Out {
    Out::Event {
        event: event.into(),
        data: data.into(),
        id: id.into(),
    }
}

/// Everything a run observes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub items: Vec<Out>,
    pub truncated: bool,
    pub last_event_id: String,
    pub retry: Option<u64>,
}

impl Run {
    pub fn events(&self) -> Vec<Out> {
        self.items
            .iter()
            .filter(|o| matches!(o, Out::Event { .. }))
            .cloned()
            .collect()
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn strip_space(value: &[u8]) -> &[u8] {
    value.strip_prefix(b" ").unwrap_or(value)
}

/// The line limit the parser applies to a line of `len` bytes whose value starts at `v0`:
/// a data line must also keep the event's data buffer (`data_len` so far) within its limit.
fn cap(limits: Limits, data_line: bool, v0: usize, data_len: usize) -> (usize, ErrorKind) {
    if data_line {
        let room = limits.max_event_len().saturating_sub(data_len);
        let data_cap = v0.saturating_add(room).saturating_sub(1);
        if data_cap < limits.max_line_len() {
            return (data_cap, ErrorKind::EventTooLong);
        }
    }
    (limits.max_line_len(), ErrorKind::LineTooLong)
}

/// The WHATWG algorithm, written as plainly as possible over the whole input: split lines,
/// then interpret each. Limits as documented on `ssejson::sse::ErrorKind`.
pub fn reference(input: &[u8], limits: Limits) -> Run {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let start = if input.starts_with(BOM) { 3 } else { 0 };
    let mut lines = Vec::new();
    let mut line_start = start;
    let mut i = start;
    while i < input.len() {
        match input[i] {
            b'\n' => {
                lines.push((line_start, &input[line_start..i]));
                i += 1;
                line_start = i;
            }
            b'\r' => {
                lines.push((line_start, &input[line_start..i]));
                i += 1;
                if input.get(i) == Some(&b'\n') {
                    i += 1;
                }
                line_start = i;
            }
            _ => i += 1,
        }
    }
    let partial = &input[line_start..];

    let mut items = Vec::new();
    let mut data: Vec<u8> = Vec::new();
    let mut event_type: Vec<u8> = Vec::new();
    let mut id_buffer: Vec<u8> = Vec::new();
    let mut last_event_id: Vec<u8> = Vec::new();
    let mut retry = None;
    let mut discarding = false;
    let mut in_event = false;

    for (offset, line) in lines {
        if line.is_empty() {
            last_event_id = id_buffer.clone();
            if !data.is_empty() {
                data.pop();
                let event = if event_type.is_empty() {
                    "message".to_string()
                } else {
                    lossy(&event_type)
                };
                items.push(Out::Event {
                    event,
                    data: lossy(&data),
                    id: lossy(&last_event_id),
                });
            }
            data.clear();
            event_type.clear();
            discarding = false;
            in_event = false;
            continue;
        }
        let (name, value): (&[u8], &[u8]) = if line[0] == b':' {
            (b":", strip_space(&line[1..]))
        } else {
            in_event = true;
            match line.iter().position(|&b| b == b':') {
                Some(colon) => (&line[..colon], strip_space(&line[colon + 1..])),
                None => (line, b""),
            }
        };
        let v0 = line.len() - value.len();
        let (cap, kind) = cap(limits, name == b"data" && !discarding, v0, data.len());
        if line.len() > cap {
            items.push(Out::Error(kind, offset as u64));
            if kind == ErrorKind::EventTooLong {
                discarding = true;
                data.clear();
            }
            continue;
        }
        match name {
            b":" => items.push(Out::Comment(lossy(value))),
            b"data" if !discarding => {
                data.extend_from_slice(value);
                data.push(b'\n');
            }
            b"event" => event_type = value.to_vec(),
            b"id" if !value.contains(&0) => id_buffer = value.to_vec(),
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                if let Ok(ms) = std::str::from_utf8(value).unwrap().parse::<u64>() {
                    retry = Some(ms);
                    items.push(Out::Retry(ms));
                }
            }
            _ => {}
        }
    }

    // A line cut off by the end of the stream is never interpreted, but the parser has seen it
    // grow and enforced the limits on it as far as it got.
    let bom_prefix = line_start == 0 && BOM.starts_with(partial);
    if !partial.is_empty() && !bom_prefix {
        let colon = partial.iter().take(6).position(|&b| b == b':');
        let (cap, kind) = match colon {
            Some(4)
                if partial[0] != b':'
                    && &partial[..4] == b"data"
                    && !discarding
                    && partial.len() > 5 =>
            {
                let v0 = 5 + usize::from(partial[5] == b' ');
                cap(limits, true, v0, data.len())
            }
            _ => (limits.max_line_len(), ErrorKind::LineTooLong),
        };
        if partial.len() > cap {
            items.push(Out::Error(kind, line_start as u64));
        }
    }
    let truncated = in_event || !partial.is_empty();
    Run {
        items,
        truncated,
        last_event_id: lossy(&last_event_id),
        retry,
    }
}

/// Cuts `input` at the given positions (clamped, sorted).
pub fn split<'a>(input: &'a [u8], cuts: &[usize]) -> Vec<&'a [u8]> {
    let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(input.len())).collect();
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut at = 0;
    for cut in cuts {
        pieces.push(&input[at..cut]);
        at = cut;
    }
    pieces.push(&input[at..]);
    pieces
}

/// Cuts `input` into pieces of `size` bytes.
pub fn fixed_chunks(input: &[u8], size: usize) -> Vec<&[u8]> {
    input.chunks(size.max(1)).collect()
}

/// Drives the owned layer.
pub fn run_owned(chunks: &[&[u8]], limits: Limits) -> Run {
    let mut parser = EventParser::with_limits(limits);
    let mut items = Vec::new();
    for chunk in chunks {
        parser.push(chunk);
        for item in parser.items() {
            items.push(match item {
                Ok(item) => owned_out(item),
                Err(e) => Out::Error(e.kind(), e.offset()),
            });
        }
    }
    finish_owned(parser, items)
}

/// Ends an owned-layer run.
fn finish_owned(mut parser: EventParser, items: Vec<Out>) -> Run {
    let retry = parser.reconnection_time();
    let truncated = parser.finish().is_truncated();
    Run {
        items,
        truncated,
        last_event_id: parser.last_event_id().to_string(),
        retry,
    }
}

/// Drives the owned layer through its borrowing [`EventParser::next_ref`]. With `mixed`, every
/// other item is taken owned instead, and input is pulled only after every second push (so
/// unread input sits in the buffer when the next chunk arrives).
pub fn run_borrowed(chunks: &[&[u8]], limits: Limits, mixed: bool) -> Run {
    let mut parser = EventParser::with_limits(limits);
    let mut items = Vec::new();
    let pull = |parser: &mut EventParser, items: &mut Vec<Out>| loop {
        let out = if mixed && items.len() % 2 == 1 {
            match parser.next_item() {
                None => break,
                Some(Ok(item)) => owned_out(item),
                Some(Err(e)) => Out::Error(e.kind(), e.offset()),
            }
        } else {
            match parser.next_ref() {
                None => break,
                Some(Ok(ItemRef::Event(e))) => Out::Event {
                    event: e.event.to_owned(),
                    data: e.data.to_owned(),
                    id: e.id.to_owned(),
                },
                Some(Ok(ItemRef::Comment(text))) => Out::Comment(text.to_owned()),
                Some(Ok(ItemRef::Retry(ms))) => Out::Retry(ms),
                Some(Ok(other)) => panic!("unexpected item {other:?}"),
                Some(Err(e)) => Out::Error(e.kind(), e.offset()),
            }
        };
        items.push(out);
    };
    for (index, chunk) in chunks.iter().enumerate() {
        parser.push(chunk);
        if !mixed || index % 2 == 1 {
            pull(&mut parser, &mut items);
        }
    }
    pull(&mut parser, &mut items);
    finish_owned(parser, items)
}

fn owned_out(item: Item) -> Out {
    match item {
        Item::Event(e) => Out::Event {
            event: e.event,
            data: e.data,
            id: e.id,
        },
        Item::Comment(text) => Out::Comment(text),
        Item::Retry(ms) => Out::Retry(ms),
        other => panic!("unexpected item {other:?}"),
    }
}

/// Drives the zero-copy layer.
pub fn run_bytes(chunks: &[&[u8]], limits: Limits) -> Run {
    let mut parser = BytesEventParser::with_limits(limits);
    let mut items = Vec::new();
    for chunk in chunks {
        // `Vec<u8>` into `bytes::Bytes`, without naming the crate (the fuzz crate shares this file).
        parser.push(chunk.to_vec().into());
        while let Some(item) = parser.next_item() {
            items.push(match item {
                Ok(BytesItem::Event(e)) => Out::Event {
                    event: e.event.to_str().into_owned(),
                    data: e.data.to_str().into_owned(),
                    id: e.id.to_str().into_owned(),
                },
                Ok(BytesItem::Comment(text)) => Out::Comment(text.to_str().into_owned()),
                Ok(BytesItem::Retry(ms)) => Out::Retry(ms),
                Ok(other) => panic!("unexpected item {other:?}"),
                Err(e) => Out::Error(e.kind(), e.offset()),
            });
        }
    }
    let retry = parser.reconnection_time();
    let truncated = parser.finish().is_truncated();
    Run {
        items,
        truncated,
        last_event_id: parser.last_event_id().to_str().into_owned(),
        retry,
    }
}

/// Drives the core directly, joining pieces as its documentation says a caller must.
pub fn run_core(chunks: &[&[u8]], limits: Limits) -> Run {
    #[derive(Default)]
    struct Joiner {
        data: Vec<u8>,
        committed: usize,
        event_type: Vec<u8>,
        partial: Vec<u8>,
        id_buffer: Vec<u8>,
        last_event_id: Vec<u8>,
    }
    fn join(partial: &mut Vec<u8>, piece: Piece<'_>) -> Option<Vec<u8>> {
        if piece.is_start {
            partial.clear();
        }
        partial.extend_from_slice(piece.bytes);
        piece.is_end.then(|| partial.clone())
    }
    let mut parser = FieldParser::with_limits(limits);
    let mut j = Joiner::default();
    let mut items = Vec::new();
    for chunk in chunks {
        for fragment in parser.fragments(chunk) {
            match fragment {
                Err(e) => {
                    j.partial.clear();
                    if e.kind() == ErrorKind::EventTooLong {
                        j.data.clear();
                        j.committed = 0;
                    } else {
                        j.data.truncate(j.committed);
                    }
                    items.push(Out::Error(e.kind(), e.offset()));
                }
                Ok(Fragment::Data(piece)) => {
                    j.data.extend_from_slice(piece.bytes);
                    if piece.is_end {
                        j.data.push(b'\n');
                        j.committed = j.data.len();
                    }
                }
                Ok(Fragment::Event(piece)) => {
                    if let Some(v) = join(&mut j.partial, piece) {
                        j.event_type = v;
                    }
                }
                Ok(Fragment::Id(piece)) => {
                    if let Some(v) = join(&mut j.partial, piece) {
                        j.id_buffer = v;
                    }
                }
                Ok(Fragment::IdRejected) => j.partial.clear(),
                Ok(Fragment::Comment(piece)) => {
                    if let Some(v) = join(&mut j.partial, piece) {
                        items.push(Out::Comment(lossy(&v)));
                    }
                }
                Ok(Fragment::Retry(ms)) => items.push(Out::Retry(ms)),
                Ok(blank @ (Fragment::Dispatch | Fragment::BlankLine)) => {
                    j.last_event_id = j.id_buffer.clone();
                    if blank == Fragment::Dispatch {
                        j.data.pop();
                        let event = if j.event_type.is_empty() {
                            "message".into()
                        } else {
                            lossy(&j.event_type)
                        };
                        items.push(Out::Event {
                            event,
                            data: lossy(&j.data),
                            id: lossy(&j.last_event_id),
                        });
                    }
                    j.data.clear();
                    j.committed = 0;
                    j.event_type.clear();
                }
                Ok(other) => panic!("unexpected fragment {other:?}"),
            }
        }
    }
    let retry = parser.reconnection_time();
    let truncated = parser.finish().is_truncated();
    Run {
        items,
        truncated,
        last_event_id: lossy(&j.last_event_id),
        retry,
    }
}

/// Runs every layer on `chunks` and checks they agree with each other and with the reference
/// on the joined input; returns the common result.
#[track_caller]
pub fn check_all_layers(chunks: &[&[u8]], limits: Limits) -> Run {
    let whole: Vec<u8> = chunks.concat();
    let expected = reference(&whole, limits);
    let owned = run_owned(chunks, limits);
    assert_eq!(
        owned, expected,
        "owned layer vs reference, chunks {chunks:?}"
    );
    for mixed in [false, true] {
        let borrowed = run_borrowed(chunks, limits, mixed);
        assert_eq!(
            borrowed, expected,
            "owned layer, borrowed items (mixed: {mixed}) vs reference, chunks {chunks:?}"
        );
    }
    let shared = run_bytes(chunks, limits);
    assert_eq!(
        shared, expected,
        "bytes layer vs reference, chunks {chunks:?}"
    );
    let core = run_core(chunks, limits);
    assert_eq!(core, expected, "core vs reference, chunks {chunks:?}");
    expected
}
