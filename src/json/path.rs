//! The location of a token inside the document, as a JSON Pointer.

use core::fmt;
use core::iter::FusedIterator;

use super::buf::PathKeys;

/// One open array or object, with the member currently being written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Level {
    /// An array; `has_child` is false before its first element and between a
    /// `,` and the next element.
    Array { index: usize, has_child: bool },
    /// An object and the key of the member being written.
    Object(MemberKey),
    /// Never stored: only makes `Level` `Default` for fixed arrays.
    #[default]
    Unused,
}

/// The key of the member an object is writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemberKey {
    /// Before the first key and between a `,` and the next key.
    None,
    /// `start..end` of the key text in the path key buffer.
    Kept { start: usize, end: usize },
    /// The key did not fit the fixed path key buffer (without `alloc` only).
    NotKept,
}

/// One step of a [`Path`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PathSegment<'a> {
    /// An object member, by its decoded key.
    Key(&'a str),
    /// An array element, by its zero-based index.
    Index(usize),
    /// An object member whose key text is not kept. Only produced without the
    /// `alloc` feature, once the keys along the path exceed
    /// [`NO_ALLOC_PATH_KEY_BYTES`](super::NO_ALLOC_PATH_KEY_BYTES); rendered as
    /// `/~`, which no real key renders as.
    KeyNotKept,
}

/// Where a token sits in the document: the keys and indices from the root.
///
/// [`Display`](fmt::Display) renders it as an RFC 6901 JSON Pointer: `""` for
/// the root, `/` before every segment, `~` and `/` inside keys escaped as `~0`
/// and `~1`. A `Path` borrows the tokenizer's state: making one costs nothing,
/// and neither does rendering it (no allocation).
///
/// # Example
///
/// ```
/// use ssejson::json::{PathSegment, Token, Tokenizer};
///
/// let mut tokenizer = Tokenizer::new();
/// let mut tokens = tokenizer.feed(br#"{"a/b": [{"c~": true}]}"#);
/// while let Some(event) = tokens.next_event() {
///     let event = event.unwrap();
///     if event.token == Token::Bool(true) {
///         assert_eq!(event.path.to_string(), "/a~1b/0/c~0");
///         let segments: Vec<_> = event.path.segments().collect();
///         assert_eq!(
///             segments,
///             [PathSegment::Key("a/b"), PathSegment::Index(0), PathSegment::Key("c~")]
///         );
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct Path<'a> {
    levels: &'a [Level],
    keys: &'a PathKeys,
}

impl<'a> Path<'a> {
    #[inline]
    pub(crate) fn new(levels: &'a [Level], keys: &'a PathKeys) -> Self {
        Path { levels, keys }
    }

    /// The segments from the root.
    #[inline]
    pub fn segments(&self) -> Segments<'a> {
        Segments {
            levels: self.levels.iter(),
            keys: self.keys.as_str(),
        }
    }

    /// The number of segments (0 for the root).
    #[inline]
    pub fn len(&self) -> usize {
        self.segments().len()
    }

    /// True for the root.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The innermost segment, if any.
    #[inline]
    pub fn last(&self) -> Option<PathSegment<'a>> {
        self.segments().next_back()
    }
}

impl PartialEq for Path<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.segments().eq(other.segments())
    }
}

impl Eq for Path<'_> {}

impl fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Path({:?})", DisplayAsDebug(self))
    }
}

struct DisplayAsDebug<'p, 'a>(&'p Path<'a>);

impl fmt::Debug for DisplayAsDebug<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for segment in self.segments() {
            match segment {
                PathSegment::Key(key) => {
                    f.write_str("/")?;
                    write_pointer_escaped(f, key)?;
                }
                PathSegment::Index(index) => write!(f, "/{index}")?,
                PathSegment::KeyNotKept => f.write_str("/~")?,
            }
        }
        Ok(())
    }
}

/// Writes `key` with `~` as `~0` and `/` as `~1` (RFC 6901 section 3).
fn write_pointer_escaped(f: &mut fmt::Formatter<'_>, key: &str) -> fmt::Result {
    let mut rest = key;
    while let Some(at) = rest.find(['~', '/']) {
        let (plain, tail) = rest.split_at(at);
        f.write_str(plain)?;
        f.write_str(if tail.starts_with('~') { "~0" } else { "~1" })?;
        rest = tail.get(1..).unwrap_or_default();
    }
    f.write_str(rest)
}

/// Iterator over the segments of a [`Path`], from the root.
#[derive(Debug, Clone)]
pub struct Segments<'a> {
    levels: core::slice::Iter<'a, Level>,
    keys: &'a str,
}

impl<'a> Segments<'a> {
    #[inline]
    fn segment(&self, level: &Level) -> Option<PathSegment<'a>> {
        match *level {
            Level::Array {
                index,
                has_child: true,
            } => Some(PathSegment::Index(index)),
            Level::Object(MemberKey::Kept { start, end }) => Some(PathSegment::Key(
                self.keys.get(start..end).unwrap_or_default(),
            )),
            Level::Object(MemberKey::NotKept) => Some(PathSegment::KeyNotKept),
            _ => None,
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = PathSegment<'a>;

    #[inline]
    fn next(&mut self) -> Option<PathSegment<'a>> {
        loop {
            let level = self.levels.next()?;
            if let Some(segment) = self.segment(level) {
                return Some(segment);
            }
        }
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.len();
        (len, Some(len))
    }
}

impl DoubleEndedIterator for Segments<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Self::Item> {
        loop {
            let level = self.levels.next_back()?;
            if let Some(segment) = self.segment(level) {
                return Some(segment);
            }
        }
    }
}

impl ExactSizeIterator for Segments<'_> {
    #[inline]
    fn len(&self) -> usize {
        // O(depth): paths are short and this is not on the tokenizing path.
        self.levels
            .as_slice()
            .iter()
            .filter(|level| self.segment(level).is_some())
            .count()
    }
}

impl FusedIterator for Segments<'_> {}
