//! Owned events over the core state machine (`alloc`).

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::iter::FusedIterator;
use core::mem;

use super::error::{Error, ErrorKind, Limits};
use super::fields::{FieldParser, Fragment, Piece, StreamEnd};

/// A dispatched event, its text decoded (invalid UTF-8 replaced by U+FFFD).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Event {
    /// The event type: the last `event` value, or `"message"` when it was empty or absent.
    pub event: String,
    /// The `data` values joined with LF.
    pub data: String,
    /// The last event ID at dispatch (empty when none was set).
    pub id: String,
}

/// What an [`EventParser`] yields, in stream order.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    /// A dispatched event.
    Event(Event),
    /// A comment line's text (after the `:`, one leading space removed), e.g. a keep-alive `ping`.
    Comment(String),
    /// A valid `retry` field: the new reconnection time in milliseconds.
    Retry(u64),
}

/// Push bytes, pull owned [`Item`]s: the event layer for callers with an allocator.
///
/// Each pushed chunk is copied into an input buffer, parsed as items are pulled, and dropped
/// once read. Memory: the unread input, plus at most one line (`Limits::max_line_len`) and one
/// event's data (`Limits::max_event_len`) being assembled; the parser itself is under 256 bytes.
///
/// # Example
///
/// ```
/// use ssejson::sse::{EventParser, Item};
///
/// let mut parser = EventParser::new();
/// let mut events = Vec::new();
/// for chunk in [&b"event: delta\r\ndata: {\"a\""[..], b":1}\r", b"\n\r\n: ping\n\n"] {
///     parser.push(chunk);
///     while let Some(item) = parser.next_item() {
///         events.push(item.expect("within limits"));
///     }
/// }
/// assert!(!parser.finish().is_truncated());
/// let Item::Event(event) = &events[0] else { panic!() };
/// assert_eq!((event.event.as_str(), event.data.as_str()), ("delta", r#"{"a":1}"#));
/// assert_eq!(events[1], Item::Comment("ping".to_owned()));
/// ```
#[derive(Clone, Debug, Default)]
pub struct EventParser {
    fields: FieldParser,
    input: Vec<u8>,
    read: usize,
    assembly: Assembly,
}

#[derive(Clone, Debug, Default)]
struct Assembly {
    /// The data buffer of the current event.
    data: Vec<u8>,
    /// Length of `data` after its last complete line: what a void line rolls back to.
    data_committed: usize,
    event_type: Vec<u8>,
    /// An `event`, `id` or comment value that spans chunks.
    partial: Vec<u8>,
    /// The last event ID buffer when it differs from `last_event_id`.
    pending_id: Option<String>,
    last_event_id: String,
}

impl EventParser {
    /// A parser with the default [`Limits`].
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser with the given limits.
    #[inline]
    pub fn with_limits(limits: Limits) -> Self {
        EventParser {
            fields: FieldParser::with_limits(limits),
            ..Self::default()
        }
    }

    /// Appends the next chunk of the stream (copied).
    pub fn push(&mut self, chunk: &[u8]) {
        if self.read >= self.input.len() {
            self.input.clear();
        } else if self.read > 0 {
            self.input.drain(..self.read);
        }
        self.read = 0;
        self.input.extend_from_slice(chunk);
    }

    /// Pushes `chunk` and iterates over the items that are complete.
    #[inline]
    pub fn feed(&mut self, chunk: &[u8]) -> Items<'_> {
        self.push(chunk);
        self.items()
    }

    /// Iterates over the items the pushed input completes.
    #[inline]
    pub fn items(&mut self) -> Items<'_> {
        Items { parser: self }
    }

    /// The next complete item, or `None` when the pushed input is used up.
    pub fn next_item(&mut self) -> Option<Result<Item, Error>> {
        loop {
            let mut rest = self.input.get(self.read..).unwrap_or_default();
            let before = rest.len();
            let fragment = self.fields.next_fragment(&mut rest);
            self.read += before - rest.len();
            match fragment {
                None => {
                    self.input.clear();
                    self.read = 0;
                    return None;
                }
                Some(Err(error)) => {
                    self.assembly.void_line(error.kind());
                    return Some(Err(error));
                }
                Some(Ok(fragment)) => {
                    if let Some(item) = self.assembly.on_fragment(fragment) {
                        return Some(Ok(item));
                    }
                }
            }
        }
    }

    /// Ends the stream: any pending event is discarded, and the result says whether the stream
    /// was cut off inside one (or pushed input was left unread). The parser is then ready for a
    /// new stream (a reconnection); the last event ID and reconnection time are kept.
    pub fn finish(&mut self) -> StreamEnd {
        let unread = self.read < self.input.len();
        self.input.clear();
        self.read = 0;
        let end = self.fields.finish();
        let assembly = &mut self.assembly;
        assembly.data.clear();
        assembly.data_committed = 0;
        assembly.event_type.clear();
        assembly.partial.clear();
        assembly.pending_id = None;
        if unread {
            StreamEnd::Truncated
        } else {
            end
        }
    }

    /// The last event ID: what to send as `Last-Event-ID` when reconnecting.
    #[inline]
    pub fn last_event_id(&self) -> &str {
        &self.assembly.last_event_id
    }

    /// The reconnection time in milliseconds from the last valid `retry` field, if any.
    #[inline]
    pub fn reconnection_time(&self) -> Option<u64> {
        self.fields.reconnection_time()
    }

    /// The limits in force.
    #[inline]
    pub fn limits(&self) -> Limits {
        self.fields.limits()
    }
}

impl Assembly {
    #[inline]
    fn on_fragment(&mut self, fragment: Fragment<'_>) -> Option<Item> {
        match fragment {
            Fragment::Data(piece) => {
                self.data.extend_from_slice(piece.bytes);
                if piece.is_end {
                    self.data.push(b'\n');
                    self.data_committed = self.data.len();
                }
            }
            Fragment::Event(piece) => {
                if piece.is_whole() {
                    self.event_type.clear();
                    self.event_type.extend_from_slice(piece.bytes);
                } else if let Some(value) = join(&mut self.partial, piece) {
                    self.event_type.clear();
                    self.event_type.extend_from_slice(value);
                }
            }
            Fragment::Id(piece) => {
                let value = if piece.is_whole() {
                    Some(piece.bytes)
                } else {
                    join(&mut self.partial, piece)
                };
                if let Some(value) = value {
                    self.pending_id = Some(String::from_utf8_lossy(value).into_owned());
                }
            }
            Fragment::IdRejected => self.partial.clear(),
            Fragment::Comment(piece) => {
                let value = if piece.is_whole() {
                    Some(piece.bytes)
                } else {
                    join(&mut self.partial, piece)
                };
                if let Some(value) = value {
                    return Some(Item::Comment(String::from_utf8_lossy(value).into_owned()));
                }
            }
            Fragment::Retry(ms) => return Some(Item::Retry(ms)),
            Fragment::BlankLine { dispatch } => return self.blank_line(dispatch),
        }
        None
    }

    #[inline]
    fn blank_line(&mut self, dispatch: bool) -> Option<Item> {
        if let Some(id) = self.pending_id.take() {
            self.last_event_id = id;
        }
        let event = if dispatch {
            let mut data = mem::take(&mut self.data);
            data.pop();
            let event = if self.event_type.is_empty() {
                "message".to_owned()
            } else {
                String::from_utf8_lossy(&self.event_type).into_owned()
            };
            Some(Item::Event(Event {
                event,
                data: decode(data),
                id: self.last_event_id.clone(),
            }))
        } else {
            None
        };
        self.data.clear();
        self.data_committed = 0;
        self.event_type.clear();
        event
    }

    /// Drops what the line that raised an error had added.
    #[cold]
    fn void_line(&mut self, kind: ErrorKind) {
        self.partial.clear();
        if kind == ErrorKind::EventTooLong {
            self.data.clear();
            self.data_committed = 0;
        } else {
            self.data.truncate(self.data_committed);
        }
    }
}

/// Adds `piece` to `partial`; returns the whole value once `piece` ends it.
#[inline]
fn join<'a>(partial: &'a mut Vec<u8>, piece: Piece<'_>) -> Option<&'a [u8]> {
    if piece.is_start {
        partial.clear();
    }
    partial.extend_from_slice(piece.bytes);
    if piece.is_end {
        Some(partial)
    } else {
        None
    }
}

/// UTF-8 with replacement, without a copy when the bytes are valid.
#[inline]
fn decode(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    }
}

/// The items of an [`EventParser`]'s pushed input, from [`EventParser::items`].
#[derive(Debug)]
pub struct Items<'p> {
    parser: &'p mut EventParser,
}

impl Iterator for Items<'_> {
    type Item = Result<Item, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.parser.next_item()
    }
}

impl FusedIterator for Items<'_> {}
