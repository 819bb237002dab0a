//! [`Text`]: a field value of the zero-copy layer, inline when short, shared when long.

use alloc::borrow::Cow;
use alloc::string::String;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

use bytes::Bytes;

/// Values up to this many bytes are stored inline in a [`Text`].
pub(crate) const INLINE_CAPACITY: usize = 23;

/// The text of a field: the raw bytes of the stream, decoded on access.
///
/// A value of up to 23 bytes (event types, IDs, short data) is stored inline: copying it costs
/// less than sharing a buffer, and it keeps no chunk alive. A longer value is a [`Bytes`] slice of
/// the input chunk it lay in (no copy), or a buffer of its own when it had to be joined.
///
/// Decoding is done with replacement: [`Text::to_str`] borrows when the bytes are valid UTF-8
/// (one SIMD check) and allocates only for invalid input. The bytes are not checked in advance,
/// since this crate has no `unsafe` with which to skip a second check later.
///
/// # Example
///
/// ```
/// use ssejson::sse::Text;
///
/// let text = Text::from(bytes::Bytes::from_static(b"caf\xC3\xA9 \xFF"));
/// assert_eq!(text.to_str(), "café \u{FFFD}");
/// assert_eq!(text.as_bytes().len(), 7);
/// assert_eq!(text, "café \u{FFFD}");
/// ```
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, buf: [u8; INLINE_CAPACITY] },
    Shared(Bytes),
}

impl Text {
    /// The bytes `value`, which lie inside `chunk`: copied inline when short, else shared.
    #[inline]
    pub(crate) fn slice_of(chunk: &Bytes, value: &[u8]) -> Text {
        if value.len() > INLINE_CAPACITY {
            return Text(Repr::Shared(chunk.slice_ref(value)));
        }
        // Copy a fixed-size window when the chunk has one: a few moves instead of a `memcpy`
        // call. The bytes past `len` are never read.
        let start = (value.as_ptr() as usize).wrapping_sub(chunk.as_ptr() as usize);
        match chunk
            .get(start..)
            .and_then(|rest| rest.get(..INLINE_CAPACITY))
        {
            Some(window) if window.as_ptr() == value.as_ptr() => {
                let mut buf = [0; INLINE_CAPACITY];
                buf.copy_from_slice(window);
                Text(Repr::Inline {
                    len: value.len() as u8,
                    buf,
                })
            }
            _ => Text::inline(value).unwrap_or_default(),
        }
    }

    /// Makes this the bytes `value`, which lie inside `chunk`, as [`Text::slice_of`] does, but
    /// writing an inline value in place: no temporary to build and move.
    #[inline]
    pub(crate) fn set_slice_of(&mut self, chunk: &Bytes, value: &[u8]) {
        let start = (value.as_ptr() as usize).wrapping_sub(chunk.as_ptr() as usize);
        let window = chunk
            .get(start..)
            .and_then(|rest| rest.get(..INLINE_CAPACITY));
        match (&mut self.0, window) {
            (Repr::Inline { len, buf }, Some(window))
                if value.len() <= INLINE_CAPACITY && window.as_ptr() == value.as_ptr() =>
            {
                buf.copy_from_slice(window);
                *len = value.len() as u8;
            }
            _ => *self = Text::slice_of(chunk, value),
        }
    }

    /// `value` copied: inline when short, else into a buffer of its own.
    #[inline]
    pub(crate) fn copy_from(value: &[u8]) -> Text {
        Text::inline(value).unwrap_or_else(|| Text(Repr::Shared(Bytes::copy_from_slice(value))))
    }

    /// `value`, inline when short (then `value` is dropped), else shared as it is.
    #[inline]
    pub(crate) fn from_shared(value: Bytes) -> Text {
        Text::inline(&value).unwrap_or(Text(Repr::Shared(value)))
    }

    #[inline]
    fn inline(value: &[u8]) -> Option<Text> {
        let mut buf = [0; INLINE_CAPACITY];
        buf.get_mut(..value.len())?.copy_from_slice(value);
        Some(Text(Repr::Inline {
            len: value.len() as u8,
            buf,
        }))
    }

    /// The raw bytes.
    #[inline]
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, buf } => buf.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Shared(bytes) => bytes,
        }
    }

    /// The text, decoded with replacement; borrowed when the bytes are valid UTF-8.
    #[inline]
    pub fn to_str(&self) -> Cow<'_, str> {
        let bytes = self.as_bytes();
        match simdutf8::basic::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(bytes),
        }
    }

    /// The raw bytes as [`Bytes`]: the shared buffer itself, or a copy of an inline value.
    #[inline]
    pub fn into_bytes(self) -> Bytes {
        match self.0 {
            Repr::Inline { .. } => Bytes::copy_from_slice(self.as_bytes()),
            Repr::Shared(bytes) => bytes,
        }
    }

    /// The number of bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.as_bytes().len()
    }

    /// Whether there are no bytes.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.as_bytes().is_empty()
    }
}

impl Default for Text {
    #[inline]
    fn default() -> Self {
        Text(Repr::Inline {
            len: 0,
            buf: [0; INLINE_CAPACITY],
        })
    }
}

impl From<Bytes> for Text {
    /// Shares `bytes`, whatever its length.
    #[inline]
    fn from(bytes: Bytes) -> Self {
        Text(Repr::Shared(bytes))
    }
}

impl From<Text> for Bytes {
    #[inline]
    fn from(text: Text) -> Self {
        text.into_bytes()
    }
}

impl PartialEq for Text {
    #[inline]
    fn eq(&self, other: &Text) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    #[inline]
    fn partial_cmp(&self, other: &Text) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    #[inline]
    fn cmp(&self, other: &Text) -> Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

impl Hash for Text {
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_bytes().hash(state);
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
