//! The resumable tokenizer: a byte-level state machine fed chunk by chunk.
//!
//! The whole state between two chunks lives in [`Tokenizer`]: the lexical
//! state (which includes the position inside an escape or a number), the open
//! containers, the keys along the path, a partially received key or number
//! (bounded by the token limit), up to three bytes of a UTF-8 character split
//! across chunks, and decoded text waiting to be emitted. Every input byte is
//! examined once.
//!
//! `strings` handles string values and keys, `scalars` numbers and literals,
//! `input` the chunk and its UTF-8 validation; this module the structure.

mod input;
mod scalars;
mod strings;

use self::input::Input;
use self::scalars::Literal;
use self::strings::StrState;
use super::buf::{PathKeys, ScratchText, Stack, TokenText};
use super::error::{Error, ErrorKind};
use super::limits::Limits;
use super::path::{Level, MemberKey, Path};
use super::scan::{is_whitespace, NumberState};
use super::token::Token;

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
/// escape is next to them in the chunk), and of the input only a key or number
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
