//! The owned layer's input buffer: pushed bytes kept as text while they are valid UTF-8, and
//! a partial last line held back until it is complete.
//!
//! Checking each chunk once as it is copied in costs less than checking each value as it is
//! handed out (one long check instead of several short ones, each with its own set-up), and it
//! lets values be borrowed as `&str` slices of the buffer with no second check and no `unsafe`.
//! Slices are taken at line and field boundaries, which are ASCII bytes, so they always fall on
//! character boundaries.
//!
//! The bytes after the last line terminator are not handed to the state machine yet: once the
//! rest of their line arrives, the whole line goes through its fast path, instead of a piece now
//! and a continuation later (most lines of a stream read in small chunks are cut). They are
//! held only while they cannot raise an error (see [`Hold`]), so the items the parser yields do
//! not change; they are scanned once more when their line is complete (each byte at most twice
//! in all). A character cut by the end of a chunk is always in such a held line: its first bytes
//! wait in a carry until the rest arrives.
//!
//! A chunk that is not valid UTF-8 (or that ends inside a character outside a held line) turns
//! the buffer into raw bytes: nothing is held, and values are checked (and repaired) one by one
//! as they are handed out. The buffer turns back into text once it has been read to the end.

use alloc::string::String;
use alloc::vec::Vec;
use core::mem;
use core::ops::Range;

/// Pushed input not read yet, and the read part the current event still borrows from.
#[derive(Clone, Debug)]
pub(crate) enum Input {
    /// Every byte is valid UTF-8.
    Text {
        text: String,
        /// The last `held` bytes of `text` are the start of a line not handed to the parser
        /// yet (at most [`HOLD_MAX`]).
        held: u16,
        /// The first bytes of a character cut by the end of the last chunk, inside the held
        /// line: not in `text`, not handed to the parser.
        carry: Carry,
    },
    /// Bytes that are not (or not known to be) valid UTF-8; none is held.
    Raw(Vec<u8>),
}

/// The longest UTF-8 character: a push may add a completed carried one before its chunk.
pub(crate) const MAX_CHAR_LEN: usize = 4;
/// The longest partial line held back.
const HOLD_MAX: usize = 16 * 1024;
/// The longest partial line held back after a chunk that goes on with a line the parser has
/// begun (one too long to hold): most likely the whole chunk is that line, and searching it
/// backwards for a line start would read it twice for nothing.
pub(crate) const HOLD_AFTER_LONG_LINE: usize = 256;
/// Read bytes are dropped from the front of the buffer once there are this many, and more of
/// them than of bytes kept (see [`Input::consume`]).
const COMPACT_AT: usize = 2 * 1024;

/// The bytes handed to the parser, looked up once per call rather than once per field.
#[derive(Clone, Copy, Debug)]
pub(crate) struct View<'a> {
    pub(crate) fed: &'a [u8],
    /// The whole buffer as text (held bytes included), when it is text: values in `fed` are
    /// cut out of it.
    pub(crate) text: Option<&'a str>,
}

impl<'a> View<'a> {
    /// Where `value`, a subslice of `fed`, lies, when the buffer is text.
    #[inline(always)]
    pub(crate) fn range_of_text(&self, value: &[u8]) -> Option<Range<usize>> {
        self.text?;
        let start = offset_in(self.fed, value)?;
        Some(start..start + value.len())
    }
}

/// What may be held back at the end of a push without changing what the parser reports.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Hold {
    /// Whether the bytes after those handed to the parser start a line (else they continue
    /// one the parser has begun, and must follow it).
    pub(crate) at_line_start: bool,
    /// Held bytes stay below this: fewer than any limit could reject (and than
    /// [`HOLD_AFTER_LONG_LINE`] when the bytes before them do not end a line).
    pub(crate) below: usize,
}

/// Up to three bytes of an incomplete character.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Carry {
    bytes: [u8; 3],
    len: u8,
}

impl Carry {
    #[inline]
    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..usize::from(self.len)).unwrap_or_default()
    }

    /// `tail`, the incomplete character that ends a chunk (at most three bytes).
    #[inline]
    fn of(tail: &[u8]) -> Carry {
        let mut carry = Carry::default();
        if let Some(bytes) = carry.bytes.get_mut(..tail.len()) {
            bytes.copy_from_slice(tail);
            carry.len = tail.len() as u8;
        }
        carry
    }
}

impl Default for Input {
    #[inline]
    fn default() -> Self {
        Input::Text {
            text: String::new(),
            held: 0,
            carry: Carry::default(),
        }
    }
}

impl Input {
    /// The buffered bytes handed to the parser (read or not).
    #[inline(always)]
    pub(crate) fn fed(&self) -> &[u8] {
        match self {
            Input::Text { text, held, .. } => {
                let fed = text.len().saturating_sub(usize::from(*held));
                text.as_bytes().get(..fed).unwrap_or_default()
            }
            Input::Raw(bytes) => bytes,
        }
    }

    /// The bytes handed to the parser, and the same as text when the buffer is text.
    #[inline(always)]
    pub(crate) fn view(&self) -> View<'_> {
        match self {
            Input::Text { text, held, .. } => {
                let fed = text.len().saturating_sub(usize::from(*held));
                View {
                    fed: text.as_bytes().get(..fed).unwrap_or_default(),
                    text: Some(text),
                }
            }
            Input::Raw(bytes) => View {
                fed: bytes,
                text: None,
            },
        }
    }

    /// The whole buffer, held bytes included: enough to cut out the values found in a
    /// [`view`](Input::view), with less to work out.
    #[inline(always)]
    pub(crate) fn all(&self) -> View<'_> {
        match self {
            Input::Text { text, .. } => View {
                fed: text.as_bytes(),
                text: Some(text),
            },
            Input::Raw(bytes) => View {
                fed: bytes,
                text: None,
            },
        }
    }

    /// The held bytes: the start of the last line, then the carried partial character.
    #[inline]
    pub(crate) fn held(&self) -> [&[u8]; 2] {
        match self {
            Input::Text { text, held, carry } => {
                let fed = text.len().saturating_sub(usize::from(*held));
                [
                    text.as_bytes().get(fed..).unwrap_or_default(),
                    carry.as_slice(),
                ]
            }
            Input::Raw(_) => [&[], &[]],
        }
    }

    /// Drops the first `len` bytes (read, and no longer borrowed) when that is cheap or worth
    /// it: all of them when nothing else is buffered (an emptied buffer larger than `keep` is
    /// freed, and raw input turns back into text), else once they reach [`COMPACT_AT`] bytes and
    /// outnumber the bytes kept, or are most of the buffer and `more` bytes would not fit
    /// otherwise: the bytes kept are not moved for every chunk. Returns how many were dropped.
    #[inline(always)]
    pub(crate) fn consume(&mut self, len: usize, more: usize, keep: usize) -> usize {
        // The two common cases first, with as few tests as possible: this runs twice a chunk.
        if let Input::Text { text, held, .. } = self {
            let buffered = text.len();
            if len >= buffered && *held == 0 {
                if text.capacity() <= keep {
                    // All read, nothing held.
                    text.clear();
                    return buffered;
                }
            } else if len < COMPACT_AT && buffered + more <= text.capacity() {
                // Too few to move the rest for, and no room to make.
                return 0;
            }
        }
        self.consume_slow(len, more, keep)
    }

    #[cold]
    fn consume_slow(&mut self, len: usize, more: usize, keep: usize) -> usize {
        if len == 0 {
            return 0;
        }
        let (buffered, capacity) = match self {
            Input::Text { text, .. } => (text.len(), text.capacity()),
            Input::Raw(bytes) => (bytes.len(), bytes.capacity()),
        };
        // Moving the kept bytes pays when more are dropped than moved, or, rather than grow,
        // when the read bytes are most of the buffer.
        let worth_it = (len >= COMPACT_AT && len >= buffered.saturating_sub(len))
            || (buffered + more > capacity && len >= buffered - buffered / 4);
        match self {
            Input::Text { text, held, .. } => {
                if len >= text.len() && *held == 0 {
                    let dropped = text.len();
                    if text.capacity() > keep {
                        *text = String::new();
                    } else {
                        text.clear();
                    }
                    dropped
                } else if worth_it && text.is_char_boundary(len) {
                    // (Reads stop at ASCII bytes or at the end of what was handed out, so the
                    // boundary check never fails.)
                    text.drain(..len);
                    len
                } else {
                    0
                }
            }
            Input::Raw(bytes) => {
                if len >= bytes.len() {
                    let dropped = bytes.len();
                    let mut bytes = mem::take(bytes);
                    bytes.clear();
                    if bytes.capacity() > keep {
                        bytes = Vec::new();
                    }
                    // An empty buffer is text: no check to make.
                    *self = Input::Text {
                        text: String::from_utf8(bytes).unwrap_or_default(),
                        held: 0,
                        carry: Carry::default(),
                    };
                    dropped
                } else if worth_it {
                    bytes.drain(..len);
                    len
                } else {
                    0
                }
            }
        }
    }

    /// Forgets everything, held bytes included, freeing the buffer when larger than `keep`.
    #[inline]
    pub(crate) fn reset(&mut self, keep: usize) {
        if let Input::Text { held, carry, .. } = self {
            *held = 0;
            *carry = Carry::default();
        }
        let _ = self.consume(usize::MAX, 0, keep);
    }

    /// The bytes in `range` as a `String` (decoded with replacement when raw), made of the
    /// buffer itself: the bytes from `keep_from` on (held ones included) move to a new buffer.
    pub(crate) fn take_range(&mut self, range: Range<usize>, keep_from: usize) -> String {
        let rest = match self {
            Input::Text { text, held, carry } => Input::Text {
                text: text.get(keep_from..).map(String::from).unwrap_or_default(),
                held: *held,
                carry: *carry,
            },
            Input::Raw(bytes) => Input::Raw(
                bytes
                    .get(keep_from..)
                    .map(<[u8]>::to_vec)
                    .unwrap_or_default(),
            ),
        };
        let mut taken = match mem::replace(self, rest) {
            Input::Text { text, .. } => text.into_bytes(),
            Input::Raw(bytes) => bytes,
        };
        taken.truncate(range.end);
        taken.drain(..range.start.min(taken.len()));
        decode_vec(taken)
    }

    /// Appends `chunk`, checking it as UTF-8 on the way in while the buffer is text, and holds
    /// back the bytes after its last line terminator as `hold` allows. Growth doubles as usual
    /// but, past `soft_cap` bytes, stops at what is needed: what the buffer holds beyond the
    /// unread input is one line, at most the line limit.
    #[inline]
    pub(crate) fn push(&mut self, mut chunk: &[u8], hold: Hold, soft_cap: usize) {
        let (text, held, carry) = match self {
            Input::Raw(bytes) => {
                reserve(bytes, chunk.len(), soft_cap);
                bytes.extend_from_slice(chunk);
                return;
            }
            Input::Text { text, held, carry } => (text, held, carry),
        };
        let (len, capacity) = (text.len(), text.capacity());
        let more = chunk.len() + MAX_CHAR_LEN;
        if len + more > capacity {
            text.reserve_exact(grown(len, capacity, more, soft_cap) - len);
        }
        if carry.len > 0 {
            match complete_char(*carry, chunk) {
                Completion::Char(completed, used) => {
                    text.push(completed);
                    *held = held.saturating_add(completed.len_utf8() as u16);
                    *carry = Carry::default();
                    chunk = chunk.get(used..).unwrap_or_default();
                }
                Completion::StillIncomplete(longer)
                    if usize::from(*held) + usize::from(longer.len) < hold.below.min(HOLD_MAX) =>
                {
                    *carry = longer;
                    return;
                }
                Completion::StillIncomplete(_) => return self.turn_raw(chunk),
                Completion::Invalid => return self.turn_raw(chunk),
            }
        }
        // Bytes after the chunk's last terminator start a new line, which may be held. With no
        // terminator, the chunk goes on with the held line, or starts one, or else continues
        // a line the parser has begun: that one it must see, so nothing is held.
        // Only the end of the chunk that could be held is searched, so that a long line is not
        // scanned twice in full.
        let window = search_window(chunk.len(), hold);
        let searched = chunk.get(chunk.len() - window..).unwrap_or_default();
        let (held_before, new_line) = match memchr::memrchr2(b'\n', b'\r', searched) {
            Some(end) => (0, searched.get(end + 1..).unwrap_or_default()),
            None if window < chunk.len() => (HOLD_MAX, chunk),
            None if *held > 0 || hold.at_line_start => (usize::from(*held), chunk),
            None => (HOLD_MAX, chunk),
        };
        let (whole, cut) = chunk.split_at(chunk.len() - cut_char_len(chunk));
        match simdutf8::basic::from_utf8(whole) {
            Ok(valid) if cut.is_empty() => {
                let now_held = held_before + new_line.len();
                text.push_str(valid);
                *held = match u16::try_from(now_held) {
                    Ok(now_held) if usize::from(now_held) < hold.below.min(HOLD_MAX) => now_held,
                    _ => 0,
                };
            }
            Ok(valid) => self.push_cut(chunk, valid, held_before, new_line.len(), hold),
            Err(_) => self.turn_raw(chunk),
        }
    }

    /// The rest of [`Input::push`] when `chunk` ends inside a character: `valid` is the text
    /// before that character, whose first bytes end the `new_line` bytes after the last line
    /// terminator (or the whole chunk, after `held_before` held bytes).
    #[cold]
    fn push_cut(
        &mut self,
        chunk: &[u8],
        valid: &str,
        held_before: usize,
        new_line: usize,
        hold: Hold,
    ) {
        let cut = chunk.get(valid.len()..).unwrap_or_default();
        let Input::Text { text, held, carry } = self else {
            return self.turn_raw(chunk);
        };
        // The start of a character, not yet invalid.
        let incomplete = matches!(
            core::str::from_utf8(cut),
            Err(error) if error.valid_up_to() == 0 && error.error_len().is_none()
        );
        let now_held = held_before + new_line;
        // A cut character is kept only inside a held line: the parser must not be handed half
        // of it, and nothing but a held line may wait.
        let fits = now_held < hold.below.min(HOLD_MAX) && cut.len() <= new_line;
        match u16::try_from(now_held - cut.len().min(now_held)) {
            Ok(now_held) if incomplete && fits => {
                text.push_str(valid);
                *held = now_held;
                *carry = Carry::of(cut);
            }
            _ => self.turn_raw(chunk),
        }
    }

    /// Turns the buffer into raw bytes (nothing held), then appends the carried bytes and
    /// `chunk`.
    #[cold]
    fn turn_raw(&mut self, chunk: &[u8]) {
        if let Input::Text { text, carry, .. } = self {
            let mut bytes = mem::take(text).into_bytes();
            bytes.extend_from_slice(carry.as_slice());
            *self = Input::Raw(bytes);
        }
        if let Input::Raw(bytes) = self {
            bytes.extend_from_slice(chunk);
        }
    }
}

/// How much of the end of a `chunk_len`-byte chunk [`Input::push`] searches for the last line
/// terminator: the longest line it may hold.
#[inline(always)]
pub(crate) fn search_window(chunk_len: usize, hold: Hold) -> usize {
    chunk_len.min(hold.below.min(HOLD_MAX))
}

/// How many bytes at the end of `bytes` begin a character they do not finish (0 to 3), judged
/// by its first byte alone: the rest is checked later.
#[inline(always)]
fn cut_char_len(bytes: &[u8]) -> usize {
    match bytes.last() {
        Some(0x80..) => cut_char_len_slow(bytes),
        _ => 0,
    }
}

#[cold]
fn cut_char_len_slow(bytes: &[u8]) -> usize {
    let tail = bytes
        .get(bytes.len().saturating_sub(3)..)
        .unwrap_or_default();
    for (back, &byte) in (1..).zip(tail.iter().rev()) {
        match byte {
            0..=0x7F => return 0,
            // A continuation byte: the character began further back.
            0x80..=0xBF => {}
            _ => {
                let len = match byte {
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                return if len > back { back } else { 0 };
            }
        }
    }
    0
}

/// UTF-8 with replacement, moving `bytes` into the `String` when they are valid.
#[inline]
pub(crate) fn decode_vec(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    }
}

/// Makes room in `bytes` for `more` bytes, as [`Input::push`] grows.
#[inline]
fn reserve(bytes: &mut Vec<u8>, more: usize, soft_cap: usize) {
    let (len, capacity) = (bytes.len(), bytes.capacity());
    if len + more > capacity {
        bytes.reserve_exact(grown(len, capacity, more, soft_cap) - len);
    }
}

/// The capacity for `more` bytes after `len`: doubled, but not past `soft_cap` unless needed.
#[inline]
fn grown(len: usize, capacity: usize, more: usize, soft_cap: usize) -> usize {
    let needed = len.saturating_add(more);
    needed.max(capacity.saturating_mul(2).min(soft_cap))
}

/// What the start of a chunk makes of a carried partial character.
enum Completion {
    /// The character, and how many bytes of the chunk it took.
    Char(char, usize),
    /// The chunk ended before the character did: the longer partial character.
    StillIncomplete(Carry),
    /// Not a character: the stream is not valid UTF-8 here.
    Invalid,
}

/// Completes `carry` with the first bytes of `chunk`.
#[cold]
fn complete_char(carry: Carry, chunk: &[u8]) -> Completion {
    let have = usize::from(carry.len);
    let take = chunk.len().min(4 - have);
    let mut bytes = [0; 4];
    let candidate = match (bytes.get_mut(..have + take), chunk.get(..take)) {
        (Some(candidate), Some(head)) => {
            let (old, new) = candidate.split_at_mut(have);
            old.copy_from_slice(carry.as_slice());
            new.copy_from_slice(head);
            &*candidate
        }
        _ => return Completion::Invalid,
    };
    let valid = match core::str::from_utf8(candidate) {
        Ok(text) => text,
        Err(error) if error.valid_up_to() > 0 => candidate
            .get(..error.valid_up_to())
            .and_then(|valid| core::str::from_utf8(valid).ok())
            .unwrap_or_default(),
        Err(error) if error.error_len().is_none() => {
            return Completion::StillIncomplete(Carry::of(candidate))
        }
        Err(_) => return Completion::Invalid,
    };
    // The first character holds the carried bytes; what follows it is parsed from the chunk.
    match valid.chars().next() {
        Some(first) if first.len_utf8() > have => Completion::Char(first, first.len_utf8() - have),
        _ => Completion::Invalid,
    }
}

/// Where `value` starts in `input`, when it lies there (an empty value may come from
/// elsewhere).
#[inline(always)]
pub(crate) fn offset_in(input: &[u8], value: &[u8]) -> Option<usize> {
    let start = (value.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    (start <= input.len() && value.len() <= input.len() - start).then_some(start)
}
