//! The owned layer's input buffer: pushed bytes kept as text while they are valid UTF-8.
//!
//! Checking each chunk once as it is copied in costs less than checking each value as it is
//! handed out (one long check instead of several short ones, each with its own set-up), and it
//! lets values be borrowed as `&str` slices of the buffer with no second check and no `unsafe`.
//! Slices are taken at line and field boundaries, which are ASCII bytes, so they always fall on
//! character boundaries.
//!
//! A chunk that is not valid UTF-8 on its own (invalid bytes, or a character cut by the end of
//! the chunk) turns the buffer into raw bytes, and values are then checked (and repaired) one by
//! one as they are handed out. The buffer turns back into text once it has been read to the end
//! and nothing in it is still borrowed.

use alloc::string::String;
use alloc::vec::Vec;
use core::mem;
use core::ops::Range;

/// Pushed input not read yet, and the read part the current event still borrows from.
#[derive(Clone, Debug)]
pub(crate) enum Input {
    /// Every byte is valid UTF-8.
    Text(String),
    /// Bytes that are not (or not known to be) valid UTF-8.
    Raw(Vec<u8>),
}

impl Default for Input {
    #[inline]
    fn default() -> Self {
        Input::Text(String::new())
    }
}

impl Input {
    /// The buffered bytes.
    #[inline(always)]
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            Input::Text(text) => text.as_bytes(),
            Input::Raw(bytes) => bytes,
        }
    }

    /// The bytes in `range` as text, when the buffer is text (`None` when it is raw, or when
    /// `range` is not on character boundaries, which slices at ASCII bytes never are).
    #[inline(always)]
    pub(crate) fn text(&self, range: Range<usize>) -> Option<&str> {
        match self {
            Input::Text(text) => text.get(range),
            Input::Raw(_) => None,
        }
    }

    /// `value`, a subslice of [`Input::bytes`], as text when the buffer is text.
    #[inline(always)]
    pub(crate) fn text_of(&self, value: &[u8]) -> Option<&str> {
        let start = offset_in(self.bytes(), value)?;
        self.text(start..start + value.len())
    }

    /// Drops the first `len` bytes (read, and no longer borrowed).
    #[inline]
    pub(crate) fn consume(&mut self, len: usize) {
        if len == 0 {
            return;
        }
        match self {
            Input::Text(text) if text.is_char_boundary(len) => {
                text.drain(..len);
            }
            Input::Text(text) => {
                // Never taken (reads stop at ASCII bytes or at the end), but a cut through a
                // character must not panic: keep the bytes raw instead.
                let mut bytes = mem::take(text).into_bytes();
                bytes.drain(..len.min(bytes.len()));
                *self = Input::Raw(bytes);
            }
            Input::Raw(bytes) => {
                bytes.drain(..len.min(bytes.len()));
            }
        }
    }

    /// Empties the buffer, freeing it when larger than `keep`; raw input turns back into text.
    #[inline]
    pub(crate) fn clear(&mut self, keep: usize) {
        let mut bytes = match mem::take(self) {
            Input::Text(text) => text.into_bytes(),
            Input::Raw(bytes) => bytes,
        };
        bytes.clear();
        if bytes.capacity() > keep {
            bytes = Vec::new();
        }
        // An empty buffer is text: no check to make.
        *self = Input::Text(String::from_utf8(bytes).unwrap_or_default());
    }

    /// The bytes in `range` as a `String` (decoded with replacement when raw), made of the
    /// buffer itself: the bytes from `keep_from` on move to a new buffer.
    pub(crate) fn take_range(&mut self, range: Range<usize>, keep_from: usize) -> String {
        let rest = self.bytes().get(keep_from..).unwrap_or_default().to_vec();
        let mut taken = match mem::replace(self, Input::Raw(rest)) {
            Input::Text(text) => text.into_bytes(),
            Input::Raw(bytes) => bytes,
        };
        taken.truncate(range.end);
        taken.drain(..range.start.min(taken.len()));
        match String::from_utf8(taken) {
            Ok(text) => text,
            Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
        }
    }

    /// Appends `chunk`, checking it as UTF-8 on the way in while the buffer is text. Growth
    /// doubles as usual but, past `soft_cap` bytes, stops at what is needed: what the buffer
    /// holds beyond the unread input is one line, at most the line limit.
    #[inline]
    pub(crate) fn push(&mut self, chunk: &[u8], soft_cap: usize) {
        if matches!(self, Input::Raw(bytes) if bytes.is_empty()) {
            self.clear(usize::MAX);
        }
        match self {
            Input::Text(text) => match simdutf8::basic::from_utf8(chunk) {
                Ok(valid) => {
                    let (len, capacity) = (text.len(), text.capacity());
                    if len + valid.len() > capacity {
                        text.reserve_exact(grown(len, capacity, valid.len(), soft_cap) - len);
                    }
                    text.push_str(valid);
                }
                Err(_) => {
                    let mut bytes = mem::take(text).into_bytes();
                    append(&mut bytes, chunk, soft_cap);
                    *self = Input::Raw(bytes);
                }
            },
            Input::Raw(bytes) => append(bytes, chunk, soft_cap),
        }
    }
}

/// Appends `chunk` to `bytes`, growing as [`Input::push`] does.
#[inline]
fn append(bytes: &mut Vec<u8>, chunk: &[u8], soft_cap: usize) {
    let (len, capacity) = (bytes.len(), bytes.capacity());
    if len + chunk.len() > capacity {
        bytes.reserve_exact(grown(len, capacity, chunk.len(), soft_cap) - len);
    }
    bytes.extend_from_slice(chunk);
}

/// The capacity for `more` bytes after `len`: doubled, but not past `soft_cap` unless needed.
#[inline]
fn grown(len: usize, capacity: usize, more: usize, soft_cap: usize) -> usize {
    let needed = len.saturating_add(more);
    needed.max(capacity.saturating_mul(2).min(soft_cap))
}

/// Where `value` starts in `input`, when it lies there (an empty value may come from
/// elsewhere).
#[inline(always)]
pub(crate) fn offset_in(input: &[u8], value: &[u8]) -> Option<usize> {
    let start = (value.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
    (start <= input.len() && value.len() <= input.len() - start).then_some(start)
}
