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
    doc = "* [`EventParser`] (`alloc`): push `&[u8]`, pull events, comments and retries: borrowed \
           ([`EventParser::next_ref`], nothing allocated per event) or owned ([`Event`])."
)]
#![cfg_attr(
    not(feature = "alloc"),
    doc = "* `EventParser` (`alloc`): push `&[u8]`, pull events, comments and retries: borrowed \
           (nothing allocated per event) or owned."
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
//! # Choosing a layer
//!
//! The core is the fastest and needs nothing, but hands out a value split across chunks in
//! pieces: a caller without an allocator keeps them where it likes (a fixed buffer, a ring), or
//! acts on them as they come. That is the trade-off of holding no input: no buffer to size, no
//! copy, at the price of joining pieces yourself. [`FieldParser::data_len`] tells how far to roll
//! a joined data buffer back after an error.
//!
//! The event layers join for you. The owned one copies each chunk once into its input buffer,
//! checking it as UTF-8 on the way in, and keeps an event's `data` line there even when it
//! arrives in several chunks: its borrowed items are views of that buffer (the fastest way to
//! consume events when each is handled before the next is pulled), its owned items copy them
//! into `String`s. The `bytes` one shares the input: a value inside one chunk is a slice of it,
//! values of up to 23 bytes are copied inline (cheaper than a shared reference), and only values
//! split across chunks or events of several `data` lines are copied; its text is checked when
//! read. Neither allocates per event in steady state beyond what its events own.
//!
//! Idle sizes: the core is 72 bytes, each event layer at most 256 (plus 8 per test-only scan
//! counter in debug builds). The core scans every input byte for line ends once, however the
//! stream is chunked; a partial line is never rescanned. The owned layer also searches the end
//! of each chunk for its last line end, to hold a partial last line back until it is whole: at
//! most 16 KiB of it, and 256 bytes when the chunk goes on with a line too long to hold. Each
//! byte is searched for line ends twice at most.
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
mod input;
#[cfg(feature = "alloc")]
mod owned;
#[cfg(feature = "bytes")]
mod shared;
#[cfg(feature = "bytes")]
mod text;

#[cfg(feature = "alloc")]
pub use owned::{Event, EventParser, EventRef, Item, ItemRef, Items};
#[cfg(feature = "bytes")]
pub use shared::{BytesEvent, BytesEventParser, BytesItem, BytesItems};
#[cfg(feature = "bytes")]
pub use text::Text;
