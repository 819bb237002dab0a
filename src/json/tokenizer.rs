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
/// streamed as [`Token::StringFragment`]s (borrowed from the chunk where no
/// escape precedes them in the chunk), and of the input only a key or number
/// split across chunks, or text next to escapes, is copied.
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
    /// Position inside an escape or split character (`State::*Sub`).
    sub: StrState,
    number: NumberState,
    literal: Literal,
    literal_matched: u8,
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
///
/// Deliberately without payloads: the state is stored at the end of every
/// step and loaded at the start of the next, and a load wider than the store
/// before it (a payload-less variant writes only its tag) stalls the CPU.
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
    /// In plain content of a string value (streamed).
    StrValue,
    /// Inside an escape or split character of a string value (`sub`).
    StrValueSub,
    /// In plain content of an object key (buffered).
    StrKey,
    /// Inside an escape or split character of an object key (`sub`).
    StrKeySub,
    /// Inside a number (`number`).
    Number,
    /// Inside `true`, `false` or `null` (`literal`, `literal_matched`).
    Literal,
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
    None,
    Chunk(&'c str),
    Token,
    Scratch,
}

/// What a step inside a string or key emitted, before it borrows the
/// tokenizer's buffers (the wrapper that stores the string state back needs
/// `&mut self` after the step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Key,
    Fragment,
    StringEnd,
}

/// What [`Tokens::next_event`] returns.
type Next<'s> = Option<Result<Event<'s>, Error>>;

/// The outcome of one step inside a string or key.
enum Step<'c> {
    Emit(Kind, Text<'c>, u64),
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
            sub: StrState::Plain,
            number: NumberState::Zero,
            literal: Literal::Null,
            literal_matched: 0,
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
            input: Input::new(chunk, self.offset, false),
            tokenizer: self,
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
            input: Input::new(&[], self.offset, true),
            tokenizer: self,
            done: false,
        }
    }

    /// The text of the number the input so far ends inside, if any.
    #[inline]
    pub fn partial_number(&self) -> Option<&str> {
        match self.state {
            State::Number => Some(self.token.as_str()),
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
            State::StrKey | State::StrKeySub => Some(self.token.as_str()),
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
        // Everything before the offending byte was consumed.
        self.offset = at;
        self.state = State::Failed;
        self.error = Some(error);
        error
    }

    #[inline]
    fn text<'s>(&'s self, text: Text<'s>) -> &'s str {
        match text {
            Text::None => "",
            Text::Chunk(text) => text,
            Text::Token => self.token.as_str(),
            Text::Scratch => self.scratch.as_str(),
        }
    }

    /// An event at the current path, once `consumed` bytes of input are used.
    ///
    /// `token` is built from the tokenizer after the offset is recorded, so
    /// that it may borrow the tokenizer's buffers.
    #[inline(always)]
    fn emit<'s>(
        &'s mut self,
        consumed: u64,
        offset: u64,
        token: impl FnOnce(&'s Tokenizer) -> Token<'s>,
    ) -> Next<'s> {
        self.offset = consumed;
        let this: &'s Tokenizer = self;
        Some(Ok(Event {
            token: token(this),
            path: this.path(),
            offset,
        }))
    }

    /// The event of a step inside a string or key.
    #[inline(always)]
    fn string_event<'s, 'c: 's>(&'s mut self, input: &Input<'c>, step: Step<'c>) -> Next<'s> {
        let consumed = input.base + input.pos as u64;
        match step {
            Step::Emit(Kind::Fragment, text, offset) => {
                self.emit(consumed, offset, |t| Token::StringFragment(t.text(text)))
            }
            Step::Emit(Kind::Key, text, offset) => {
                self.emit(consumed, offset, |t| Token::Key(t.text(text)))
            }
            Step::Emit(Kind::StringEnd, _, offset) => {
                self.emit(consumed, offset, |_| Token::StringEnd)
            }
            Step::Done => {
                self.offset = consumed;
                None
            }
            Step::Fail(error) => Some(Err(error)),
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

    #[inline(always)]
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
    #[inline(always)]
    fn set_key(&mut self, text: Text<'_>) {
        let key = match text {
            Text::None => "",
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

    /// Runs the state machine from `chunk[input.pos]` to the next event.
    #[inline(always)]
    fn step<'s, 'c: 's>(&'s mut self, input: &mut Input<'c>) -> Next<'s> {
        let (chunk, base, at_end) = (input.chunk, input.base, input.at_end);
        if self.scratch_sent {
            self.scratch.clear();
            self.scratch_sent = false;
        }
        loop {
            let state = self.state;
            match state {
                State::StrValue | State::StrValueSub => {
                    let step = self.string_value(input);
                    return self.string_event(input, step);
                }
                State::StrKey | State::StrKeySub => {
                    let step = self.key(input);
                    return self.string_event(input, step);
                }
                State::Number => return self.number(input, self.number, None),
                State::Literal => {
                    return self.literal(input, self.literal, self.literal_matched.into())
                }
                State::Failed => return self.error.map(Err),
                _ => {}
            }
            while chunk.get(input.pos).is_some_and(|&b| is_whitespace(b)) {
                input.pos += 1;
            }
            let at = base + input.pos as u64;
            let Some(&b) = chunk.get(input.pos) else {
                return self.end_between_tokens(at_end, at);
            };
            match state {
                State::Value | State::FirstElement => {
                    let simple = match b {
                        b'{' => {
                            self.begin_value();
                            if let Err(error) = self.open(Level::Object(MemberKey::None), at) {
                                return Some(Err(error));
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
                                return Some(Err(error));
                            }
                            Token::StartArray
                        }
                        b'"' => {
                            self.begin_value();
                            self.state = State::StrValue;
                            Token::StringStart
                        }
                        b'-' | b'0'..=b'9' => {
                            self.begin_value();
                            self.token_start = at;
                            if self.limits.max_token_len == 0 {
                                return Some(Err(self.fail(ErrorKind::TokenTooLong, at)));
                            }
                            let start = input.pos;
                            input.pos += 1;
                            let number = NumberState::start(b).unwrap_or(NumberState::Minus);
                            return self.number(input, number, Some(start));
                        }
                        b't' | b'f' | b'n' => {
                            self.begin_value();
                            self.token_start = at;
                            let word = match b {
                                b't' => Literal::True,
                                b'f' => Literal::False,
                                _ => Literal::Null,
                            };
                            input.pos += 1;
                            return self.literal(input, word, 1);
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
                            return Some(Err(self.fail(ErrorKind::TrailingComma, at)));
                        }
                        _ => return Some(Err(self.fail(ErrorKind::UnexpectedByte, at))),
                    };
                    input.pos += 1;
                    return self.emit(input.base + input.pos as u64, at, |_| simple);
                }
                State::FirstKey | State::NextKey => match b {
                    b'"' => {
                        self.token.clear();
                        self.token_start = at;
                        self.state = State::StrKey;
                        input.pos += 1;
                        let step = self.key(input);
                        return self.string_event(input, step);
                    }
                    b'}' if state == State::FirstKey => {
                        self.close();
                        input.pos += 1;
                        return self.emit(input.base + input.pos as u64, at, |_| Token::EndObject);
                    }
                    b'}' => return Some(Err(self.fail(ErrorKind::TrailingComma, at))),
                    _ => return Some(Err(self.fail(ErrorKind::UnexpectedByte, at))),
                },
                State::Colon => {
                    if b != b':' {
                        return Some(Err(self.fail(ErrorKind::UnexpectedByte, at)));
                    }
                    self.state = State::Value;
                    input.pos += 1;
                }
                _ => {
                    // After a value.
                    match (self.levels.last_mut(), b) {
                        (Some(Level::Array { index, has_child }), b',') => {
                            *index += 1;
                            *has_child = false;
                            self.state = State::Value;
                            input.pos += 1;
                        }
                        (Some(Level::Object(member)), b',') => {
                            if let MemberKey::Kept { start, .. } = *member {
                                self.path_keys.truncate(start);
                            }
                            *member = MemberKey::None;
                            self.state = State::NextKey;
                            input.pos += 1;
                        }
                        (Some(Level::Array { .. }), b']') => {
                            self.close();
                            input.pos += 1;
                            return self
                                .emit(input.base + input.pos as u64, at, |_| Token::EndArray);
                        }
                        (Some(Level::Object(_)), b'}') => {
                            self.close();
                            input.pos += 1;
                            return self
                                .emit(input.base + input.pos as u64, at, |_| Token::EndObject);
                        }
                        (None, _) if self.limits.multiple_values => self.state = State::Value,
                        (None, _) => {
                            return Some(Err(self.fail(ErrorKind::TrailingCharacters, at)))
                        }
                        _ => return Some(Err(self.fail(ErrorKind::UnexpectedByte, at))),
                    }
                }
            }
        }
    }

    /// The chunk ended between two tokens.
    #[inline]
    fn end_between_tokens<'s>(&mut self, at_end: bool, at: u64) -> Next<'s> {
        let top = self.levels.as_slice().is_empty();
        let complete = top
            && (self.state == State::AfterValue
                || (self.state == State::Value && self.limits.multiple_values));
        if at_end && !complete {
            Some(Err(self.fail(ErrorKind::Incomplete, at)))
        } else {
            self.offset = at;
            None
        }
    }

    /// Emits the decoded escapes gathered so far.
    #[inline]
    fn flush_scratch<'c>(&mut self) -> Step<'c> {
        self.scratch_sent = true;
        Step::Emit(Kind::Fragment, Text::Scratch, self.scratch_start)
    }

    /// Inside a string value: emits the next fragment or the end of the string.
    ///
    /// Runs `string_value_inner` with the sub-state in a local, storing it back
    /// only when a step leaves the string inside an escape or character.
    #[inline]
    fn string_value<'c>(&mut self, input: &mut Input<'c>) -> Step<'c> {
        let mut sub = if self.state == State::StrValueSub {
            self.sub
        } else {
            StrState::Plain
        };
        let step = self.string_value_inner(input, &mut sub);
        if matches!(self.state, State::StrValue | State::StrValueSub) {
            if sub == StrState::Plain {
                self.state = State::StrValue;
            } else {
                self.state = State::StrValueSub;
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

    /// The fast path for escape-dense text: decodes whole escapes (other than
    /// surrogate pairs) and the plain runs between them into the scratch
    /// buffer while they lie complete in this chunk and fit; stops before
    /// anything else, which the byte-by-byte path then handles.
    #[inline]
    fn gather_escaped(&mut self, input: &mut Input<'_>) {
        let chunk = input.chunk;
        let mut pos = input.pos;
        while let Some(rest) = chunk.get(pos..) {
            if rest.first() == Some(&b'\\') {
                if self.scratch.len() > SCRATCH_BYTES - 4 {
                    break;
                }
                let Some((c, len)) = whole_escape(rest) else {
                    break;
                };
                self.scratch.push_char(c);
                pos += len;
            } else {
                let run_len = string_special(rest);
                // A quote or control byte, or a run the chunk end may cut.
                if run_len == 0 || run_len == rest.len() {
                    break;
                }
                let Some(text) = input.valid_slice(pos, pos + run_len) else {
                    break;
                };
                if !self.scratch.push_str(text) {
                    break;
                }
                pos += run_len;
            }
        }
        input.pos = pos;
    }

    /// Inside an object key: reads on to the closing quote and emits the key.
    ///
    /// Runs `key_inner` with the sub-state in a local, storing it back only
    /// when a step leaves the key inside an escape or character.
    #[inline]
    fn key<'c>(&mut self, input: &mut Input<'c>) -> Step<'c> {
        let mut sub = if self.state == State::StrKeySub {
            self.sub
        } else {
            StrState::Plain
        };
        let step = self.key_inner(input, &mut sub);
        if matches!(self.state, State::StrKey | State::StrKeySub) {
            if sub == StrState::Plain {
                self.state = State::StrKey;
            } else {
                self.state = State::StrKeySub;
                self.sub = sub;
            }
        }
        step
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

    /// Inside a number: emits it once a byte (or the end of input) ends it.
    ///
    /// `fresh_start` is the chunk index of the number's first byte when it
    /// began in this chunk (its text is then borrowed, not copied).
    #[inline]
    fn number<'s, 'c: 's>(
        &'s mut self,
        input: &mut Input<'c>,
        mut number: NumberState,
        fresh_start: Option<usize>,
    ) -> Next<'s> {
        let (chunk, base, at_end) = (input.chunk, input.base, input.at_end);
        let limit = self
            .token_start
            .saturating_add(self.limits.max_token_len as u64);
        let mut end = input.pos;
        let terminator = loop {
            let Some(&b) = chunk.get(end) else {
                break None;
            };
            let Some(next) = number.next(b) else {
                break Some(b);
            };
            if base + end as u64 >= limit {
                return Some(Err(self.fail(ErrorKind::TokenTooLong, base + end as u64)));
            }
            number = next;
            end += 1;
        };
        let start = fresh_start.unwrap_or(input.pos);
        let piece = match core::str::from_utf8(chunk.get(start..end).unwrap_or_default()) {
            Ok(piece) => piece,
            // Unreachable: the grammar only admits ASCII.
            Err(_) => return Some(Err(self.fail(ErrorKind::InvalidNumber, base + start as u64))),
        };
        let at = base + end as u64;
        match terminator {
            None if !at_end => {
                if fresh_start.is_some() {
                    self.token.clear();
                }
                self.token.push_str(piece);
                input.pos = end;
                self.state = State::Number;
                self.number = number;
                self.offset = base + end as u64;
                return None;
            }
            None if !number.is_complete() => {
                self.state = State::Number;
                self.number = number;
                return Some(Err(self.fail(ErrorKind::Incomplete, at)));
            }
            None => {}
            Some(b) => {
                input.pos = end;
                if !number.is_complete() || is_number_byte(b) {
                    return Some(Err(self.fail(ErrorKind::InvalidNumber, at)));
                }
                if self.levels.as_slice().is_empty() && !is_whitespace(b) {
                    let kind = if self.limits.multiple_values {
                        ErrorKind::UnexpectedByte
                    } else {
                        ErrorKind::TrailingCharacters
                    };
                    return Some(Err(self.fail(kind, at)));
                }
            }
        }
        input.pos = end;
        self.end_value();
        if fresh_start.is_none() {
            self.token.push_str(piece);
            let start = self.token_start;
            return self.emit(base + end as u64, start, |t| {
                Token::Number(Number::from_checked(t.token.as_str()))
            });
        }
        let start = self.token_start;
        self.emit(base + end as u64, start, |_| {
            Token::Number(Number::from_checked(piece))
        })
    }

    /// Inside `true`, `false` or `null`.
    #[inline]
    fn literal<'s>(
        &'s mut self,
        input: &mut Input<'_>,
        word: Literal,
        mut matched: usize,
    ) -> Next<'s> {
        let (chunk, base, at_end) = (input.chunk, input.base, input.at_end);
        let text = word.text();
        while let Some(&expected) = text.get(matched) {
            let at = base + input.pos as u64;
            let Some(&b) = chunk.get(input.pos) else {
                self.state = State::Literal;
                self.literal = word;
                self.literal_matched = matched as u8;
                if at_end {
                    return Some(Err(self.fail(ErrorKind::Incomplete, at)));
                }
                self.offset = at;
                return None;
            };
            if b != expected {
                return Some(Err(self.fail(ErrorKind::InvalidLiteral, at)));
            }
            matched += 1;
            input.pos += 1;
        }
        self.end_value();
        let start = self.token_start;
        self.emit(base + input.pos as u64, start, |_| word.token())
    }
}

#[cold]
#[inline(never)]
/// Where `bytes` (string content at offset `at`) go wrong: `Err(Ok(valid))`
/// for a valid prefix to emit first, `Err(Err(offset))` for the offending byte.
fn utf8_error(bytes: &[u8], at: u64) -> Result<&str, Result<&str, u64>> {
    let valid_up_to = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(error) => error.valid_up_to(),
    };
    if valid_up_to > 0 {
        let valid = bytes.get(..valid_up_to).unwrap_or_default();
        if let Ok(valid) = core::str::from_utf8(valid) {
            return Err(Ok(valid));
        }
    }
    let rest = bytes.get(valid_up_to..).unwrap_or_default();
    Err(Err(at + (valid_up_to + utf8_invalid_at(rest)) as u64))
}

/// The character and length of the escape `bytes` starts with (after the
/// backslash), when it is complete and valid and not a surrogate; otherwise
/// the byte-by-byte path decides.
#[inline(always)]
fn whole_escape(bytes: &[u8]) -> Option<(char, usize)> {
    let escaped = *bytes.get(1)?;
    // A table instead of a `match`: which escape comes next is unpredictable,
    // and a jump table mispredicts on every one.
    let decoded = SIMPLE_ESCAPES[usize::from(escaped)];
    if decoded != 0 {
        return Some((char::from(decoded), 2));
    }
    if escaped != b'u' {
        return None;
    }
    let hex = bytes.get(2..6)?;
    let mut value = 0u32;
    for &digit in hex {
        value = (value << 4) | u32::from(hex_value(digit)?);
    }
    // `from_u32` refuses surrogates.
    char::from_u32(value).map(|c| (c, 6))
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
    input: Input<'c>,
    done: bool,
}

/// The chunk being read, and the part of it already known to be UTF-8.
#[derive(Debug)]
struct Input<'c> {
    chunk: &'c [u8],
    pos: usize,
    /// Offset of `chunk[0]` in the whole input.
    base: u64,
    /// This is the end of the input, not a chunk.
    at_end: bool,
    /// `chunk[valid_start..valid_start + valid.len()]`, validated once.
    valid: &'c str,
    valid_start: usize,
}

impl<'c> Input<'c> {
    #[inline]
    fn new(chunk: &'c [u8], base: u64, at_end: bool) -> Self {
        Input {
            chunk,
            pos: 0,
            base,
            at_end,
            valid: "",
            valid_start: 0,
        }
    }

    /// `chunk[start..end]` (string content) as text.
    ///
    /// String runs between escapes are short, so instead of validating each
    /// run, the rest of the chunk is validated in one SIMD pass the first
    /// time a run is not covered, and runs are then sliced from it: every
    /// byte is validated once. Invalid UTF-8 anywhere in that rest fails the
    /// document at or before it (outside strings only ASCII is allowed), so
    /// the slow path only runs on input that is rejected anyway.
    ///
    /// `Err(Ok(valid))`: a valid prefix to emit before an error;
    /// `Err(Err(offset))`: the offset of the offending byte.
    #[inline(always)]
    fn text(&mut self, start: usize, end: usize) -> Result<&'c str, Result<&'c str, u64>> {
        if let Some(text) = self.valid_slice(start, end) {
            return Ok(text);
        }
        if start < self.valid_start || start >= self.valid_start + self.valid.len() {
            self.validate_rest(start);
            if let Some(text) = self.valid_slice(start, end) {
                return Ok(text);
            }
        }
        let bytes = self.chunk.get(start..end).unwrap_or_default();
        utf8_error(bytes, self.base + start as u64)
    }

    #[inline]
    fn valid_slice(&self, start: usize, end: usize) -> Option<&'c str> {
        let from = start.checked_sub(self.valid_start)?;
        let to = end.checked_sub(self.valid_start)?;
        self.valid.get(from..to)
    }

    /// Validates `chunk[start..]`, less a character the chunk end splits.
    #[inline(never)]
    fn validate_rest(&mut self, start: usize) {
        let rest = self.chunk.get(start..).unwrap_or_default();
        let whole = unfinished_utf8_tail(rest).unwrap_or(rest.len());
        let rest = rest.get(..whole).unwrap_or_default();
        self.valid_start = start;
        self.valid = match simdutf8::basic::from_utf8(rest) {
            Ok(text) => text,
            Err(_) => valid_prefix(rest),
        };
    }
}

/// The longest valid prefix of `bytes` (which are not all valid).
#[cold]
#[inline(never)]
fn valid_prefix(bytes: &[u8]) -> &str {
    let valid_up_to = match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => return text,
        Err(error) => error.valid_up_to(),
    };
    core::str::from_utf8(bytes.get(..valid_up_to).unwrap_or_default()).unwrap_or_default()
}

impl<'t, 'c> Tokens<'t, 'c> {
    /// The next event, an error, or `None` once the chunk is used up.
    #[inline]
    pub fn next_event(&mut self) -> Option<Result<Event<'_>, Error>> {
        if self.done {
            return None;
        }
        let next = self.tokenizer.step(&mut self.input);
        if !matches!(next, Some(Ok(_))) {
            self.done = true;
        }
        next
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
        self.input.pos
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
