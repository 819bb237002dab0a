//! Zero-copy events that share the input [`Bytes`] (`bytes`).

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::iter::FusedIterator;
use core::mem;

use bytes::Bytes;

use super::error::{Error, ErrorKind, Limits};
use super::fields::{FieldParser, Fragment, Piece, StreamEnd};
use super::owned::{append, release, RETAINED_VALUE};
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
/// the data of an event with several `data` lines, are assembled once. In steady state (events
/// inside chunks) parsing allocates nothing: the chunk queue allocates once, the first time.
/// Memory: the queued chunks, plus at most one line and one event's data being assembled; the
/// parser itself is at most 256 bytes. A slice keeps its whole chunk alive.
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
    queue: VecDeque<Queued>,
    assembly: Assembly,
}

/// A pushed chunk and how much of it was read.
///
/// The chunk is read through an offset, not advanced, and a used-up chunk leaves the queue on
/// the next call: after an item is built, nothing but a counter is written, so the item goes
/// straight to the caller instead of waiting in a temporary (each copy of it costs).
#[derive(Clone, Debug)]
struct Queued {
    chunk: Bytes,
    read: usize,
}

#[derive(Clone, Debug, Default)]
struct Assembly {
    data: Data,
    event_type: Text,
    /// An `event`, `id` or comment value that spans chunks.
    partial: Vec<u8>,
    /// The last event ID buffer when it differs from `last_event_id`.
    pending_id: Option<Bytes>,
    last_event_id: Text,
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
            self.queue.push_back(Queued { chunk, read: 0 });
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
    #[inline]
    pub fn next_item(&mut self) -> Option<Result<BytesItem, Error>> {
        let limits = self.fields.limits();
        while let Some(queued) = self.queue.front_mut() {
            let unread = queued.chunk.get(queued.read..).unwrap_or_default();
            let mut rest = unread;
            while let Some(fragment) = self.fields.next_fragment(&mut rest) {
                match fragment {
                    Ok(fragment) => {
                        if let Some(item) =
                            self.assembly.on_fragment(fragment, &queued.chunk, limits)
                        {
                            queued.read += unread.len() - rest.len();
                            return Some(Ok(item));
                        }
                    }
                    Err(error) => {
                        self.assembly
                            .void_line(error.kind(), self.fields.data_len());
                        queued.read += unread.len() - rest.len();
                        return Some(Err(error));
                    }
                }
            }
            self.queue.pop_front();
        }
        None
    }

    /// Ends the stream: any pending event is discarded, and the result says whether the stream
    /// was cut off inside one (or pushed input was left unread). The parser is then ready for a
    /// new stream (a reconnection); the last event ID and reconnection time are kept.
    pub fn finish(&mut self) -> StreamEnd {
        let unread = self
            .queue
            .iter()
            .any(|queued| queued.read < queued.chunk.len());
        self.queue.clear();
        let end = self.fields.finish();
        let assembly = &mut self.assembly;
        assembly.data = Data::default();
        assembly.event_type = Text::default();
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
            Fragment::Event(piece) if piece.is_whole() => {
                self.event_type.set_slice_of(chunk, piece.bytes);
            }
            Fragment::Event(piece) => {
                if let Some(Some(value)) = joined(&mut self.partial, piece, limits) {
                    self.event_type = Text::copy_from(value);
                    release(&mut self.partial, RETAINED_VALUE);
                }
            }
            Fragment::Id(piece) => {
                if let Some(value) = joined(&mut self.partial, piece, limits) {
                    self.pending_id = Some(match value {
                        Some(value) => Bytes::copy_from_slice(value),
                        None => chunk.slice_ref(piece.bytes),
                    });
                    release(&mut self.partial, RETAINED_VALUE);
                }
            }
            Fragment::IdRejected => release(&mut self.partial, RETAINED_VALUE),
            Fragment::Comment(piece) => {
                let value = joined(&mut self.partial, piece, limits)?;
                let text = match value {
                    Some(value) => Text::copy_from(value),
                    None => Text::slice_of(chunk, piece.bytes),
                };
                release(&mut self.partial, RETAINED_VALUE);
                return Some(BytesItem::Comment(text));
            }
            Fragment::Retry(ms) => return Some(BytesItem::Retry(ms)),
            Fragment::Dispatch => return self.blank_line(true),
            Fragment::BlankLine => return self.blank_line(false),
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
        let data = match &mut self.data {
            Data::Shared(_) => match mem::take(&mut self.data) {
                Data::Shared(data) => Text::from_shared(data),
                Data::Joined(_) => Text::default(),
            },
            Data::Joined(data) => {
                data.pop();
                if data.len() <= INLINE_CAPACITY || data.capacity() <= RETAINED_VALUE {
                    // Copy out and keep the buffer for the next event.
                    let text = Text::copy_from(data);
                    data.clear();
                    text
                } else {
                    Text::from(Bytes::from(mem::take(data)))
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

/// Once `piece` ends its value: `Some(None)` when the piece is the whole value, else
/// `Some(Some(joined))` with the pieces joined in `partial` (which the caller then releases).
#[inline]
fn joined<'a>(
    partial: &'a mut Vec<u8>,
    piece: Piece<'_>,
    limits: Limits,
) -> Option<Option<&'a [u8]>> {
    if piece.is_whole() {
        return Some(None);
    }
    if piece.is_start {
        partial.clear();
    }
    append(partial, piece.bytes, false, limits.max_line_len());
    if piece.is_end {
        Some(Some(partial))
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
