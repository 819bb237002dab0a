//! Limits and the errors raised when a stream exceeds them.

use core::fmt;

/// Size limits that bound the memory a parser (and the events it assembles) may use.
///
/// A line is counted without its terminator. An event's size is the size of its data buffer: the
/// values of its `data` lines plus one LF per line (the `event` and `id` values are bounded by the
/// line limit). Both defaults are generous for LLM streams, where one event carries one JSON object.
/// Lengths are counted in 32 bits: limits above 4 GiB − 2 bytes act as 4 GiB − 2.
///
/// # Example
///
/// ```
/// use ssejson::sse::Limits;
///
/// let limits = Limits::default().with_max_line_len(64 * 1024).with_max_event_len(1 << 20);
/// assert_eq!(limits.max_line_len(), 64 * 1024);
/// assert_eq!(Limits::default().max_event_len(), Limits::DEFAULT_MAX_EVENT_LEN);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Limits {
    max_line_len: usize,
    max_event_len: usize,
}

impl Limits {
    /// The default longest line: 1 MiB.
    pub const DEFAULT_MAX_LINE_LEN: usize = 1 << 20;
    /// The default largest data buffer of one event: 16 MiB.
    pub const DEFAULT_MAX_EVENT_LEN: usize = 16 << 20;

    /// The default limits: lines up to 1 MiB, events up to 16 MiB.
    #[inline]
    pub const fn new() -> Self {
        Limits {
            max_line_len: Self::DEFAULT_MAX_LINE_LEN,
            max_event_len: Self::DEFAULT_MAX_EVENT_LEN,
        }
    }

    /// Sets the longest accepted line, in bytes, not counting its terminator.
    #[inline]
    #[must_use]
    pub const fn with_max_line_len(mut self, bytes: usize) -> Self {
        self.max_line_len = bytes;
        self
    }

    /// Sets the largest accepted data buffer of one event, in bytes (each `data` line counts its
    /// value plus one LF).
    #[inline]
    #[must_use]
    pub const fn with_max_event_len(mut self, bytes: usize) -> Self {
        self.max_event_len = bytes;
        self
    }

    /// The longest accepted line, in bytes.
    #[inline]
    pub const fn max_line_len(&self) -> usize {
        self.max_line_len
    }

    /// The largest accepted data buffer of one event, in bytes.
    #[inline]
    pub const fn max_event_len(&self) -> usize {
        self.max_event_len
    }
}

impl Default for Limits {
    #[inline]
    fn default() -> Self {
        Self::new()
    }
}

/// What went wrong.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// A line is longer than [`Limits::max_line_len`]. The whole line is skipped, up to its
    /// terminator; parsing resumes with the next line.
    LineTooLong,
    /// An event's data buffer would grow past [`Limits::max_event_len`]. The event's data is
    /// dropped, its remaining `data` lines are skipped, and the blank line that ends it
    /// dispatches nothing. Its other fields (`event`, `id`, `retry`) still apply.
    EventTooLong,
}

impl ErrorKind {
    /// A short, stable, snake_case name (`"line_too_long"`, `"event_too_long"`).
    #[inline]
    pub const fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::LineTooLong => "line_too_long",
            ErrorKind::EventTooLong => "event_too_long",
        }
    }
}

/// A limit was exceeded; parsing can go on (see [`ErrorKind`] for what is skipped).
///
/// # Example
///
/// ```
/// use ssejson::sse::{ErrorKind, FieldParser, Limits};
///
/// let mut parser = FieldParser::with_limits(Limits::default().with_max_line_len(8));
/// let input = b"data: ok\ndata: far too long\n";
/// let errors: Vec<_> = parser.fragments(input).filter_map(Result::err).collect();
/// assert_eq!(errors.len(), 1);
/// assert_eq!(errors[0].kind(), ErrorKind::LineTooLong);
/// assert_eq!(errors[0].offset(), 9); // where the offending line starts
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
// The kind first: in `Result<Fragment, Error>` the offset then lies exactly over a piece's length.
// With the default layout the kind's byte lies over the length's low byte, and the hot loops move
// that length in byte-wise pieces.
#[repr(C)]
pub struct Error {
    kind: ErrorKind,
    offset: u64,
}

impl Error {
    #[cold]
    #[inline(never)]
    pub(crate) fn line_too_long(offset: u64) -> Self {
        Error {
            kind: ErrorKind::LineTooLong,
            offset,
        }
    }

    #[cold]
    #[inline(never)]
    pub(crate) fn event_too_long(offset: u64) -> Self {
        Error {
            kind: ErrorKind::EventTooLong,
            offset,
        }
    }

    /// What went wrong.
    #[inline]
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stream offset (bytes from the start of the stream, BOM included) of the first byte of
    /// the offending line.
    #[inline]
    pub const fn offset(&self) -> u64 {
        self.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind() {
            ErrorKind::LineTooLong => "line longer than the limit",
            ErrorKind::EventTooLong => "event data larger than the limit",
        };
        write!(f, "{what} in the line starting at byte {}", self.offset)
    }
}

impl core::error::Error for Error {}
