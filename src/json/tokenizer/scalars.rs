//! Numbers and the literals `true`, `false` and `null`.

use super::{Input, Next, State, Tokenizer};
use crate::json::error::ErrorKind;
use crate::json::scan::{is_number_byte, is_whitespace, NumberState};
use crate::json::token::{Number, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Literal {
    True,
    False,
    Null,
}

impl Literal {
    #[inline]
    pub(super) fn text(self) -> &'static [u8] {
        match self {
            Literal::True => b"true",
            Literal::False => b"false",
            Literal::Null => b"null",
        }
    }

    #[inline]
    pub(super) fn token(self) -> Token<'static> {
        match self {
            Literal::True => Token::Bool(true),
            Literal::False => Token::Bool(false),
            Literal::Null => Token::Null,
        }
    }
}

impl Tokenizer {
    /// Inside a number: emits it once a byte (or the end of input) ends it.
    ///
    /// `fresh_start` is the chunk index of the number's first byte when it
    /// began in this chunk (its text is then borrowed, not copied).
    #[inline]
    pub(super) fn number<'s, 'c: 's>(
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
    pub(super) fn literal<'s>(
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
