//! Resource limits of the tokenizer.

/// Deepest nesting the tokenizer accepts without the `alloc` feature, whatever
/// [`Limits::max_depth`] says.
pub const NO_ALLOC_MAX_DEPTH: usize = 64;

/// Longest key or number (in input bytes) the tokenizer accepts without the
/// `alloc` feature, whatever [`Limits::max_token_len`] says.
pub const NO_ALLOC_MAX_TOKEN_LEN: usize = 256;

/// Bytes of object keys the path keeps without the `alloc` feature; members
/// whose key does not fit show as [`PathSegment::KeyNotKept`](super::PathSegment::KeyNotKept).
pub const NO_ALLOC_PATH_KEY_BYTES: usize = 512;

/// Bounds on what a [`Tokenizer`](super::Tokenizer) accepts, and whether it
/// reads one value or a sequence.
///
/// Memory use is bounded by these limits, never by the input length: the
/// tokenizer holds one entry per open container (at most `max_depth`), the
/// keys along the current path (at most `max_depth * max_token_len` bytes),
/// one partially received key or number (at most `max_token_len` bytes) and a
/// few hundred bytes of fixed buffers.
///
/// # Example
///
/// ```
/// use ssejson::json::{Limits, Tokenizer};
///
/// let limits = Limits::default().max_depth(16).max_token_len(1024).multiple_values(true);
/// assert_eq!(limits.max_depth, 16);
/// let _tokenizer = Tokenizer::with_limits(limits);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// Deepest nesting of arrays and objects (default 128). `0` accepts
    /// scalars only. Capped at [`NO_ALLOC_MAX_DEPTH`] without `alloc`.
    pub max_depth: usize,
    /// Longest object key or number, counted in input bytes between the
    /// quotes (escapes count as written) or of the number text (default
    /// 64 KiB). String values are streamed and have no limit. Capped at
    /// [`NO_ALLOC_MAX_TOKEN_LEN`] without `alloc`.
    pub max_token_len: usize,
    /// Accept a sequence of top-level values separated by optional whitespace
    /// (NDJSON style) instead of exactly one (default `false`). A top-level
    /// number must then be followed by whitespace or the end of input.
    pub multiple_values: bool,
}

impl Limits {
    /// The defaults: depth 128, tokens up to 64 KiB, one top-level value.
    pub const fn new() -> Self {
        Limits {
            max_depth: 128,
            max_token_len: 64 * 1024,
            multiple_values: false,
        }
    }

    /// Sets [`Limits::max_depth`].
    #[must_use]
    pub const fn max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// Sets [`Limits::max_token_len`].
    #[must_use]
    pub const fn max_token_len(mut self, max_token_len: usize) -> Self {
        self.max_token_len = max_token_len;
        self
    }

    /// Sets [`Limits::multiple_values`].
    #[must_use]
    pub const fn multiple_values(mut self, multiple_values: bool) -> Self {
        self.multiple_values = multiple_values;
        self
    }

    /// The limits as enforced in this build (capped without `alloc`).
    pub(crate) fn effective(self) -> Self {
        #[cfg(not(feature = "alloc"))]
        {
            Limits {
                max_depth: self.max_depth.min(NO_ALLOC_MAX_DEPTH),
                max_token_len: self.max_token_len.min(NO_ALLOC_MAX_TOKEN_LEN),
                multiple_values: self.multiple_values,
            }
        }
        #[cfg(feature = "alloc")]
        {
            self
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new()
    }
}
