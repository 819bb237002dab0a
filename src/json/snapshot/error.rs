//! The error of snapshot building.

use core::fmt;

/// What went wrong while building a snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotErrorKind {
    /// A token that cannot continue the value built so far, such as a
    /// [`Token::EndArray`](crate::json::Token::EndArray) while an object is
    /// open or a second top-level value. Only a [`SnapshotBuilder`] fed by
    /// hand sees this; the tokenizer never produces such a sequence.
    ///
    /// [`SnapshotBuilder`]: super::SnapshotBuilder
    UnexpectedToken,
    /// A number whose magnitude is too large for an `f64`, such as `1e400`.
    /// It is valid JSON, but `serde_json::Value` cannot hold it (and
    /// `serde_json::from_slice` rejects it too).
    NumberOutOfRange,
    /// Containers nested deeper than the builder's limit
    /// ([`SnapshotBuilder::DEFAULT_MAX_DEPTH`] unless configured).
    ///
    /// [`SnapshotBuilder::DEFAULT_MAX_DEPTH`]: super::SnapshotBuilder::DEFAULT_MAX_DEPTH
    DepthLimitExceeded,
}

impl fmt::Display for SnapshotErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SnapshotErrorKind::UnexpectedToken => "token does not continue the value",
            SnapshotErrorKind::NumberOutOfRange => "number out of the range of f64",
            SnapshotErrorKind::DepthLimitExceeded => "nesting depth limit exceeded",
        })
    }
}

/// An error from a [`SnapshotBuilder`](super::SnapshotBuilder): its kind and
/// where it happened.
///
/// The builder sees tokens, not bytes, so [`SnapshotError::offset`] counts
/// tokens: it is the zero-based index of the offending token among those
/// applied since the builder was created or reset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError {
    kind: SnapshotErrorKind,
    offset: u64,
}

impl SnapshotError {
    #[cold]
    #[inline(never)]
    pub(crate) fn new(kind: SnapshotErrorKind, offset: u64) -> Self {
        SnapshotError { kind, offset }
    }

    /// What went wrong.
    #[inline]
    pub fn kind(&self) -> SnapshotErrorKind {
        self.kind
    }

    /// The index of the token that could not be applied.
    #[inline]
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at token {}", self.kind, self.offset)
    }
}

impl core::error::Error for SnapshotError {}
