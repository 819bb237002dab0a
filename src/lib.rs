//! `ssejson`: the parsing core for streamed LLM responses.
//!
//! * [`sse`]: an incremental, zero-copy `text/event-stream` parser that follows
//!   the WHATWG "event stream interpretation" to the letter under any chunking,
//!   with bounded memory.
//! * [`json`]: a streaming JSON tokenizer that turns tool-call argument
//!   fragments into tokens with their paths, at O(delta) cost per fragment.
//!
//! # Features
//!
//! | feature      | default | adds |
//! |--------------|---------|------|
//! | `std`        | yes     | `std::error::Error` impls; implies `alloc` |
//! | `alloc`      | via std | owned events, growable buffers, JSON path keys |
//! | `bytes`      | no      | zero-copy events sharing the input `bytes::Bytes` |
//! | `serde_json` | no      | partial-value snapshots as `serde_json::Value` |
//!
//! With `--no-default-features` the crate needs neither `std` nor `alloc`.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod json;
pub mod sse;

// The README's examples are compiled and run as doctests.
#[cfg(all(doctest, feature = "bytes"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
