//! The tokens a [`Tokenizer`](super::Tokenizer) emits.

use core::fmt;

/// One lexical event of a JSON document, in document order.
///
/// String values are streamed: [`Token::StringStart`], then zero or more
/// [`Token::StringFragment`]s with the decoded content as it arrives, then
/// [`Token::StringEnd`]. Object keys are short and are delivered whole, decoded,
/// as [`Token::Key`] (their length is bounded by the tokenizer's limits).
/// Numbers are delivered whole, with their exact source text, once the byte
/// after them shows that they ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Token<'a> {
    /// `{`
    StartObject,
    /// `}`
    EndObject,
    /// `[`
    StartArray,
    /// `]`
    EndArray,
    /// A complete object key, with escapes decoded.
    Key(&'a str),
    /// The opening quote of a string value.
    StringStart,
    /// A non-empty, decoded piece of the current string value.
    StringFragment(&'a str),
    /// The closing quote of a string value.
    StringEnd,
    /// A complete number.
    Number(Number<'a>),
    /// `true` or `false`.
    Bool(bool),
    /// `null`
    Null,
}

/// The exact source text of a JSON number, converted on request.
///
/// # Example
///
/// ```
/// use ssejson::json::Number;
///
/// let n = Number::new("-12.5e1").unwrap();
/// assert_eq!(n.as_f64(), -125.0);
/// assert_eq!(n.as_i64(), None);
/// assert_eq!(Number::new("18446744073709551615").unwrap().as_u64(), Some(u64::MAX));
/// assert!(Number::new("01").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number<'a> {
    text: &'a str,
}

impl<'a> Number<'a> {
    /// Wraps `text` if it is a complete RFC 8259 number, `None` otherwise.
    pub fn new(text: &'a str) -> Option<Self> {
        if is_complete_number(text.as_bytes()) {
            Some(Number { text })
        } else {
            None
        }
    }

    /// Wraps text the tokenizer has already matched against the grammar.
    #[inline]
    pub(crate) fn from_checked(text: &'a str) -> Self {
        Number { text }
    }

    /// The exact source text.
    #[inline]
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// True when the text has no fraction and no exponent.
    #[inline]
    pub fn is_integer(&self) -> bool {
        !self.text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'))
    }

    /// The value as `i64` when it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.text.parse().ok()
        } else {
            None
        }
    }

    /// The value as `u64` when it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        if self.is_integer() {
            self.text.parse().ok()
        } else {
            None
        }
    }

    /// The nearest `f64` (infinite when the magnitude overflows, as in `str::parse`).
    pub fn as_f64(&self) -> f64 {
        // Every RFC 8259 number is accepted by Rust's float grammar.
        self.text.parse().unwrap_or(f64::NAN)
    }
}

impl fmt::Debug for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Number({})", self.text)
    }
}

impl fmt::Display for Number<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

/// True when `text` is exactly one RFC 8259 `number`:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(crate) fn is_complete_number(text: &[u8]) -> bool {
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < text.len() && text[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if text.first() == Some(&b'-') {
        i += 1;
    }
    match text.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if text.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(text.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(text.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complete_numbers() {
        for ok in ["0", "-0", "12", "-12.5", "1e5", "1E+5", "1.0e-5", "0.5"] {
            assert!(is_complete_number(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "", "-", "12.", "1e", "-12.5e", "01", "+1", ".5", "1e+", "--1", "1.5.5",
        ] {
            assert!(!is_complete_number(bad.as_bytes()), "{bad}");
        }
    }
}
