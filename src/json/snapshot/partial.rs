//! [`PartialJson`]: a tokenizer and a snapshot builder, fed together.

use core::fmt;

use serde_json::Value;

use super::builder::SnapshotBuilder;
use super::error::SnapshotErrorKind;
use super::PartialMode;
use crate::json::{Error, ErrorKind, Event, Limits, Path, Token, Tokenizer, Tokens};

/// The best-effort value of one JSON document fed in fragments.
///
/// Each [`feed`](Self::feed) tokenizes the fragment and applies the tokens to
/// the snapshot, at a cost proportional to the fragment (times the nesting
/// depth), never re-parsing what came before. [`value`](Self::value) is O(1).
/// See the [module docs](super) for what a snapshot shows.
///
/// After an error the snapshot keeps the value of the input before the
/// offending token, and every later `feed` or `finish` returns the same
/// error; [`reset`](Self::reset) starts over.
///
/// # Example
///
/// ```
/// use serde_json::json;
/// use ssejson::json::snapshot::{PartialJson, PartialMode};
///
/// let mut partial = PartialJson::new(PartialMode::On);
/// partial.feed(br#"{"query": "rust", "limit": 1"#)?;
/// assert_eq!(partial.value(), Some(&json!({"query": "rust", "limit": 1})));
/// assert_eq!(partial.path().to_string(), "/limit");
/// partial.feed(br#"0, "tags": ["#)?;
/// assert_eq!(partial.value(), Some(&json!({"query": "rust", "limit": 10, "tags": []})));
/// partial.feed(br#""web"], "#)?;
/// assert!(!partial.is_complete());
/// partial.feed(br#""sort"#)?;
/// assert_eq!(partial.pending_key(), Some("sort"));
/// partial.feed(br#"": "date"}"#)?;
/// partial.finish()?;
/// assert!(partial.is_complete());
/// let value = partial.into_value().unwrap();
/// assert_eq!(value["sort"], "date");
/// # Ok::<(), ssejson::json::snapshot::PartialJsonError>(())
/// ```
#[derive(Debug)]
pub struct PartialJson {
    tokenizer: Tokenizer,
    builder: SnapshotBuilder,
    failed: Option<PartialJsonError>,
}

impl PartialJson {
    /// A snapshot of nothing yet, with the tokenizer's default limits.
    pub fn new(mode: PartialMode) -> Self {
        PartialJson {
            tokenizer: Tokenizer::new(),
            builder: SnapshotBuilder::new(mode),
            failed: None,
        }
    }

    /// A snapshot of nothing yet, with the given tokenizer limits.
    ///
    /// A snapshot is the value of one document, so
    /// [`Limits::multiple_values`] is turned off. Nesting beyond
    /// [`SnapshotBuilder::DEFAULT_MAX_DEPTH`] is rejected by the snapshot even
    /// if `limits` allow it.
    ///
    /// ```
    /// use ssejson::json::snapshot::{PartialJson, PartialMode};
    /// use ssejson::json::Limits;
    ///
    /// let partial = PartialJson::with_limits(PartialMode::On, Limits::default());
    /// assert_eq!(partial.value(), None);
    /// ```
    pub fn with_limits(mode: PartialMode, limits: Limits) -> Self {
        PartialJson {
            tokenizer: Tokenizer::with_limits(limits.multiple_values(false)),
            builder: SnapshotBuilder::new(mode),
            failed: None,
        }
    }

    /// The mode this snapshot was created with.
    #[inline]
    pub fn mode(&self) -> PartialMode {
        self.builder.mode()
    }

    /// Feeds the next fragment of the document and brings the snapshot up to
    /// date.
    ///
    /// # Errors
    ///
    /// Invalid JSON, an exceeded tokenizer limit, or a value the snapshot
    /// cannot hold (see [`PartialJsonErrorKind`]), with its byte offset.
    pub fn feed(&mut self, fragment: &[u8]) -> Result<(), PartialJsonError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        if self.tokenizer.in_plain_string_value() {
            if let Some(shown) = self.builder.open_string_mut() {
                // The usual piece of a long string: decoded straight onto
                // the shown text, one walk down the tree, no events.
                if self.tokenizer.append_string_chunk(fragment, shown) {
                    self.builder.count_applied(1);
                    return Ok(());
                }
            }
        }
        let result = apply_all(&mut self.builder, self.tokenizer.feed(fragment));
        self.builder.flush();
        let result = result.and_then(|()| {
            self.builder
                .set_partial_number(self.tokenizer.partial_number())
                .map_err(|e| PartialJsonError::snapshot(e.kind(), self.tokenizer.offset()))
        });
        self.remember(result)
    }

    /// Declares the end of the input: a number at the very end is complete.
    ///
    /// # Errors
    ///
    /// As [`feed`](Self::feed), and when the document is incomplete.
    ///
    /// ```
    /// use ssejson::json::snapshot::{PartialJson, PartialMode};
    ///
    /// let mut partial = PartialJson::new(PartialMode::On);
    /// partial.feed(b"[1, 2").unwrap();
    /// assert!(partial.finish().is_err());
    /// assert_eq!(partial.value(), Some(&serde_json::json!([1, 2])));
    /// ```
    pub fn finish(&mut self) -> Result<(), PartialJsonError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        let result = apply_all(&mut self.builder, self.tokenizer.finish());
        self.builder.flush();
        let result = result.and_then(|()| {
            self.builder
                .set_partial_number(None)
                .map_err(|e| PartialJsonError::snapshot(e.kind(), self.tokenizer.offset()))
        });
        self.remember(result)
    }

    fn remember(&mut self, result: Result<(), PartialJsonError>) -> Result<(), PartialJsonError> {
        if let Err(error) = &result {
            self.failed = Some(error.clone());
        }
        result
    }

    /// The current snapshot, `None` while there is nothing to show. O(1).
    #[inline]
    pub fn value(&self) -> Option<&Value> {
        self.builder.value()
    }

    /// The snapshot, by value.
    #[inline]
    pub fn into_value(self) -> Option<Value> {
        self.builder.into_value()
    }

    /// True once the whole top-level value has arrived. A top-level number
    /// is complete only after [`finish`](Self::finish).
    #[inline]
    pub fn is_complete(&self) -> bool {
        self.builder.is_complete()
    }

    /// The key of the innermost object member whose value has not started:
    /// a key being read (`{"ci` gives `ci`, decoded so far) or a whole key
    /// waiting for its value (`{"city": `). The tokenizer reports `true`,
    /// `false` and `null` whole, so while one is being read (`{"ok": tr`) its
    /// key still counts as pending.
    #[inline]
    pub fn pending_key(&self) -> Option<&str> {
        self.builder
            .pending_key()
            .or_else(|| self.tokenizer.partial_key())
    }

    /// The JSON Pointer of the value being written (see
    /// [`Tokenizer::path`]).
    #[inline]
    pub fn path(&self) -> Path<'_> {
        self.tokenizer.path()
    }

    /// The number of bytes fed so far.
    #[inline]
    pub fn offset(&self) -> u64 {
        self.tokenizer.offset()
    }

    /// Forgets everything, to take a new document.
    pub fn reset(&mut self) {
        self.tokenizer.reset();
        self.builder.reset();
        self.failed = None;
    }
}

/// Applies every event of `tokens` to `builder`.
///
/// A run of string fragments is appended straight to the string shown in
/// the value, found once per run: a long argument fed in small pieces then
/// costs one walk down the tree per piece and one copy per byte.
fn apply_all(
    builder: &mut SnapshotBuilder,
    mut tokens: Tokens<'_, '_>,
) -> Result<(), PartialJsonError> {
    while let Some(event) = tokens.next_event() {
        let event = event.map_err(PartialJsonError::from)?;
        if let Token::StringFragment(fragment) = event.token {
            if let Some(shown) = builder.open_string_mut() {
                shown.push_str(fragment);
                let mut appended = 1;
                let next = loop {
                    match tokens.next_event() {
                        Some(Ok(Event {
                            token: Token::StringFragment(fragment),
                            ..
                        })) => {
                            shown.push_str(fragment);
                            appended += 1;
                        }
                        next => break next,
                    }
                };
                builder.count_applied(appended);
                let Some(event) = next else {
                    return Ok(());
                };
                let event = event.map_err(PartialJsonError::from)?;
                builder
                    .apply_deferred(&event.token)
                    .map_err(|e| PartialJsonError::snapshot(e.kind(), event.offset))?;
                continue;
            }
        }
        builder
            .apply_deferred(&event.token)
            .map_err(|e| PartialJsonError::snapshot(e.kind(), event.offset))?;
    }
    Ok(())
}

/// What went wrong in a [`PartialJson`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PartialJsonErrorKind {
    /// The tokenizer rejected the input (invalid or incomplete JSON, or a
    /// limit).
    Json(ErrorKind),
    /// The snapshot cannot hold the value (a number beyond `f64`, or nesting
    /// beyond [`SnapshotBuilder::DEFAULT_MAX_DEPTH`]).
    Snapshot(SnapshotErrorKind),
}

/// An error from a [`PartialJson`]: its kind and the byte offset of the input
/// where it was detected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialJsonError {
    kind: PartialJsonErrorKind,
    offset: u64,
}

impl PartialJsonError {
    #[cold]
    #[inline(never)]
    fn snapshot(kind: SnapshotErrorKind, offset: u64) -> Self {
        PartialJsonError {
            kind: PartialJsonErrorKind::Snapshot(kind),
            offset,
        }
    }

    /// What went wrong.
    #[inline]
    pub fn kind(&self) -> PartialJsonErrorKind {
        self.kind
    }

    /// The byte offset in the input.
    #[inline]
    pub fn offset(&self) -> u64 {
        self.offset
    }
}

impl From<Error> for PartialJsonError {
    #[cold]
    #[inline(never)]
    fn from(error: Error) -> Self {
        PartialJsonError {
            kind: PartialJsonErrorKind::Json(error.kind()),
            offset: error.offset(),
        }
    }
}

impl fmt::Display for PartialJsonErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PartialJsonErrorKind::Json(kind) => f.write_str(kind.as_str()),
            PartialJsonErrorKind::Snapshot(kind) => write!(f, "{kind}"),
        }
    }
}

impl fmt::Display for PartialJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset)
    }
}

impl core::error::Error for PartialJsonError {}
