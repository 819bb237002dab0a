//! The core state machine: bytes in, borrowed field fragments out, no allocation.

use core::iter::FusedIterator;

use memchr::{memchr, memchr2};

use super::error::{Error, ErrorKind, Limits};

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// The longest field name this parser acts on (`event` and `retry`); longer names are unknown.
const LONGEST_NAME: usize = 5;

/// One step of a stream, as the WHATWG algorithm sees it, borrowing from the input chunk.
///
/// Values come as [`Piece`]s: a value that lies inside one chunk is one piece with both
/// [`Piece::is_start`] and [`Piece::is_end`] set; a value split across chunks comes as several
/// pieces, the caller joins them. A piece never holds a line terminator. Pieces are raw bytes:
/// decode them (with replacement, see the module docs) once a value is whole.
///
/// If an [`Error`] arrives while a value is incomplete (no `is_end` piece yet), that value is
/// void: drop its pieces.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
// A plain tagged layout: the default one packs the tag into spare bits, which costs the hot loop
// byte-wise copies and store-forwarding stalls.
#[repr(C, u8)]
pub enum Fragment<'h> {
    /// Part of a `data` value. At its end, append the value and then one LF to the data buffer.
    Data(Piece<'h>),
    /// Part of an `event` value. At its end, the value becomes the event type buffer.
    Event(Piece<'h>),
    /// Part of an `id` value. At its end, the value becomes the last event ID buffer (an empty
    /// value resets it). A value containing NUL never ends: [`Fragment::IdRejected`] comes instead.
    Id(Piece<'h>),
    /// The `id` value whose pieces came so far contains NUL: drop them, the line is ignored.
    IdRejected,
    /// Part of a comment (a line starting with `:`): the text after the colon, with one leading
    /// space removed.
    Comment(Piece<'h>),
    /// A valid `retry` field: the reconnection time, in milliseconds.
    Retry(u64),
    /// A blank line that ends an event (the data buffer is non-empty): set the last event ID from
    /// its buffer, dispatch the event (the data buffer without its final LF, the event type or
    /// `"message"`, the last event ID), then empty the data and event type buffers.
    Dispatch,
    /// A blank line with nothing to dispatch (the data buffer is empty): set the last event ID
    /// from its buffer and empty the event type buffer.
    //
    // Two payload-free variants rather than one with a flag: a flag byte written and then moved
    // as part of a word stalls store-to-load forwarding on the hot path.
    BlankLine,
}

/// A run of bytes of one field value, all inside one input chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece<'h> {
    /// The bytes, borrowed from the input.
    pub bytes: &'h [u8],
    /// This is the first piece of the value.
    pub is_start: bool,
    /// This is the last piece of the value: the line ended.
    pub is_end: bool,
}

impl<'h> Piece<'h> {
    /// Whether this piece is the whole value (it lies inside one chunk).
    #[inline]
    pub const fn is_whole(&self) -> bool {
        self.is_start && self.is_end
    }
}

/// How the stream ended, from [`FieldParser::finish`] and the event parsers' `finish`.
#[must_use]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum StreamEnd {
    /// The stream ended between events: nothing was lost.
    Complete,
    /// The stream ended inside an event (after a field line but before the blank line that
    /// would dispatch it, or in the middle of a line). Per the standard the pending event is
    /// discarded; a client should treat the response as cut off.
    Truncated,
}

impl StreamEnd {
    /// Whether the stream was cut off inside an event.
    #[inline]
    pub const fn is_truncated(&self) -> bool {
        matches!(self, StreamEnd::Truncated)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Data,
    Event,
    Id,
    Retry,
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// At the very start of the stream, `n` bytes of a BOM seen.
    Bom(u8),
    /// At the start of a line.
    LineStart,
    /// Inside a field name that started in an earlier chunk.
    Name { buf: [u8; LONGEST_NAME], len: u8 },
    /// Right after the colon, before the one optional space.
    ValueStart(Field),
    /// Inside a value.
    Value(Field),
    /// Inside a line that is ignored, still counted against the line limit.
    Ignore,
    /// Inside a line that already raised an error: skipped to its terminator.
    Skip,
}

/// The sans-IO core: turns chunks of a `text/event-stream` into [`Fragment`]s that borrow from
/// the chunks. It needs no allocator and holds no input: a value split across chunks is handed
/// out piece by piece, so the caller decides where (and whether) to keep it.
///
/// This is the one state machine of the crate; the event parsers wrap it. It holds about 100
/// bytes of state whatever the input. Every input byte is examined a bounded number of times,
/// however the stream is chunked: a partial line is never rescanned when more bytes arrive.
///
/// The parser keeps the reconnection time ([`FieldParser::reconnection_time`]); the last event ID
/// needs storage, so it is the caller's (the event parsers keep it).
///
/// # Example
///
/// ```
/// use ssejson::sse::{FieldParser, Fragment};
///
/// let mut parser = FieldParser::new();
/// let mut data = [0u8; 64];
/// let mut len = 0;
/// let mut dispatched = 0;
/// for chunk in [&b"data: hel"[..], b"lo\n", b"\n"] {
///     for fragment in parser.fragments(chunk) {
///         match fragment.expect("within limits") {
///             Fragment::Data(piece) => {
///                 data[len..len + piece.bytes.len()].copy_from_slice(piece.bytes);
///                 len += piece.bytes.len();
///             }
///             Fragment::Dispatch => dispatched += 1,
///             _ => {}
///         }
///     }
/// }
/// assert_eq!(&data[..len], b"hello");
/// assert_eq!(dispatched, 1);
/// assert!(!parser.finish().is_truncated());
/// ```
#[derive(Clone, Debug)]
pub struct FieldParser {
    /// [`Limits::max_line_len`], clamped to [`MAX_LIMIT`].
    max_line: u32,
    /// [`Limits::max_event_len`], clamped to [`MAX_LIMIT`].
    max_event: u32,
    /// Stream offset of the next input byte.
    consumed: u64,
    /// Stream offset of the first byte of the current line.
    line_start: u64,
    /// Bytes of the current line seen so far.
    line_len: u32,
    /// The longest the current line may grow before `cap_kind` is raised.
    line_cap: u32,
    /// Bytes of the current value seen so far.
    value_len: u32,
    /// Size of the data buffer of the current event (values plus one LF each).
    event_data_len: u32,
    /// The `retry` value read so far.
    retry_acc: u64,
    reconnection_time: u64,
    state: State,
    cap_kind: ErrorKind,
    /// A piece of the current value was handed out.
    value_started: bool,
    /// The last line ended with a CR that was the last byte of its chunk: an LF next is part of
    /// that terminator.
    skip_lf: bool,
    /// The data buffer of the current event is non-empty.
    has_data: bool,
    /// The current event exceeded the event limit: its data lines are ignored.
    discarding: bool,
    /// A line that does not start with `:` was seen since the last blank line.
    in_event: bool,
    /// `reconnection_time` was set.
    has_reconnection_time: bool,
    #[cfg(debug_assertions)]
    scanned: u64,
}

impl Default for FieldParser {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

impl FieldParser {
    /// A parser with the default [`Limits`].
    #[inline]
    pub const fn new() -> Self {
        Self::with_limits(Limits::new())
    }

    /// A parser with the given limits.
    #[inline]
    pub const fn with_limits(limits: Limits) -> Self {
        FieldParser {
            max_line: clamp_limit(limits.max_line_len()),
            max_event: clamp_limit(limits.max_event_len()),
            consumed: 0,
            line_start: 0,
            line_len: 0,
            line_cap: 0,
            value_len: 0,
            event_data_len: 0,
            retry_acc: 0,
            reconnection_time: 0,
            state: State::Bom(0),
            cap_kind: ErrorKind::LineTooLong,
            value_started: false,
            skip_lf: false,
            has_data: false,
            discarding: false,
            in_event: false,
            has_reconnection_time: false,
            #[cfg(debug_assertions)]
            scanned: 0,
        }
    }

    /// The limits in force.
    #[inline]
    pub const fn limits(&self) -> Limits {
        Limits::new()
            .with_max_line_len(self.max_line as usize)
            .with_max_event_len(self.max_event as usize)
    }

    /// The reconnection time in milliseconds set by the last valid `retry` field, if any. It
    /// survives [`FieldParser::finish`].
    #[inline]
    pub const fn reconnection_time(&self) -> Option<u64> {
        if self.has_reconnection_time {
            Some(self.reconnection_time)
        } else {
            None
        }
    }

    /// The size of the current event's data buffer so far: the values of its complete `data`
    /// lines plus one LF each. After a [`ErrorKind::LineTooLong`] error, this is the length to
    /// cut a joined data buffer back to.
    #[inline]
    pub const fn data_len(&self) -> usize {
        self.event_data_len as usize
    }

    /// Bytes of the stream consumed so far (the offset of the next byte).
    #[inline]
    pub const fn offset(&self) -> u64 {
        self.consumed
    }

    /// Whether the parser is between lines (holding no partial line), as after a terminator.
    #[inline]
    pub const fn is_at_line_start(&self) -> bool {
        matches!(self.state, State::LineStart | State::Bom(0))
    }

    /// Bytes handed to a scanning routine so far (debug builds only): lets tests check that no
    /// byte is scanned more than a bounded number of times.
    #[cfg(debug_assertions)]
    #[doc(hidden)]
    pub fn debug_scanned_bytes(&self) -> u64 {
        self.scanned
    }

    /// Iterates over the fragments of `input`, the next chunk of the stream.
    ///
    /// The whole chunk is consumed when the iterator is exhausted. If it is dropped early, the
    /// unread bytes are in [`Fragments::remainder`]: pass them to the parser next.
    #[inline]
    pub fn fragments<'p, 'h>(&'p mut self, input: &'h [u8]) -> Fragments<'p, 'h> {
        Fragments {
            parser: self,
            input,
        }
    }

    /// Ends the stream: reports whether it ended inside an event and resets the parser for a
    /// new stream (a BOM is skipped again, offsets restart at 0). The reconnection time is kept.
    pub fn finish(&mut self) -> StreamEnd {
        let truncated = self.in_event || !self.is_at_line_start();
        *self = FieldParser {
            reconnection_time: self.reconnection_time,
            has_reconnection_time: self.has_reconnection_time,
            ..FieldParser::with_limits(self.limits())
        };
        if truncated {
            StreamEnd::Truncated
        } else {
            StreamEnd::Complete
        }
    }

    /// Reads `input` up to the next fragment, advancing it past what was consumed.
    ///
    /// Returns `None` once `input` is empty: every byte was consumed (a partial line at its end
    /// is remembered, only as much as the state machine needs). An [`Error`] leaves the parser
    /// ready to go on, as [`ErrorKind`] describes.
    #[inline(always)]
    pub fn next_fragment<'h>(
        &mut self,
        input: &mut &'h [u8],
    ) -> Option<Result<Fragment<'h>, Error>> {
        // The hot path: whole lines, one after the other.
        while self.state == State::LineStart && !self.skip_lf {
            let bytes = *input;
            if bytes.is_empty() {
                return None;
            }
            // Blank lines are a third of a typical stream: no need for a scan.
            if let [b'\n', ..] = bytes {
                self.note_scan(1);
                self.line_start = self.consumed;
                self.advance(input, 1);
                return Some(Ok(self.blank_line()));
            }
            self.note_scan(bytes.len());
            let Some(end) = memchr2(b'\n', b'\r', bytes) else {
                // A partial line: the slow path takes it from here, without scanning it again.
                return self.next_fragment_slow(input, true);
            };
            self.undo_scan(bytes.len() - end - 1);
            let line = bytes.get(..end).unwrap_or_default();
            let terminator_len = match (bytes.get(end), bytes.get(end + 1)) {
                (Some(b'\r'), Some(b'\n')) => 2,
                (Some(b'\r'), None) => {
                    self.skip_lf = true;
                    1
                }
                _ => 1,
            };
            self.line_start = self.consumed;
            self.advance(input, end + terminator_len);
            if let Some(out) = self.complete_line(line) {
                return Some(out);
            }
        }
        // A chunk that ended inside a line is used up: no call to find that out.
        if input.is_empty() {
            return None;
        }
        if self.state == State::Value(Field::Data) {
            return Some(self.continue_data(input));
        }
        self.next_fragment_slow(input, false)
    }

    /// The rest of a `data` value that began in an earlier chunk, up to its line end or the end
    /// of `input` (not empty): what most chunk boundaries of a stream cut, so it skips the
    /// general state machine. Does what the slow path's `State::Value` step and
    /// [`FieldParser::on_value`] do for a data value.
    #[inline]
    fn continue_data<'h>(&mut self, input: &mut &'h [u8]) -> Result<Fragment<'h>, Error> {
        let bytes = *input;
        self.note_scan(bytes.len());
        let (value, is_end) = match memchr2(b'\n', b'\r', bytes) {
            Some(end) => {
                self.undo_scan(bytes.len() - end - 1);
                (bytes.get(..end).unwrap_or_default(), true)
            }
            None => (bytes, false),
        };
        self.advance(input, value.len());
        if is_end {
            self.consume_terminator(input);
        }
        self.line_len = self.line_len.saturating_add(len32(value.len()));
        if self.line_len > self.line_cap {
            return Err(self.limit_error(is_end));
        }
        // Cannot overflow: the value is part of the line, whose length was just checked.
        self.value_len += len32(value.len());
        let piece = Piece {
            bytes: value,
            is_start: !self.value_started,
            is_end,
        };
        self.value_started = true;
        if is_end {
            self.state = State::LineStart;
            self.event_data_len += self.value_len + 1;
            self.has_data = true;
        }
        Ok(Fragment::Data(piece))
    }

    /// Everything but whole lines at the start of the input: partial lines, BOM, CRLF split
    /// across chunks. `no_terminator`: `input` is known to hold no line terminator (a scan found
    /// none).
    #[inline(never)]
    fn next_fragment_slow<'h>(
        &mut self,
        input: &mut &'h [u8],
        mut no_terminator: bool,
    ) -> Option<Result<Fragment<'h>, Error>> {
        loop {
            let bytes = *input;
            let &first = bytes.first()?;
            match self.state {
                State::LineStart => {
                    if self.skip_lf {
                        self.skip_lf = false;
                        if first == b'\n' {
                            self.advance(input, 1);
                            continue;
                        }
                    }
                    self.line_start = self.consumed;
                    let found = if no_terminator {
                        None
                    } else {
                        self.note_scan(bytes.len());
                        memchr2(b'\n', b'\r', bytes)
                    };
                    match found {
                        Some(end) => {
                            self.undo_scan(bytes.len() - end - 1);
                            let line = bytes.get(..end).unwrap_or_default();
                            self.advance(input, end);
                            self.consume_terminator(input);
                            if let Some(out) = self.complete_line(line) {
                                return Some(out);
                            }
                        }
                        None => {
                            no_terminator = true;
                            self.in_event |= first != b':';
                            self.line_len = 0;
                            self.line_cap = self.max_line;
                            self.cap_kind = ErrorKind::LineTooLong;
                            if let Some(rest) = bytes.strip_prefix(b"data:") {
                                // The usual line split across chunks: straight to its value,
                                // skipping the byte-wise name and value-start states (which
                                // would look at the same bytes and do the same).
                                self.note_scan(5);
                                self.advance(input, 5);
                                self.line_len = 5;
                                if self.line_len > self.line_cap {
                                    return Some(Err(self.limit_error(false)));
                                }
                                match rest.first() {
                                    // The chunk ends at the colon: the optional space is next.
                                    None => {
                                        self.state = State::ValueStart(Field::Data);
                                        continue;
                                    }
                                    Some(b' ') => {
                                        self.note_scan(1);
                                        self.advance(input, 1);
                                        self.line_len = 6;
                                    }
                                    Some(_) => {}
                                }
                                match self.begin_value(Field::Data) {
                                    Begin::Keep => {
                                        let value = *input;
                                        self.advance(input, value.len());
                                        if let Some(out) = self.on_value(Field::Data, value, false)
                                        {
                                            return Some(out);
                                        }
                                    }
                                    Begin::Ignore => self.state = State::Ignore,
                                    Begin::OverLimit => {
                                        return Some(Err(self.limit_error(false)));
                                    }
                                }
                                continue;
                            }
                            self.state = State::Name {
                                buf: [0; LONGEST_NAME],
                                len: 0,
                            };
                        }
                    }
                }
                State::Bom(seen) => {
                    let mut seen = usize::from(seen);
                    let mut taken = 0;
                    while let (Some(&want), Some(&got)) = (BOM.get(seen), bytes.get(taken)) {
                        if want != got {
                            break;
                        }
                        seen += 1;
                        taken += 1;
                    }
                    self.note_scan(taken);
                    self.advance(input, taken);
                    if seen == BOM.len() {
                        self.state = State::LineStart;
                    } else if taken == bytes.len() {
                        self.state = State::Bom(seen as u8);
                    } else if seen == 0 {
                        self.state = State::LineStart;
                    } else {
                        // The line starts with part of a BOM: its name is not one we know.
                        self.line_start = 0;
                        self.line_len = seen as u32;
                        self.line_cap = self.max_line;
                        self.cap_kind = ErrorKind::LineTooLong;
                        self.in_event = true;
                        self.state = State::Ignore;
                        if self.line_len > self.line_cap {
                            return Some(Err(self.limit_error(false)));
                        }
                    }
                }
                State::Name { mut buf, mut len } => {
                    // At most `LONGEST_NAME + 1` bytes of a line are looked at here.
                    let mut taken = 0;
                    let mut stop = None;
                    let mut too_long = false;
                    for &byte in bytes.iter() {
                        if byte == b'\n' || byte == b'\r' || byte == b':' {
                            stop = Some(byte);
                            break;
                        }
                        match buf.get_mut(usize::from(len)) {
                            Some(slot) => *slot = byte,
                            None => {
                                too_long = true;
                                break;
                            }
                        }
                        len += 1;
                        taken += 1;
                    }
                    self.note_scan(taken + 1);
                    self.advance(input, taken);
                    self.line_len = self.line_len.saturating_add(taken as u32);
                    let name = buf.get(..usize::from(len)).unwrap_or_default();
                    match stop {
                        _ if too_long => self.enter_ignored_line(),
                        None => self.state = State::Name { buf, len },
                        Some(b':') => {
                            self.advance(input, 1);
                            self.line_len = self.line_len.saturating_add(1);
                            let field = if len == 0 {
                                Some(Field::Comment)
                            } else {
                                known_field(name)
                            };
                            match field {
                                Some(field) => self.state = State::ValueStart(field),
                                None => self.enter_ignored_line(),
                            }
                        }
                        Some(_) => {
                            // The line ends inside the name: the whole line is the name.
                            self.consume_terminator(input);
                            self.state = State::LineStart;
                            if len == 0 {
                                return Some(Ok(self.blank_line()));
                            }
                            match known_field(name) {
                                Some(field) => {
                                    if let Some(out) = self.whole_value(field, &[]) {
                                        return Some(out);
                                    }
                                }
                                None => {
                                    if self.line_len > self.line_cap {
                                        return Some(Err(self.limit_error(true)));
                                    }
                                }
                            }
                            continue;
                        }
                    }
                    if self.line_len > self.line_cap {
                        return Some(Err(self.limit_error(false)));
                    }
                }
                State::ValueStart(field) => {
                    if first == b' ' {
                        self.note_scan(1);
                        self.advance(input, 1);
                        self.line_len = self.line_len.saturating_add(1);
                    }
                    match self.begin_value(field) {
                        Begin::Keep => self.state = State::Value(field),
                        Begin::Ignore => self.state = State::Ignore,
                        Begin::OverLimit => return Some(Err(self.limit_error(false))),
                    }
                }
                State::Value(field) => {
                    let end = self.find_terminator(bytes, no_terminator);
                    let value = bytes.get(..end).unwrap_or_default();
                    self.advance(input, end);
                    let is_end = !input.is_empty();
                    if is_end {
                        self.consume_terminator(input);
                    }
                    if let Some(out) = self.on_value(field, value, is_end) {
                        return Some(out);
                    }
                }
                State::Ignore | State::Skip => {
                    let end = self.find_terminator(bytes, no_terminator);
                    self.advance(input, end);
                    let is_end = !input.is_empty();
                    if is_end {
                        self.consume_terminator(input);
                    }
                    let counted = self.state == State::Ignore;
                    if is_end {
                        self.state = State::LineStart;
                    }
                    if counted {
                        self.line_len = self.line_len.saturating_add(len32(end));
                        if self.line_len > self.line_cap {
                            return Some(Err(self.limit_error(is_end)));
                        }
                    }
                }
            }
        }
    }

    /// Handles a line that lies whole in the input (its terminator already consumed).
    #[inline]
    fn complete_line<'h>(&mut self, line: &'h [u8]) -> Option<Result<Fragment<'h>, Error>> {
        if line.is_empty() {
            return Some(Ok(self.blank_line()));
        }
        // The lines of a typical stream, well within the limits: the general path below gives
        // the same result, only slower.
        if line.len() <= self.max_line as usize {
            let whole = |bytes| Piece {
                bytes,
                is_start: true,
                is_end: true,
            };
            if let Some(rest) = line.strip_prefix(b"data:") {
                let value = strip_space(rest);
                let room = self.max_event.saturating_sub(self.event_data_len);
                if !self.discarding && value.len() < room as usize {
                    self.in_event = true;
                    self.has_data = true;
                    // Cannot overflow: the sum stays within `max_event`.
                    self.event_data_len += value.len() as u32 + 1;
                    return Some(Ok(Fragment::Data(whole(value))));
                }
            } else if let Some(rest) = line.strip_prefix(b"event:") {
                self.in_event = true;
                return Some(Ok(Fragment::Event(whole(strip_space(rest)))));
            }
        }
        self.complete_line_general(line)
    }

    #[inline(never)]
    fn complete_line_general<'h>(&mut self, line: &'h [u8]) -> Option<Result<Fragment<'h>, Error>> {
        let Some(&first) = line.first() else {
            return Some(Ok(self.blank_line()));
        };
        self.in_event |= first != b':';
        self.line_cap = self.max_line;
        self.cap_kind = ErrorKind::LineTooLong;
        let (field, after_name) = if first == b':' {
            (Some(Field::Comment), line.get(1..).unwrap_or_default())
        } else {
            let name_len = line
                .iter()
                .take(LONGEST_NAME + 1)
                .position(|&b| b == b':')
                .unwrap_or(line.len());
            self.note_scan(name_len.min(LONGEST_NAME + 1));
            let field = line.get(..name_len).and_then(known_field);
            (field, line.get(name_len + 1..).unwrap_or_default())
        };
        let Some(field) = field else {
            self.line_len = len32(line.len());
            return if self.line_len > self.line_cap {
                Some(Err(self.limit_error(true)))
            } else {
                None
            };
        };
        let value = match after_name.split_first() {
            Some((b' ', rest)) => rest,
            _ => after_name,
        };
        self.line_len = len32(line.len() - value.len());
        self.whole_value(field, value)
    }

    /// Handles the value of a line that ended, when nothing of it was handed out yet.
    #[inline]
    fn whole_value<'h>(
        &mut self,
        field: Field,
        value: &'h [u8],
    ) -> Option<Result<Fragment<'h>, Error>> {
        match self.begin_value(field) {
            Begin::Keep => self.on_value(field, value, true),
            Begin::Ignore => {
                self.line_len = self.line_len.saturating_add(len32(value.len()));
                if self.line_len > self.line_cap {
                    Some(Err(self.limit_error(true)))
                } else {
                    None
                }
            }
            Begin::OverLimit => Some(Err(self.limit_error(true))),
        }
    }

    /// Called where a value starts (`line_len` is its offset in the line): sets the line's
    /// limit.
    #[inline]
    fn begin_value(&mut self, field: Field) -> Begin {
        self.value_len = 0;
        self.value_started = false;
        self.retry_acc = 0;
        let max_line = self.max_line;
        if field == Field::Data {
            if self.discarding {
                return Begin::Ignore;
            }
            // The data buffer may take `room` more bytes: this value and its LF.
            let room = self.max_event.saturating_sub(self.event_data_len);
            let data_cap = self.line_len.saturating_add(room).saturating_sub(1);
            if data_cap < max_line {
                self.line_cap = data_cap;
                self.cap_kind = ErrorKind::EventTooLong;
            } else {
                self.line_cap = max_line;
                self.cap_kind = ErrorKind::LineTooLong;
            }
        } else {
            self.line_cap = max_line;
            self.cap_kind = ErrorKind::LineTooLong;
        }
        if self.line_len > self.line_cap {
            Begin::OverLimit
        } else {
            Begin::Keep
        }
    }

    /// Handles `bytes` of the current value; `is_end`: the line ended right after them (its
    /// terminator is consumed). Sets the next state.
    #[inline]
    fn on_value<'h>(
        &mut self,
        field: Field,
        bytes: &'h [u8],
        is_end: bool,
    ) -> Option<Result<Fragment<'h>, Error>> {
        self.line_len = self.line_len.saturating_add(len32(bytes.len()));
        if self.line_len > self.line_cap {
            return Some(Err(self.limit_error(is_end)));
        }
        // Cannot overflow: the value is part of the line, whose length was just checked.
        self.value_len += len32(bytes.len());
        self.state = if is_end {
            State::LineStart
        } else {
            State::Value(field)
        };
        let piece = Piece {
            bytes,
            is_start: !self.value_started,
            is_end,
        };
        match field {
            Field::Data => {
                if is_end {
                    self.event_data_len += self.value_len + 1;
                    self.has_data = true;
                }
            }
            Field::Event | Field::Comment => {}
            Field::Id => {
                self.note_scan(bytes.len());
                if memchr(0, bytes).is_some() {
                    if !is_end {
                        self.state = State::Ignore;
                    }
                    if self.value_started {
                        return Some(Ok(Fragment::IdRejected));
                    }
                    return None;
                }
            }
            Field::Retry => {
                self.note_scan(bytes.len());
                let valid = bytes.iter().try_fold(self.retry_acc, |acc, &b| {
                    let digit = b.wrapping_sub(b'0');
                    if digit < 10 {
                        acc.checked_mul(10)?.checked_add(u64::from(digit))
                    } else {
                        None
                    }
                });
                match valid {
                    Some(acc) => self.retry_acc = acc,
                    None => {
                        if !is_end {
                            self.state = State::Ignore;
                        }
                        return None;
                    }
                }
                if is_end && self.value_len > 0 {
                    self.reconnection_time = self.retry_acc;
                    self.has_reconnection_time = true;
                    return Some(Ok(Fragment::Retry(self.retry_acc)));
                }
                return None;
            }
        }
        if bytes.is_empty() && !is_end {
            return None;
        }
        self.value_started = true;
        Some(Ok(match field {
            Field::Data => Fragment::Data(piece),
            Field::Event => Fragment::Event(piece),
            Field::Id => Fragment::Id(piece),
            Field::Comment => Fragment::Comment(piece),
            Field::Retry => Fragment::Retry(self.retry_acc),
        }))
    }

    #[inline]
    fn blank_line<'h>(&mut self) -> Fragment<'h> {
        let dispatch = self.has_data && !self.discarding;
        self.has_data = false;
        self.discarding = false;
        self.in_event = false;
        self.event_data_len = 0;
        if dispatch {
            Fragment::Dispatch
        } else {
            Fragment::BlankLine
        }
    }

    #[inline]
    fn enter_ignored_line(&mut self) {
        self.state = State::Ignore;
    }

    /// The error for the current line exceeding its cap; the rest of the line is skipped.
    #[cold]
    #[inline(never)]
    fn limit_error(&mut self, line_ended: bool) -> Error {
        self.state = if line_ended {
            State::LineStart
        } else {
            State::Skip
        };
        match self.cap_kind {
            ErrorKind::EventTooLong => {
                self.discarding = true;
                self.has_data = false;
                Error::event_too_long(self.line_start)
            }
            _ => Error::line_too_long(self.line_start),
        }
    }

    /// The position of the first line terminator in `bytes`, or its length.
    #[inline]
    fn find_terminator(&mut self, bytes: &[u8], no_terminator: bool) -> usize {
        if no_terminator {
            return bytes.len();
        }
        self.note_scan(bytes.len());
        match memchr2(b'\n', b'\r', bytes) {
            Some(end) => {
                self.undo_scan(bytes.len() - end - 1);
                end
            }
            None => bytes.len(),
        }
    }

    /// Consumes the terminator at the start of `input` (CRLF, LF or CR).
    #[inline]
    fn consume_terminator(&mut self, input: &mut &[u8]) {
        match *input {
            [b'\r', b'\n', ..] => self.advance(input, 2),
            [b'\r'] => {
                self.advance(input, 1);
                self.skip_lf = true;
            }
            [_, ..] => self.advance(input, 1),
            [] => {}
        }
    }

    #[inline(always)]
    fn advance(&mut self, input: &mut &[u8], n: usize) {
        *input = input.get(n..).unwrap_or_default();
        self.consumed += n as u64;
    }

    #[inline(always)]
    fn note_scan(&mut self, _n: usize) {
        #[cfg(debug_assertions)]
        {
            self.scanned += _n as u64;
        }
    }

    #[inline(always)]
    fn undo_scan(&mut self, _n: usize) {
        #[cfg(debug_assertions)]
        {
            self.scanned -= _n as u64;
        }
    }
}

/// A value without its one optional leading space.
#[inline(always)]
fn strip_space(value: &[u8]) -> &[u8] {
    match value.split_first() {
        Some((b' ', rest)) => rest,
        _ => value,
    }
}

/// What to do with a value that starts.
enum Begin {
    Keep,
    /// The line is ignored (data of an event over its limit).
    Ignore,
    /// The line already exceeds its limit.
    OverLimit,
}

/// The largest limit the parser enforces (4 GiB − 2): lengths are counted in `u32`, saturating
/// at `u32::MAX`, which must stay above every limit.
pub(crate) const MAX_LIMIT: u32 = u32::MAX - 1;

#[inline]
const fn clamp_limit(limit: usize) -> u32 {
    if limit > MAX_LIMIT as usize {
        MAX_LIMIT
    } else {
        limit as u32
    }
}

/// A length as a saturating `u32`.
#[inline(always)]
fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[inline]
fn known_field(name: &[u8]) -> Option<Field> {
    match name {
        b"data" => Some(Field::Data),
        b"event" => Some(Field::Event),
        b"id" => Some(Field::Id),
        b"retry" => Some(Field::Retry),
        _ => None,
    }
}

/// The fragments of one input chunk, from [`FieldParser::fragments`].
#[derive(Debug)]
pub struct Fragments<'p, 'h> {
    parser: &'p mut FieldParser,
    input: &'h [u8],
}

impl<'p, 'h> Fragments<'p, 'h> {
    /// The bytes of the chunk not consumed yet.
    #[inline]
    pub fn remainder(&self) -> &'h [u8] {
        self.input
    }
}

impl<'h> Iterator for Fragments<'_, 'h> {
    type Item = Result<Fragment<'h>, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.parser.next_fragment(&mut self.input)
    }
}

impl FusedIterator for Fragments<'_, '_> {}
