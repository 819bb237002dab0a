//! Partial-value snapshots: the best-effort `serde_json::Value` of a JSON
//! document that is still arriving.
//!
//! [`PartialJson`] owns a [`Tokenizer`](crate::json::Tokenizer) and a
//! [`SnapshotBuilder`]; after every fed fragment, [`PartialJson::value`] is the
//! value of the input so far. Each token updates the value in place at
//! O(depth) cost (a string fragment is appended to the `String` already in
//! the tree), so keeping the snapshot current costs O(size of the fragment)
//! per fragment, never a re-parse, and reading it is O(1).
//!
//! # What a snapshot shows
//!
//! The rules are those of `jiter`'s partial modes, at the top level too:
//!
//! | input so far | [`PartialMode::On`] | [`PartialMode::TrailingStrings`] |
//! |---|---|---|
//! | (nothing), `tr`, `-`, `12.` | none | none |
//! | `{"a`, `{"a":` | `{}` | `{}` |
//! | `{"a": [` | `{"a": []}` | `{"a": []}` |
//! | `[1, 2,` | `[1, 2]` | `[1, 2]` |
//! | `[12`, `[-12.5` | `[12]`, `[-12.5]` | `[12]`, `[-12.5]` |
//! | `[-`, `[12.`, `[1e`, `[-12.5e` | `[]` | `[]` |
//! | `[tr`, `[nul` | `[]` | `[]` |
//! | `{"a": "x\u00` | `{}` | `{"a": "x"}` |
//! | `"ab` | none | `"ab"` |
//!
//! * A member is left out while its key is incomplete or its value has not
//!   started; containers appear as soon as they open, with what they hold.
//! * A number at the end of the input is shown when its text so far is itself
//!   a complete number and left out when it is not. It may still grow: `12`
//!   shows 12, and a following `3` makes it 123. (To keep the cost per fed
//!   piece bounded, an unfinished number longer than
//!   [`SnapshotBuilder::MAX_PARTIAL_NUMBER_LEN`] bytes is left out until it
//!   ends.)
//! * `true`, `false` and `null` are shown only when complete.
//! * [`PartialMode::On`] leaves out an unfinished string;
//!   [`PartialMode::TrailingStrings`] shows its content so far, without an
//!   unfinished escape or UTF-8 sequence (a high surrogate escape waiting for
//!   its pair is unfinished).
//! * Keys are unescaped; a repeated key replaces the earlier member (the last
//!   one wins, as in `serde_json`), but only once its value shows: in
//!   `{"a": 1, "a": "x` under [`PartialMode::On`] the snapshot is still
//!   `{"a": 1}`.
//!
//! Numbers are converted from their exact text the way `serde_json` parses
//! them, so the snapshot of a whole document equals
//! `serde_json::from_slice::<Value>` of it: integers within `u64` or `i64`
//! stay integers, everything else becomes `serde_json`'s `f64`.
//!
//! # Differences from jiter
//!
//! On every prefix of a valid document the snapshots equal
//! `jiter::JsonValue::parse_with_config(prefix, false, mode)` converted to a
//! `serde_json::Value`, except where jiter and `serde_json` disagree about the
//! value of a number; there the snapshot follows `serde_json`:
//!
//! * `-0` is the float `-0.0` here (as in `serde_json`), the integer `0` in
//!   jiter.
//! * An integer beyond `u64`/`i64` is an `f64` here, a big integer in jiter.
//! * A decimal number with more significant digits than an `f64` holds is
//!   rounded by `serde_json`'s float parser, which without its
//!   `float_roundtrip` feature can differ from jiter's correctly rounded
//!   result in the last bit. (Numbers are converted by `serde_json` itself,
//!   so a finished snapshot equals `serde_json::from_slice` of the whole
//!   document, whichever `serde_json` features the build enables.)
//!
//! * An unfinished number longer than
//!   [`SnapshotBuilder::MAX_PARTIAL_NUMBER_LEN`] bytes at the end of the input
//!   is left out here, shown by jiter.
//!
//! jiter also accepts some input that is not JSON (`[1 2` gives `[1]`); a
//! [`PartialJson`] reports a syntax error instead.
//!
//! # Example
//!
//! ```
//! use serde_json::json;
//! use ssejson::json::snapshot::{PartialJson, PartialMode};
//!
//! let mut partial = PartialJson::new(PartialMode::TrailingStrings);
//! partial.feed(br#"{"location": "San Fr"#)?;
//! assert_eq!(partial.value(), Some(&json!({"location": "San Fr"})));
//! partial.feed(br#"ancisco", "unit": "cel"#)?;
//! assert_eq!(partial.value(), Some(&json!({"location": "San Francisco", "unit": "cel"})));
//! partial.feed(br#"sius"}"#)?;
//! partial.finish()?;
//! assert!(partial.is_complete());
//! # Ok::<(), ssejson::json::snapshot::PartialJsonError>(())
//! ```

mod builder;
mod error;
mod number;
mod partial;

pub use builder::SnapshotBuilder;
pub use error::{SnapshotError, SnapshotErrorKind};
pub use partial::{PartialJson, PartialJsonError, PartialJsonErrorKind};

/// Which unfinished values a snapshot shows; see the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialMode {
    /// Leave out an unfinished string (jiter's `PartialMode::On`).
    On,
    /// Show an unfinished string's content so far (jiter's
    /// `PartialMode::TrailingStrings`).
    TrailingStrings,
}
