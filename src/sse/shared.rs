//! Zero-copy events that share the input [`Bytes`] (`bytes`).

use alloc::borrow::Cow;
use alloc::collections::VecDeque;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::iter::FusedIterator;
use core::mem;

use bytes::{Buf, Bytes};

use super::error::{Error, ErrorKind, Limits};
use super::fields::{FieldParser, Fragment, Piece, StreamEnd};
use super::owned::{append, release, RETAINED_VALUE};

/// The text of a field, kept as the raw bytes of the stream (usually a slice of an input chunk).
///
/// Decoding is done on access, with replacement: [`Text::to_str`] borrows when the bytes are
/// valid UTF-8 (one SIMD check) and allocates only for invalid input. The bytes are not checked
/// in advance, since this crate has no `unsafe` to skip a second check later.
///
/// # Example
///
/// ```
/// use ssejson::sse::Text;
///
/// let text = Text::from(bytes::Bytes::from_static(b"caf\xC3\xA9 \xFF"));
/// assert_eq!(text.to_str(), "café \u{FFFD}");
/// assert_eq!(text.as_bytes().len(), 7);
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(Bytes);

impl Text {
    /// The raw bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text, decoded with replacement; borrowed when the bytes are valid UTF-8.
    #[inline]
    pub fn to_str(&self) -> Cow<'_, str> {
        match simdutf8::basic::from_utf8(&self.0) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.0),
        }
    }

    /// The raw bytes, sharing their buffer.
    #[inline]
    pub fn into_bytes(self) -> Bytes {
        self.0
    }

    /// Whether there are no bytes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Bytes> for Text {
    #[inline]
    fn from(bytes: Bytes) -> Self {
        Text(bytes)
    }
}

impl From<Text> for Bytes {
    #[inline]
    fn from(text: Text) -> Self {
        text.0
    }
}

impl PartialEq<str> for Text {
    #[inline]
    fn eq(&self, other: &str) -> bool {
        self.to_str() == other
    }
}

impl PartialEq<&str> for Text {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.to_str() == *other
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_str())
    }
}

/// A dispatched event whose fields share the input buffers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BytesEvent {
    /// The event type: the last `event` value, or `"message"` when it was empty or absent.
    pub event: Text,
    /// The `data` values joined with LF.
    pub data: Text,
    /// The last event ID at dispatch (empty when none was set).
    pub id: Text,
}

/// What a [`BytesEventParser`] yields, in stream order.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BytesItem {
    /// A dispatched event.
    Event(BytesEvent),
    /// A comment line's text (after the `:`, one leading space removed), e.g. a keep-alive `ping`.
    Comment(Text),
    /// A valid `retry` field: the new reconnection time in milliseconds.
    Retry(u64),
}

/// Push [`Bytes`], pull [`BytesItem`]s whose text shares the input: the zero-copy event layer.
///
/// A field value that lies inside one chunk is a slice of it (no copy, no allocation). A value
/// split across chunks, and the data of an event with several `data` lines, are assembled once.
/// In steady state (events inside chunks, each chunk pulled dry before the next push) parsing
/// allocates nothing. Memory: the queued chunks, plus at most one line and one event's data being
/// assembled; the parser itself is under 256 bytes. Note that a slice keeps its whole chunk alive.
///
/// # Example
///
/// ```
/// use bytes::Bytes;
/// use ssejson::sse::{BytesEventParser, BytesItem};
///
/// let mut parser = BytesEventParser::new();
/// parser.push(Bytes::from_static(b"event: ping\ndata: {}\n\nid: 7\ndata: a\ndata: b\n\n"));
/// let mut events = Vec::new();
/// while let Some(item) = parser.next_item() {
///     if let BytesItem::Event(event) = item.expect("within limits") {
///         events.push(event);
///     }
/// }
/// assert_eq!(events[0].event, "ping");
/// assert_eq!(events[1].event, "message");
/// assert_eq!(events[1].data, "a\nb");
/// assert_eq!(events[1].id, "7");
/// assert_eq!(parser.last_event_id(), "7");
/// ```
#[derive(Clone, Debug, Default)]
pub struct BytesEventParser {
    fields: FieldParser,
    queue: VecDeque<Bytes>,
    assembly: Assembly,
}

#[derive(Clone, Debug, Default)]
struct Assembly {
    data: Data,
    event_type: Bytes,
    /// An `event`, `id` or comment value that spans chunks.
    partial: Vec<u8>,
    /// The last event ID buffer when it differs from `last_event_id`.
    pending_id: Option<Bytes>,
    last_event_id: Bytes,
}

/// The data buffer of the current event.
#[derive(Clone, Debug)]
enum Data {
    /// One complete line that lay inside one chunk (its LF implied): a slice of that chunk.
    Shared(Bytes),
    /// Anything else, copied.
    Joined(Vec<u8>),
}

impl Default for Data {
    #[inline]
    fn default() -> Self {
        Data::Joined(Vec::new())
    }
}

impl BytesEventParser {
    /// A parser with the default [`Limits`].
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// A parser with the given limits.
    #[inline]
    pub fn with_limits(limits: Limits) -> Self {
        BytesEventParser {
            fields: FieldParser::with_limits(limits),
            ..Self::default()
        }
    }

    /// Queues the next chunk of the stream (no copy).
    #[inline]
    pub fn push(&mut self, chunk: Bytes) {
        if !chunk.is_empty() {
            self.queue.push_back(chunk);
        }
    }

    /// Pushes `chunk` and iterates over the items that are complete.
    #[inline]
    pub fn feed(&mut self, chunk: Bytes) -> BytesItems<'_> {
        self.push(chunk);
        self.items()
    }

    /// Iterates over the items the pushed input completes.
    #[inline]
    pub fn items(&mut self) -> BytesItems<'_> {
        BytesItems { parser: self }
    }

    /// The next complete item, or `None` when the pushed input is used up.
    pub fn next_item(&mut self) -> Option<Result<BytesItem, Error>> {
        let limits = self.fields.limits();
        while let Some(chunk) = self.queue.front_mut() {
            let mut rest: &[u8] = chunk;
            let before = rest.len();
            let mut out = None;
            while let Some(fragment) = self.fields.next_fragment(&mut rest) {
                match fragment {
                    Ok(fragment) => {
                        if let Some(item) = self.assembly.on_fragment(fragment, chunk, limits) {
                            out = Some(Ok(item));
                            break;
                        }
                    }
                    Err(error) => {
                        self.assembly
                            .void_line(error.kind(), self.fields.data_len());
                        out = Some(Err(error));
                        break;
                    }
                }
            }
            let read = before - rest.len();
            if read == before {
                self.queue.pop_front();
            } else {
                chunk.advance(read);
            }
            if out.is_some() {
                return out;
            }
        }
        None
    }

    /// Ends the stream: any pending event is discarded, and the result says whether the stream
    /// was cut off inside one (or pushed input was left unread). The parser is then ready for a
    /// new stream (a reconnection); the last event ID and reconnection time are kept.
    pub fn finish(&mut self) -> StreamEnd {
        let unread = !self.queue.is_empty();
        self.queue.clear();
        let end = self.fields.finish();
        let assembly = &mut self.assembly;
        assembly.data = Data::default();
        assembly.event_type = Bytes::new();
        release(&mut assembly.partial, RETAINED_VALUE);
        assembly.pending_id = None;
        if unread {
            StreamEnd::Truncated
        } else {
            end
        }
    }

    /// The last event ID: what to send as `Last-Event-ID` when reconnecting.
    #[inline]
    pub fn last_event_id(&self) -> Text {
        Text(self.assembly.last_event_id.clone())
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
        chunk: &Bytes,
        limits: Limits,
    ) -> Option<BytesItem> {
        match fragment {
            Fragment::Data(piece) => match &mut self.data {
                Data::Joined(data) if data.is_empty() && piece.is_whole() => {
                    self.data = Data::Shared(chunk.slice_ref(piece.bytes));
                }
                Data::Joined(data) => {
                    append(data, piece.bytes, piece.is_end, limits.max_event_len())
                }
                Data::Shared(first) => {
                    let mut data = Vec::new();
                    append(&mut data, first, true, limits.max_event_len());
                    append(&mut data, piece.bytes, piece.is_end, limits.max_event_len());
                    self.data = Data::Joined(data);
                }
            },
            Fragment::Event(piece) => {
                if let Some(value) = value_of(&mut self.partial, piece, chunk, limits) {
                    self.event_type = value;
                }
            }
            Fragment::Id(piece) => {
                if let Some(value) = value_of(&mut self.partial, piece, chunk, limits) {
                    self.pending_id = Some(value);
                }
            }
            Fragment::IdRejected => release(&mut self.partial, RETAINED_VALUE),
            Fragment::Comment(piece) => {
                return value_of(&mut self.partial, piece, chunk, limits)
                    .map(|value| BytesItem::Comment(Text(value)));
            }
            Fragment::Retry(ms) => return Some(BytesItem::Retry(ms)),
            Fragment::BlankLine { dispatch } => return self.blank_line(dispatch),
        }
        None
    }

    #[inline]
    fn blank_line(&mut self, dispatch: bool) -> Option<BytesItem> {
        if let Some(id) = self.pending_id.take() {
            self.last_event_id = id;
        }
        let event_type = mem::take(&mut self.event_type);
        if !dispatch {
            self.clear_data();
            return None;
        }
        let data = match mem::take(&mut self.data) {
            Data::Shared(data) => data,
            Data::Joined(mut data) => {
                data.pop();
                Bytes::from(data)
            }
        };
        let event = if event_type.is_empty() {
            Bytes::from_static(b"message")
        } else {
            event_type
        };
        Some(BytesItem::Event(BytesEvent {
            event: Text(event),
            data: Text(data),
            id: Text(self.last_event_id.clone()),
        }))
    }

    #[inline]
    fn clear_data(&mut self) {
        match &mut self.data {
            Data::Joined(data) => release(data, RETAINED_VALUE),
            Data::Shared(_) => self.data = Data::default(),
        }
    }

    /// Drops what the line that raised an error had added.
    #[cold]
    fn void_line(&mut self, kind: ErrorKind, data_len: usize) {
        release(&mut self.partial, RETAINED_VALUE);
        if kind == ErrorKind::EventTooLong {
            self.clear_data();
        } else if let Data::Joined(data) = &mut self.data {
            data.truncate(data_len);
        }
    }
}

/// The whole value once `piece` ends it: a slice of `chunk` when it lies inside it, else the
/// pieces joined in `partial`.
#[inline]
fn value_of(
    partial: &mut Vec<u8>,
    piece: Piece<'_>,
    chunk: &Bytes,
    limits: Limits,
) -> Option<Bytes> {
    if piece.is_whole() {
        return Some(chunk.slice_ref(piece.bytes));
    }
    if piece.is_start {
        partial.clear();
    }
    append(partial, piece.bytes, false, limits.max_line_len());
    if piece.is_end {
        let value = Bytes::copy_from_slice(partial);
        release(partial, RETAINED_VALUE);
        Some(value)
    } else {
        None
    }
}

/// The items of a [`BytesEventParser`]'s pushed input, from [`BytesEventParser::items`].
#[derive(Debug)]
pub struct BytesItems<'p> {
    parser: &'p mut BytesEventParser,
}

impl Iterator for BytesItems<'_> {
    type Item = Result<BytesItem, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.parser.next_item()
    }
}

impl FusedIterator for BytesItems<'_> {}
