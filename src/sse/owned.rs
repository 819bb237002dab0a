//! Owned events over the core state machine (`alloc`).

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;
use core::iter::FusedIterator;
use core::mem;
use core::ops::Range;

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
/// once read. An event whose one `data` line lies in the buffer is built straight from it: its
/// data is copied once, into the event's `String`. Memory: the unread input, plus at most one line (`Limits::max_line_len`) and one
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
    /// The data of the current event when it is one whole line still in the input buffer (then
    /// `data` is empty): its range there, its LF implied.
    data_in_input: Option<Range<usize>>,
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
        self.keep_pending_data();
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
    #[inline]
    pub fn next_item(&mut self) -> Option<Result<Item, Error>> {
        let limits = self.fields.limits();
        let input = self.input.as_slice();
        let unread = input.get(self.read..).unwrap_or_default();
        let mut rest = unread;
        while let Some(fragment) = self.fields.next_fragment(&mut rest) {
            // Returned straight from here, with only a counter written after the item is built:
            // the item then goes to the caller without waiting in a temporary.
            match fragment {
                Ok(fragment) => {
                    if let Some(item) = self.assembly.on_fragment(fragment, input, limits) {
                        self.read += unread.len() - rest.len();
                        if self.assembly.data_in_input.is_some() {
                            return Some(Ok(self.with_data_from_input(item)));
                        }
                        return Some(Ok(item));
                    }
                }
                Err(error) => {
                    self.assembly
                        .void_line(error.kind(), self.fields.data_len());
                    self.read += unread.len() - rest.len();
                    return Some(Err(error));
                }
            }
        }
        self.keep_pending_data();
        release(&mut self.input, RETAINED_INPUT);
        self.read = 0;
        None
    }

    /// `item` with its data moved out of the input when a dispatch left it there (too large to
    /// copy); other items as they are.
    #[cold]
    fn with_data_from_input(&mut self, mut item: Item) -> Item {
        if let Item::Event(event) = &mut item {
            if let Some(range) = self.assembly.data_in_input.take() {
                event.data = self.take_from_input(range);
            }
        }
        item
    }

    /// The input bytes in `range` (before the read position) as a `String`, by handing over the
    /// input buffer itself: a large value is then neither allocated nor copied a second time.
    /// The unread input moves to a new buffer.
    fn take_from_input(&mut self, range: Range<usize>) -> String {
        let unread = self.input.get(self.read..).unwrap_or_default().to_vec();
        let mut buffer = mem::replace(&mut self.input, unread);
        self.read = 0;
        buffer.truncate(range.end);
        buffer.drain(..range.start.min(range.end));
        decode_vec(buffer)
    }

    /// Ends the stream: any pending event is discarded, and the result says whether the stream
    /// was cut off inside one (or pushed input was left unread). The parser is then ready for a
    /// new stream (a reconnection); the last event ID and reconnection time are kept.
    pub fn finish(&mut self) -> StreamEnd {
        let unread = self.read < self.input.len();
        release(&mut self.input, RETAINED_INPUT);
        self.read = 0;
        let end = self.fields.finish();
        let assembly = &mut self.assembly;
        release(&mut assembly.data, RETAINED_VALUE);
        assembly.data_in_input = None;
        release(&mut assembly.event_type, RETAINED_VALUE);
        release(&mut assembly.partial, RETAINED_VALUE);
        assembly.pending_id = None;
        if unread {
            StreamEnd::Truncated
        } else {
            end
        }
    }

    /// Copies the pending event's data out of the input buffer, which is about to change.
    #[inline]
    fn keep_pending_data(&mut self) {
        if let Some(range) = self.assembly.data_in_input.take() {
            let line = self.input.get(range).unwrap_or_default();
            let limit = self.fields.limits().max_event_len();
            append(&mut self.assembly.data, line, true, limit);
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
    fn on_fragment(
        &mut self,
        fragment: Fragment<'_>,
        input: &[u8],
        limits: Limits,
    ) -> Option<Item> {
        match fragment {
            Fragment::Data(piece) => {
                if piece.is_whole() && self.data.is_empty() && self.data_in_input.is_none() {
                    // `piece` lies in `input`: remember where, copy nothing yet.
                    let start =
                        (piece.bytes.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
                    self.data_in_input = Some(start..start + piece.bytes.len());
                    return None;
                }
                if let Some(range) = self.data_in_input.take() {
                    let line = input.get(range).unwrap_or_default();
                    append(&mut self.data, line, true, limits.max_event_len());
                }
                append(
                    &mut self.data,
                    piece.bytes,
                    piece.is_end,
                    limits.max_event_len(),
                );
            }
            Fragment::Event(piece) => {
                if let Some(value) = value(&mut self.partial, piece, limits) {
                    self.event_type.clear();
                    self.event_type.extend_from_slice(value);
                    self.done_joining(piece);
                }
            }
            Fragment::Id(piece) => {
                if let Some(value) = value(&mut self.partial, piece, limits) {
                    self.pending_id = Some(decode(value));
                    self.done_joining(piece);
                }
            }
            Fragment::IdRejected => release(&mut self.partial, RETAINED_VALUE),
            Fragment::Comment(piece) => {
                if let Some(value) = value(&mut self.partial, piece, limits) {
                    let text = decode(value);
                    self.done_joining(piece);
                    return Some(Item::Comment(text));
                }
            }
            Fragment::Retry(ms) => return Some(Item::Retry(ms)),
            Fragment::Dispatch => return self.blank_line(true, input),
            Fragment::BlankLine => return self.blank_line(false, input),
        }
        None
    }

    #[inline]
    fn done_joining(&mut self, piece: Piece<'_>) {
        if !piece.is_start {
            release(&mut self.partial, RETAINED_VALUE);
        }
    }

    #[inline]
    fn blank_line(&mut self, dispatch: bool, input: &[u8]) -> Option<Item> {
        if let Some(id) = self.pending_id.take() {
            self.last_event_id = id;
        }
        let in_input = self.data_in_input.take();
        let event = if dispatch {
            let data = match in_input {
                Some(range) if range.len() > RETAINED_INPUT => {
                    // Moved out of the input by `next_item` once this returns.
                    self.data_in_input = Some(range);
                    String::new()
                }
                Some(range) => decode(input.get(range).unwrap_or_default()),
                None => {
                    self.data.pop();
                    if self.data.capacity() > RETAINED_VALUE {
                        // Too large to keep: move it, rather than copy it and free it.
                        decode_vec(mem::take(&mut self.data))
                    } else {
                        decode(&self.data)
                    }
                }
            };
            let event = if self.event_type.is_empty() {
                "message".to_owned()
            } else {
                decode(&self.event_type)
            };
            Some(Item::Event(Event {
                event,
                data,
                id: if self.last_event_id.is_empty() {
                    String::new()
                } else {
                    self.last_event_id.clone()
                },
            }))
        } else {
            None
        };
        release(&mut self.data, RETAINED_VALUE);
        release(&mut self.event_type, RETAINED_VALUE);
        event
    }

    /// Drops what the line that raised an error had added.
    #[cold]
    fn void_line(&mut self, kind: ErrorKind, data_len: usize) {
        release(&mut self.partial, RETAINED_VALUE);
        if kind == ErrorKind::EventTooLong {
            release(&mut self.data, RETAINED_VALUE);
            self.data_in_input = None;
        } else {
            self.data.truncate(data_len);
        }
    }
}

/// The whole value once `piece` ends it: the piece itself when it is whole, else the pieces
/// joined in `partial`.
#[inline]
fn value<'a>(partial: &'a mut Vec<u8>, piece: Piece<'a>, limits: Limits) -> Option<&'a [u8]> {
    if piece.is_whole() {
        return Some(piece.bytes);
    }
    if piece.is_start {
        partial.clear();
    }
    append(partial, piece.bytes, false, limits.max_line_len());
    if piece.is_end {
        Some(partial)
    } else {
        None
    }
}

/// Buffers keep at most this much capacity between values, so an idle parser stays small.
pub(crate) const RETAINED_VALUE: usize = 8 * 1024;
/// The least capacity a buffer grows to, within the limit.
const MIN_JOIN_CAPACITY: usize = 256;
/// The input buffer keeps at most this much capacity once read.
const RETAINED_INPUT: usize = 64 * 1024;

/// Appends `bytes` (and an LF if `lf`) to `buffer`, which never needs more than `limit` bytes:
/// growth doubles as usual but stops at the limit, so capacity stays within it.
#[inline]
pub(crate) fn append(buffer: &mut Vec<u8>, bytes: &[u8], lf: bool, limit: usize) {
    let needed = buffer.len() + bytes.len() + usize::from(lf);
    if needed > buffer.capacity() {
        // A value being joined is at least twice its first piece more often than not (it ran
        // to the end of a chunk), and most are a few hundred bytes: start there rather than
        // regrow (and copy) right after.
        let grown = buffer
            .capacity()
            .max(bytes.len())
            .saturating_mul(2)
            .max(MIN_JOIN_CAPACITY);
        let target = needed.max(grown.min(limit));
        buffer.reserve_exact(target - buffer.len());
    }
    buffer.extend_from_slice(bytes);
    if lf {
        buffer.push(b'\n');
    }
}

/// Empties `buffer`, freeing it when it is larger than `keep`.
#[inline]
pub(crate) fn release(buffer: &mut Vec<u8>, keep: usize) {
    if buffer.capacity() > keep {
        *buffer = Vec::new();
    } else {
        buffer.clear();
    }
}

/// UTF-8 with replacement: one SIMD check and one copy when the bytes are valid. Copying out of
/// the assembly buffer (rather than moving it into the `String`) keeps that buffer for the next
/// event and costs less than the standard library's slower check of a moved buffer.
#[inline]
fn decode(bytes: &[u8]) -> String {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => String::from(text),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// UTF-8 with replacement, moving `bytes` into the `String` when they are valid.
#[inline]
fn decode_vec(bytes: Vec<u8>) -> String {
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
