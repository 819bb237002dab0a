//! String values and object keys: plain runs, escapes, characters split
//! across chunks.

use super::{Input, Kind, State, Step, Text, Tokenizer};
use crate::json::buf::SCRATCH_BYTES;
use crate::json::error::ErrorKind;
use crate::json::scan::{
    decode_utf8, hex_value, string_special, string_special_inlined, unfinished_utf8_tail,
    utf8_continuation_ok, utf8_sequence_len,
};

/// Where the tokenizer is inside a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StrState {
    /// Plain content.
    Plain,
    /// After a backslash.
    Escape,
    /// Inside `\uXXXX`, `digits` hex digits read.
    Unicode { digits: u8, value: u16 },
    /// After a high surrogate escape: `step` 0 expects `\`, 1 expects `u`,
    /// 2 to 5 the hex digits of the low surrogate.
    LowSurrogate { high: u16, step: u8, value: u16 },
    /// Inside a UTF-8 character split across chunks (bytes in `carry`).
    Utf8,
}

/// One step of an escape sequence.
enum Escaped {
    More(StrState),
    Char(char),
}

impl Tokenizer {
    /// Emits the decoded escapes gathered so far.
    #[inline]
    fn flush_scratch<'c>(&mut self) -> Step<'c> {
        self.scratch_sent = true;
        Step::Emit(Kind::Fragment, Text::Scratch, self.scratch_start)
    }

    /// Inside a string value: emits the next fragment or the end of the string.
    #[inline]
    pub(super) fn string_value<'c>(&mut self, input: &mut Input<'c>) -> Step<'c> {
        self.with_sub_state(
            input,
            State::StrValue,
            State::StrValueSub,
            Self::string_value_inner,
        )
    }

    /// Runs `inner` with the sub-state in a local, storing it back only when a
    /// step leaves the string (state `plain`, or `with_sub` inside an escape
    /// or character) inside an escape or character.
    #[inline(always)]
    fn with_sub_state<'c>(
        &mut self,
        input: &mut Input<'c>,
        plain: State,
        with_sub: State,
        inner: fn(&mut Self, &mut Input<'c>, &mut StrState) -> Step<'c>,
    ) -> Step<'c> {
        let mut sub = if self.state == with_sub {
            self.sub
        } else {
            StrState::Plain
        };
        let step = inner(self, input, &mut sub);
        if self.state == plain || self.state == with_sub {
            if sub == StrState::Plain {
                self.state = plain;
            } else {
                self.state = with_sub;
                self.sub = sub;
            }
        }
        step
    }

    fn string_value_inner<'c>(&mut self, input: &mut Input<'c>, sub: &mut StrState) -> Step<'c> {
        let (chunk, base, at_end) = (input.chunk, input.base, input.at_end);
        loop {
            let at = base + input.pos as u64;
            let rest = chunk.get(input.pos..).unwrap_or_default();
            let Some(&b) = rest.first() else {
                if !self.scratch.is_empty() {
                    return self.flush_scratch();
                }
                if at_end {
                    return Step::Fail(self.fail(ErrorKind::Incomplete, at));
                }
                return Step::Done;
            };
            match *sub {
                StrState::Plain => {
                    if b == b'\\' {
                        if self.scratch.is_empty() {
                            self.scratch.reserve_full();
                            self.scratch_start = at;
                        } else if self.scratch.len() > SCRATCH_BYTES - 4 {
                            return self.flush_scratch();
                        }
                        let before = input.pos;
                        self.gather_escaped(input);
                        if input.pos != before {
                            continue;
                        }
                        *sub = StrState::Escape;
                        input.pos += 1;
                        continue;
                    }
                    if b == b'"' || b < 0x20 {
                        if !self.scratch.is_empty() {
                            return self.flush_scratch();
                        }
                        if b < 0x20 {
                            return Step::Fail(self.fail(ErrorKind::ControlCharacter, at));
                        }
                        input.pos += 1;
                        self.end_value();
                        return Step::Emit(Kind::StringEnd, Text::None, at);
                    }
                    let run_len = string_special(rest);
                    let run = rest.get(..run_len).unwrap_or_default();
                    let body_len = if run_len == rest.len() {
                        unfinished_utf8_tail(run).unwrap_or(run_len)
                    } else {
                        run_len
                    };
                    if body_len == 0 {
                        // Only the start of a character split across chunks;
                        // it is decoded into the scratch buffer once whole.
                        if self.scratch.len() > SCRATCH_BYTES - 4 {
                            return self.flush_scratch();
                        }
                        self.carry_start = at;
                        self.carry_len = 0;
                        for &byte in run {
                            self.carry[usize::from(self.carry_len) & 3] = byte;
                            self.carry_len += 1;
                        }
                        input.pos += run_len;
                        *sub = StrState::Utf8;
                        continue;
                    }
                    match input.text(input.pos, input.pos + body_len) {
                        Ok(text)
                            if self.scratch.is_empty()
                                && text.len() <= JOINED_RUN_BYTES
                                && rest.get(run_len) == Some(&b'\\') =>
                        {
                            // A short run before an escape joins the decoded
                            // fragment: one event instead of two, which is
                            // what small fragments of escaped text cost most.
                            input.pos += text.len();
                            self.scratch.reserve_full();
                            if !self.scratch.push_str(text) {
                                // Unreachable: the empty buffer has room.
                                return Step::Emit(Kind::Fragment, Text::Chunk(text), at);
                            }
                            self.scratch_start = at;
                        }
                        Ok(text) if self.scratch.is_empty() => {
                            input.pos += text.len();
                            return Step::Emit(Kind::Fragment, Text::Chunk(text), at);
                        }
                        Ok(text) => {
                            // Plain text right after an escape joins the
                            // decoded fragment while it fits: escape-dense
                            // strings then cost one event per buffer, not
                            // two per escape.
                            if !self.scratch.push_str(text) {
                                return self.flush_scratch();
                            }
                            input.pos += text.len();
                        }
                        Err(_) if !self.scratch.is_empty() => return self.flush_scratch(),
                        Err(Ok(valid)) => {
                            input.pos += valid.len();
                            return Step::Emit(Kind::Fragment, Text::Chunk(valid), at);
                        }
                        Err(Err(bad)) => return Step::Fail(self.fail(ErrorKind::InvalidUtf8, bad)),
                    }
                }
                StrState::Utf8 => {
                    let lead = self.carry[0];
                    let have = usize::from(self.carry_len);
                    if !utf8_continuation_ok(lead, have, b) {
                        if !self.scratch.is_empty() {
                            return self.flush_scratch();
                        }
                        return Step::Fail(self.fail(ErrorKind::InvalidUtf8, at));
                    }
                    self.carry[have & 3] = b;
                    self.carry_len += 1;
                    input.pos += 1;
                    if usize::from(self.carry_len) == utf8_sequence_len(lead) {
                        let bytes = self.carry.get(..usize::from(self.carry_len));
                        if let Some(c) = bytes.and_then(decode_utf8) {
                            if self.scratch.is_empty() {
                                self.scratch.reserve_full();
                                self.scratch_start = self.carry_start;
                            }
                            self.scratch.push_char(c);
                        }
                        *sub = StrState::Plain;
                    }
                }
                _ => match escape_step(*sub, b) {
                    Ok(Escaped::More(next)) => {
                        *sub = next;
                        input.pos += 1;
                    }
                    Ok(Escaped::Char(c)) => {
                        // Room for it was checked before the escape began.
                        self.scratch.push_char(c);
                        *sub = StrState::Plain;
                        input.pos += 1;
                    }
                    Err(kind) => {
                        if !self.scratch.is_empty() {
                            return self.flush_scratch();
                        }
                        return Step::Fail(self.fail(kind, at));
                    }
                },
            }
        }
    }

    /// True when the next byte continues the plain content of a string
    /// value: not inside an escape or a split character.
    #[cfg(feature = "serde_json")]
    #[inline]
    pub(crate) fn in_plain_string_value(&self) -> bool {
        self.state == State::StrValue
    }

    /// Decodes all of `chunk` onto `out` and consumes it, when it lies
    /// inside the string value being read: plain content and whole escapes
    /// other than surrogates, no closing quote, control byte or cut
    /// character or escape at its end, and nothing decoded waiting.
    /// Otherwise returns false, leaving `out` and the tokenizer unchanged.
    ///
    /// This is the bulk of a long string fed in small pieces, decoded
    /// without the event machinery for callers that only want the text.
    #[cfg(feature = "serde_json")]
    #[inline]
    pub(crate) fn append_string_chunk(
        &mut self,
        chunk: &[u8],
        out: &mut alloc::string::String,
    ) -> bool {
        if self.state != State::StrValue || chunk.is_empty() {
            return false;
        }
        if self.scratch_sent {
            self.scratch.clear();
            self.scratch_sent = false;
        }
        if !self.scratch.is_empty() {
            return false;
        }
        let text = if chunk.len() < 64 {
            core::str::from_utf8(chunk).ok()
        } else {
            simdutf8::basic::from_utf8(chunk).ok()
        };
        let Some(text) = text else {
            return false;
        };
        let mark = out.len();
        let mut pos = 0;
        while let Some(rest) = chunk.get(pos..).filter(|rest| !rest.is_empty()) {
            let run_len = string_special(rest);
            if run_len > 0 {
                // The run ends before an ASCII byte or at the end: whole
                // characters.
                let Some(run) = text.get(pos..pos + run_len) else {
                    break;
                };
                out.push_str(run);
                pos += run_len;
                continue;
            }
            let escape = match rest.first() {
                Some(b'\\') => whole_escape(rest),
                _ => None,
            };
            let Some((c, len)) = escape else {
                break;
            };
            out.push(c);
            pos += len;
        }
        if pos != chunk.len() {
            out.truncate(mark);
            return false;
        }
        self.offset += chunk.len() as u64;
        true
    }

    /// The fast path for escape-dense text: decodes whole escapes (other than
    /// surrogate pairs) and the plain runs between them into the scratch
    /// buffer while they lie complete in the validated part of this chunk
    /// and fit; stops before anything else (a quote, a control byte, a cut
    /// escape or character, a byte that is not UTF-8), which the
    /// byte-by-byte path then handles.
    #[inline]
    fn gather_escaped(&mut self, input: &mut Input<'_>) {
        // The unread text known to be valid: runs are split off it at their
        // end, which is a character boundary (an ASCII byte or the end).
        let Some(mut text) = input.valid_slice(input.pos, input.valid_end()) else {
            return;
        };
        loop {
            let bytes = text.as_bytes();
            if let [b'\\', escaped, ..] = bytes {
                if self.scratch.len() > SCRATCH_BYTES - 4 {
                    break;
                }
                // A table instead of a `match`: which escape comes next is
                // unpredictable, and a jump table mispredicts on every one.
                let decoded = SIMPLE_ESCAPES[usize::from(*escaped)];
                let len = if decoded != 0 {
                    self.scratch.push_ascii(decoded);
                    2
                } else {
                    let Some(c) = unicode_escape(bytes) else {
                        break;
                    };
                    self.scratch.push_char(c);
                    6
                };
                let Some(after) = text.get(len..) else {
                    break;
                };
                text = after;
                continue;
            }
            let run_len = string_special_inlined(bytes);
            // A quote, control byte or cut escape, or nothing left.
            if run_len == 0 {
                break;
            }
            let Some((run, after)) = text.split_at_checked(run_len) else {
                break;
            };
            if !self.scratch.push_str(run) {
                break;
            }
            text = after;
        }
        input.pos = input.valid_end() - text.len();
    }

    /// Inside an object key: reads on to the closing quote and emits the key.
    #[inline]
    pub(super) fn key<'c>(&mut self, input: &mut Input<'c>) -> Step<'c> {
        self.with_sub_state(input, State::StrKey, State::StrKeySub, Self::key_inner)
    }

    fn key_inner<'c>(&mut self, input: &mut Input<'c>, sub: &mut StrState) -> Step<'c> {
        let (chunk, base, at_end) = (input.chunk, input.base, input.at_end);
        // Offset of the first content byte beyond the limit.
        let limit = self
            .token_start
            .saturating_add(1)
            .saturating_add(self.limits.max_token_len as u64);
        loop {
            let at = base + input.pos as u64;
            let rest = chunk.get(input.pos..).unwrap_or_default();
            let Some(&b) = rest.first() else {
                if at_end {
                    return Step::Fail(self.fail(ErrorKind::Incomplete, at));
                }
                return Step::Done;
            };
            if *sub == StrState::Plain && b == b'"' {
                input.pos += 1;
                self.set_key(Text::Token);
                return Step::Emit(Kind::Key, Text::Token, self.token_start);
            }
            if at >= limit {
                return Step::Fail(self.fail(ErrorKind::TokenTooLong, at));
            }
            match *sub {
                StrState::Plain => {
                    if b == b'\\' {
                        *sub = StrState::Escape;
                        input.pos += 1;
                        continue;
                    }
                    if b < 0x20 {
                        return Step::Fail(self.fail(ErrorKind::ControlCharacter, at));
                    }
                    let run_len = string_special(rest);
                    let allowed = usize::try_from(limit - at).unwrap_or(usize::MAX);
                    let stop = run_len.min(allowed);
                    let run = rest.get(..stop).unwrap_or_default();
                    let ends_key = stop == run_len && rest.get(run_len) == Some(&b'"');
                    // At the chunk end or the limit, an unfinished character
                    // waits for its next byte (which is too long at the
                    // limit); before a quote, escape or control byte it is
                    // an error, found by validation.
                    let body_len = if stop == allowed || stop == rest.len() {
                        unfinished_utf8_tail(run).unwrap_or(stop)
                    } else {
                        stop
                    };
                    match input.text(input.pos, input.pos + body_len) {
                        Ok(text) => {
                            if ends_key
                                && body_len == run_len
                                && self.token.is_empty()
                                && at == self.token_start + 1
                            {
                                // The whole key in one piece: no copy.
                                input.pos += run_len + 1;
                                self.set_key(Text::Chunk(text));
                                return Step::Emit(Kind::Key, Text::Chunk(text), self.token_start);
                            }
                            self.token.push_str(text);
                            input.pos += body_len;
                            if body_len < stop {
                                let tail = run.get(body_len..).unwrap_or_default();
                                self.carry_start = base + input.pos as u64;
                                self.carry_len = 0;
                                for &byte in tail {
                                    self.carry[usize::from(self.carry_len) & 3] = byte;
                                    self.carry_len += 1;
                                }
                                input.pos += tail.len();
                                *sub = StrState::Utf8;
                            }
                        }
                        Err(Ok(valid)) => {
                            self.token.push_str(valid);
                            input.pos += valid.len();
                        }
                        Err(Err(bad)) => {
                            return Step::Fail(self.fail(ErrorKind::InvalidUtf8, bad));
                        }
                    }
                }
                StrState::Utf8 => {
                    let lead = self.carry[0];
                    let have = usize::from(self.carry_len);
                    if !utf8_continuation_ok(lead, have, b) {
                        return Step::Fail(self.fail(ErrorKind::InvalidUtf8, at));
                    }
                    self.carry[have & 3] = b;
                    self.carry_len += 1;
                    input.pos += 1;
                    if usize::from(self.carry_len) == utf8_sequence_len(lead) {
                        let bytes = self.carry.get(..usize::from(self.carry_len));
                        if let Some(c) = bytes.and_then(decode_utf8) {
                            self.token.push_char(c);
                        }
                        *sub = StrState::Plain;
                    }
                }
                _ => match escape_step(*sub, b) {
                    Ok(Escaped::More(next)) => {
                        *sub = next;
                        input.pos += 1;
                    }
                    Ok(Escaped::Char(c)) => {
                        self.token.push_char(c);
                        *sub = StrState::Plain;
                        input.pos += 1;
                    }
                    Err(kind) => {
                        return Step::Fail(self.fail(kind, at));
                    }
                },
            }
        }
    }
}

/// A plain run before an escape up to this long is copied into the decoded
/// fragment instead of being sent on its own (`JOINED_RUN_BYTES` plus the
/// room an escape needs fits the scratch buffer in every build).
const JOINED_RUN_BYTES: usize = 64;
const _: () = assert!(JOINED_RUN_BYTES + 4 <= SCRATCH_BYTES);

/// The character and length of the escape `bytes` starts with (after the
/// backslash), when it is complete and valid and not a surrogate; otherwise
/// the byte-by-byte path decides.
#[cfg(feature = "serde_json")]
#[inline(always)]
fn whole_escape(bytes: &[u8]) -> Option<(char, usize)> {
    let escaped = *bytes.get(1)?;
    // A table instead of a `match`: which escape comes next is unpredictable,
    // and a jump table mispredicts on every one.
    let decoded = SIMPLE_ESCAPES[usize::from(escaped)];
    if decoded != 0 {
        return Some((char::from(decoded), 2));
    }
    unicode_escape(bytes).map(|c| (c, 6))
}

/// The character of the six-byte `\uXXXX` escape `bytes` starts with, when
/// it is complete, valid and not a surrogate.
#[inline(always)]
fn unicode_escape(bytes: &[u8]) -> Option<char> {
    let [b'\\', b'u', a, b, c, d, ..] = bytes else {
        return None;
    };
    let mut value = 0u32;
    for &digit in [a, b, c, d] {
        value = (value << 4) | u32::from(hex_value(digit)?);
    }
    // `from_u32` refuses surrogates.
    char::from_u32(value)
}

/// The byte each one-character escape stands for, 0 for the others.
static SIMPLE_ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'/' as usize] = b'/';
    table[b'b' as usize] = 0x08;
    table[b'f' as usize] = 0x0C;
    table[b'n' as usize] = b'\n';
    table[b'r' as usize] = b'\r';
    table[b't' as usize] = b'\t';
    table
};

/// Feeds byte `b` to the escape sequence in progress (`sub` is not `Plain`
/// or `Utf8`).
#[inline]
fn escape_step(sub: StrState, b: u8) -> Result<Escaped, ErrorKind> {
    match sub {
        StrState::Unicode { digits, value } => {
            let digit = hex_value(b).ok_or(ErrorKind::InvalidEscape)?;
            let value = (value << 4) | digit;
            let digits = digits + 1;
            // Two digits tell a low surrogate (DC00-DFFF), which cannot come first.
            if digits == 2 && (0xDC..=0xDF).contains(&value) {
                return Err(ErrorKind::LoneSurrogate);
            }
            if digits < 4 {
                return Ok(Escaped::More(StrState::Unicode { digits, value }));
            }
            if (0xD800..=0xDBFF).contains(&value) {
                return Ok(Escaped::More(StrState::LowSurrogate {
                    high: value,
                    step: 0,
                    value: 0,
                }));
            }
            char::from_u32(value.into())
                .map(Escaped::Char)
                .ok_or(ErrorKind::LoneSurrogate)
        }
        StrState::LowSurrogate { high, step, value } => {
            let next = |value| {
                Ok(Escaped::More(StrState::LowSurrogate {
                    high,
                    step: step + 1,
                    value,
                }))
            };
            match (step, b) {
                (0, b'\\') | (1, b'u') => next(0),
                (0 | 1, _) => Err(ErrorKind::LoneSurrogate),
                _ => {
                    let digit = hex_value(b).ok_or(ErrorKind::InvalidEscape)?;
                    // The low half must be DC00-DFFF: a first digit other
                    // than D, or a second below C, leaves the high one alone.
                    if (step == 2 && digit != 0xD) || (step == 3 && digit < 0xC) {
                        return Err(ErrorKind::LoneSurrogate);
                    }
                    let value = (value << 4) | digit;
                    if step < 5 {
                        return next(value);
                    }
                    let code =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(value) - 0xDC00);
                    char::from_u32(code)
                        .map(Escaped::Char)
                        .ok_or(ErrorKind::LoneSurrogate)
                }
            }
        }
        _ => {
            let c = match b {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    return Ok(Escaped::More(StrState::Unicode {
                        digits: 0,
                        value: 0,
                    }))
                }
                _ => return Err(ErrorKind::InvalidEscape),
            };
            Ok(Escaped::Char(c))
        }
    }
}
