//! Unit tests that also run without `alloc` (`cargo test --lib
//! --no-default-features`), where the fixed buffers apply.

use super::{ErrorKind, Limits, PathSegment, Token, Tokenizer};

/// Feeds `chunks` and finishes; the first error, and the number of events.
fn run(tokenizer: &mut Tokenizer, chunks: &[&[u8]]) -> (Option<(ErrorKind, u64)>, usize) {
    let mut events = 0;
    for chunk in chunks {
        if let Err(e) = tokenizer.feed(chunk).for_each(|_| events += 1) {
            return (Some((e.kind(), e.offset())), events);
        }
    }
    match tokenizer.finish().for_each(|_| events += 1) {
        Err(e) => (Some((e.kind(), e.offset())), events),
        Ok(()) => (None, events),
    }
}

/// `{"kkk…":` with `len` key bytes, nested `levels` times, then `1` and closers.
fn nested_keys(buf: &mut [u8], len: usize, levels: usize) -> usize {
    let mut at = 0;
    for level in 0..levels {
        for &b in b"{\"" {
            buf[at] = b;
            at += 1;
        }
        for _ in 0..len {
            buf[at] = b'a' + level as u8;
            at += 1;
        }
        for &b in b"\":" {
            buf[at] = b;
            at += 1;
        }
    }
    buf[at] = b'1';
    at += 1;
    for _ in 0..levels {
        buf[at] = b'}';
        at += 1;
    }
    at
}

#[test]
fn long_keys() {
    let mut buf = [0u8; 1024];
    let len = nested_keys(&mut buf, 300, 1);
    let (error, _) = run(&mut Tokenizer::new(), &[&buf[..len]]);
    if cfg!(feature = "alloc") {
        assert_eq!(error, None);
    } else {
        assert_eq!(error, Some((ErrorKind::TokenTooLong, 2 + 256)));
    }
    // Within the no-alloc maximum, split across chunks.
    let len = nested_keys(&mut buf, 250, 1);
    let (error, events) = run(&mut Tokenizer::new(), &[&buf[..100], &buf[100..len]]);
    assert_eq!((error, events), (None, 4));
}

#[test]
fn deep_nesting() {
    let mut buf = [0u8; 200];
    buf[..65].fill(b'[');
    buf[65..130].fill(b']');
    let (error, _) = run(&mut Tokenizer::new(), &[&buf[..130]]);
    if cfg!(feature = "alloc") {
        assert_eq!(error, None);
    } else {
        assert_eq!(error, Some((ErrorKind::DepthLimitExceeded, 64)));
    }
    let limits = Limits::default().max_depth(1000);
    assert!(Tokenizer::with_limits(limits).limits().max_depth >= 64);
}

#[test]
fn path_keys_beyond_the_fixed_buffer() {
    let mut buf = [0u8; 1024];
    let len = nested_keys(&mut buf, 100, 6);
    let mut tokenizer = Tokenizer::new();
    let mut tokens = tokenizer.feed(&buf[..len]);
    let mut checked = false;
    while let Some(event) = tokens.next_event() {
        let event = event.unwrap();
        if let Token::Number(_) = event.token {
            let last = event.path.last();
            if cfg!(feature = "alloc") {
                assert!(matches!(last, Some(PathSegment::Key(k)) if k.len() == 100));
            } else {
                // 6 keys of 100 bytes exceed NO_ALLOC_PATH_KEY_BYTES (512).
                assert_eq!(last, Some(PathSegment::KeyNotKept));
                let first = event.path.segments().next();
                assert!(matches!(first, Some(PathSegment::Key(k)) if k.len() == 100));
            }
            assert_eq!(event.path.len(), 6);
            checked = true;
        }
    }
    assert!(checked);
}

#[test]
fn split_number_and_escapes() {
    let mut tokenizer = Tokenizer::new();
    let chunks: [&[u8]; 5] = [b"[12", b"3.5e", b"2, \"a\\u00", b"e9\\ud83d", b"\\ude00\"]"];
    let mut text = [0u8; 16];
    let mut text_len = 0;
    let mut number_ok = false;
    for chunk in chunks {
        tokenizer
            .feed(chunk)
            .for_each(|event| match event.token {
                Token::Number(n) => number_ok = n.as_str() == "123.5e2",
                Token::StringFragment(s) => {
                    text[text_len..text_len + s.len()].copy_from_slice(s.as_bytes());
                    text_len += s.len();
                }
                _ => {}
            })
            .unwrap();
    }
    tokenizer.finish().for_each(|_| {}).unwrap();
    assert!(number_ok);
    assert_eq!(&text[..text_len], "a\u{e9}\u{1F600}".as_bytes());
    assert!(tokenizer.is_complete());
}

/// A string far longer than the buffer escapes are decoded into (2 KiB, or
/// 128 bytes without `alloc`), dense with escapes and multi-byte characters:
/// the text comes out whole under every chunking.
#[test]
fn escape_dense_string_longer_than_the_decode_buffer() {
    // (as written in JSON, decoded)
    let pieces: [(&str, &str); 9] = [
        ("\\n", "\n"),
        ("    let x = 1;", "    let x = 1;"),
        ("\\\"", "\""),
        ("é€😀", "é€😀"),
        ("\\\\", "\\"),
        ("\\u00e9\\u20ac", "é€"),
        ("\\ud83d\\ude00", "😀"),
        ("\\t", "\t"),
        (
            "a run of plain text longer than one sixteen-byte block",
            "a run of plain text longer than one sixteen-byte block",
        ),
    ];
    let mut doc = [0u8; 6000];
    let mut expected = [0u8; 6000];
    let (mut doc_len, mut expected_len) = (1, 0);
    doc[0] = b'"';
    let mut step = 0usize;
    while doc_len < 5000 {
        // Pieces in a varying order, so the buffer fills at varying points.
        let (written, decoded) = pieces[(step * 7 + step / 9) % pieces.len()];
        doc[doc_len..doc_len + written.len()].copy_from_slice(written.as_bytes());
        doc_len += written.len();
        expected[expected_len..expected_len + decoded.len()].copy_from_slice(decoded.as_bytes());
        expected_len += decoded.len();
        step += 1;
    }
    doc[doc_len] = b'"';
    doc_len += 1;
    let doc = &doc[..doc_len];
    for size in [doc_len, 1, 2, 7, 64, 127, 128, 129, 1000] {
        let mut tokenizer = Tokenizer::new();
        let mut text = [0u8; 6000];
        let mut text_len = 0;
        for chunk in doc.chunks(size) {
            tokenizer
                .feed(chunk)
                .for_each(|event| {
                    if let Token::StringFragment(s) = event.token {
                        text[text_len..text_len + s.len()].copy_from_slice(s.as_bytes());
                        text_len += s.len();
                    }
                })
                .unwrap();
        }
        tokenizer.finish().for_each(|_| {}).unwrap();
        assert!(tokenizer.is_complete());
        assert_eq!(
            &text[..text_len],
            &expected[..expected_len],
            "chunks of {size}"
        );
    }
}
