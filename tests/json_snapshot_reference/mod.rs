//! A naive reference for partial snapshots: parses a prefix from scratch by
//! recursive descent, applying the snapshot rules directly. Slow and obviously
//! correct; only for prefixes of valid documents.

use serde_json::{Map, Value};
use ssejson::json::snapshot::PartialMode;

/// `SnapshotBuilder::MAX_PARTIAL_NUMBER_LEN`, restated.
const MAX_PARTIAL_NUMBER_LEN: usize = 128;

/// The snapshot of `prefix`, a prefix of a valid JSON document.
pub fn snapshot(prefix: &[u8], mode: PartialMode) -> Option<Value> {
    let mut parser = Parser {
        input: prefix,
        pos: 0,
        mode,
    };
    match parser.value() {
        Ok(value) => Some(value),
        Err(Cut(shown)) => shown,
    }
}

/// The input ended inside a value; what of it is shown.
struct Cut(Option<Value>);

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
    mode: PartialMode,
}

impl Parser<'_> {
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Skips whitespace and returns the next byte, or the cut with `shown`.
    fn next_or_cut(&mut self, shown: impl FnOnce() -> Option<Value>) -> Result<u8, Cut> {
        self.skip_whitespace();
        self.peek().ok_or_else(|| Cut(shown()))
    }

    fn value(&mut self) -> Result<Value, Cut> {
        match self.next_or_cut(|| None)? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => match self.string() {
                Ok(s) => Ok(Value::String(s)),
                Err(so_far) => Err(Cut(match self.mode {
                    PartialMode::On => None,
                    PartialMode::TrailingStrings => Some(Value::String(so_far)),
                })),
            },
            b't' => self.literal("true", Value::Bool(true)),
            b'f' => self.literal("false", Value::Bool(false)),
            b'n' => self.literal("null", Value::Null),
            _ => self.number(),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, Cut> {
        let end = self.pos + word.len();
        if self.input.len() >= end {
            assert_eq!(&self.input[self.pos..end], word.as_bytes());
            self.pos = end;
            Ok(value)
        } else {
            Err(Cut(None))
        }
    }

    fn number(&mut self) -> Result<Value, Cut> {
        let start = self.pos;
        while matches!(
            self.peek(),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.input[start..self.pos]).unwrap();
        let parsed = serde_json::from_str::<Value>(text).ok();
        if self.pos == self.input.len() {
            // More digits may follow: shown only if complete as it stands
            // (and not longer than the documented limit).
            let complete = text_is_complete_number(text) && text.len() <= MAX_PARTIAL_NUMBER_LEN;
            Err(Cut(if complete { parsed } else { None }))
        } else {
            Ok(parsed.expect("valid document"))
        }
    }

    fn array(&mut self) -> Result<Value, Cut> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            let next = self.next_or_cut(|| Some(Value::Array(items.clone())))?;
            match next {
                b']' => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                b',' => self.pos += 1,
                _ => match self.value() {
                    Ok(v) => items.push(v),
                    Err(Cut(shown)) => {
                        items.extend(shown);
                        return Err(Cut(Some(Value::Array(items))));
                    }
                },
            }
        }
    }

    fn object(&mut self) -> Result<Value, Cut> {
        self.pos += 1;
        let mut map = Map::new();
        loop {
            let next = self.next_or_cut(|| Some(Value::Object(map.clone())))?;
            match next {
                b'}' => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                b',' => self.pos += 1,
                b'"' => {
                    let cut = |map: &Map<String, Value>| Cut(Some(Value::Object(map.clone())));
                    let key = self.string().map_err(|_| cut(&map))?;
                    let colon = self.next_or_cut(|| None).map_err(|_| cut(&map))?;
                    assert_eq!(colon, b':');
                    self.pos += 1;
                    match self.value() {
                        Ok(v) => {
                            map.insert(key, v);
                        }
                        Err(Cut(shown)) => {
                            if let Some(v) = shown {
                                map.insert(key, v);
                            }
                            return Err(cut(&map));
                        }
                    }
                }
                other => panic!("not a valid document: {:?}", other as char),
            }
        }
    }

    /// Reads a string starting at its opening quote. `Err` carries the
    /// content so far when the input ends first, without an unfinished
    /// escape or UTF-8 sequence.
    fn string(&mut self) -> Result<String, String> {
        self.pos += 1;
        let mut out: Vec<u8> = Vec::new();
        let finished = |out: &Vec<u8>| -> String {
            let valid = match std::str::from_utf8(out) {
                Ok(s) => s.len(),
                Err(e) => e.valid_up_to(),
            };
            String::from_utf8(out[..valid].to_vec()).unwrap()
        };
        loop {
            let Some(byte) = self.peek() else {
                return Err(finished(&out));
            };
            self.pos += 1;
            match byte {
                b'"' => return Ok(String::from_utf8(out).expect("valid UTF-8")),
                b'\\' => match self.escape() {
                    Some(c) => {
                        let mut buf = [0; 4];
                        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    None => return Err(finished(&out)),
                },
                _ => out.push(byte),
            }
        }
    }

    /// Decodes the escape after a backslash; `None` if the input ends inside
    /// it (including a high surrogate whose low half has not fully arrived).
    fn escape(&mut self) -> Option<char> {
        let byte = self.peek()?;
        self.pos += 1;
        Some(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if self.input.get(self.pos..self.pos + 2)? != b"\\u" {
                        return None;
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                } else {
                    char::from_u32(high)?
                }
            }
            other => panic!("bad escape {:?}", other as char),
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.input.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    }
}

/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, written out again
/// so the reference does not depend on the crate under test.
fn text_is_complete_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if b.get(i) == Some(&b'0') {
        i += 1;
    } else if !digits(&mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}
