//! Shared by the `json_*` test files: owned events, chunked tokenizing, and a
//! naive reference tokenizer.
#![allow(dead_code)]

pub mod naive;

use ssejson::json::{ErrorKind, Limits, Token, Tokenizer};

/// An owned copy of a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    Key(String),
    StringStart,
    Fragment(String),
    StringEnd,
    Number(String),
    Bool(bool),
    Null,
}

impl Tok {
    pub fn from_token(token: &Token<'_>) -> Tok {
        match *token {
            Token::StartObject => Tok::StartObject,
            Token::EndObject => Tok::EndObject,
            Token::StartArray => Tok::StartArray,
            Token::EndArray => Tok::EndArray,
            Token::Key(key) => Tok::Key(key.to_owned()),
            Token::StringStart => Tok::StringStart,
            Token::StringFragment(text) => Tok::Fragment(text.to_owned()),
            Token::StringEnd => Tok::StringEnd,
            Token::Number(n) => Tok::Number(n.as_str().to_owned()),
            Token::Bool(b) => Tok::Bool(b),
            Token::Null => Tok::Null,
            _ => panic!("unknown token {token:?}"),
        }
    }
}

/// An owned event: token, JSON Pointer, offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ev {
    pub tok: Tok,
    pub path: String,
    pub offset: u64,
}

/// Everything a tokenizer run produced: events with adjacent string
/// fragments merged (keeping the first offset), then the error, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub events: Vec<Ev>,
    pub error: Option<(ErrorKind, u64)>,
}

impl Outcome {
    pub fn is_ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Appends `ev`, merging it into the previous event if both are fragments.
pub fn push_merged(events: &mut Vec<Ev>, ev: Ev) {
    if let (
        Some(Ev {
            tok: Tok::Fragment(prev),
            path,
            ..
        }),
        Tok::Fragment(next),
    ) = (events.last_mut(), &ev.tok)
    {
        assert_eq!(
            *path, ev.path,
            "fragments of one string with different paths"
        );
        prev.push_str(next);
        return;
    }
    events.push(ev);
}

/// Feeds `chunks` in order, then finishes; stops at the first error.
///
/// Also checks invariants that hold for every run: fragments are never empty,
/// the error repeats on later feeds, and `offset()` ends at the error offset or
/// at the input length.
pub fn tokenize_chunks(limits: Limits, chunks: &[&[u8]]) -> Outcome {
    let mut tokenizer = Tokenizer::with_limits(limits);
    let mut events = Vec::new();
    let total: usize = chunks.iter().map(|c| c.len()).sum();
    let mut error = None;
    let record = |tokens: &mut ssejson::json::Tokens<'_, '_>, events: &mut Vec<Ev>| {
        while let Some(event) = tokens.next_event() {
            match event {
                Ok(event) => {
                    if let Token::StringFragment(text) = event.token {
                        assert!(!text.is_empty(), "empty fragment");
                    }
                    push_merged(
                        events,
                        Ev {
                            tok: Tok::from_token(&event.token),
                            path: event.path.to_string(),
                            offset: event.offset,
                        },
                    );
                }
                Err(e) => return Some((e.kind(), e.offset())),
            }
        }
        None
    };
    for chunk in chunks {
        let mut tokens = tokenizer.feed(chunk);
        if let Some(e) = record(&mut tokens, &mut events) {
            error = Some(e);
            break;
        }
        assert_eq!(tokens.consumed(), chunk.len(), "chunk not used up");
    }
    if error.is_none() {
        let mut tokens = tokenizer.finish();
        error = record(&mut tokens, &mut events);
    }
    match error {
        Some((kind, offset)) => {
            assert_eq!(tokenizer.offset(), offset, "offset() after {kind:?}");
            assert!(!tokenizer.is_complete());
            let again = {
                let mut tokens = tokenizer.feed(b"]");
                let again = tokens
                    .next_event()
                    .expect("failed tokenizer yields its error");
                let again = again.map(|_| ()).unwrap_err();
                assert!(tokens.next_event().is_none());
                again
            };
            assert_eq!(
                (again.kind(), again.offset()),
                (kind, offset),
                "sticky error"
            );
            let again = tokenizer.finish().next_event().unwrap().unwrap_err();
            assert_eq!(
                (again.kind(), again.offset()),
                (kind, offset),
                "sticky error"
            );
        }
        None => {
            assert_eq!(tokenizer.offset(), total as u64);
            if !limits.multiple_values {
                assert!(tokenizer.is_complete());
            }
        }
    }
    Outcome { events, error }
}

/// Feeds `doc` whole.
pub fn tokenize(limits: Limits, doc: &[u8]) -> Outcome {
    tokenize_chunks(limits, &[doc])
}

/// Splits `doc` at the given sorted, in-range points.
pub fn split_at<'d>(doc: &'d [u8], points: &[usize]) -> Vec<&'d [u8]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    for &point in points {
        let point = point.clamp(start, doc.len());
        chunks.push(&doc[start..point]);
        start = point;
    }
    chunks.push(&doc[start..]);
    chunks
}

/// Splits `doc` into chunks of the given sizes (cycled; 0 counts as 1).
pub fn split_by_sizes<'d>(doc: &'d [u8], sizes: &[usize]) -> Vec<&'d [u8]> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while start < doc.len() {
        let size = sizes
            .get(i % sizes.len().max(1))
            .copied()
            .unwrap_or(1)
            .max(1);
        let end = (start + size).min(doc.len());
        chunks.push(&doc[start..end]);
        start = end;
        i += 1;
    }
    chunks
}

/// One byte per chunk.
pub fn bytewise(doc: &[u8]) -> Vec<&[u8]> {
    doc.chunks(1).collect()
}

/// Checks that one-shot, every two-chunk split, one-byte chunks and the naive
/// reference all agree on `doc`; returns the outcome.
pub fn check_all_splits(limits: Limits, doc: &[u8]) -> Outcome {
    let whole = tokenize(limits, doc);
    let reference = naive::run(limits, doc);
    assert_eq!(
        whole,
        reference,
        "one-shot vs naive for {:?}",
        String::from_utf8_lossy(doc)
    );
    for split in 0..=doc.len() {
        let chunked = tokenize_chunks(limits, &split_at(doc, &[split]));
        assert_eq!(
            chunked,
            whole,
            "split at {split} of {:?}",
            String::from_utf8_lossy(doc)
        );
    }
    let bytes = tokenize_chunks(limits, &bytewise(doc));
    assert_eq!(
        bytes,
        whole,
        "1-byte chunks of {:?}",
        String::from_utf8_lossy(doc)
    );
    whole
}

/// Rebuilds a `serde_json::Value` from events (fragments merged or not);
/// `None` if the events are not one well-formed value.
pub fn rebuild(events: &[Ev]) -> Option<serde_json::Value> {
    use serde_json::Value;
    enum Frame {
        Array(Vec<Value>),
        Object(serde_json::Map<String, Value>, Option<String>),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut string: Option<String> = None;
    let mut done: Option<Value> = None;
    for ev in events {
        let value = match &ev.tok {
            Tok::StartArray => {
                stack.push(Frame::Array(Vec::new()));
                continue;
            }
            Tok::StartObject => {
                stack.push(Frame::Object(serde_json::Map::new(), None));
                continue;
            }
            Tok::Key(key) => {
                match stack.last_mut() {
                    Some(Frame::Object(_, slot @ None)) => *slot = Some(key.clone()),
                    _ => return None,
                }
                continue;
            }
            Tok::StringStart => {
                string = Some(String::new());
                continue;
            }
            Tok::Fragment(text) => {
                string.as_mut()?.push_str(text);
                continue;
            }
            Tok::StringEnd => Value::String(string.take()?),
            Tok::EndArray => match stack.pop()? {
                Frame::Array(items) => Value::Array(items),
                Frame::Object(..) => return None,
            },
            Tok::EndObject => match stack.pop()? {
                Frame::Object(map, None) => Value::Object(map),
                _ => return None,
            },
            Tok::Number(text) => serde_json::from_str::<Value>(text).ok()?,
            Tok::Bool(b) => Value::Bool(*b),
            Tok::Null => Value::Null,
        };
        match stack.last_mut() {
            Some(Frame::Array(items)) => items.push(value),
            Some(Frame::Object(map, slot)) => {
                map.insert(slot.take()?, value);
            }
            None => {
                if done.is_some() {
                    return None;
                }
                done = Some(value);
            }
        }
    }
    if stack.is_empty() && string.is_none() {
        done
    } else {
        None
    }
}

/// One fuzz or regression case: bytes, a chunk plan and limits.
#[derive(Clone, PartialEq, Eq)]
pub struct Case {
    pub data: Vec<u8>,
    pub chunk_sizes: Vec<usize>,
    pub multiple_values: bool,
    pub max_depth: usize,
    pub max_token_len: usize,
}

impl std::fmt::Debug for Case {
    /// Prints a Rust expression that rebuilds the case, to paste into
    /// `tests/json_regressions.rs`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Case {{ data: b\"{}\".to_vec(), chunk_sizes: vec!{:?}, multiple_values: {}, max_depth: {}, max_token_len: {} }}",
            self.data.escape_ascii(),
            self.chunk_sizes,
            self.multiple_values,
            self.max_depth,
            self.max_token_len
        )
    }
}

impl Case {
    pub fn limits(&self) -> Limits {
        Limits::default()
            .multiple_values(self.multiple_values)
            .max_depth(self.max_depth)
            .max_token_len(self.max_token_len)
    }
}

/// Chunking invariance and agreement with the naive reference; limits hold
/// between chunks. Panics on any difference.
pub fn check_case(case: &Case) -> Outcome {
    let limits = case.limits();
    let whole = tokenize(limits, &case.data);
    assert_eq!(
        whole,
        naive::run(limits, &case.data),
        "one-shot vs naive: {case:?}"
    );
    let chunks = split_by_sizes(&case.data, &case.chunk_sizes);
    assert_eq!(tokenize_chunks(limits, &chunks), whole, "chunked: {case:?}");
    // Limits hold at every chunk boundary.
    let mut tokenizer = Tokenizer::with_limits(limits);
    for chunk in &chunks {
        if tokenizer.feed(chunk).for_each(|_| {}).is_err() {
            break;
        }
        assert!(tokenizer.depth() <= limits.max_depth);
        let buffered = tokenizer.partial_key().or(tokenizer.partial_number());
        assert!(buffered.map_or(0, str::len) <= limits.max_token_len);
    }
    whole
}

/// serde_json accepts (and parses to the same value) exactly what we accept,
/// except numbers beyond `f64`, which RFC 8259 allows and serde_json refuses,
/// and nesting of exactly 128 levels (serde_json's limit is 127).
pub fn check_against_serde(data: &[u8], chunk_sizes: &[usize]) {
    let ours = tokenize(Limits::default(), data);
    let chunked = tokenize_chunks(Limits::default(), &split_by_sizes(data, chunk_sizes));
    assert_eq!(
        chunked,
        ours,
        "chunked vs one-shot: {:?}",
        data.escape_ascii().to_string()
    );
    match serde_json::from_slice::<serde_json::Value>(data) {
        Ok(value) => {
            assert_eq!(
                ours.error,
                None,
                "serde accepts {:?}",
                data.escape_ascii().to_string()
            );
            assert_eq!(rebuild(&ours.events), Some(value));
        }
        Err(e) => {
            let message = e.to_string();
            if message.starts_with("number out of range") || message.starts_with("recursion limit")
            {
                return;
            }
            assert!(
                ours.error.is_some(),
                "serde rejects ({message}), we accept {:?}",
                data.escape_ascii().to_string()
            );
        }
    }
}
