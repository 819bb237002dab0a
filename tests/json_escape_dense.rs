//! Escape-dense strings several times longer than the buffer the tokenizer
//! decodes escapes into: the path that gathers escapes and the plain runs
//! between them must give the events (fragments merged) and errors of the
//! naive reference under every chunking, wherever that buffer fills up, and
//! the text serde_json decodes.

mod json_support;

use json_support::{naive, rebuild, split_at, split_by_sizes, tokenize, tokenize_chunks, Outcome};
use proptest::prelude::*;
use ssejson::json::{ErrorKind, Limits};

/// String content as written in JSON: escapes of every kind, raw characters
/// of every UTF-8 length, and plain runs of assorted lengths.
const PIECES: &[&str] = &[
    r"\n",
    r"\t",
    r#"\""#,
    r"\\",
    r"\/",
    r"\b",
    r"\f",
    r"\r",
    r"\u0041",
    r"\u00e9",
    r"\u20ac",
    r"\ud83d\ude00",
    "é",
    "€",
    "😀",
    "a",
    "bc",
    "    ",
    "let x = 1;",
    "fn main() -> Option<usize> {",
    "// a comment that runs on for a while, longer than one block",
];

/// `{"path":"x","content":"<content>"}`.
fn document(content: &str) -> Vec<u8> {
    format!(r#"{{"path":"x","content":"{content}"}}"#).into_bytes()
}

/// Deterministic content of at least `min_len` bytes from `PIECES`.
fn content_from_seed(seed: u64, min_len: usize) -> String {
    pieces_from_seed(seed, min_len).concat()
}

/// The pieces of `content_from_seed`.
fn pieces_from_seed(seed: u64, min_len: usize) -> Vec<&'static str> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut pieces = Vec::new();
    let mut len = 0;
    while len < min_len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let piece = PIECES[(state % PIECES.len() as u64) as usize];
        pieces.push(piece);
        len += piece.len();
    }
    pieces
}

/// One-shot agrees with the naive reference, and these chunkings with
/// one-shot; returns the one-shot outcome.
fn check_chunkings(doc: &[u8], sizes: &[&[usize]]) -> Outcome {
    let limits = Limits::default();
    let whole = tokenize(limits, doc);
    assert_eq!(
        whole,
        naive::run(limits, doc),
        "one-shot vs naive: {}",
        String::from_utf8_lossy(doc)
    );
    for sizes in sizes {
        let chunked = tokenize_chunks(limits, &split_by_sizes(doc, sizes));
        assert_eq!(chunked, whole, "chunk sizes {sizes:?}");
    }
    whole
}

const CHUNK_SIZES: &[&[usize]] = &[
    &[1],
    &[2],
    &[3],
    &[5],
    &[16],
    &[17],
    &[64],
    &[2047],
    &[4096],
    &[7, 1, 30, 2],
];

/// The decoded text of the document's `content`, per serde_json.
fn serde_content(doc: &[u8]) -> serde_json::Value {
    serde_json::from_slice(doc).expect("valid document")
}

#[test]
fn long_escape_dense_strings_agree_with_the_reference() {
    for seed in 1..=6 {
        let doc = document(&content_from_seed(seed, 7000));
        let whole = check_chunkings(&doc, CHUNK_SIZES);
        assert!(whole.is_ok(), "seed {seed}: {:?}", whole.error);
        assert_eq!(rebuild(&whole.events), Some(serde_content(&doc)));
        // Two chunks, split anywhere (at a stride, to stay quick).
        for split in (0..=doc.len()).step_by(41 + seed as usize) {
            let chunked = tokenize_chunks(Limits::default(), &split_at(&doc, &[split]));
            assert_eq!(chunked, whole, "seed {seed}, split at {split}");
        }
    }
}

/// The buffer fills up at every position relative to an escape and to the
/// characters of the plain run after it.
#[test]
fn the_buffer_fills_at_every_alignment() {
    let runs = [
        String::new(),
        "y".into(),
        "yy".into(),
        "yyy".into(),
        "y".repeat(15),
        "y".repeat(16),
        "y".repeat(17),
        "y".repeat(31),
        "y".repeat(33),
        "y".repeat(64),
        "y".repeat(65),
        "é".repeat(7),
        "y€".repeat(5),
        "😀y".repeat(3),
    ];
    for pad in 0..6 {
        for run in &runs {
            for escape in [r"\n", r"\u00e9", r"\u20ac"] {
                let mut content = "x".repeat(pad);
                while content.len() < 5000 {
                    content.push_str(escape);
                    content.push_str(run);
                }
                let doc = document(&content);
                let whole = check_chunkings(&doc, &[&[1], &[3], &[64], &[2049]]);
                assert!(whole.is_ok(), "pad {pad}, run {run:?}: {:?}", whole.error);
                assert_eq!(rebuild(&whole.events), Some(serde_content(&doc)));
            }
        }
    }
}

/// Errors after a long stretch of escape-dense text, landing before, at and
/// after the point where the buffer fills: same events before them and same
/// kind and offset as the reference, whatever the chunking.
#[test]
fn errors_deep_in_escape_dense_text() {
    let pieces = pieces_from_seed(7, 6000);
    let bad: &[(&[u8], ErrorKind)] = &[
        (b"\x01", ErrorKind::ControlCharacter),
        (b"\n", ErrorKind::ControlCharacter),
        (b"\xFF", ErrorKind::InvalidUtf8),
        (b"\xC3(", ErrorKind::InvalidUtf8),
        (b"\xE2\x82\"", ErrorKind::InvalidUtf8),
        (br"\x", ErrorKind::InvalidEscape),
        (br"\u12G4", ErrorKind::InvalidEscape),
        (br"\ud800x", ErrorKind::LoneSurrogate),
        (br"\udc00", ErrorKind::LoneSurrogate),
    ];
    // The longest run of whole pieces no longer than `target`.
    let cut_near = |target: usize| {
        let mut head = String::new();
        for piece in &pieces {
            if head.len() + piece.len() > target {
                break;
            }
            head.push_str(piece);
        }
        head
    };
    for target in [
        100, 2000, 2040, 2044, 2046, 2047, 2048, 2049, 2052, 4100, 5999,
    ] {
        let head = cut_near(target);
        for (bytes, kind) in bad {
            let mut doc = br#"{"path":"x","content":""#.to_vec();
            doc.extend_from_slice(head.as_bytes());
            doc.extend_from_slice(bytes);
            doc.extend_from_slice(br#"tail"}"#);
            let whole = check_chunkings(&doc, &[&[1], &[5], &[64], &[2048], &[3000]]);
            assert_eq!(
                whole.error.map(|(kind, _)| kind),
                Some(*kind),
                "target {target}, {bytes:?}"
            );
        }
    }
}

/// The content ends (unfinished) inside or right after escape-dense text.
#[test]
fn unfinished_escape_dense_documents() {
    let text = content_from_seed(11, 3000);
    let doc = document(&text);
    let open = &doc[..doc.len() - 2];
    for end in (open.len() - 40..=open.len()).chain([2100, 2071, 2060]) {
        let prefix = &open[..end];
        let whole = check_chunkings(prefix, &[&[1], &[7], &[2048]]);
        assert_eq!(
            whole.error,
            Some((ErrorKind::Incomplete, end as u64)),
            "prefix {end}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_escape_dense_strings_under_random_chunking(
        picks in prop::collection::vec(0..PIECES.len(), 0..900),
        sizes in prop::collection::vec(1usize..300, 1..5),
    ) {
        let content: String = picks.iter().map(|&i| PIECES[i]).collect();
        let doc = document(&content);
        let whole = tokenize(Limits::default(), &doc);
        prop_assert_eq!(&whole, &naive::run(Limits::default(), &doc));
        let chunked = tokenize_chunks(Limits::default(), &split_by_sizes(&doc, &sizes));
        prop_assert_eq!(&chunked, &whole);
        prop_assert_eq!(rebuild(&whole.events), Some(serde_content(&doc)));
    }
}
