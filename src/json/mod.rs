//! Streaming JSON tokenizer for tool-call argument fragments.
//!
//! LLM APIs stream the JSON arguments of a tool call as string fragments
//! (Anthropic `input_json_delta.partial_json`, OpenAI
//! `function.arguments`). Re-parsing the accumulated buffer on every fragment
//! costs O(n²); a [`Tokenizer`] instead takes each fragment once, at O(fragment)
//! cost, and tells at every token which [`Path`] is being written.
//!
//! * Push API: [`Tokenizer::feed`] any split of the input, including one byte
//!   at a time; [`Tokenizer::finish`] at the end.
//! * Zero-copy: string content is streamed as [`Token::StringFragment`]s
//!   borrowed from the fed chunk up to the first escape (a run of at most 64
//!   bytes right before an escape is copied instead, to save an event).
//!   Escapes are decoded into a small buffer, and the text that follows them
//!   joins that buffer
//!   until it is full (2048 bytes, 128 without `alloc`), so escape-dense text
//!   costs one event per buffer rather than two per escape. A fragment never
//!   splits a UTF-8 character, and fragment boundaries depend on the
//!   chunking (their concatenation does not).
//! * Strict RFC 8259, identical under every chunking: errors are typed
//!   ([`ErrorKind`]) and carry the offset of the offending byte.
//! * Bounded memory ([`Limits`]): nesting depth and the longest key or number.
//!
//! Without the `alloc` feature the tokenizer works in fixed buffers:
//! [`NO_ALLOC_MAX_DEPTH`] levels, keys and numbers up to
//! [`NO_ALLOC_MAX_TOKEN_LEN`] bytes, and path keys up to
//! [`NO_ALLOC_PATH_KEY_BYTES`] bytes in total (members beyond show as
//! [`PathSegment::KeyNotKept`]). Those buffers are re-checked as UTF-8 when
//! read (a few hundred bytes at most), since `str` views of fixed arrays need
//! either that or `unsafe`.
//!
//! # Example
//!
//! ```
//! use ssejson::json::{Token, Tokenizer};
//!
//! // Fragments as a model streams them: boundaries fall anywhere.
//! let fragments = [r#"{"location": "Par"#, r#"is, Fr"#, r#"ance", "unit": "cel"#, r#"sius"}"#];
//!
//! let mut tokenizer = Tokenizer::new();
//! let mut location = String::new();
//! for fragment in fragments {
//!     let mut tokens = tokenizer.feed(fragment.as_bytes());
//!     while let Some(event) = tokens.next_event() {
//!         let event = event?;
//!         println!("{:>10} {:?}", event.path.to_string(), event.token);
//!         if let Token::StringFragment(text) = event.token {
//!             if event.path.to_string() == "/location" {
//!                 location.push_str(text); // render it as it arrives
//!             }
//!         }
//!     }
//! }
//! let mut tokens = tokenizer.finish();
//! while let Some(event) = tokens.next_event() {
//!     event?;
//! }
//! assert_eq!(location, "Paris, France");
//! # Ok::<(), ssejson::json::Error>(())
//! ```

mod buf;
mod error;
mod limits;
mod path;
mod scan;
mod token;
mod tokenizer;

#[cfg(test)]
mod tests;

pub use error::{Error, ErrorKind};
pub use limits::{Limits, NO_ALLOC_MAX_DEPTH, NO_ALLOC_MAX_TOKEN_LEN, NO_ALLOC_PATH_KEY_BYTES};
pub use path::{Path, PathSegment, Segments};
pub use token::{Number, Token};
pub use tokenizer::{Event, Tokenizer, Tokens};

#[cfg(feature = "serde_json")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde_json")))]
pub mod snapshot;
