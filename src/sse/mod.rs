//! Server-Sent Events (`text/event-stream`) parsing.
//!
//! Follows the WHATWG HTML "event stream interpretation" to the letter, under any chunking:
//! CRLF, LF and CR line ends (a CRLF split across chunks is one terminator), one leading BOM
//! skipped, comments exposed, `id` values with NUL ignored, `retry` only from ASCII digits, the
//! pending event discarded (and reported) when the stream ends inside it.
//!
//! Three layers share one state machine:
//!
//! * [`FieldParser`] (no allocator): chunks in, borrowed [`Fragment`]s out. Holds no input; a
//!   value split across chunks comes in pieces.
#![cfg_attr(
    feature = "alloc",
    doc = "* [`EventParser`] (`alloc`): push `&[u8]`, pull owned [`Event`]s, comments and retries."
)]
#![cfg_attr(
    not(feature = "alloc"),
    doc = "* `EventParser` (`alloc`): push `&[u8]`, pull owned events, comments and retries."
)]
#![cfg_attr(
    feature = "bytes",
    doc = "* [`BytesEventParser`] (`bytes`): push [`bytes::Bytes`], pull events whose fields share the input."
)]
#![cfg_attr(
    not(feature = "bytes"),
    doc = "* `BytesEventParser` (`bytes`): push `bytes::Bytes`, pull events whose fields share the input."
)]
//!
//! # Text
//!
//! Lines are split on bytes; each field value is then decoded as UTF-8 with replacement (every
//! maximal invalid subpart becomes U+FFFD, as the WHATWG decoder and
//! `String::from_utf8_lossy` do). This equals decoding the whole stream first, because an
//! invalid sequence never swallows an ASCII byte. Valid text is never copied to be checked.
//!
//! # Limits
//!
//! Every parser enforces [`Limits`] (lines 1 MiB, event data 16 MiB by default). Exceeding one
//! yields an [`Error`] with the offset of the offending line; the parser then goes on as
//! [`ErrorKind`] describes, and its memory never grows past the limits.

mod error;
mod fields;

pub use error::{Error, ErrorKind, Limits};
pub use fields::{FieldParser, Fragment, Fragments, Piece, StreamEnd};
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "bytes")]
mod shared;

#[cfg(feature = "alloc")]
pub use owned::{Event, EventParser, Item, Items};
#[cfg(feature = "bytes")]
pub use shared::{BytesEvent, BytesEventParser, BytesItem, BytesItems, Text};
