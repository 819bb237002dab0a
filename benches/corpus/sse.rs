//! `text/event-stream` corpora, generated in code.

use bytes::Bytes;

use crate::rng::XorShift;

/// An event stream plus what a correct parser must report for it.
pub struct SseCorpus {
    pub name: &'static str,
    pub bytes: Bytes,
    /// Number of dispatched events (every event in these corpora has data).
    pub events: usize,
    /// Sum of the lengths of the dispatched `data` buffers.
    pub data_bytes: usize,
}

const WORDS: &[&str] = &[
    "the",
    "model",
    "stream",
    "token",
    "parser",
    "returns",
    "a",
    "value",
    "when",
    "input",
    "arrives",
    "in",
    "small",
    "pieces",
    "and",
    "never",
    "copies",
    "bytes",
    "café",
    "naïve",
    "漢字",
    "データ",
    "🦀",
    "résumé",
    "\\\"quoted\\\"",
    "line\\nbreak",
    "tab\\there",
    "Ω",
];

/// (a) An Anthropic-shaped stream: `content_block_delta` events of about
/// 160 bytes, with `ping` events and `: ping` comment blocks mixed in.
pub fn llm_deltas(count: usize) -> SseCorpus {
    let mut rng = XorShift::new(0x5EED_0001);
    let mut out = String::with_capacity(count * 170);
    let mut events = 0;
    let mut data_bytes = 0;
    for i in 0..count {
        // The data is the escaped JSON text of a delta, as servers send it.
        let mut text = String::new();
        while text.len() < 28 + rng.below(40) {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(rng.pick(WORDS));
        }
        let data = format!(
            "{{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{text}\"}}}}"
        );
        out.push_str("event: content_block_delta\ndata: ");
        out.push_str(&data);
        out.push_str("\n\n");
        events += 1;
        data_bytes += data.len();
        if i % 53 == 17 {
            let ping = "{\"type\": \"ping\"}";
            out.push_str("event: ping\ndata: ");
            out.push_str(ping);
            out.push_str("\n\n");
            events += 1;
            data_bytes += ping.len();
        }
        if i % 97 == 41 {
            // A keep-alive comment block: no event is dispatched for it.
            out.push_str(": ping\n\n");
        }
    }
    SseCorpus {
        name: "llm_deltas",
        bytes: Bytes::from(out),
        events,
        data_bytes,
    }
}

/// Deterministic base64 text of exactly `len` bytes (no padding needed).
pub fn base64_text(rng: &mut XorShift, len: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(len);
    while text.len() < len {
        let word = rng.next_u64();
        for shift in (0..60).step_by(6) {
            if text.len() == len {
                break;
            }
            text.push(ALPHABET[((word >> shift) & 63) as usize] as char);
        }
    }
    text
}

/// (b) Events whose single `data:` line is a 64 KiB base64 payload
/// (images or audio in a multimodal stream).
pub fn large_data(count: usize) -> SseCorpus {
    let mut rng = XorShift::new(0x5EED_0002);
    let payload_len = 64 * 1024;
    let mut out = String::with_capacity(count * (payload_len + 40));
    for i in 0..count {
        out.push_str(&format!("event: image\nid: {i}\ndata: "));
        out.push_str(&base64_text(&mut rng, payload_len));
        out.push_str("\n\n");
    }
    SseCorpus {
        name: "large_data",
        bytes: Bytes::from(out),
        events: count,
        data_bytes: count * payload_len,
    }
}

/// (c) One event made of a single data line of `len` bytes.
pub fn one_long_line(len: usize) -> SseCorpus {
    let mut rng = XorShift::new(0x5EED_0003);
    let mut out = String::with_capacity(len + 16);
    out.push_str("data: ");
    out.push_str(&base64_text(&mut rng, len));
    out.push_str("\n\n");
    SseCorpus {
        name: "one_long_line",
        bytes: Bytes::from(out),
        events: 1,
        data_bytes: len,
    }
}

/// Splits `bytes` into `chunk_len`-byte pieces that share its buffer, as a
/// network read loop would hand them over.
pub fn split_chunks(bytes: &Bytes, chunk_len: usize) -> Vec<Bytes> {
    (0..bytes.len())
        .step_by(chunk_len)
        .map(|start| bytes.slice(start..bytes.len().min(start + chunk_len)))
        .collect()
}

/// Limits with room for the 8 MiB line of `one_long_line`: the defaults
/// (1 MiB lines) would rightly reject it.
pub fn roomy_limits() -> ssejson::sse::Limits {
    ssejson::sse::Limits::default()
        .with_max_line_len(16 << 20)
        .with_max_event_len(32 << 20)
}
