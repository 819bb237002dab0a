//! JSON corpora, generated in code: a tool-call argument carrying a source
//! file, a deeply nested configuration, and a social-media search result.

use std::fmt::Write as _;

use crate::rng::XorShift;

/// Appends `text` as a JSON string literal. With `escape_non_ascii`, every
/// non-ASCII scalar becomes `\uXXXX` (surrogate pairs above the BMP), as
/// some servers emit it.
pub fn push_json_string(out: &mut String, text: &str, escape_non_ascii: bool) {
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if escape_non_ascii && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

const IDENTS: &[&str] = &[
    "buffer", "offset", "chunk", "state", "reader", "event", "line_end", "pending", "depth",
    "token", "cursor", "limit", "scratch", "window", "value", "field",
];
const TYPES: &[&str] = &[
    "usize",
    "u64",
    "&str",
    "Vec<u8>",
    "Option<Event>",
    "Result<(), Error>",
];
const LITERALS: &[&str] = &[
    "\"data: \\\"quoted\\\"\\n\"",
    "\"café — naïve résumé\"",
    "\"漢字とかな\"",
    "\"path\\\\to\\\\file\"",
    "\"🦀 streaming 🚀\"",
    "'\\t'",
    "\"Ωmega ≠ alpha\"",
    "b\"\\r\\n\"",
];

/// Rust-looking source text of at least `min_len` bytes: indentation with
/// spaces and tabs, quotes, backslashes and non-ASCII in literals and comments.
/// Other seeds give the same shape with other text.
pub fn rust_like_source(min_len: usize, seed: u64) -> String {
    let mut rng = XorShift::new(seed);
    let mut src = String::with_capacity(min_len + 256);
    let mut item = 0;
    while src.len() < min_len {
        let name = rng.pick(IDENTS);
        let ty = rng.pick(TYPES);
        let _ = writeln!(src, "/// Reads the next {name} (état {item}, 状態).");
        let _ = writeln!(
            src,
            "pub fn read_{name}_{item}(input: &[u8], {name}: {ty}) -> Option<usize> {{"
        );
        for _ in 0..2 + rng.below(6) {
            let lhs = rng.pick(IDENTS);
            let rhs = rng.pick(IDENTS);
            match rng.below(5) {
                0 => {
                    let _ = writeln!(src, "    let {lhs} = {rhs}.get({})?;", rng.below(4096));
                }
                1 => {
                    let _ = writeln!(
                        src,
                        "\tif {lhs} == {} {{ return None; }}",
                        rng.pick(LITERALS)
                    );
                }
                2 => {
                    let _ = writeln!(src, "    // {lhs} ≤ {rhs}: keep the “invariant” ✓");
                }
                3 => {
                    let _ = writeln!(src, "    println!(\"{{}} -> {{:?}}\\n\", {lhs}, {rhs});");
                }
                _ => {
                    let _ = writeln!(src, "\t\t{lhs} += {rhs}.len() * {};", rng.below(64));
                }
            }
        }
        src.push_str("    Some(input.len())\n}\n\n");
        item += 1;
    }
    src
}

/// (1) A tool-call argument writing a source file whose JSON string value is
/// at least `content_len` bytes long once escaped.
pub fn tool_call_argument(content_len: usize) -> String {
    tool_call_argument_seeded(content_len, 0x5EED_0101)
}

/// [`tool_call_argument`] from another seed: the same shape, other text.
pub fn tool_call_argument_seeded(content_len: usize, seed: u64) -> String {
    // Escaping grows the text by roughly a tenth; start a little short.
    let mut source = rust_like_source(content_len * 9 / 10, seed);
    loop {
        let doc = tool_call_with_source(&source);
        if doc.len() >= content_len {
            return doc;
        }
        source = rust_like_source(source.len() + content_len / 50, seed);
    }
}

/// The argument whose source text is `tool_call_argument(content_len)`'s
/// source twice over: the same shape at double the length.
pub fn tool_call_argument_doubled(content_len: usize) -> String {
    let single = tool_call_argument(content_len);
    let source: String = serde_json::from_str::<serde_json::Value>(&single)
        .expect("generated JSON is valid")["content"]
        .as_str()
        .expect("content is a string")
        .to_owned();
    tool_call_with_source(&source.repeat(2))
}

fn tool_call_with_source(source: &str) -> String {
    let mut doc = String::with_capacity(source.len() * 11 / 10 + 64);
    doc.push_str("{\"path\":\"src/main.rs\",\"content\":");
    push_json_string(&mut doc, source, false);
    doc.push('}');
    doc
}

/// (2) A configuration nested `depth` containers deep, alternating objects
/// and arrays, with scalars of every kind at each level.
pub fn nested_config(depth: usize) -> String {
    let mut rng = XorShift::new(0x5EED_0102);
    let mut doc = String::new();
    push_config_level(&mut doc, &mut rng, 0, depth);
    doc
}

fn push_config_level(doc: &mut String, rng: &mut XorShift, level: usize, depth: usize) {
    let _ = write!(
        doc,
        "{{\"name\":\"layer-{level}\",\"enabled\":{},\"weight\":{}.{},\"retries\":{},\"owner\":null,",
        rng.below(2) == 0,
        rng.below(100),
        rng.below(1000),
        rng.below(10)
    );
    doc.push_str("\"settings\":");
    push_settings(doc, rng);
    // Replicas make the document wide as well as deep.
    doc.push_str(",\"replicas\":[");
    for replica in 0..4 {
        if replica > 0 {
            doc.push(',');
        }
        push_settings(doc, rng);
    }
    doc.push_str("],\"limits\":[1,2.5,-3,null,false,[4,[5,[6]]]],");
    if level + 2 >= depth {
        doc.push_str("\"children\":[]}");
        return;
    }
    // An array then an object: each level adds two to the nesting depth.
    doc.push_str("\"children\":[");
    push_config_level(doc, rng, level + 2, depth);
    doc.push_str(",{\"leaf\":true,\"ids\":[");
    for i in 0..6 {
        if i > 0 {
            doc.push(',');
        }
        let _ = write!(doc, "{}", rng.below(1_000_000));
    }
    doc.push_str("]}]}");
}

/// A flat object of eight scalars of every kind.
fn push_settings(doc: &mut String, rng: &mut XorShift) {
    doc.push('{');
    for field in 0..8 {
        if field > 0 {
            doc.push(',');
        }
        let _ = write!(doc, "\"k{field}\":");
        match rng.below(5) {
            0 => {
                let _ = write!(doc, "-{}e-{}", rng.below(9000) + 1, rng.below(9));
            }
            1 => doc.push_str(if rng.below(2) == 0 { "true" } else { "false" }),
            2 => doc.push_str("null"),
            3 => push_json_string(doc, "ünïcode ✓ \"value\"", false),
            _ => {
                let _ = write!(doc, "{}", rng.next_u64() >> 20);
            }
        }
    }
    doc.push('}');
}

const TWEET_WORDS: &[&str] = &[
    "RT",
    "@rustlang",
    "#rust",
    "streaming",
    "JSON",
    "parser",
    "今日は",
    "いい天気",
    "ですね",
    "😀",
    "🎉",
    "🔥",
    "café",
    "über",
    "東京",
    "大阪",
    "ラーメン",
    "http://t.co/abc123",
    "new",
    "release",
    "fast",
    "zero-copy",
    "“quoted”",
    "line\nbreak",
    "tab\there",
    "back\\slash",
];
const NAMES: &[&str] = &[
    "ayumi",
    "bob_dev",
    "猫好き",
    "rustacean",
    "ストリーム",
    "élodie",
    "k8s_fan",
];
const LANGS: &[&str] = &["ja", "en", "fr", "de"];

fn push_tweet_text(doc: &mut String, rng: &mut XorShift, words: usize, escape_non_ascii: bool) {
    let mut text = String::new();
    for i in 0..words {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(rng.pick(TWEET_WORDS));
    }
    push_json_string(doc, &text, escape_non_ascii);
}

fn push_user(doc: &mut String, rng: &mut XorShift, escape: bool) {
    let id = rng.next_u64() >> 34;
    let name = rng.pick(NAMES);
    let _ = write!(doc, "{{\"id\":{id},\"id_str\":\"{id}\",\"name\":");
    push_json_string(doc, name, escape);
    let _ = write!(doc, ",\"screen_name\":\"user{id}\",\"location\":");
    push_json_string(doc, rng.pick(&["東京", "Paris", "", "大阪府"]), escape);
    doc.push_str(",\"description\":");
    let words = 4 + rng.below(12);
    push_tweet_text(doc, rng, words, escape);
    let _ = write!(
        doc,
        ",\"url\":null,\"entities\":{{\"description\":{{\"urls\":[]}}}},\"protected\":false,\
         \"followers_count\":{},\"friends_count\":{},\"listed_count\":{},\
         \"created_at\":\"Sun Jul 29 13:{:02}:40 +0000 2012\",\"favourites_count\":{},\
         \"utc_offset\":{},\"time_zone\":\"Tokyo\",\"geo_enabled\":{},\"verified\":false,\
         \"statuses_count\":{},\"lang\":\"{}\",\"profile_background_color\":\"C0DEED\",\
         \"profile_image_url\":\"http://pbs.twimg.com/profile_images/{id}/normal.png\",\
         \"default_profile\":true,\"following\":null,\"notifications\":null}}",
        rng.below(100_000),
        rng.below(5_000),
        rng.below(100),
        rng.below(60),
        rng.below(20_000),
        if rng.below(2) == 0 { "32400" } else { "null" },
        rng.below(2) == 0,
        rng.below(200_000),
        rng.pick(LANGS),
    );
}

fn push_status(doc: &mut String, rng: &mut XorShift, depth_left: usize) {
    let id = 505_874_924_095_815_681u64 + (rng.next_u64() >> 40);
    // Some servers escape every non-ASCII character, others send UTF-8.
    let escape = rng.below(3) == 0;
    let _ = write!(
        doc,
        "{{\"metadata\":{{\"result_type\":\"recent\",\"iso_language_code\":\"{}\"}},\
         \"created_at\":\"Sun Aug 31 00:29:{:02} +0000 2014\",\"id\":{id},\"id_str\":\"{id}\",\"text\":",
        rng.pick(LANGS),
        rng.below(60)
    );
    let words = 6 + rng.below(20);
    push_tweet_text(doc, rng, words, escape);
    doc.push_str(
        ",\"source\":\"<a href=\\\"http://twitter.com/download/iphone\\\" rel=\\\"nofollow\\\">Twitter for iPhone</a>\",\
         \"truncated\":false,\"in_reply_to_status_id\":null,\"in_reply_to_user_id\":null,\"user\":",
    );
    push_user(doc, rng, escape);
    if rng.below(4) == 0 {
        let _ = write!(
            doc,
            ",\"geo\":{{\"type\":\"Point\",\"coordinates\":[{}.{:06},{}.{:06}]}}",
            30 + rng.below(10),
            rng.below(1_000_000),
            130 + rng.below(10),
            rng.below(1_000_000)
        );
    } else {
        doc.push_str(",\"geo\":null");
    }
    let _ = write!(
        doc,
        ",\"coordinates\":null,\"place\":null,\"contributors\":null,\"retweet_count\":{},\
         \"favorite_count\":{},\"entities\":{{\"hashtags\":[",
        rng.below(1000),
        rng.below(1000)
    );
    for i in 0..rng.below(3) {
        if i > 0 {
            doc.push(',');
        }
        let start = rng.below(100);
        doc.push_str("{\"text\":");
        push_json_string(doc, rng.pick(&["rust", "ラーメン", "café", "🔥"]), escape);
        let _ = write!(doc, ",\"indices\":[{start},{}]}}", start + 5);
    }
    doc.push_str("],\"symbols\":[],\"urls\":[],\"user_mentions\":[");
    for i in 0..rng.below(3) {
        if i > 0 {
            doc.push(',');
        }
        let mention = rng.next_u64() >> 34;
        let _ = write!(
            doc,
            "{{\"screen_name\":\"user{mention}\",\"id\":{mention},\"id_str\":\"{mention}\",\"indices\":[3,{}]}}",
            10 + rng.below(10)
        );
    }
    doc.push_str("]},\"favorited\":false,\"retweeted\":false,\"lang\":");
    push_json_string(doc, rng.pick(LANGS), false);
    if depth_left > 0 && rng.below(3) == 0 {
        doc.push_str(",\"retweeted_status\":");
        push_status(doc, rng, depth_left - 1);
    }
    doc.push('}');
}

/// (3) A search result in the shape of the classic `twitter.json`: an array of
/// statuses with users, entities, numbers and UTF-8 or `\u`-escaped text,
/// at least `min_len` bytes long.
pub fn twitter_like(min_len: usize) -> String {
    let mut rng = XorShift::new(0x5EED_0103);
    let mut doc = String::with_capacity(min_len + 4096);
    doc.push_str("{\"statuses\":[");
    let mut count = 0;
    while doc.len() < min_len {
        if count > 0 {
            doc.push(',');
        }
        push_status(&mut doc, &mut rng, 1);
        count += 1;
    }
    let _ = write!(
        doc,
        "],\"search_metadata\":{{\"completed_in\":0.087,\"max_id\":505874924095815681,\
         \"query\":\"%E4%B8%80\",\"count\":{count},\"since_id\":0}}}}"
    );
    doc
}

/// Splits `text` into pieces of about `len` bytes, each ending on a character
/// boundary, as tool-call argument deltas arrive.
pub fn fragments(text: &str, len: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(text.len() / len + 1);
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        pieces.push(&text.as_bytes()[start..end]);
        start = end;
    }
    pieces
}
