//! Zero-copy events that share the input [`Bytes`] (`bytes`).

use alloc::vec::Vec;
use core::iter::FusedIterator;
use core::mem;

use bytes::{Buf, BufMut, Bytes, BytesMut};

use super::error::{Error, ErrorKind, Limits};
use super::fields::{FieldParser, Fragment, Piece, StreamEnd};
use super::owned::{MIN_JOIN_CAPACITY, RETAINED_VALUE};
use super::text::{Text, INLINE_CAPACITY};

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
/// A field value that lies inside one chunk is a slice of it (no copy, no allocation), or, when
/// it is at most 23 bytes long, an inline copy (see [`Text`]). A value split across chunks, and
/// the data of an event with several `data` lines, are assembled once, into a buffer that the
/// dispatched data then shares: once those events are dropped, the next ones reuse it. In
/// steady state (events inside chunks, or split events dropped before the next is complete)
/// parsing allocates nothing: the chunk queue allocates once, the first time. Memory: the
/// queued chunks, plus at most one line and one event's data being assembled; the parser
/// itself is at most 256 bytes. A slice keeps its whole chunk (or assembly buffer) alive.
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
    /// Pushed chunks; those before `assembly.queue_head` are read.
    queue: Vec<Bytes>,
    assembly: Assembly,
}

#[derive(Clone, Debug)]
struct Assembly {
    /// The current event's only data line so far, when it lay inside one chunk (its LF implied).
    data_line: Option<Bytes>,
    /// The current event's data otherwise (each line with its LF). Dispatched data is split off
    /// the front, so one allocation serves event after event once the consumer has dropped the
    /// earlier ones. An `event`, `id` or comment value that spans chunks is joined after the
    /// data, from `partial_start`, then cut off.
    joined: BytesMut,
    /// Where the value being joined after the data starts ([`NO_PARTIAL`] when none is).
    partial_start: u32,
    /// The first unread chunk of the parser's queue (kept here, next to `partial_start`, so the
    /// parser stays within its documented size).
    queue_head: u32,
    event_type: Text,
    /// The last event ID buffer when it differs from `last_event_id`.
    pending_id: Option<Bytes>,
    last_event_id: Text,
}

/// No value is being joined after the data.
const NO_PARTIAL: u32 = u32::MAX;

impl Default for Assembly {
    #[inline]
    fn default() -> Self {
        Assembly {
            data_line: None,
            joined: BytesMut::new(),
            partial_start: NO_PARTIAL,
            queue_head: 0,
            event_type: Text::default(),
            pending_id: None,
            last_event_id: Text::default(),
        }
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
            let head = self.assembly.queue_head as usize;
            if head > 0 && head >= self.queue.len() / 2 {
                // Drop the read chunks: each push moves at most as many as were read.
                self.queue.drain(..head);
                self.assembly.queue_head = 0;
            }
            self.queue.push(chunk);
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
        while let Some(chunk) = self.queue.get_mut(self.assembly.queue_head as usize) {
            let mut rest: &[u8] = chunk;
            let before = rest.len();
            while let Some(fragment) = self.fields.next_fragment(&mut rest) {
                // Returned straight from here: no result slot to overwrite (and drop) per
                // fragment, and one move less per item.
                let result = match fragment {
                    Ok(fragment) => match self.assembly.on_fragment(fragment, chunk, limits) {
                        Some(item) => Ok(item),
                        None => continue,
                    },
                    Err(error) => {
                        self.assembly
                            .void_line(error.kind(), self.fields.data_len());
                        Err(error)
                    }
                };
                let read = before - rest.len();
                if read == before {
                    self.pop_chunk();
                } else {
                    chunk.advance(read);
                }
                return Some(result);
            }
            self.pop_chunk();
        }
        None
    }

    /// Marks the first unread chunk read.
    #[inline]
    fn pop_chunk(&mut self) {
        let head = self.assembly.queue_head as usize;
        if head + 1 >= self.queue.len() || self.assembly.queue_head == u32::MAX - 1 {
            // All read (or, absurdly many chunks queued): drop them, keep the allocation.
            self.queue.drain(..(head + 1).min(self.queue.len()));
            self.assembly.queue_head = 0;
        } else {
            if let Some(chunk) = self.queue.get_mut(head) {
                // Release it now rather than when the queue is next compacted.
                *chunk = Bytes::new();
            }
            self.assembly.queue_head += 1;
        }
    }

    /// Ends the stream: any pending event is discarded, and the result says whether the stream
    /// was cut off inside one (or pushed input was left unread). The parser is then ready for a
    /// new stream (a reconnection); the last event ID and reconnection time are kept.
    pub fn finish(&mut self) -> StreamEnd {
        let unread = !self.queue.is_empty();
        self.queue.clear();
        self.assembly.queue_head = 0;
        let end = self.fields.finish();
        let assembly = &mut self.assembly;
        assembly.clear_data();
        assembly.event_type = Text::default();
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
        self.assembly.last_event_id.clone()
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
    #[inline(always)]
    fn on_fragment(
        &mut self,
        fragment: Fragment<'_>,
        chunk: &Bytes,
        limits: Limits,
    ) -> Option<BytesItem> {
        match fragment {
            Fragment::Data(piece) => {
                let max = limits.max_event_len();
                if let Some(first) = self.data_line.take() {
                    append_shared(&mut self.joined, &first, true, max);
                } else if self.joined.is_empty() && piece.is_whole() {
                    self.data_line = Some(chunk.slice_ref(piece.bytes));
                    return None;
                }
                append_shared(&mut self.joined, piece.bytes, piece.is_end, max);
            }
            Fragment::Event(piece) if piece.is_whole() => {
                self.event_type.set_slice_of(chunk, piece.bytes);
            }
            Fragment::Event(piece) => {
                if let Some(value) = self.partial_value(piece, limits) {
                    self.event_type = Text::copy_from(value);
                    self.end_partial();
                }
            }
            Fragment::Id(piece) if piece.is_whole() => {
                self.pending_id = Some(chunk.slice_ref(piece.bytes));
            }
            Fragment::Id(piece) => {
                if let Some(value) = self.partial_value(piece, limits) {
                    self.pending_id = Some(Bytes::copy_from_slice(value));
                    self.end_partial();
                }
            }
            Fragment::IdRejected => self.end_partial(),
            Fragment::Comment(piece) if piece.is_whole() => {
                return Some(BytesItem::Comment(Text::slice_of(chunk, piece.bytes)));
            }
            Fragment::Comment(piece) => {
                let text = Text::copy_from(self.partial_value(piece, limits)?);
                self.end_partial();
                return Some(BytesItem::Comment(text));
            }
            Fragment::Retry(ms) => return Some(BytesItem::Retry(ms)),
            Fragment::BlankLine { dispatch } => return self.blank_line(dispatch),
        }
        None
    }

    #[inline(always)]
    fn blank_line(&mut self, dispatch: bool) -> Option<BytesItem> {
        if let Some(id) = self.pending_id.take() {
            self.last_event_id = Text::from_shared(id);
        }
        let event_type = mem::take(&mut self.event_type);
        if !dispatch {
            self.clear_data();
            return None;
        }
        let data = match self.data_line.take() {
            Some(line) => Text::from_shared(line),
            None => {
                let data = &mut self.joined;
                // Drop the LF of the last line.
                data.truncate(data.len().saturating_sub(1));
                if data.len() <= INLINE_CAPACITY {
                    let text = Text::copy_from(data);
                    data.clear();
                    text
                } else if data.capacity() - data.len() > RETAINED_VALUE {
                    // Much more room than text: copy out rather than let the event pin it all.
                    let text = Text::copy_from(data);
                    release_shared(data);
                    text
                } else {
                    Text::from_shared(data.split().freeze())
                }
            }
        };
        let event = if event_type.is_empty() {
            Text::copy_from(b"message")
        } else {
            event_type
        };
        Some(BytesItem::Event(BytesEvent {
            event,
            data,
            id: if self.last_event_id.is_empty() {
                Text::default()
            } else {
                self.last_event_id.clone()
            },
        }))
    }

    #[inline]
    fn clear_data(&mut self) {
        self.data_line = None;
        release_shared(&mut self.joined);
        self.partial_start = NO_PARTIAL;
    }

    /// Adds a piece of an `event`, `id` or comment value that spans chunks; once `piece` ends
    /// it, returns the joined value (then cut off with [`Assembly::end_partial`]).
    #[inline]
    fn partial_value(&mut self, piece: Piece<'_>, limits: Limits) -> Option<&[u8]> {
        if let Some(line) = self.data_line.take() {
            // Rare (a data line, then a split value): join the line so the value can follow it.
            append_shared(&mut self.joined, &line, true, limits.max_event_len());
        }
        if piece.is_start || self.partial_start == NO_PARTIAL {
            // The data is at most `MAX_LIMIT` bytes, below `NO_PARTIAL`.
            self.partial_start = u32::try_from(self.joined.len()).unwrap_or(NO_PARTIAL - 1);
        }
        let start = self.partial_start as usize;
        let limit = start.saturating_add(limits.max_line_len());
        append_shared(&mut self.joined, piece.bytes, false, limit);
        if piece.is_end {
            self.joined.get(start..)
        } else {
            None
        }
    }

    /// Drops the value being joined after the data, if any.
    #[inline]
    fn end_partial(&mut self) {
        if self.partial_start != NO_PARTIAL {
            self.joined.truncate(self.partial_start as usize);
            self.partial_start = NO_PARTIAL;
        }
    }

    /// Drops what the line that raised an error had added.
    #[cold]
    fn void_line(&mut self, kind: ErrorKind, data_len: usize) {
        if kind == ErrorKind::EventTooLong {
            self.clear_data();
        } else {
            // A value being joined starts after the data: cut it off too.
            self.joined
                .truncate(data_len.min(self.partial_start as usize));
            self.partial_start = NO_PARTIAL;
        }
    }
}

/// Appends `bytes` (and an LF if `lf`) to `buffer`, which never needs more than `limit` bytes.
/// The room freed by dispatched events is taken back once the consumer dropped them; otherwise
/// a new buffer is started (the dispatched events keep the old one alive), sized as
/// [`append`] sizes a `Vec`, so capacity stays within the limit.
#[inline]
fn append_shared(buffer: &mut BytesMut, bytes: &[u8], lf: bool, limit: usize) {
    let needed = buffer.len() + bytes.len() + usize::from(lf);
    if needed > buffer.capacity() && !buffer.try_reclaim(needed - buffer.len()) {
        let grown = buffer
            .capacity()
            .max(bytes.len())
            .saturating_mul(2)
            .max(MIN_JOIN_CAPACITY);
        let mut fresh = BytesMut::with_capacity(needed.max(grown.min(limit)));
        fresh.extend_from_slice(buffer);
        *buffer = fresh;
    }
    buffer.extend_from_slice(bytes);
    if lf {
        buffer.put_u8(b'\n');
    }
}

/// Empties `buffer`, dropping its allocation when that is larger than [`RETAINED_VALUE`].
#[inline]
fn release_shared(buffer: &mut BytesMut) {
    if buffer.capacity() > RETAINED_VALUE {
        *buffer = BytesMut::new();
    } else {
        buffer.clear();
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
