//! Deterministic cost checks: the parser's own size, and how many times input bytes are scanned
//! (no byte of a partial line is looked at again when more of the line arrives).

mod sse_support;

use std::mem::size_of;

use bytes::Bytes;
#[cfg(debug_assertions)]
use proptest::prelude::*;
#[cfg(debug_assertions)]
use ssejson::sse::Limits;
use ssejson::sse::{BytesEventParser, EventParser, FieldParser};

/// Debug builds carry an 8-byte scan counter used by the tests below (two in the owned layer:
/// its own and its core's).
const DEBUG_COUNTER: usize = if cfg!(debug_assertions) { 8 } else { 0 };

#[test]
fn idle_parsers_are_at_most_256_bytes() {
    assert!(
        size_of::<FieldParser>() <= 80 + DEBUG_COUNTER,
        "core: {}",
        size_of::<FieldParser>()
    );
    assert!(
        size_of::<EventParser>() <= 256 + 2 * DEBUG_COUNTER,
        "owned: {}",
        size_of::<EventParser>()
    );
    assert!(
        size_of::<BytesEventParser>() <= 256 + DEBUG_COUNTER,
        "bytes: {}",
        size_of::<BytesEventParser>()
    );
}

/// Feeds `chunks` to the core and returns how many bytes it handed to its scanning routines.
#[cfg(debug_assertions)]
fn scanned(chunks: &[&[u8]], limits: Limits) -> u64 {
    let mut parser = FieldParser::with_limits(limits);
    for chunk in chunks {
        for fragment in parser.fragments(chunk) {
            let _ = fragment;
        }
    }
    parser.debug_scanned_bytes()
}

/// One event of one 8 MiB `data` line, and the bytes `scan` reports for it in one chunk and in
/// 1,024 chunks.
#[cfg(debug_assertions)]
fn eight_mib_line_scanned(scan: fn(&[&[u8]], Limits) -> u64) -> (Vec<u8>, u64, u64) {
    let mut stream = b"data: ".to_vec();
    stream.resize(stream.len() + (8 << 20), b'x');
    stream.extend_from_slice(b"\n\n");
    let limits = Limits::default().with_max_line_len(16 << 20);
    let whole = scan(&[&stream], limits);
    let chunks = sse_support::fixed_chunks(&stream, stream.len().div_ceil(1024));
    let chunked = scan(&chunks, limits);
    (stream, whole, chunked)
}

#[cfg(debug_assertions)]
#[test]
fn eight_mib_line_in_1024_chunks_is_scanned_once() {
    let (stream, whole, chunked) = eight_mib_line_scanned(scanned);
    // Every byte once, plus the name bytes looked at before the value.
    assert!(
        whole <= stream.len() as u64 + 6,
        "whole: {whole} for {} bytes",
        stream.len()
    );
    assert!(
        chunked <= stream.len() as u64 + 6,
        "chunked: {chunked} for {} bytes",
        stream.len()
    );
}

#[cfg(debug_assertions)]
#[test]
fn one_byte_chunks_scan_each_byte_once() {
    let mut stream = Vec::new();
    for i in 0..200 {
        stream.extend_from_slice(
            format!(
                "event: e{i}\r\ndata: {}\r\n: c\r\nid: {i}\r\n\r\n",
                "y".repeat(i)
            )
            .as_bytes(),
        );
    }
    let chunked = scanned(&sse_support::fixed_chunks(&stream, 1), Limits::default());
    let whole = scanned(&[&stream], Limits::default());
    // The line scan sees each byte once; `id` values are looked at once more (for NUL).
    let bound = 2 * stream.len() as u64;
    assert!(whole <= bound, "whole: {whole} for {} bytes", stream.len());
    assert!(
        chunked <= bound,
        "1-byte chunks: {chunked} for {} bytes",
        stream.len()
    );
}

/// Feeds `chunks` to the owned layer, borrowing every item, and returns how many bytes it and
/// its core handed to their scanning routines.
#[cfg(debug_assertions)]
fn scanned_by_owned_layer(chunks: &[&[u8]], limits: Limits) -> u64 {
    let mut parser = EventParser::with_limits(limits);
    for chunk in chunks {
        parser.push(chunk);
        while parser.next_ref().is_some() {}
    }
    parser.debug_scanned_bytes()
}

/// The owned layer holds a partial last line back and so searches each chunk's end for the last
/// line terminator. Inside a line too long to hold, it searches only a little: a long line is
/// not read twice.
#[cfg(debug_assertions)]
#[test]
fn owned_layer_searches_little_of_a_long_line() {
    let (stream, whole, chunked) = eight_mib_line_scanned(scanned_by_owned_layer);
    // Once by the parser, plus at most 16 KiB searched in the one chunk, or at most 16 KiB in
    // the first chunks and 256 bytes in each later one.
    let len = stream.len() as u64;
    assert!(
        whole <= len + 6 + (16 << 10),
        "whole: {whole} for {len} bytes"
    );
    assert!(
        chunked <= len + 6 + 2 * (16 << 10) + 1024 * 256,
        "chunked: {chunked} for {len} bytes"
    );
}

#[cfg(debug_assertions)]
proptest! {
    /// In the owned layer too, whatever the input and chunking, scanning stays linear: the
    /// parser's own bound (twice: for the line end, then for a colon or an `id` value's NUL),
    /// plus one search of the bytes held back before the parser sees them.
    #[test]
    fn owned_layer_scans_are_bounded(stream in prop::collection::vec(prop::sample::select(b"data: \r\nid:x\0retry1\xC3\xA9".to_vec()), 0..400),
                                     size in 1usize..64) {
        let chunked = scanned_by_owned_layer(&sse_support::fixed_chunks(&stream, size), Limits::default());
        prop_assert!(chunked <= 3 * stream.len() as u64 + 8, "{} for {}", chunked, stream.len());
    }

    /// Whatever the input and chunking, no byte is scanned more than twice.
    #[test]
    fn scans_are_bounded(stream in prop::collection::vec(prop::sample::select(b"data: \r\nid:x\0retry1".to_vec()), 0..400),
                         size in 1usize..64) {
        let chunked = scanned(&sse_support::fixed_chunks(&stream, size), Limits::default());
        prop_assert!(chunked <= 2 * stream.len() as u64 + 8, "{} for {}", chunked, stream.len());
    }
}

/// The bytes layer hands out slices of the input: a single-line event's data points into the
/// chunk it came from. Values of up to 23 bytes are copied inline instead (cheaper than sharing,
/// and they keep no chunk alive).
#[test]
fn single_line_data_shares_the_chunk() {
    let chunk = Bytes::from_static(
        b"event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0}\n\n",
    );
    let mut parser = BytesEventParser::new();
    parser.push(chunk.clone());
    let Some(Ok(ssejson::sse::BytesItem::Event(event))) = parser.next_item() else {
        panic!("no event")
    };
    assert_eq!(event.event, "content_block_delta");
    let data = event.data.into_bytes();
    assert_eq!(&data[..], br#"{"type":"content_block_delta","index":0}"#);
    assert!(
        chunk.as_ptr_range().contains(&data.as_ptr()),
        "data was copied"
    );
}
