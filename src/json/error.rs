//! Positioned tokenizer errors.

use core::fmt;

/// Why the input was rejected.
///
/// Every kind except [`ErrorKind::Incomplete`] is reported as soon as the
/// offending byte is fed; `Incomplete` only comes from
/// [`Tokenizer::finish`](super::Tokenizer::finish).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A byte that cannot appear at this point of the grammar.
    UnexpectedByte,
    /// A `,` directly followed by `]` or `}`.
    TrailingComma,
    /// A byte that breaks `true`, `false` or `null`.
    InvalidLiteral,
    /// A byte that breaks a number: a leading zero, a missing digit, a second
    /// `.` or exponent, or a sign in the wrong place.
    InvalidNumber,
    /// A raw control character (below U+0020) inside a string.
    ControlCharacter,
    /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
    InvalidEscape,
    /// A `\u` escape of a UTF-16 surrogate that is not part of a
    /// high-then-low pair.
    LoneSurrogate,
    /// Bytes that are not UTF-8 (overlong forms, encoded surrogates, code
    /// points above U+10FFFF, stray or missing continuation bytes).
    InvalidUtf8,
    /// Something other than whitespace after the top-level value.
    TrailingCharacters,
    /// More nested arrays and objects than [`Limits::max_depth`](super::Limits::max_depth).
    DepthLimitExceeded,
    /// An object key or number longer than
    /// [`Limits::max_token_len`](super::Limits::max_token_len) input bytes.
    TokenTooLong,
    /// The input ended inside a value (reported by `finish` only).
    Incomplete,
}

impl ErrorKind {
    /// A short lowercase description.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnexpectedByte => "unexpected byte",
            ErrorKind::TrailingComma => "trailing comma",
            ErrorKind::InvalidLiteral => "invalid literal",
            ErrorKind::InvalidNumber => "invalid number",
            ErrorKind::ControlCharacter => "control character in string",
            ErrorKind::InvalidEscape => "invalid escape",
            ErrorKind::LoneSurrogate => "lone UTF-16 surrogate escape",
            ErrorKind::InvalidUtf8 => "invalid UTF-8",
            ErrorKind::TrailingCharacters => "trailing characters after the top-level value",
            ErrorKind::DepthLimitExceeded => "nesting depth limit exceeded",
            ErrorKind::TokenTooLong => "key or number longer than the token length limit",
            ErrorKind::Incomplete => "incomplete document",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A tokenizer error: what went wrong and at which byte of the whole input.
///
/// # Example
///
/// ```
/// use ssejson::json::{ErrorKind, Tokenizer};
///
/// let mut tokenizer = Tokenizer::new();
/// let mut tokens = tokenizer.feed(b"[1,]");
/// let error = loop {
///     match tokens.next_event() {
///         Some(Ok(_)) => continue,
///         Some(Err(error)) => break error,
///         None => panic!("no error"),
///     }
/// };
/// assert_eq!(error.kind(), ErrorKind::TrailingComma);
/// assert_eq!(error.offset(), 3);
/// assert_eq!(error.to_string(), "trailing comma at byte 3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    offset: u64,
}

impl Error {
    #[cold]
    #[inline(never)]
    pub(crate) fn new(kind: ErrorKind, offset: u64) -> Self {
        Error { kind, offset }
    }

    /// What went wrong.
    #[inline]
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Byte offset in the whole input of the first byte that made the input
    /// invalid; for [`ErrorKind::Incomplete`], the length of the input.
    #[inline]
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl core::error::Error for Error {}
