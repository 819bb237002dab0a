//! [`SnapshotBuilder`]: keeps a `serde_json::Value` current as tokens arrive.

use alloc::string::String;
use alloc::vec::Vec;

use serde_json::{Map, Value};

use super::error::{SnapshotError, SnapshotErrorKind};
use super::number::to_serde_number;
use super::PartialMode;
use crate::json::{Number, Token};

/// One open container, innermost last.
#[derive(Debug, Clone)]
enum Frame {
    Array,
    Object(Member),
}

/// The member of an open object that is being written, if any.
#[derive(Debug, Clone, Default)]
struct Member {
    /// The key of the member being written: set by [`Token::Key`], kept while
    /// its value is open (it is the way down to that value), cleared when the
    /// value is complete.
    key: Option<String>,
    /// True once a token of the member's value has been applied.
    value_started: bool,
}

/// A number at the end of the input, shown before its end is known.
#[derive(Debug, Clone)]
enum Provisional {
    None,
    /// The number is in the value; `displaced` is what an object member of the
    /// same key held before it (a duplicate key), restored if the number is
    /// taken out again.
    Shown {
        displaced: Option<Value>,
    },
}

/// Builds the best-effort `serde_json::Value` of a JSON document from its
/// tokens, keeping it current after every token at O(depth) cost per token.
///
/// This is the engine of [`PartialJson`](super::PartialJson), for callers who
/// drive a [`Tokenizer`](crate::json::Tokenizer) themselves: pass each
/// token to [`apply`](Self::apply), and after each fed fragment the text of
/// the number the input ends inside to
/// [`set_partial_number`](Self::set_partial_number). The rules of what the
/// snapshot shows are described in the [module docs](super).
///
/// The builder checks that the tokens form a JSON value (a token that does not
/// fit is rejected with [`SnapshotErrorKind::UnexpectedToken`] and leaves the
/// builder unchanged), limits nesting to [`max_depth`](Self::with_max_depth)
/// containers and holds the whole value: memory grows with the document.
///
/// # Example
///
/// ```
/// use serde_json::json;
/// use ssejson::json::snapshot::{PartialMode, SnapshotBuilder};
/// use ssejson::json::{Number, Token};
///
/// let mut builder = SnapshotBuilder::new(PartialMode::TrailingStrings);
/// assert_eq!(builder.value(), None);
/// for token in [
///     Token::StartObject,
///     Token::Key("city"),
///     Token::StringStart,
///     Token::StringFragment("Par"),
/// ] {
///     builder.apply(&token)?;
/// }
/// assert_eq!(builder.value(), Some(&json!({"city": "Par"})));
///
/// builder.apply(&Token::StringFragment("is"))?;
/// builder.apply(&Token::StringEnd)?;
/// builder.apply(&Token::Key("days"))?;
/// assert_eq!(builder.pending_key(), Some("days"));
/// builder.set_partial_number(Some("1"))?; // the input ends inside a number
/// assert_eq!(builder.value(), Some(&json!({"city": "Paris", "days": 1})));
///
/// builder.apply(&Token::Number(Number::new("14").unwrap()))?;
/// builder.apply(&Token::EndObject)?;
/// assert!(builder.is_complete());
/// assert_eq!(builder.into_value(), Some(json!({"city": "Paris", "days": 14})));
/// # Ok::<(), ssejson::json::snapshot::SnapshotError>(())
/// ```
#[derive(Debug, Clone)]
pub struct SnapshotBuilder {
    mode: PartialMode,
    max_depth: usize,
    root: Option<Value>,
    frames: Vec<Frame>,
    /// True between [`Token::StringStart`] and [`Token::StringEnd`].
    in_string: bool,
    /// Text of the open string not in the value: in [`PartialMode::On`] all
    /// of it, shown when the string ends; in trailing-strings mode the
    /// fragments of one fed piece, shown at [`Self::flush`] (so the way down
    /// to the string is walked once per piece, not once per fragment).
    pending_text: String,
    provisional: Provisional,
    /// True while the input ends inside a number, complete or not.
    number_started: bool,
    /// True once the top-level value is complete.
    complete: bool,
    tokens_applied: u64,
}

impl SnapshotBuilder {
    /// The default nesting limit. Dropping, comparing and printing a
    /// `serde_json::Value` recurse once per level, so the limit keeps those
    /// well inside a small thread stack.
    pub const DEFAULT_MAX_DEPTH: usize = 512;

    /// The longest unfinished number shown, in bytes of text. Converting the
    /// text costs O(its length) and happens on every fed piece that ends
    /// inside the number, so a longer one (which no `f64` or 64-bit integer
    /// needs) is left out until its token arrives: a 60 KB number fed a byte
    /// at a time then costs O(60 KB), not O((60 KB)²).
    pub const MAX_PARTIAL_NUMBER_LEN: usize = 128;

    /// An empty builder.
    pub fn new(mode: PartialMode) -> Self {
        Self::with_max_depth(mode, Self::DEFAULT_MAX_DEPTH)
    }

    /// An empty builder that rejects containers nested deeper than `max_depth`
    /// with [`SnapshotErrorKind::DepthLimitExceeded`].
    ///
    /// ```
    /// use ssejson::json::snapshot::{PartialMode, SnapshotBuilder, SnapshotErrorKind};
    /// use ssejson::json::Token;
    ///
    /// let mut builder = SnapshotBuilder::with_max_depth(PartialMode::On, 1);
    /// builder.apply(&Token::StartArray).unwrap();
    /// let err = builder.apply(&Token::StartArray).unwrap_err();
    /// assert_eq!(err.kind(), SnapshotErrorKind::DepthLimitExceeded);
    /// assert_eq!(err.offset(), 1); // the second token
    /// ```
    pub fn with_max_depth(mode: PartialMode, max_depth: usize) -> Self {
        SnapshotBuilder {
            mode,
            max_depth,
            root: None,
            frames: Vec::new(),
            in_string: false,
            pending_text: String::new(),
            provisional: Provisional::None,
            number_started: false,
            complete: false,
            tokens_applied: 0,
        }
    }

    /// The mode this builder was created with.
    #[inline]
    pub fn mode(&self) -> PartialMode {
        self.mode
    }

    /// The current snapshot, `None` while there is nothing to show. O(1).
    #[inline]
    pub fn value(&self) -> Option<&Value> {
        self.root.as_ref()
    }

    /// The snapshot, by value.
    #[inline]
    pub fn into_value(mut self) -> Option<Value> {
        self.flush();
        self.root
    }

    /// True once a whole top-level value has been applied. A top-level number
    /// is complete only when its [`Token::Number`] arrives (at the tokenizer's
    /// `finish`), as more digits could follow.
    #[inline]
    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// The key of the innermost object member whose value has not started yet
    /// (`{"a": ` gives `Some("a")`). A member whose key is still being read is
    /// not known here: [`PartialJson::pending_key`](super::PartialJson::pending_key)
    /// adds it.
    #[inline]
    pub fn pending_key(&self) -> Option<&str> {
        match self.frames.last() {
            Some(Frame::Object(Member {
                key: Some(key),
                value_started: false,
            })) if !self.number_started => Some(key),
            _ => None,
        }
    }

    /// The number of open containers.
    #[inline]
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// Forgets everything, to build the value of a new document.
    pub fn reset(&mut self) {
        *self = Self::with_max_depth(self.mode, self.max_depth);
    }

    /// Applies the next token of the document.
    ///
    /// On error the token is not applied and the builder is unchanged.
    pub fn apply(&mut self, token: &Token<'_>) -> Result<(), SnapshotError> {
        let result = self.apply_deferred(token);
        self.flush();
        result
    }

    /// Like [`apply`](Self::apply), but in trailing-strings mode a string
    /// fragment is only noted: the value shows it after [`flush`](Self::flush)
    /// (or the next `apply` or `set_partial_number`).
    #[inline]
    pub(crate) fn apply_deferred(&mut self, token: &Token<'_>) -> Result<(), SnapshotError> {
        // The bulk of a long string argument: keep this path short.
        if let (true, Token::StringFragment(fragment)) = (self.in_string, token) {
            self.pending_text.push_str(fragment);
            self.tokens_applied += 1;
            return Ok(());
        }
        self.apply_other(token)
    }

    /// The open string as shown in the value, to append fragments to
    /// directly: only in trailing-strings mode with no fragment noted and
    /// not yet shown (which must go first). O(depth).
    #[inline]
    pub(crate) fn open_string_mut(&mut self) -> Option<&mut String> {
        if !self.in_string
            || self.mode != PartialMode::TrailingStrings
            || !self.pending_text.is_empty()
        {
            return None;
        }
        match slot_mut(&mut self.root, &self.frames) {
            Some(Value::String(shown)) => Some(shown),
            _ => None,
        }
    }

    /// Counts string fragments appended through [`Self::open_string_mut`].
    #[inline]
    pub(crate) fn count_applied(&mut self, fragments: u64) {
        self.tokens_applied += fragments;
    }

    #[inline(never)]
    fn apply_other(&mut self, token: &Token<'_>) -> Result<(), SnapshotError> {
        let index = self.tokens_applied;
        self.apply_token(token, index)?;
        self.tokens_applied += 1;
        self.number_started = false;
        Ok(())
    }

    /// Tells the builder the text of the number the input currently ends
    /// inside (a [`Tokenizer`](crate::json::Tokenizer)'s `partial_number()`),
    /// or `None` when it does not end inside one.
    ///
    /// A text that is itself a complete number (`12`, `-1.5`) is shown in the
    /// snapshot where the number goes; any other (`-`, `12.`, `1e`) is not,
    /// and neither is one longer than [`Self::MAX_PARTIAL_NUMBER_LEN`].
    /// The number stays provisional: the next token (normally its
    /// [`Token::Number`]) or a later call replaces it.
    ///
    /// # Errors
    ///
    /// [`SnapshotErrorKind::UnexpectedToken`] when no value can start here,
    /// with the index the next token would have; the builder is unchanged.
    #[inline]
    pub fn set_partial_number(&mut self, text: Option<&str>) -> Result<(), SnapshotError> {
        self.flush();
        match text {
            None => {
                self.retract_provisional();
                self.number_started = false;
                Ok(())
            }
            Some(text) => self.show_partial_number(text),
        }
    }

    #[inline(never)]
    fn show_partial_number(&mut self, text: &str) -> Result<(), SnapshotError> {
        if self.in_string || !self.value_may_start() {
            return Err(SnapshotError::new(
                SnapshotErrorKind::UnexpectedToken,
                self.tokens_applied,
            ));
        }
        self.number_started = true;
        let shown = if text.len() <= Self::MAX_PARTIAL_NUMBER_LEN {
            Number::new(text).and_then(to_serde_number)
        } else {
            None
        };
        match (shown, &self.provisional) {
            (Some(number), Provisional::Shown { .. }) => {
                if let Some(slot) = self.slot_mut() {
                    *slot = Value::Number(number);
                }
            }
            (Some(number), Provisional::None) => {
                let displaced = self.place(Value::Number(number), Placement::Provisional);
                self.provisional = Provisional::Shown { displaced };
            }
            (None, _) => self.retract_provisional(),
        }
        Ok(())
    }

    fn apply_token(&mut self, token: &Token<'_>, index: u64) -> Result<(), SnapshotError> {
        let unexpected = || SnapshotError::new(SnapshotErrorKind::UnexpectedToken, index);
        if self.in_string {
            return match token {
                Token::StringFragment(fragment) => {
                    self.append_to_string(fragment);
                    Ok(())
                }
                Token::StringEnd => {
                    self.end_string();
                    Ok(())
                }
                _ => Err(unexpected()),
            };
        }
        match token {
            Token::Key(key) => {
                let Some(Frame::Object(member @ Member { key: None, .. })) = self.frames.last_mut()
                else {
                    return Err(unexpected());
                };
                member.key = Some(String::from(*key));
                member.value_started = false;
                Ok(())
            }
            Token::EndObject => match self.frames.last() {
                Some(Frame::Object(Member { key: None, .. })) => {
                    self.close_container();
                    Ok(())
                }
                _ => Err(unexpected()),
            },
            Token::EndArray => match self.frames.last() {
                Some(Frame::Array) => {
                    self.retract_provisional();
                    self.close_container();
                    Ok(())
                }
                _ => Err(unexpected()),
            },
            Token::StartObject | Token::StartArray => {
                if !self.value_may_start() {
                    return Err(unexpected());
                }
                if self.frames.len() >= self.max_depth {
                    return Err(SnapshotError::new(
                        SnapshotErrorKind::DepthLimitExceeded,
                        index,
                    ));
                }
                self.retract_provisional();
                let (value, frame) = if matches!(token, Token::StartObject) {
                    (Value::Object(Map::new()), Frame::Object(Member::default()))
                } else {
                    (Value::Array(Vec::new()), Frame::Array)
                };
                self.place(value, Placement::Open);
                self.frames.push(frame);
                Ok(())
            }
            Token::StringStart => {
                if !self.value_may_start() {
                    return Err(unexpected());
                }
                self.retract_provisional();
                self.in_string = true;
                match self.mode {
                    PartialMode::On => self.mark_value_started(),
                    PartialMode::TrailingStrings => {
                        self.place(Value::String(String::new()), Placement::Open);
                    }
                }
                Ok(())
            }
            Token::Number(number) => {
                if !self.value_may_start() {
                    return Err(unexpected());
                }
                let number = to_serde_number(*number).ok_or_else(|| {
                    SnapshotError::new(SnapshotErrorKind::NumberOutOfRange, index)
                })?;
                self.retract_provisional();
                self.place(Value::Number(number), Placement::Complete);
                Ok(())
            }
            Token::Bool(_) | Token::Null => {
                if !self.value_may_start() {
                    return Err(unexpected());
                }
                self.retract_provisional();
                let value = match token {
                    Token::Bool(b) => Value::Bool(*b),
                    _ => Value::Null,
                };
                self.place(value, Placement::Complete);
                Ok(())
            }
            _ => Err(unexpected()),
        }
    }

    /// True when a value may start at the current position.
    fn value_may_start(&self) -> bool {
        match self.frames.last() {
            None => !self.complete,
            Some(Frame::Array) => true,
            Some(Frame::Object(member)) => member.key.is_some() && !member.value_started,
        }
    }

    /// Puts `value` where the next value goes. Returns the value it replaced
    /// under a duplicate object key.
    fn place(&mut self, value: Value, placement: Placement) -> Option<Value> {
        let Some((last, outer)) = self.frames.split_last_mut() else {
            self.root = Some(value);
            if placement == Placement::Complete {
                self.complete = true;
            }
            return None;
        };
        let container = container_mut(&mut self.root, outer);
        match (last, container) {
            (Frame::Array, Some(Value::Array(items))) => {
                items.push(value);
                None
            }
            (Frame::Object(member), Some(Value::Object(map))) => {
                let key = match placement {
                    // The key remains the way down to the value.
                    Placement::Open | Placement::Provisional => member.key.clone(),
                    Placement::Complete => member.key.take(),
                };
                member.value_started = placement == Placement::Open;
                key.and_then(|key| map.insert(key, value))
            }
            // Unreachable: the tree mirrors the frames.
            _ => None,
        }
    }

    /// Records that the value of the current object member has started without
    /// placing anything (an unfinished string in [`PartialMode::On`]).
    fn mark_value_started(&mut self) {
        if let Some(Frame::Object(member)) = self.frames.last_mut() {
            member.value_started = true;
        }
    }

    /// The value being written at the innermost position: the last array
    /// item, the value of the current object member, or the root.
    fn slot_mut(&mut self) -> Option<&mut Value> {
        slot_mut(&mut self.root, &self.frames)
    }

    fn append_to_string(&mut self, fragment: &str) {
        self.pending_text.push_str(fragment);
    }

    /// Shows the string fragments noted by `apply_deferred` in trailing-strings
    /// mode.
    #[inline]
    pub(crate) fn flush(&mut self) {
        if self.mode == PartialMode::TrailingStrings && !self.pending_text.is_empty() {
            self.show_pending_text();
        }
    }

    #[inline(never)]
    fn show_pending_text(&mut self) {
        if let Some(Value::String(shown)) = slot_mut(&mut self.root, &self.frames) {
            shown.push_str(&self.pending_text);
        }
        self.pending_text.clear();
    }

    fn end_string(&mut self) {
        self.in_string = false;
        match self.mode {
            PartialMode::On => {
                let content = core::mem::take(&mut self.pending_text);
                self.place(Value::String(content), Placement::Complete);
            }
            PartialMode::TrailingStrings => {
                self.flush();
                self.value_completed();
            }
        }
    }

    /// Pops the innermost container, which is complete.
    fn close_container(&mut self) {
        self.frames.pop();
        self.value_completed();
    }

    /// The value at the innermost position (already in the tree) is complete.
    fn value_completed(&mut self) {
        match self.frames.last_mut() {
            None => self.complete = true,
            Some(Frame::Array) => {}
            Some(Frame::Object(member)) => {
                member.key = None;
                member.value_started = false;
            }
        }
    }

    /// Takes a provisionally shown number out again, restoring what it
    /// displaced.
    #[inline]
    fn retract_provisional(&mut self) {
        if matches!(self.provisional, Provisional::Shown { .. }) {
            self.retract_shown_number();
        }
    }

    #[inline(never)]
    fn retract_shown_number(&mut self) {
        let Provisional::Shown { displaced } =
            core::mem::replace(&mut self.provisional, Provisional::None)
        else {
            return;
        };
        let Some((last, outer)) = self.frames.split_last() else {
            self.root = None;
            return;
        };
        match (last, container_mut(&mut self.root, outer)) {
            (Frame::Array, Some(Value::Array(items))) => {
                items.pop();
            }
            (Frame::Object(member), Some(Value::Object(map))) => {
                let Some(key) = member.key.as_deref() else {
                    return;
                };
                match (displaced, map.get_mut(key)) {
                    // In place, so a map that keeps insertion order keeps it.
                    (Some(previous), Some(slot)) => *slot = previous,
                    _ => {
                        map.remove(key);
                    }
                }
            }
            _ => {}
        }
    }
}

/// How a placed value continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// A container or string that stays open: later tokens go into it.
    Open,
    /// A complete value.
    Complete,
    /// A number that may still grow or be taken out.
    Provisional,
}

/// The value being written at the innermost position: the last array item,
/// the value of the current object member, or the root. O(depth).
fn slot_mut<'v>(root: &'v mut Option<Value>, frames: &[Frame]) -> Option<&'v mut Value> {
    let Some((last, outer)) = frames.split_last() else {
        return root.as_mut();
    };
    match (last, container_mut(root, outer)?) {
        (Frame::Array, Value::Array(items)) => items.last_mut(),
        (Frame::Object(member), Value::Object(map)) => map.get_mut(member.key.as_deref()?),
        _ => None,
    }
}

/// Walks from the root through the open containers `outer` (all but the
/// innermost) to the innermost open container. O(depth).
fn container_mut<'v>(root: &'v mut Option<Value>, outer: &[Frame]) -> Option<&'v mut Value> {
    let mut current = root.as_mut()?;
    for frame in outer {
        current = match (frame, current) {
            (Frame::Array, Value::Array(items)) => items.last_mut()?,
            (Frame::Object(member), Value::Object(map)) => map.get_mut(member.key.as_deref()?)?,
            _ => return None,
        };
    }
    Some(current)
}
