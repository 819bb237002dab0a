//! Owned events over the core state machine (`alloc`).

use alloc::borrow::ToOwned;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::iter::FusedIterator;
use core::mem;
use core::ops::Range;

use super::error::{Error, ErrorKind, Limits};
use super::fields::{FieldParser, Fragment, Piece, StreamEnd};
#[cfg(debug_assertions)]
use super::input::search_window;
use super::input::{decode_vec, offset_in, Hold, Input, View, HOLD_AFTER_LONG_LINE, MAX_CHAR_LEN};

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

/// A dispatched event borrowed from its [`EventParser`], from [`EventParser::next_ref`]: its text
/// decoded (invalid UTF-8 replaced by U+FFFD), nothing allocated or copied for it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct EventRef<'a> {
    /// The event type: the last `event` value, or `"message"` when it was empty or absent.
    pub event: &'a str,
    /// The `data` values joined with LF.
    pub data: &'a str,
    /// The last event ID at dispatch (empty when none was set).
    pub id: &'a str,
}

impl EventRef<'_> {
    /// The event with its text copied into `String`s.
    #[inline]
    pub fn to_event(&self) -> Event {
        Event {
            event: self.event.to_owned(),
            data: self.data.to_owned(),
            id: self.id.to_owned(),
        }
    }
}

/// What [`EventParser::next_ref`] yields, in stream order, borrowed from the parser.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemRef<'a> {
    /// A dispatched event.
    Event(EventRef<'a>),
    /// A comment line's text (after the `:`, one leading space removed), e.g. a keep-alive `ping`.
    Comment(&'a str),
    /// A valid `retry` field: the new reconnection time in milliseconds.
    Retry(u64),
}

impl ItemRef<'_> {
    /// The item with its text copied into `String`s.
    #[inline]
    pub fn to_item(&self) -> Item {
        match *self {
            ItemRef::Event(event) => Item::Event(event.to_event()),
            ItemRef::Comment(text) => Item::Comment(text.to_owned()),
            ItemRef::Retry(ms) => Item::Retry(ms),
        }
    }
}

/// Push bytes, pull [`Item`]s: the event layer for callers with an allocator.
///
/// Each pushed chunk is copied into an input buffer and checked as UTF-8 on the way in; it is
/// parsed as items are pulled. Items come two ways:
///
/// * [`next_ref`](EventParser::next_ref) lends an [`ItemRef`] whose text points into the
///   parser's buffers: nothing is allocated or checked again for it. An event with one `data`
///   line is a view of the input buffer, even when the line came in several chunks. The borrow
///   ends at the next call.
/// * [`next_item`](EventParser::next_item) (and [`items`](EventParser::items)) return owned
///   [`Item`]s: the same text copied into `String`s.
///
/// Memory: the unread input, the current event's `data` line and a partial last line (held
/// back until it is whole, at most 16 KiB), up to 2 KiB of read input not yet dropped, plus at
/// most one line (`Limits::max_line_len`) and one event's data (`Limits::max_event_len`) being
/// assembled. The parser itself is at most 256 bytes; an idle parser frees an input buffer
/// larger than 64 KiB.
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
///
/// Borrowing instead, to act on each event where it lies:
///
/// ```
/// use ssejson::sse::{EventParser, ItemRef};
///
/// let mut parser = EventParser::new();
/// let mut total = 0;
/// for chunk in [&b"data: {\"n\":1}\n\ndata: {\"n\""[..], b":22}\n\n"] {
///     parser.push(chunk);
///     while let Some(item) = parser.next_ref() {
///         if let ItemRef::Event(event) = item.expect("within limits") {
///             assert_eq!(event.event, "message");
///             total += event.data.len();
///         }
///     }
/// }
/// assert_eq!(total, r#"{"n":1}{"n":22}"#.len());
/// ```
#[derive(Clone, Debug, Default)]
pub struct EventParser {
    fields: FieldParser,
    input: Input,
    /// How much of `input` was parsed.
    read: usize,
    assembly: Assembly,
    /// Bytes searched for a line to hold (debug builds, for the tests).
    #[cfg(debug_assertions)]
    searched: u64,
}

#[derive(Clone, Debug, Default)]
struct Assembly {
    /// The data buffer of the current event, when it is not the held line.
    data: Vec<u8>,
    /// When `line_held`, the data of the current event is one line that stays in the input
    /// buffer (then `data` is empty): `line_len` bytes from `line_start`, its LF implied. The
    /// line is still coming in while `line_open`. Separate fields rather than an
    /// `Option<Range>`, which would take 8 bytes more.
    line_start: usize,
    line_len: u32,
    line_held: bool,
    line_open: bool,
    /// The last `event` value, decoded.
    event_type: String,
    /// An `event`, `id` or comment value that spans chunks.
    partial: Vec<u8>,
    /// The last event ID buffer when it differs from `last_event_id`.
    pending_id: Option<Box<str>>,
    last_event_id: Box<str>,
    /// The text of the last item lent, decoded with replacement, when it was not valid UTF-8.
    replaced: String,
    /// The last item handed out still lives in the buffers above; they are reset on the next
    /// call, once its borrow has ended.
    lent: Lent,
}

/// An item found by [`EventParser::advance`], its text still in the parser's buffers.
#[derive(Clone, Debug)]
enum Ready {
    /// The data is the held line when there is one, else `Assembly::data` (its last LF
    /// dropped); the type is the text at `event_type` in the input when it is given, else
    /// `Assembly::event_type` (`message` when empty).
    Event {
        event_type: Option<Range<usize>>,
    },
    Comment(Source),
    Retry(u64),
}

/// Where a comment's text lies.
#[derive(Clone, Copy, Debug)]
enum Source {
    Input { start: usize, end: usize },
    Partial,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Lent {
    #[default]
    Nothing,
    Event,
    Comment,
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
    #[inline]
    pub fn push(&mut self, chunk: &[u8]) {
        self.assembly.settle();
        let mut keep_from = self.read;
        if let Some(line) = self.assembly.held_line() {
            if self.assembly.line_open || self.read - line.end <= RETAINED_INPUT {
                keep_from = line.start;
            } else {
                // Lines after the held one would stay too: copy it out instead.
                self.keep_held_line();
            }
        }
        let dropped = self
            .input
            .consume(keep_from, chunk.len() + MAX_CHAR_LEN, RETAINED_INPUT);
        self.read -= dropped;
        if self.assembly.line_held {
            self.assembly.line_start -= dropped;
        }
        let limits = self.fields.limits();
        let fed = self.input.fed();
        let unread = fed.len() - self.read.min(fed.len());
        let at_line_start = if unread > 0 {
            matches!(fed.last(), Some(b'\n' | b'\r'))
        } else {
            self.fields.is_at_line_start()
        };
        let hold = Hold {
            at_line_start,
            // Unread bytes might all become data of the current event.
            below: limits
                .max_line_len()
                .min(
                    limits
                        .max_event_len()
                        .saturating_sub(self.fields.data_len() + unread + 1),
                )
                .min(if at_line_start {
                    usize::MAX
                } else {
                    HOLD_AFTER_LONG_LINE
                }),
        };
        let soft_cap = limits.max_line_len().saturating_add(chunk.len());
        #[cfg(debug_assertions)]
        {
            self.searched += search_window(chunk.len(), hold) as u64;
        }
        self.input.push(chunk, hold, soft_cap);
    }

    /// Bytes handed to a scanning routine so far, by the parser and in search of a line to hold
    /// (debug builds only): lets tests check that no byte is scanned more than a bounded number
    /// of times.
    #[cfg(debug_assertions)]
    #[doc(hidden)]
    pub fn debug_scanned_bytes(&self) -> u64 {
        self.fields.debug_scanned_bytes() + self.searched
    }

    /// Pushes `chunk` and iterates over the owned items that are complete.
    #[inline]
    pub fn feed(&mut self, chunk: &[u8]) -> Items<'_> {
        self.push(chunk);
        self.items()
    }

    /// Iterates over the owned items the pushed input completes.
    #[inline]
    pub fn items(&mut self) -> Items<'_> {
        Items { parser: self }
    }

    /// The next complete item, owned, or `None` when the pushed input is used up.
    #[inline]
    pub fn next_item(&mut self) -> Option<Result<Item, Error>> {
        Some(Ok(match self.advance()? {
            Ok(Ready::Event { event_type }) => Item::Event(self.owned_event(event_type)),
            Ok(Ready::Comment(source)) => Item::Comment(String::from(self.lend_comment(source))),
            Ok(Ready::Retry(ms)) => Item::Retry(ms),
            Err(error) => return Some(Err(error)),
        }))
    }

    /// The next complete item, borrowed from the parser until the next call, or `None` when the
    /// pushed input is used up. Nothing is allocated for it, and valid text is not checked
    /// again: invalid bytes are replaced (by U+FFFD) in a copy.
    ///
    /// ```
    /// use ssejson::sse::{EventParser, Item, ItemRef};
    ///
    /// let mut parser = EventParser::new();
    /// parser.push(b"id: 7\nevent: delta\ndata: caf\xC3\xA9 \xFF\n\n: ping\n");
    /// let Some(Ok(ItemRef::Event(event))) = parser.next_ref() else { panic!() };
    /// assert_eq!((event.event, event.data, event.id), ("delta", "café \u{FFFD}", "7"));
    /// // Keeping it past the next call takes a copy.
    /// let owned = event.to_event();
    /// let next = parser.next_ref().map(|item| item.unwrap().to_item());
    /// assert_eq!(next, Some(Item::Comment("ping".into())));
    /// assert_eq!(owned.data, "café \u{FFFD}");
    /// assert!(parser.next_ref().is_none());
    /// ```
    #[inline]
    pub fn next_ref(&mut self) -> Option<Result<ItemRef<'_>, Error>> {
        Some(Ok(match self.advance()? {
            Ok(Ready::Event { event_type }) => ItemRef::Event(self.lend_event(event_type)),
            Ok(Ready::Comment(source)) => ItemRef::Comment(self.lend_comment(source)),
            Ok(Ready::Retry(ms)) => ItemRef::Retry(ms),
            Err(error) => return Some(Err(error)),
        }))
    }

    /// Parses the unread input up to the next item; its text stays where it is.
    #[inline(always)]
    fn advance(&mut self) -> Option<Result<Ready, Error>> {
        self.assembly.settle();
        let limits = self.fields.limits();
        let view = self.input.view();
        let unread = view.fed.get(self.read..).unwrap_or_default();
        let mut rest = unread;
        // The event type while its line is text in `view`: copied out only when the event is not
        // dispatched before this call returns (most events lie inside what was pushed).
        let mut event_type = None;
        while let Some(fragment) = self.fields.next_fragment(&mut rest) {
            match fragment {
                Ok(Fragment::Event(piece)) if piece.is_whole() => {
                    event_type = view.range_of_text(piece.bytes);
                    if event_type.is_none() {
                        set_decoded(&mut self.assembly.event_type, piece.bytes);
                    }
                }
                Ok(fragment) => {
                    let ready = self.assembly.on_fragment(fragment, view, limits);
                    match ready {
                        None if fragment == Fragment::BlankLine => event_type = None,
                        None => {}
                        Some(Ready::Event { .. }) => {
                            self.read += unread.len() - rest.len();
                            return Some(Ok(Ready::Event { event_type }));
                        }
                        Some(ready) => {
                            self.assembly.keep_event_type(view, event_type);
                            self.read += unread.len() - rest.len();
                            return Some(Ok(ready));
                        }
                    }
                }
                Err(error) => {
                    self.assembly.keep_event_type(view, event_type);
                    self.assembly
                        .void_line(error.kind(), self.fields.data_len());
                    self.read += unread.len() - rest.len();
                    return Some(Err(error));
                }
            }
        }
        self.assembly.keep_event_type(view, event_type);
        self.read += unread.len();
        if !self.assembly.line_held {
            self.read -= self.input.consume(self.read, 0, RETAINED_INPUT);
        }
        None
    }

    /// The event `advance` found, borrowed.
    #[inline(always)]
    fn lend_event(&mut self, event_type: Option<Range<usize>>) -> EventRef<'_> {
        self.assembly.lend_event(self.input.all(), event_type)
    }

    /// The comment `advance` found, borrowed.
    #[inline]
    fn lend_comment(&mut self, source: Source) -> &str {
        self.assembly.lend_comment(self.input.all(), source)
    }

    /// The event `advance` found, owned.
    #[inline]
    fn owned_event(&mut self, event_type: Option<Range<usize>>) -> Event {
        // Copied first: the input buffer may be handed over below.
        self.assembly.keep_event_type(self.input.all(), event_type);
        let data = match self.assembly.held_line() {
            // Too large to copy: hand over the input buffer instead.
            Some(line) if line.len() > RETAINED_INPUT => self.take_from_input(line),
            Some(_) => String::from(self.lend_event(None).data),
            None if self.assembly.data.capacity() > RETAINED_VALUE => {
                // Too large to keep: move it, rather than copy it and free it.
                decode_vec(mem::take(&mut self.assembly.data))
            }
            None => String::from(decode_into(
                &self.assembly.data,
                &mut self.assembly.replaced,
            )),
        };
        let assembly = &self.assembly;
        Event {
            event: String::from(event_type_or_message(&assembly.event_type)),
            data,
            id: String::from(&*assembly.last_event_id),
        }
    }

    /// The held `line` (before the read position) as a `String`, by handing over the input
    /// buffer itself: a large value is then neither allocated nor copied a second time. The
    /// unread input moves to a new buffer.
    #[cold]
    fn take_from_input(&mut self, line: Range<usize>) -> String {
        let taken = self.input.take_range(line, self.read);
        self.read = 0;
        self.assembly.line_held = false;
        taken
    }

    /// Ends the stream: any pending event is discarded, and the result says whether the stream
    /// was cut off inside one (or pushed input was left unread). The parser is then ready for a
    /// new stream (a reconnection); the last event ID and reconnection time are kept.
    pub fn finish(&mut self) -> StreamEnd {
        self.assembly.settle();
        let unread = self.read < self.input.fed().len();
        if !unread {
            // What was held back cannot raise an error: only the parser's state matters.
            for mut held in self.input.held() {
                while self.fields.next_fragment(&mut held).is_some() {}
            }
        }
        self.input.reset(RETAINED_INPUT);
        self.read = 0;
        let end = self.fields.finish();
        let assembly = &mut self.assembly;
        release(&mut assembly.data, RETAINED_VALUE);
        assembly.line_held = false;
        release_text(&mut assembly.event_type);
        release(&mut assembly.partial, RETAINED_VALUE);
        assembly.pending_id = None;
        if unread {
            StreamEnd::Truncated
        } else {
            end
        }
    }

    /// Copies the held data line out of the input buffer.
    #[cold]
    fn keep_held_line(&mut self) {
        if let Some(line) = self.assembly.take_held_line() {
            let bytes = self.input.fed().get(line).unwrap_or_default();
            let limit = self.fields.limits().max_event_len();
            let open = mem::take(&mut self.assembly.line_open);
            append(&mut self.assembly.data, bytes, !open, limit);
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
    #[inline(always)]
    fn on_fragment(
        &mut self,
        fragment: Fragment<'_>,
        view: View<'_>,
        limits: Limits,
    ) -> Option<Ready> {
        match fragment {
            Fragment::Data(piece) => self.on_data(piece, view.fed, limits),
            // (`advance` lends whole values that lie in text: these are the others.)
            Fragment::Event(piece) => {
                if let Some(value) = value(&mut self.partial, piece, limits) {
                    set_decoded(&mut self.event_type, value);
                    release(&mut self.partial, RETAINED_VALUE);
                }
            }
            Fragment::Id(piece) => {
                if let Some(value) = value(&mut self.partial, piece, limits) {
                    let mut id = String::new();
                    push_decoded(&mut id, value);
                    self.pending_id = Some(id.into_boxed_str());
                    if !piece.is_start {
                        release(&mut self.partial, RETAINED_VALUE);
                    }
                }
            }
            Fragment::IdRejected => release(&mut self.partial, RETAINED_VALUE),
            Fragment::Comment(piece) => {
                if piece.is_whole() {
                    if let Some(start) = offset_in(view.fed, piece.bytes) {
                        return Some(Ready::Comment(Source::Input {
                            start,
                            end: start + piece.bytes.len(),
                        }));
                    }
                }
                if value(&mut self.partial, piece, limits).is_some() {
                    // `partial` is released once the comment has been handed out.
                    self.lent = Lent::Comment;
                    return Some(Ready::Comment(Source::Partial));
                }
            }
            Fragment::Retry(ms) => return Some(Ready::Retry(ms)),
            Fragment::Dispatch => return self.blank_line(true),
            Fragment::BlankLine => return self.blank_line(false),
        }
        None
    }

    /// A piece of a `data` value: the first line of an event is held where it lies in the
    /// input, even as more of it arrives in later chunks; anything more is joined in `data`.
    #[inline(always)]
    fn on_data(&mut self, piece: Piece<'_>, input: &[u8], limits: Limits) {
        let start = offset_in(input, piece.bytes);
        if self.line_held {
            if self.line_open && start == Some(self.line_start + self.line_len as usize) {
                if let Ok(len) = u32::try_from(self.line_len as usize + piece.bytes.len()) {
                    self.line_len = len;
                    self.line_open = !piece.is_end;
                    return;
                }
            }
            // A second line: the event's data is joined after all.
            if let Some(line) = self.take_held_line() {
                let open = mem::take(&mut self.line_open);
                let bytes = input.get(line).unwrap_or_default();
                append(&mut self.data, bytes, !open, limits.max_event_len());
            }
        } else if piece.is_start && self.data.is_empty() {
            // A line's length fits in `u32`: see `Limits`.
            if let (Some(start), Ok(len)) = (start, u32::try_from(piece.bytes.len())) {
                self.line_start = start;
                self.line_len = len;
                self.line_held = true;
                self.line_open = !piece.is_end;
                return;
            }
        }
        append(
            &mut self.data,
            piece.bytes,
            piece.is_end,
            limits.max_event_len(),
        );
    }

    #[inline]
    fn blank_line(&mut self, dispatch: bool) -> Option<Ready> {
        if let Some(id) = self.pending_id.take() {
            self.last_event_id = id;
        }
        if dispatch {
            if !self.line_held {
                self.data.pop();
            }
            // The buffers are reset once the event has been handed out.
            self.lent = Lent::Event;
            return Some(Ready::Event { event_type: None });
        }
        self.line_held = false;
        release(&mut self.data, RETAINED_VALUE);
        release_text(&mut self.event_type);
        None
    }

    /// Copies the event type at `range` in `view` (text) into the event type buffer, when there
    /// is one: its event is not dispatched yet, and the input may move before it is.
    #[inline(always)]
    fn keep_event_type(&mut self, view: View<'_>, range: Option<Range<usize>>) {
        if let Some(text) = range.and_then(|range| view.text?.get(range)) {
            self.event_type.clear();
            self.event_type.push_str(text);
        }
    }

    /// Resets what the last item handed out left in the buffers.
    #[inline(always)]
    fn settle(&mut self) {
        match mem::take(&mut self.lent) {
            Lent::Nothing => {}
            Lent::Event => {
                self.line_held = false;
                release(&mut self.data, RETAINED_VALUE);
                release_text(&mut self.event_type);
                release_text(&mut self.replaced);
            }
            Lent::Comment => {
                release(&mut self.partial, RETAINED_VALUE);
                release_text(&mut self.replaced);
            }
        }
    }

    /// The event just found, borrowed from `view` (the input) and these buffers.
    #[inline(always)]
    fn lend_event<'a>(
        &'a mut self,
        view: View<'a>,
        event_type: Option<Range<usize>>,
    ) -> EventRef<'a> {
        let event_type = match event_type.and_then(|range| view.text?.get(range)) {
            Some(text) => text,
            None => &self.event_type,
        };
        let data = match self.held_line() {
            Some(line) => match view.text.and_then(|text| text.get(line.clone())) {
                Some(text) => text,
                None => decode_into(view.fed.get(line).unwrap_or_default(), &mut self.replaced),
            },
            None => decode_into(&self.data, &mut self.replaced),
        };
        EventRef {
            event: event_type_or_message(event_type),
            data,
            id: &self.last_event_id,
        }
    }

    /// The comment just found, borrowed from `view` (the input) or these buffers.
    #[inline]
    fn lend_comment<'a>(&'a mut self, view: View<'a>, source: Source) -> &'a str {
        match source {
            Source::Input { start, end } => match view.text.and_then(|text| text.get(start..end)) {
                Some(text) => text,
                None => decode_into(
                    view.fed.get(start..end).unwrap_or_default(),
                    &mut self.replaced,
                ),
            },
            Source::Partial => decode_into(&self.partial, &mut self.replaced),
        }
    }

    /// The held data line's place in the input buffer.
    #[inline(always)]
    fn held_line(&self) -> Option<Range<usize>> {
        let start = self.line_start;
        self.line_held
            .then(|| start..start + self.line_len as usize)
    }

    #[inline(always)]
    fn take_held_line(&mut self) -> Option<Range<usize>> {
        let line = self.held_line();
        self.line_held = false;
        line
    }

    /// Drops what the line that raised an error had added.
    #[cold]
    fn void_line(&mut self, kind: ErrorKind, data_len: usize) {
        release(&mut self.partial, RETAINED_VALUE);
        if kind == ErrorKind::EventTooLong {
            release(&mut self.data, RETAINED_VALUE);
            self.line_held = false;
        } else {
            if self.line_held && self.line_open {
                // The held line is the one in error.
                self.line_held = false;
            }
            self.data.truncate(data_len);
        }
    }
}

/// The event type, `message` when none was set.
#[inline(always)]
fn event_type_or_message(event_type: &str) -> &str {
    if event_type.is_empty() {
        "message"
    } else {
        event_type
    }
}

/// `bytes` as text: borrowed when valid UTF-8, else decoded with replacement into `replaced`.
#[inline]
fn decode_into<'a>(bytes: &'a [u8], replaced: &'a mut String) -> &'a str {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            replaced.clear();
            push_decoded(replaced, bytes);
            replaced
        }
    }
}

/// Replaces `text` with `bytes`, decoded with replacement.
#[inline]
fn set_decoded(text: &mut String, bytes: &[u8]) {
    text.clear();
    push_decoded(text, bytes);
}

/// Appends `bytes` to `text`, decoded with replacement.
#[inline]
fn push_decoded(text: &mut String, bytes: &[u8]) {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(valid) => text.push_str(valid),
        Err(_) => text.push_str(&String::from_utf8_lossy(bytes)),
    }
}

/// Empties a `String` buffer, freeing it when it is larger than [`RETAINED_VALUE`].
#[inline]
fn release_text(text: &mut String) {
    if text.capacity() > RETAINED_VALUE {
        *text = String::new();
    } else {
        text.clear();
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
