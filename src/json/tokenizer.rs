//! The resumable tokenizer: a byte-level state machine fed chunk by chunk.
//!
//! The whole state between two chunks lives in [`Tokenizer`]: the lexical
//! state (which includes the position inside an escape or a number), the open
//! containers, the keys along the path, a partially received key or number
//! (the only input bytes ever copied, bounded by the token limit), up to three
//! bytes of a UTF-8 character split across chunks, and decoded escapes waiting
//! to be emitted. Every input byte is examined once.

use super::buf::{PathKeys, ScratchText, Stack, TokenText, SCRATCH_BYTES};
use super::error::{Error, ErrorKind};
use super::limits::Limits;
use super::path::{Level, MemberKey, Path};
use super::scan::{
    decode_utf8, hex_value, is_number_byte, is_whitespace, string_special, unfinished_utf8_tail,
    utf8_continuation_ok, utf8_invalid_at, utf8_sequence_len, NumberState,
};
use super::token::{Number, Token};

/// A streaming, resumable JSON tokenizer.
///
/// Feed the document in chunks of any size with [`Tokenizer::feed`] and read
/// the [`Event`]s of each chunk; call [`Tokenizer::finish`] at the end of the
/// input. Each event carries its [`Token`], the [`Path`] of the value it
/// belongs to and its byte offset in the whole input.
///
/// Strict RFC 8259: anything else is an [`Error`] reported at the byte that
/// makes the input invalid, identically for every way of splitting the input.
/// After an error the tokenizer keeps returning that error until
/// [`Tokenizer::reset`].
///
/// Memory is bounded by [`Limits`], never by the input: string values are
/// streamed as [`Token::StringFragment`]s borrowed from the chunk whenever
/// they contain no escape, and only a key or number split across two chunks
/// is copied.
///
/// # Example
///
/// ```
/// use ssejson::json::{Token, Tokenizer};
///
/// let mut tokenizer = Tokenizer::new();
/// let mut seen = Vec::new();
/// for chunk in [r#"{"query": "wea"#, r#"ther", "days": [1"#, "2, 3]}"] {
///     let mut tokens = tokenizer.feed(chunk.as_bytes());
///     while let Some(event) = tokens.next_event() {
///         let event = event?;
///         seen.push(format!("{} {:?}", event.path, event.token));
///     }
/// }
/// let mut tokens = tokenizer.finish();
/// while let Some(event) = tokens.next_event() {
///     event?;
/// }
/// assert_eq!(
///     seen,
///     [
///         " StartObject",
///         "/query Key(\"query\")",
///         "/query StringStart",
///         "/query StringFragment(\"wea\")",
///         "/query StringFragment(\"ther\")",
///         "/query StringEnd",
///         "/days Key(\"days\")",
///         "/days StartArray",
///         "/days/0 Number(Number(12))",
///         "/days/1 Number(Number(3))",
///         "/days EndArray",
///         " EndObject",
///     ]
/// );
/// assert!(tokenizer.is_complete());
/// # Ok::<(), ssejson::json::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Tokenizer {
    limits: Limits,
    state: State,
    levels: Stack<Level>,
    path_keys: PathKeys,
    /// A key or number that is not complete within one chunk.
    token: TokenText,
    /// Decoded escapes (and split characters) of a string value, not yet emitted.
    scratch: ScratchText,
    /// `scratch` was handed out in the last event and is emptied on the next step.
    scratch_sent: bool,
    scratch_start: u64,
    /// The bytes of a UTF-8 character split across chunks.
    carry: [u8; 4],
    carry_len: u8,
    carry_start: u64,
    /// Offset of the current key's opening quote, number or literal.
    token_start: u64,
    offset: u64,
    error: Option<Error>,
}

/// Where the tokenizer is in the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting a value: at the top level, after `:`, or after `,` in an array.
    Value,
    /// After `[`: a value or `]`.
    FirstElement,
    /// After `{`: a key or `}`.
    FirstKey,
    /// After `,` in an object: a key.
    NextKey,
    /// After a key: `:`.
    Colon,
    /// After a value: `,` or a closing bracket, or only whitespace at the top.
    AfterValue,
    /// Inside a string; `key` tells keys (buffered) from values (streamed).
    Str { key: bool, sub: StrState },
    /// Inside a number.
    Number(NumberState),
    /// Inside `true`, `false` or `null`, `matched` bytes in.
    Literal { word: Literal, matched: u8 },
    /// An error was reported; `error` holds it.
    Failed,
}

/// Where the tokenizer is inside a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StrState {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Literal {
    True,
    False,
    Null,
}

impl Literal {
    #[inline]
    fn text(self) -> &'static [u8] {
        match self {
            Literal::True => b"true",
            Literal::False => b"false",
            Literal::Null => b"null",
        }
    }

    #[inline]
    fn token(self) -> Token<'static> {
        match self {
            Literal::True => Token::Bool(true),
            Literal::False => Token::Bool(false),
            Literal::Null => Token::Null,
        }
    }
}

/// Where the text of an emitted token lives.
#[derive(Debug, Clone, Copy)]
enum Text<'c> {
    Chunk(&'c str),
    Token,
    Scratch,
}

/// An emitted token before it borrows the tokenizer's buffers.
#[derive(Debug, Clone, Copy)]
enum Raw<'c> {
    Plain(Token<'static>),
    Key(Text<'c>),
    Fragment(Text<'c>),
    Number(Text<'c>),
}

/// The outcome of one step of the state machine.
enum Step<'c> {
    Emit(Raw<'c>, u64),
    /// The chunk is used up (or, when finishing, the input is complete).
    Done,
    Fail(Error),
}

/// One step of an escape sequence.
enum Escaped {
    More(StrState),
    Char(char),
}

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new()
    }
}

impl Tokenizer {
    /// A tokenizer with the default [`Limits`], reading one top-level value.
    pub fn new() -> Self {
        Tokenizer::with_limits(Limits::default())
    }

    /// A tokenizer with the given limits.
    pub fn with_limits(limits: Limits) -> Self {
        Tokenizer {
            limits: limits.effective(),
            state: State::Value,
            levels: Stack::default(),
            path_keys: PathKeys::default(),
            token: TokenText::default(),
            scratch: ScratchText::default(),
            scratch_sent: false,
            scratch_start: 0,
            carry: [0; 4],
            carry_len: 0,
            carry_start: 0,
            token_start: 0,
            offset: 0,
            error: None,
        }
    }

    /// The limits in force (capped as documented in [`Limits`] without `alloc`).
    #[inline]
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Starts reading the next chunk of input.
    ///
    /// The returned [`Tokens`] yields the events the chunk completes. Bytes
    /// the `Tokens` has not examined when it is dropped count as not fed:
    /// [`Tokenizer::offset`] (or [`Tokens::consumed`]) tells where to resume.
    #[inline]
    pub fn feed<'t, 'c>(&'t mut self, chunk: &'c [u8]) -> Tokens<'t, 'c> {
        Tokens {
            base: self.offset,
            tokenizer: self,
            chunk,
            pos: 0,
            at_end: false,
            done: false,
        }
    }

    /// Marks the end of the input.
    ///
    /// Yields a top-level number that was waiting for a delimiter (input
    /// `12`), then an [`ErrorKind::Incomplete`] error if the document is not
    /// complete.
    ///
    /// ```
    /// use ssejson::json::{ErrorKind, Token, Tokenizer};
    ///
    /// let mut tokenizer = Tokenizer::new();
    /// assert!(tokenizer.feed(b"12").next_event().is_none());
    /// assert_eq!(tokenizer.partial_number(), Some("12"));
    /// let mut tokens = tokenizer.finish();
    /// let event = tokens.next_event().unwrap().unwrap();
    /// assert!(matches!(event.token, Token::Number(n) if n.as_str() == "12"));
    /// assert!(tokens.next_event().is_none());
    /// assert!(tokenizer.is_complete());
    ///
    /// let mut tokenizer = Tokenizer::new();
    /// tokenizer.feed(b"[tr").for_each(|_| {}).unwrap();
    /// let error = tokenizer.finish().next_event().unwrap().unwrap_err();
    /// assert_eq!((error.kind(), error.offset()), (ErrorKind::Incomplete, 3));
    /// ```
    #[inline]
    pub fn finish(&mut self) -> Tokens<'_, 'static> {
        Tokens {
            base: self.offset,
            tokenizer: self,
            chunk: &[],
            pos: 0,
            at_end: true,
            done: false,
        }
    }

    /// The text of the number the input so far ends inside, if any.
    #[inline]
    pub fn partial_number(&self) -> Option<&str> {
        match self.state {
            State::Number(_) => Some(self.token.as_str()),
            _ => None,
        }
    }

    /// The decoded text so far of the object key being read, if any.
    ///
    /// ```
    /// use ssejson::json::Tokenizer;
    ///
    /// let mut tokenizer = Tokenizer::new();
    /// tokenizer.feed(br#"{"loc\u00e"#).for_each(|_| {}).unwrap();
    /// assert_eq!(tokenizer.partial_key(), Some("loc"));
    /// tokenizer.feed(b"9").for_each(|_| {}).unwrap();
    /// assert_eq!(tokenizer.partial_key(), Some("loc\u{e9}"));
    /// ```
    #[inline]
    pub fn partial_key(&self) -> Option<&str> {
        match self.state {
            State::Str { key: true, .. } => Some(self.token.as_str()),
            _ => None,
        }
    }

    /// True when a complete top-level value has been read and no other value
    /// is in progress. A top-level number only counts once a delimiter or
    /// [`Tokenizer::finish`] ended it.
    #[inline]
    pub fn is_complete(&self) -> bool {
        self.state == State::AfterValue && self.levels.as_slice().is_empty()
    }

    /// The path of the value being written: after `{"a": [1, ` it is `/a`,
    /// once the next element starts it is `/a/1`.
    #[inline]
    pub fn path(&self) -> Path<'_> {
        Path::new(self.levels.as_slice(), &self.path_keys)
    }

    /// The number of open arrays and objects.
    #[inline]
    pub fn depth(&self) -> usize {
        self.levels.as_slice().len()
    }

    /// Bytes of input consumed so far (up to the offending byte after an error).
    #[inline]
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The error the tokenizer stopped at, if any.
    #[inline]
    pub fn error(&self) -> Option<Error> {
        self.error
    }

    /// Forgets the input so far (and any error); keeps the limits and the
    /// buffers' memory.
    pub fn reset(&mut self) {
        self.state = State::Value;
        self.levels.clear();
        self.path_keys.clear();
        self.token.clear();
        self.scratch.clear();
        self.scratch_sent = false;
        self.carry_len = 0;
        self.offset = 0;
        self.error = None;
    }

    #[cold]
    #[inline(never)]
    fn fail(&mut self, kind: ErrorKind, at: u64) -> Error {
        let error = Error::new(kind, at);
        self.state = State::Failed;
        self.error = Some(error);
        error
    }

    #[inline]
    fn text<'s>(&'s self, text: Text<'s>) -> &'s str {
        match text {
            Text::Chunk(text) => text,
            Text::Token => self.token.as_str(),
            Text::Scratch => self.scratch.as_str(),
        }
    }

    /// A value starts: inside an array it becomes the current element.
    #[inline]
    fn begin_value(&mut self) {
        if let Some(Level::Array { has_child, .. }) = self.levels.last_mut() {
            *has_child = true;
        }
    }

    /// A value ended.
    #[inline]
    fn end_value(&mut self) {
        self.state = State::AfterValue;
    }

    #[inline]
    fn open(&mut self, level: Level, at: u64) -> Result<(), Error> {
        if self.levels.as_slice().len() >= self.limits.max_depth || !self.levels.push(level) {
            return Err(self.fail(ErrorKind::DepthLimitExceeded, at));
        }
        self.state = match level {
            Level::Object(_) => State::FirstKey,
            _ => State::FirstElement,
        };
        Ok(())
    }

    #[inline]
    fn close(&mut self) {
        if let Some(Level::Object(MemberKey::Kept { start, .. })) = self.levels.pop() {
            self.path_keys.truncate(start);
        }
        self.end_value();
    }

    /// Records `key` (the text of `text`) as the current member of the
    /// innermost object.
    #[inline]
    fn set_key(&mut self, text: Text<'_>) {
        let key = match text {
            Text::Chunk(key) => key,
            Text::Token => self.token.as_str(),
            Text::Scratch => self.scratch.as_str(),
        };
        if let Some(Level::Object(member)) = self.levels.last_mut() {
            if let MemberKey::Kept { start, .. } = *member {
                self.path_keys.truncate(start);
            }
            let start = self.path_keys.len();
            *member = if self.path_keys.push_str(key) {
                MemberKey::Kept {
                    start,
                    end: self.path_keys.len(),
                }
            } else {
                MemberKey::NotKept
            };
        }
        self.state = State::Colon;
    }

    /// Runs the state machine from `chunk[*pos]` to the next event.
    fn step<'c>(&mut self, chunk: &'c [u8], pos: &mut usize, base: u64, at_end: bool) -> Step<'c> {
        if self.scratch_sent {
            self.scratch.clear();
            self.scratch_sent = false;
        }
        loop {
            let state = self.state;
            match state {
                State::Str { key: false, sub } => {
                    return self.string_value(chunk, pos, base, at_end, sub)
                }
                State::Str { key: true, sub } => return self.key(chunk, pos, base, at_end, sub),
                State::Number(number) => {
                    return self.number(chunk, pos, base, at_end, number, None)
                }
                State::Literal { word, matched } => {
                    return self.literal(chunk, pos, base, at_end, word, matched.into())
                }
                State::Failed => {
                    return match self.error {
                        Some(error) => Step::Fail(error),
                        None => Step::Done,
                    }
                }
                _ => {}
            }
            while chunk.get(*pos).is_some_and(|&b| is_whitespace(b)) {
                *pos += 1;
            }
            let at = base + *pos as u64;
            let Some(&b) = chunk.get(*pos) else {
                return self.end_between_tokens(at_end, at);
            };
            match state {
                State::Value | State::FirstElement => {
                    let simple = match b {
                        b'{' => {
                            self.begin_value();
                            if let Err(error) = self.open(Level::Object(MemberKey::None), at) {
                                return Step::Fail(error);
                            }
                            Token::StartObject
                        }
                        b'[' => {
                            self.begin_value();
                            let array = Level::Array {
                                index: 0,
                                has_child: false,
                            };
                            if let Err(error) = self.open(array, at) {
                                return Step::Fail(error);
                            }
                            Token::StartArray
                        }
                        b'"' => {
                            self.begin_value();
                            self.state = State::Str {
                                key: false,
                                sub: StrState::Plain,
                            };
                            Token::StringStart
                        }
                        b'-' | b'0'..=b'9' => {
                            self.begin_value();
                            self.token_start = at;
                            if self.limits.max_token_len == 0 {
                                return Step::Fail(self.fail(ErrorKind::TokenTooLong, at));
                            }
                            let start = *pos;
                            *pos += 1;
                            let number = NumberState::start(b).unwrap_or(NumberState::Minus);
                            return self.number(chunk, pos, base, at_end, number, Some(start));
                        }
                        b't' | b'f' | b'n' => {
                            self.begin_value();
                            self.token_start = at;
                            let word = match b {
                                b't' => Literal::True,
                                b'f' => Literal::False,
                                _ => Literal::Null,
                            };
                            *pos += 1;
                            return self.literal(chunk, pos, base, at_end, word, 1);
                        }
                        b']' if state == State::FirstElement => {
                            self.close();
                            Token::EndArray
                        }
                        b']' if matches!(
                            self.levels.as_slice().last(),
                            Some(Level::Array { .. })
                        ) =>
                        {
                            return Step::Fail(self.fail(ErrorKind::TrailingComma, at));
                        }
                        _ => return Step::Fail(self.fail(ErrorKind::UnexpectedByte, at)),
                    };
                    *pos += 1;
                    return Step::Emit(Raw::Plain(simple), at);
                }
                State::FirstKey | State::NextKey => match b {
                    b'"' => {
                        self.token.clear();
                        self.token_start = at;
                        self.state = State::Str {
                            key: true,
                            sub: StrState::Plain,
                        };
                        *pos += 1;
                        return self.key(chunk, pos, base, at_end, StrState::Plain);
                    }
                    b'}' if state == State::FirstKey => {
                        self.close();
                        *pos += 1;
                        return Step::Emit(Raw::Plain(Token::EndObject), at);
                    }
                    b'}' => return Step::Fail(self.fail(ErrorKind::TrailingComma, at)),
                    _ => return Step::Fail(self.fail(ErrorKind::UnexpectedByte, at)),
                },
                State::Colon => {
                    if b != b':' {
                        return Step::Fail(self.fail(ErrorKind::UnexpectedByte, at));
                    }
                    self.state = State::Value;
                    *pos += 1;
                }
                _ => {
                    // After a value.
                    match (self.levels.last_mut(), b) {
                        (Some(Level::Array { index, has_child }), b',') => {
                            *index += 1;
                            *has_child = false;
                            self.state = State::Value;
                            *pos += 1;
                        }
                        (Some(Level::Object(member)), b',') => {
                            if let MemberKey::Kept { start, .. } = *member {
                                self.path_keys.truncate(start);
                            }
                            *member = MemberKey::None;
                            self.state = State::NextKey;
                            *pos += 1;
                        }
                        (Some(Level::Array { .. }), b']') => {
                            self.close();
                            *pos += 1;
                            return Step::Emit(Raw::Plain(Token::EndArray), at);
                        }
                        (Some(Level::Object(_)), b'}') => {
                            self.close();
                            *pos += 1;
                            return Step::Emit(Raw::Plain(Token::EndObject), at);
                        }
                        (None, _) if self.limits.multiple_values => self.state = State::Value,
                        (None, _) => {
                            return Step::Fail(self.fail(ErrorKind::TrailingCharacters, at))
                        }
                        _ => return Step::Fail(self.fail(ErrorKind::UnexpectedByte, at)),
                    }
                }
            }
        }
    }

    /// The chunk ended between two tokens.
    #[inline]
    fn end_between_tokens<'c>(&mut self, at_end: bool, at: u64) -> Step<'c> {
        let top = self.levels.as_slice().is_empty();
        let complete = top
            && (self.state == State::AfterValue
                || (self.state == State::Value && self.limits.multiple_values));
        if at_end && !complete {
            Step::Fail(self.fail(ErrorKind::Incomplete, at))
        } else {
            Step::Done
        }
    }

    /// Emits the decoded escapes gathered so far.
    #[inline]
    fn flush_scratch<'c>(&mut self) -> Step<'c> {
        self.scratch_sent = true;
        Step::Emit(Raw::Fragment(Text::Scratch), self.scratch_start)
    }

    /// Inside a string value: emits the next fragment or the end of the string.
    fn string_value<'c>(
        &mut self,
        chunk: &'c [u8],
        pos: &mut usize,
        base: u64,
        at_end: bool,
        mut sub: StrState,
    ) -> Step<'c> {
        loop {
            self.state = State::Str { key: false, sub };
            let at = base + *pos as u64;
            let rest = chunk.get(*pos..).unwrap_or_default();
            let Some(&b) = rest.first() else {
                if !self.scratch.is_empty() {
                    return self.flush_scratch();
                }
                if at_end {
                    return Step::Fail(self.fail(ErrorKind::Incomplete, at));
                }
                return Step::Done;
            };
            match sub {
                StrState::Plain => {
                    if b == b'\\' {
                        if self.scratch.is_empty() {
                            self.scratch_start = at;
                        } else if self.scratch.len() > SCRATCH_BYTES - 4 {
                            return self.flush_scratch();
                        }
                        sub = StrState::Escape;
                        *pos += 1;
                        continue;
                    }
                    if !self.scratch.is_empty() {
                        return self.flush_scratch();
                    }
                    if b == b'"' {
                        *pos += 1;
                        self.end_value();
                        return Step::Emit(Raw::Plain(Token::StringEnd), at);
                    }
                    if b < 0x20 {
                        return Step::Fail(self.fail(ErrorKind::ControlCharacter, at));
                    }
                    let run_len = string_special(rest);
                    let run = rest.get(..run_len).unwrap_or_default();
                    let body_len = if run_len == rest.len() {
                        unfinished_utf8_tail(run).unwrap_or(run_len)
                    } else {
                        run_len
                    };
                    if body_len == 0 {
                        // Only the start of a character split across chunks.
                        self.carry_start = at;
                        self.carry_len = 0;
                        for &byte in run {
                            self.carry[usize::from(self.carry_len) & 3] = byte;
                            self.carry_len += 1;
                        }
                        *pos += run_len;
                        sub = StrState::Utf8;
                        continue;
                    }
                    let body = run.get(..body_len).unwrap_or_default();
                    return match validate_utf8(body, at) {
                        Ok(text) => {
                            *pos += text.len();
                            Step::Emit(Raw::Fragment(Text::Chunk(text)), at)
                        }
                        Err(Ok(valid)) => {
                            *pos += valid.len();
                            Step::Emit(Raw::Fragment(Text::Chunk(valid)), at)
                        }
                        Err(Err(bad)) => Step::Fail(self.fail(ErrorKind::InvalidUtf8, bad)),
                    };
                }
                StrState::Utf8 => {
                    let lead = self.carry[0];
                    let have = usize::from(self.carry_len);
                    if !utf8_continuation_ok(lead, have, b) {
                        return Step::Fail(self.fail(ErrorKind::InvalidUtf8, at));
                    }
                    self.carry[have & 3] = b;
                    self.carry_len += 1;
                    *pos += 1;
                    if usize::from(self.carry_len) == utf8_sequence_len(lead) {
                        let bytes = self.carry.get(..usize::from(self.carry_len));
                        if let Some(c) = bytes.and_then(decode_utf8) {
                            if self.scratch.is_empty() {
                                self.scratch_start = self.carry_start;
                            }
                            self.scratch.push_char(c);
                        }
                        sub = StrState::Plain;
                    }
                }
                _ => match escape_step(sub, b) {
                    Ok(Escaped::More(next)) => {
                        sub = next;
                        *pos += 1;
                    }
                    Ok(Escaped::Char(c)) => {
                        // Room for it was checked before the escape began.
                        self.scratch.push_char(c);
                        sub = StrState::Plain;
                        *pos += 1;
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

    /// Inside an object key: reads on to the closing quote and emits the key.
    fn key<'c>(
        &mut self,
        chunk: &'c [u8],
        pos: &mut usize,
        base: u64,
        at_end: bool,
        mut sub: StrState,
    ) -> Step<'c> {
        // Offset of the first content byte beyond the limit.
        let limit = self
            .token_start
            .saturating_add(1)
            .saturating_add(self.limits.max_token_len as u64);
        loop {
            self.state = State::Str { key: true, sub };
            let at = base + *pos as u64;
            let rest = chunk.get(*pos..).unwrap_or_default();
            let Some(&b) = rest.first() else {
                if at_end {
                    return Step::Fail(self.fail(ErrorKind::Incomplete, at));
                }
                return Step::Done;
            };
            if sub == StrState::Plain && b == b'"' {
                *pos += 1;
                self.set_key(Text::Token);
                return Step::Emit(Raw::Key(Text::Token), self.token_start);
            }
            if at >= limit {
                return Step::Fail(self.fail(ErrorKind::TokenTooLong, at));
            }
            match sub {
                StrState::Plain => {
                    if b == b'\\' {
                        sub = StrState::Escape;
                        *pos += 1;
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
                    // waits for its next byte; before a quote, escape or
                    // control byte it is an error, found by validation.
                    let body_len = if stop < run_len || stop == rest.len() {
                        unfinished_utf8_tail(run).unwrap_or(stop)
                    } else {
                        stop
                    };
                    let body = run.get(..body_len).unwrap_or_default();
                    match validate_utf8(body, at) {
                        Ok(text) => {
                            if ends_key && self.token.is_empty() && at == self.token_start + 1 {
                                // The whole key in one piece: no copy.
                                *pos += run_len + 1;
                                self.set_key(Text::Chunk(text));
                                return Step::Emit(Raw::Key(Text::Chunk(text)), self.token_start);
                            }
                            self.token.push_str(text);
                            *pos += body_len;
                            if body_len < stop {
                                let tail = run.get(body_len..).unwrap_or_default();
                                self.carry_start = base + *pos as u64;
                                self.carry_len = 0;
                                for &byte in tail {
                                    self.carry[usize::from(self.carry_len) & 3] = byte;
                                    self.carry_len += 1;
                                }
                                *pos += tail.len();
                                sub = StrState::Utf8;
                            }
                        }
                        Err(Ok(valid)) => {
                            self.token.push_str(valid);
                            *pos += valid.len();
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
                    *pos += 1;
                    if usize::from(self.carry_len) == utf8_sequence_len(lead) {
                        let bytes = self.carry.get(..usize::from(self.carry_len));
                        if let Some(c) = bytes.and_then(decode_utf8) {
                            self.token.push_char(c);
                        }
                        sub = StrState::Plain;
                    }
                }
                _ => match escape_step(sub, b) {
                    Ok(Escaped::More(next)) => {
                        sub = next;
                        *pos += 1;
                    }
                    Ok(Escaped::Char(c)) => {
                        self.token.push_char(c);
                        sub = StrState::Plain;
                        *pos += 1;
                    }
                    Err(kind) => {
                        return Step::Fail(self.fail(kind, at));
                    }
                },
            }
        }
    }

    /// Inside a number: emits it once a byte (or the end of input) ends it.
    ///
    /// `fresh_start` is the chunk index of the number's first byte when it
    /// began in this chunk (its text is then borrowed, not copied).
    fn number<'c>(
        &mut self,
        chunk: &'c [u8],
        pos: &mut usize,
        base: u64,
        at_end: bool,
        mut number: NumberState,
        fresh_start: Option<usize>,
    ) -> Step<'c> {
        let limit = self
            .token_start
            .saturating_add(self.limits.max_token_len as u64);
        let mut end = *pos;
        let terminator = loop {
            let Some(&b) = chunk.get(end) else {
                break None;
            };
            let Some(next) = number.next(b) else {
                break Some(b);
            };
            if base + end as u64 >= limit {
                return Step::Fail(self.fail(ErrorKind::TokenTooLong, base + end as u64));
            }
            number = next;
            end += 1;
        };
        let start = fresh_start.unwrap_or(*pos);
        let piece = match core::str::from_utf8(chunk.get(start..end).unwrap_or_default()) {
            Ok(piece) => piece,
            // Unreachable: the grammar only admits ASCII.
            Err(_) => return Step::Fail(self.fail(ErrorKind::InvalidNumber, base + start as u64)),
        };
        let at = base + end as u64;
        match terminator {
            None if !at_end => {
                if fresh_start.is_some() {
                    self.token.clear();
                }
                self.token.push_str(piece);
                *pos = end;
                self.state = State::Number(number);
                return Step::Done;
            }
            None if !number.is_complete() => {
                self.state = State::Number(number);
                return Step::Fail(self.fail(ErrorKind::Incomplete, at));
            }
            None => {}
            Some(b) => {
                *pos = end;
                if !number.is_complete() || is_number_byte(b) {
                    return Step::Fail(self.fail(ErrorKind::InvalidNumber, at));
                }
                if self.levels.as_slice().is_empty() && !is_whitespace(b) {
                    let kind = if self.limits.multiple_values {
                        ErrorKind::UnexpectedByte
                    } else {
                        ErrorKind::TrailingCharacters
                    };
                    return Step::Fail(self.fail(kind, at));
                }
            }
        }
        *pos = end;
        self.end_value();
        let text = if fresh_start.is_some() {
            Text::Chunk(piece)
        } else {
            self.token.push_str(piece);
            Text::Token
        };
        Step::Emit(Raw::Number(text), self.token_start)
    }

    /// Inside `true`, `false` or `null`.
    fn literal<'c>(
        &mut self,
        chunk: &'c [u8],
        pos: &mut usize,
        base: u64,
        at_end: bool,
        word: Literal,
        mut matched: usize,
    ) -> Step<'c> {
        let text = word.text();
        while let Some(&expected) = text.get(matched) {
            let at = base + *pos as u64;
            let Some(&b) = chunk.get(*pos) else {
                self.state = State::Literal {
                    word,
                    matched: matched as u8,
                };
                if at_end {
                    return Step::Fail(self.fail(ErrorKind::Incomplete, at));
                }
                return Step::Done;
            };
            if b != expected {
                return Step::Fail(self.fail(ErrorKind::InvalidLiteral, at));
            }
            matched += 1;
            *pos += 1;
        }
        self.end_value();
        Step::Emit(Raw::Plain(word.token()), self.token_start)
    }
}

/// Validates a run of string content. `Err(Ok(valid))`: a valid prefix to
/// emit before the error; `Err(Err(offset))`: the offset of the bad byte.
#[inline]
fn validate_utf8(bytes: &[u8], at: u64) -> Result<&str, Result<&str, u64>> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => Err(utf8_error(bytes, at)),
    }
}

#[cold]
#[inline(never)]
fn utf8_error(bytes: &[u8], at: u64) -> Result<&str, u64> {
    let valid_up_to = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error.valid_up_to(),
    };
    if valid_up_to > 0 {
        let valid = bytes.get(..valid_up_to).unwrap_or_default();
        if let Ok(valid) = core::str::from_utf8(valid) {
            return Ok(valid);
        }
    }
    let rest = bytes.get(valid_up_to..).unwrap_or_default();
    Err(at + (valid_up_to + utf8_invalid_at(rest)) as u64)
}

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

/// The events of one chunk (or of the end of input), read with
/// [`Tokens::next_event`].
///
/// This is a lending iterator: an event may borrow the tokenizer's buffers, so
/// it must be dropped before the next one is read. After `None` or an error,
/// `next_event` returns `None`.
///
/// Dropping a `Tokens` before `None` leaves the bytes it has not examined
/// unfed: [`Tokens::consumed`] (or the growth of [`Tokenizer::offset`]) tells
/// how many bytes of the chunk were used, and feeding the rest later continues
/// exactly where it stopped.
///
/// ```
/// use ssejson::json::{Token, Tokenizer};
///
/// let chunk = br#"[1, 2, 3]"#;
/// let mut tokenizer = Tokenizer::new();
/// let mut tokens = tokenizer.feed(chunk);
/// tokens.next_event(); // StartArray
/// tokens.next_event(); // 1
/// let used = tokens.consumed();
/// drop(tokens);
/// assert_eq!(used, 2);
/// let mut tokens = tokenizer.feed(&chunk[used..]);
/// let event = tokens.next_event().unwrap().unwrap();
/// assert!(matches!(event.token, Token::Number(n) if n.as_i64() == Some(2)));
/// assert_eq!(event.offset, 4);
/// ```
#[derive(Debug)]
pub struct Tokens<'t, 'c> {
    tokenizer: &'t mut Tokenizer,
    chunk: &'c [u8],
    pos: usize,
    base: u64,
    at_end: bool,
    done: bool,
}

impl<'t, 'c> Tokens<'t, 'c> {
    /// The next event, an error, or `None` once the chunk is used up.
    #[inline]
    pub fn next_event(&mut self) -> Option<Result<Event<'_>, Error>> {
        if self.done {
            return None;
        }
        let step = self
            .tokenizer
            .step(self.chunk, &mut self.pos, self.base, self.at_end);
        self.tokenizer.offset = self.base + self.pos as u64;
        let (raw, offset) = match step {
            Step::Emit(raw, offset) => (raw, offset),
            Step::Done => {
                self.done = true;
                return None;
            }
            Step::Fail(error) => {
                self.done = true;
                return Some(Err(error));
            }
        };
        let tokenizer: &Tokenizer = self.tokenizer;
        let token = match raw {
            Raw::Plain(token) => token,
            Raw::Key(text) => Token::Key(tokenizer.text(text)),
            Raw::Fragment(text) => Token::StringFragment(tokenizer.text(text)),
            Raw::Number(text) => Token::Number(Number::from_checked(tokenizer.text(text))),
        };
        Some(Ok(Event {
            token,
            path: tokenizer.path(),
            offset,
        }))
    }

    /// Hands every remaining event to `f`; stops at the first error.
    ///
    /// ```
    /// use ssejson::json::{Token, Tokenizer};
    ///
    /// let mut tokenizer = Tokenizer::new();
    /// let mut keys = Vec::new();
    /// tokenizer
    ///     .feed(br#"{"a": 1, "b": [true]}"#)
    ///     .for_each(|event| {
    ///         if let Token::Key(key) = event.token {
    ///             keys.push(key.to_owned());
    ///         }
    ///     })?;
    /// assert_eq!(keys, ["a", "b"]);
    /// # Ok::<(), ssejson::json::Error>(())
    /// ```
    #[inline]
    pub fn for_each(mut self, mut f: impl FnMut(Event<'_>)) -> Result<(), Error> {
        while let Some(event) = self.next_event() {
            f(event?);
        }
        Ok(())
    }

    /// Bytes of this chunk used so far.
    #[inline]
    pub fn consumed(&self) -> usize {
        self.pos
    }
}

/// A token with its place in the document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event<'a> {
    /// The token.
    pub token: Token<'a>,
    /// Where the token's value sits: a value token at its own path, a
    /// [`Token::Key`] at the path of the member it introduces, an end token
    /// at the path of its container.
    pub path: Path<'a>,
    /// Byte offset in the whole input of the token's first byte: the quote
    /// of a key or string boundary, the first byte of a number or literal,
    /// the first input byte a string fragment decodes.
    pub offset: u64,
}
