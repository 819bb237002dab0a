//! A naive reference tokenizer: recursive descent over the whole input, one
//! byte at a time, written from the grammar without sharing code or tables
//! with the library. Errors are "the first byte after which the input can no
//! longer be valid", computed by brute force where the library is clever.

use super::{push_merged, Ev, Outcome, Tok};
use ssejson::json::{ErrorKind, Limits};
use std::sync::OnceLock;

type Fail = (ErrorKind, u64);

enum Seg {
    Key(String),
    Index(usize),
}

struct Naive<'a> {
    input: &'a [u8],
    pos: usize,
    limits: Limits,
    events: Vec<Ev>,
    path: Vec<Seg>,
}

/// Runs the reference tokenizer over the whole input.
pub fn run(limits: Limits, input: &[u8]) -> Outcome {
    let mut naive = Naive {
        input,
        pos: 0,
        limits,
        events: Vec::new(),
        path: Vec::new(),
    };
    let result = if limits.multiple_values {
        naive.sequence()
    } else {
        naive.document()
    };
    Outcome {
        events: naive.events,
        error: result.err(),
    }
}

/// For every UTF-8 lead byte, the sequence length, and which second bytes
/// may follow it: found by encoding every `char`.
fn utf8_tables() -> &'static (Vec<usize>, Vec<Vec<bool>>) {
    static TABLES: OnceLock<(Vec<usize>, Vec<Vec<bool>>)> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut lead_len = vec![0usize; 256];
        let mut second = vec![vec![false; 256]; 256];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            lead_len[bytes[0] as usize] = bytes.len();
            if bytes.len() > 1 {
                second[bytes[0] as usize][bytes[1] as usize] = true;
            }
        }
        (lead_len, second)
    })
}

/// Whether `text` is a complete number, checked piece by piece.
fn complete_number(text: &str) -> bool {
    let text = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(at) => (&mantissa[..at], Some(&mantissa[at + 1..])),
        None => (mantissa, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let int_ok = digits(int) && (int == "0" || !int.starts_with('0'));
    let frac_ok = frac.map_or(true, digits);
    let exp_ok = exponent.map_or(true, |e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    int_ok && frac_ok && exp_ok
}

/// Whether some complete number starts with `text`.
fn number_prefix(text: &str) -> bool {
    // Every unfinished number is finished by one more digit.
    complete_number(text) || complete_number(&format!("{text}0"))
}

impl Naive<'_> {
    fn fail(&self, kind: ErrorKind, at: usize) -> Fail {
        (kind, at as u64)
    }

    fn incomplete(&self) -> Fail {
        (ErrorKind::Incomplete, self.input.len() as u64)
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            out.push('/');
            match seg {
                Seg::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
                Seg::Index(i) => out.push_str(&i.to_string()),
            }
        }
        out
    }

    fn emit(&mut self, tok: Tok, offset: usize) {
        let ev = Ev {
            tok,
            path: self.pointer(),
            offset: offset as u64,
        };
        push_merged(&mut self.events, ev);
    }

    fn document(&mut self) -> Result<(), Fail> {
        self.skip_ws();
        self.value(0)?;
        self.skip_ws();
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.fail(ErrorKind::TrailingCharacters, self.pos)),
        }
    }

    fn sequence(&mut self) -> Result<(), Fail> {
        loop {
            self.skip_ws();
            if self.peek().is_none() {
                return Ok(());
            }
            self.value(0)?;
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), Fail> {
        let at = self.pos;
        match self.peek() {
            None => Err(self.incomplete()),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => {
                self.emit(Tok::StringStart, at);
                self.string(false)?;
                self.emit(Tok::StringEnd, self.pos - 1);
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => self.number(depth),
            Some(b't') => self.literal(b"true", Tok::Bool(true)),
            Some(b'f') => self.literal(b"false", Tok::Bool(false)),
            Some(b'n') => self.literal(b"null", Tok::Null),
            Some(_) => Err(self.fail(ErrorKind::UnexpectedByte, at)),
        }
    }

    fn literal(&mut self, word: &[u8], tok: Tok) -> Result<(), Fail> {
        let start = self.pos;
        for &expected in word {
            match self.peek() {
                None => return Err(self.incomplete()),
                Some(b) if b == expected => self.pos += 1,
                Some(_) => return Err(self.fail(ErrorKind::InvalidLiteral, self.pos)),
            }
        }
        self.emit(tok, start);
        Ok(())
    }

    fn number(&mut self, depth: usize) -> Result<(), Fail> {
        let start = self.pos;
        let mut end = start;
        while matches!(
            self.input.get(end),
            Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
        ) {
            end += 1;
        }
        let run = std::str::from_utf8(&self.input[start..end]).unwrap();
        // Length of the longest prefix some number starts with (prefixes of
        // a viable prefix are viable, so a binary search finds it).
        let (mut viable, mut beyond) = (0, run.len() + 1);
        while beyond - viable > 1 {
            let mid = (viable + beyond) / 2;
            if number_prefix(&run[..mid]) {
                viable = mid;
            } else {
                beyond = mid;
            }
        }
        if viable > self.limits.max_token_len {
            return Err(self.fail(ErrorKind::TokenTooLong, start + self.limits.max_token_len));
        }
        if viable < run.len() {
            return Err(self.fail(ErrorKind::InvalidNumber, start + viable));
        }
        let text = &run[..viable];
        let next = self.input.get(end).copied();
        if !complete_number(text) {
            return Err(match next {
                None => self.incomplete(),
                Some(_) => self.fail(ErrorKind::InvalidNumber, end),
            });
        }
        let at_top = depth == 0 && self.path.is_empty();
        if at_top && next.is_some_and(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            let kind = if self.limits.multiple_values {
                ErrorKind::UnexpectedByte
            } else {
                ErrorKind::TrailingCharacters
            };
            return Err(self.fail(kind, end));
        }
        self.pos = end;
        self.emit(Tok::Number(text.to_owned()), start);
        Ok(())
    }

    fn array(&mut self, depth: usize) -> Result<(), Fail> {
        if depth >= self.limits.max_depth {
            return Err(self.fail(ErrorKind::DepthLimitExceeded, self.pos));
        }
        self.emit(Tok::StartArray, self.pos);
        self.pos += 1;
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.emit(Tok::EndArray, self.pos);
            self.pos += 1;
            return Ok(());
        }
        let mut index = 0;
        loop {
            self.path.push(Seg::Index(index));
            self.value(depth + 1)?;
            self.skip_ws();
            match self.peek() {
                None => return Err(self.incomplete()),
                Some(b',') => {
                    self.path.pop();
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        return Err(self.fail(ErrorKind::TrailingComma, self.pos));
                    }
                    index += 1;
                }
                Some(b']') => {
                    self.path.pop();
                    self.emit(Tok::EndArray, self.pos);
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.fail(ErrorKind::UnexpectedByte, self.pos)),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<(), Fail> {
        if depth >= self.limits.max_depth {
            return Err(self.fail(ErrorKind::DepthLimitExceeded, self.pos));
        }
        self.emit(Tok::StartObject, self.pos);
        self.pos += 1;
        self.skip_ws();
        match self.peek() {
            None => return Err(self.incomplete()),
            Some(b'}') => {
                self.emit(Tok::EndObject, self.pos);
                self.pos += 1;
                return Ok(());
            }
            Some(b'"') => {}
            Some(_) => return Err(self.fail(ErrorKind::UnexpectedByte, self.pos)),
        }
        loop {
            let quote = self.pos;
            let key = self.string(true)?;
            self.path.push(Seg::Key(key.clone()));
            self.emit(Tok::Key(key), quote);
            self.skip_ws();
            match self.peek() {
                None => return Err(self.incomplete()),
                Some(b':') => self.pos += 1,
                Some(_) => return Err(self.fail(ErrorKind::UnexpectedByte, self.pos)),
            }
            self.skip_ws();
            self.value(depth + 1)?;
            self.skip_ws();
            match self.peek() {
                None => return Err(self.incomplete()),
                Some(b',') => {
                    self.path.pop();
                    self.pos += 1;
                    self.skip_ws();
                    match self.peek() {
                        None => return Err(self.incomplete()),
                        Some(b'"') => {}
                        Some(b'}') => return Err(self.fail(ErrorKind::TrailingComma, self.pos)),
                        Some(_) => return Err(self.fail(ErrorKind::UnexpectedByte, self.pos)),
                    }
                }
                Some(b'}') => {
                    self.path.pop();
                    self.emit(Tok::EndObject, self.pos);
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.fail(ErrorKind::UnexpectedByte, self.pos)),
            }
        }
    }

    /// The next content byte of a string; a key's content may not reach
    /// `max_token_len` bytes.
    fn content_byte(&mut self, key_start: Option<usize>) -> Result<u8, Fail> {
        let b = self.peek().ok_or_else(|| self.incomplete())?;
        if let Some(start) = key_start {
            if self.pos - start >= self.limits.max_token_len {
                return Err(self.fail(ErrorKind::TokenTooLong, self.pos));
            }
        }
        self.pos += 1;
        Ok(b)
    }

    /// Reads a string from its opening quote through its closing quote.
    /// Values emit one fragment per character; keys return their text.
    fn string(&mut self, is_key: bool) -> Result<String, Fail> {
        self.pos += 1;
        let content_start = self.pos;
        let key_start = is_key.then_some(content_start);
        let mut text = String::new();
        loop {
            let at = self.pos;
            if self.peek() == Some(b'"') {
                self.pos += 1;
                return Ok(text);
            }
            let b = self.content_byte(key_start)?;
            let c = match b {
                b'\\' => self.escape(key_start)?,
                0x00..=0x1F => return Err(self.fail(ErrorKind::ControlCharacter, at)),
                0x20..=0x7F => b as char,
                _ => self.utf8(b, at, key_start)?,
            };
            if is_key {
                text.push(c);
            } else {
                self.emit(Tok::Fragment(c.to_string()), at);
            }
        }
    }

    fn utf8(&mut self, lead: u8, at: usize, key_start: Option<usize>) -> Result<char, Fail> {
        let (lead_len, second) = utf8_tables();
        let len = lead_len[lead as usize];
        if len < 2 {
            return Err(self.fail(ErrorKind::InvalidUtf8, at));
        }
        for i in 1..len {
            let here = self.pos;
            let b = self.content_byte(key_start)?;
            let ok = if i == 1 {
                second[lead as usize][b as usize]
            } else {
                (0x80..=0xBF).contains(&b)
            };
            if !ok {
                return Err(self.fail(ErrorKind::InvalidUtf8, here));
            }
        }
        let text = std::str::from_utf8(&self.input[at..self.pos]).expect("validated");
        Ok(text.chars().next().unwrap())
    }

    /// Four hex digits; after each, the range of values the digits so far
    /// allow must contain a low surrogate (`low`) or a non-low value
    /// (`!low`), or the escape is a lone surrogate.
    fn hex4(&mut self, key_start: Option<usize>, low: bool) -> Result<u32, Fail> {
        let mut value = 0u32;
        for k in 1..=4u32 {
            let here = self.pos;
            let b = self.content_byte(key_start)?;
            let digit = (b as char)
                .to_digit(16)
                .ok_or((ErrorKind::InvalidEscape, here as u64))?;
            value = value * 16 + digit;
            let span = 1u32 << (4 * (4 - k));
            let (first, last) = (value * span, value * span + span - 1);
            let possible = if low {
                first <= 0xDFFF && last >= 0xDC00
            } else {
                first < 0xDC00 || last > 0xDFFF
            };
            if !possible {
                return Err(self.fail(ErrorKind::LoneSurrogate, here));
            }
        }
        Ok(value)
    }

    fn escape(&mut self, key_start: Option<usize>) -> Result<char, Fail> {
        let here = self.pos;
        let c = match self.content_byte(key_start)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4(key_start, false)?;
                if !(0xD800..=0xDBFF).contains(&first) {
                    return Ok(char::from_u32(first).unwrap());
                }
                for expected in [b'\\', b'u'] {
                    let at = self.pos;
                    if self.content_byte(key_start)? != expected {
                        return Err(self.fail(ErrorKind::LoneSurrogate, at));
                    }
                }
                let second = self.hex4(key_start, true)?;
                let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Ok(char::from_u32(code).unwrap());
            }
            _ => return Err(self.fail(ErrorKind::InvalidEscape, here)),
        };
        Ok(c)
    }
}
