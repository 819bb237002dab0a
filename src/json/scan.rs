//! Byte-level scanners: string content, UTF-8 sequences, number grammar.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// High bit set in every byte of `word` that is below `n` (`n <= 0x80`).
///
/// Bytes above the lowest hit may be flagged falsely (borrows propagate
/// upwards), so only the lowest flagged byte is meaningful.
#[inline(always)]
fn bytes_below(word: u64, n: u8) -> u64 {
    word.wrapping_sub(ONES * n as u64) & !word & HIGHS
}

/// High bit set in every byte of `word` equal to `b` (lowest hit exact).
#[inline(always)]
fn bytes_equal(word: u64, b: u8) -> u64 {
    bytes_below(word ^ (ONES * b as u64), 1)
}

/// Index of the first byte that ends a plain run of string content: `"`,
/// `\`, or a control byte below 0x20; `bytes.len()` if there is none.
///
/// Sixteen bytes per step, written so that the compiler turns each step
/// into a handful of vector instructions: per byte an exact 0xFF/0 flag,
/// then one test of all sixteen.
#[inline]
pub(crate) fn string_special(bytes: &[u8]) -> usize {
    string_special_inlined(bytes)
}

/// [`string_special`], always inlined: for the loop over escape-dense text,
/// where the call and the loading of its constants would be paid per run.
#[inline(always)]
pub(crate) fn string_special_inlined(bytes: &[u8]) -> usize {
    let mut blocks = bytes.chunks_exact(16);
    let mut at = 0;
    for block in &mut blocks {
        let Ok(block) = <&[u8; 16]>::try_from(block) else {
            break;
        };
        let mut hits = [0u8; 16];
        for (hit, &b) in hits.iter_mut().zip(block) {
            *hit = if ends_plain_run(b) { 0xFF } else { 0 };
        }
        // An OR over the flags: a single mask test. The position is then
        // found with word arithmetic on the block (reading the flags back as
        // integers would go through memory and stall).
        if hits.iter().fold(0, |any, &hit| any | hit) != 0 {
            return at + first_special_in(block);
        }
        at += 16;
    }
    let rest = blocks.remainder();
    if let Some(word) = word_at(rest, 0) {
        let hits = special_bytes(word);
        if hits != 0 {
            return at + first_flagged(hits);
        }
        at += 8;
    }
    // The last few bytes one at a time, with early exits.
    for &b in rest.get(at % 16..).unwrap_or_default() {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return at;
        }
        at += 1;
    }
    at
}

/// Index of the first byte that ends a plain run in `block`, which has one.
#[inline(always)]
fn first_special_in(block: &[u8; 16]) -> usize {
    let (low, high) = block.split_at(8);
    let word = |half: &[u8]| <[u8; 8]>::try_from(half).map_or(0, u64::from_le_bytes);
    let low = special_bytes(word(low));
    if low != 0 {
        first_flagged(low)
    } else {
        8 + first_flagged(special_bytes(word(high)))
    }
}

/// `"`, `\` or a control byte.
///
/// `b ^ 2` maps the control bytes onto themselves and `"` (0x22) onto 0x20,
/// so two of the three tests are one compare; `|` instead of `||` keeps it
/// branch-free (and the compiler from rewriting a pair of equality tests
/// into slower shuffles).
#[inline(always)]
fn ends_plain_run(b: u8) -> bool {
    ((b ^ 0x02) <= 0x20) | (b == b'\\')
}

/// The eight bytes of `bytes` from `at` as a little-endian word.
#[inline(always)]
fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let word = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(<[u8; 8]>::try_from(word).ok()?))
}

/// High bit set in the bytes of `word` that end a plain run (lowest exact).
#[inline(always)]
fn special_bytes(word: u64) -> u64 {
    // As in `ends_plain_run`: `"` and the control bytes in one test.
    bytes_below(word ^ (ONES * 0x02), 0x21) | bytes_equal(word, b'\\')
}

/// Index of the lowest flagged byte.
#[inline(always)]
fn first_flagged(hits: u64) -> usize {
    (hits.trailing_zeros() / 8) as usize
}

/// Length of the UTF-8 sequence `lead` starts; 0 if it cannot start one.
#[inline]
pub(crate) fn utf8_sequence_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 0,
    }
}

/// Whether `byte` may be continuation byte number `index` (1-based) of the
/// sequence started by `lead` (Unicode table 3-7: no overlongs, no encoded
/// surrogates, nothing above U+10FFFF).
#[inline]
pub(crate) fn utf8_continuation_ok(lead: u8, index: usize, byte: u8) -> bool {
    let (low, high) = match (index, lead) {
        (1, 0xE0) => (0xA0, 0xBF),
        (1, 0xED) => (0x80, 0x9F),
        (1, 0xF0) => (0x90, 0xBF),
        (1, 0xF4) => (0x80, 0x8F),
        _ => (0x80, 0xBF),
    };
    (low..=high).contains(&byte)
}

/// Index of the first byte of `bytes` (which start at a sequence boundary
/// where a UTF-8 validator stopped) that makes it invalid; `bytes.len()` when
/// the bytes are a valid but unfinished sequence.
pub(crate) fn utf8_invalid_at(bytes: &[u8]) -> usize {
    let Some(&lead) = bytes.first() else {
        return 0;
    };
    let len = utf8_sequence_len(lead);
    if len == 0 {
        return 0;
    }
    for index in 1..len {
        match bytes.get(index) {
            Some(&b) if utf8_continuation_ok(lead, index, b) => {}
            Some(_) => return index,
            None => return bytes.len(),
        }
    }
    // A whole valid sequence: the validator stopped further on.
    len
}

/// If `bytes` ends with the valid beginning of an unfinished multi-byte
/// sequence, the index where that beginning starts.
#[inline]
pub(crate) fn unfinished_utf8_tail(bytes: &[u8]) -> Option<usize> {
    // Nearly always: the text ends in ASCII, which ends every character.
    match bytes.last() {
        Some(&last) if last >= 0x80 => {}
        _ => return None,
    }
    // A sequence is at most 4 bytes, so its lead is among the last 3.
    let window = bytes.len().saturating_sub(3);
    let lead_at = (window..bytes.len())
        .rev()
        .find(|&i| bytes.get(i).is_some_and(|&b| b & 0xC0 != 0x80))?;
    let tail = bytes.get(lead_at..)?;
    let lead = *tail.first()?;
    let len = utf8_sequence_len(lead);
    (len > tail.len() && utf8_invalid_at(tail) == tail.len()).then_some(lead_at)
}

/// Decodes one complete, already validated UTF-8 sequence.
#[inline]
pub(crate) fn decode_utf8(bytes: &[u8]) -> Option<char> {
    let (&lead, rest) = bytes.split_first()?;
    let mut code = match bytes.len() {
        2 => u32::from(lead & 0x1F),
        3 => u32::from(lead & 0x0F),
        4 => u32::from(lead & 0x07),
        _ => u32::from(lead),
    };
    for &b in rest {
        code = (code << 6) | u32::from(b & 0x3F);
    }
    char::from_u32(code)
}

/// Where a number is in its grammar:
/// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberState {
    /// After `-`.
    Minus,
    /// After a leading `0`.
    Zero,
    /// In the integer digits.
    Integer,
    /// After `.`.
    Dot,
    /// In the fraction digits.
    Fraction,
    /// After `e` or `E`.
    Exponent,
    /// After the exponent sign.
    ExponentSign,
    /// In the exponent digits.
    ExponentDigits,
}

impl NumberState {
    /// The state after the first byte of a number, if `b` can start one.
    #[inline]
    pub(crate) fn start(b: u8) -> Option<Self> {
        match b {
            b'-' => Some(NumberState::Minus),
            b'0' => Some(NumberState::Zero),
            b'1'..=b'9' => Some(NumberState::Integer),
            _ => None,
        }
    }

    /// The state after `b`, if `b` continues the number.
    #[inline]
    pub(crate) fn next(self, b: u8) -> Option<Self> {
        use NumberState::*;
        match (self, b) {
            (Minus, b'0') => Some(Zero),
            (Minus | Integer, b'0'..=b'9') => Some(Integer),
            (Zero | Integer, b'.') => Some(Dot),
            (Dot | Fraction, b'0'..=b'9') => Some(Fraction),
            (Zero | Integer | Fraction, b'e' | b'E') => Some(Exponent),
            (Exponent, b'+' | b'-') => Some(ExponentSign),
            (Exponent | ExponentSign | ExponentDigits, b'0'..=b'9') => Some(ExponentDigits),
            _ => None,
        }
    }

    /// Whether the number may end here.
    #[inline]
    pub(crate) fn is_complete(self) -> bool {
        matches!(
            self,
            NumberState::Zero
                | NumberState::Integer
                | NumberState::Fraction
                | NumberState::ExponentDigits
        )
    }
}

/// Bytes that can occur in a number: one of these that cannot continue the
/// current number makes it invalid rather than ending it.
#[inline]
pub(crate) fn is_number_byte(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-')
}

/// JSON whitespace: space, tab, line feed, carriage return.
#[inline(always)]
pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The value of an ASCII hex digit.
#[inline]
pub(crate) fn hex_value(b: u8) -> Option<u16> {
    match b {
        b'0'..=b'9' => Some(u16::from(b - b'0')),
        b'a'..=b'f' => Some(u16::from(b - b'a' + 10)),
        b'A'..=b'F' => Some(u16::from(b - b'A' + 10)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_special(bytes: &[u8]) -> usize {
        bytes
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            .unwrap_or(bytes.len())
    }

    #[test]
    fn string_special_matches_naive_scan() {
        let mut cases: [[u8; 41]; 8] = [[b'a'; 41]; 8];
        cases[1][17] = b'"';
        cases[2][8] = 0x1F;
        cases[3][3] = 0xFF;
        cases[3][9] = b'\\';
        cases[4][0] = 0x00;
        cases[5][12] = 0x80;
        cases[5][13] = 0x20;
        cases[5][15] = 0x7F;
        cases[6][23] = b'\\';
        cases[6][39] = b'"';
        cases[7][33] = 0x01;
        for case in &cases {
            for start in 0..case.len() {
                for end in start..=case.len() {
                    let bytes = &case[start..end];
                    assert_eq!(string_special(bytes), naive_special(bytes), "{bytes:?}");
                }
            }
        }
        for b in 0..=255u8 {
            let mut word = [b'x'; 40];
            word[5] = b;
            word[11] = b;
            word[21] = b;
            assert_eq!(string_special(&word), naive_special(&word), "{b}");
        }
    }

    #[test]
    fn ends_plain_run_is_quote_backslash_or_control() {
        for b in 0..=255u8 {
            assert_eq!(
                ends_plain_run(b),
                b == b'"' || b == b'\\' || b < 0x20,
                "{b:#04x}"
            );
        }
    }

    #[test]
    fn string_special_at_every_position() {
        for position in 0..40 {
            for b in [b'"', b'\\', 0x00, 0x1F, 0x20, 0x21, 0x5B, 0x80, 0xFF] {
                let mut bytes = [b'x'; 40];
                bytes[position] = b;
                for len in 0..=bytes.len() {
                    let bytes = &bytes[..len];
                    assert_eq!(
                        string_special(bytes),
                        naive_special(bytes),
                        "{b} at {position}"
                    );
                }
            }
        }
    }

    #[test]
    fn utf8_helpers() {
        assert_eq!(utf8_invalid_at(&[0xC0, 0x80]), 0);
        assert_eq!(utf8_invalid_at(&[0xE0, 0x80]), 1);
        assert_eq!(utf8_invalid_at(&[0xED, 0xA0, 0x80]), 1);
        assert_eq!(utf8_invalid_at(&[0xF4, 0x90]), 1);
        assert_eq!(utf8_invalid_at(&[0xF0, 0x9F, 0x98]), 3);
        assert_eq!(utf8_invalid_at(&[0xE2, 0x82, b'"']), 2);
        assert_eq!(unfinished_utf8_tail(b"ab\xF0\x9F"), Some(2));
        assert_eq!(unfinished_utf8_tail(b"ab\xF0\x9F\x98\x80"), None);
        assert_eq!(unfinished_utf8_tail(b"ab\xE0\x80"), None);
        assert_eq!(unfinished_utf8_tail(b"abc"), None);
        assert_eq!(decode_utf8("€".as_bytes()), Some('€'));
        assert_eq!(decode_utf8("😀".as_bytes()), Some('😀'));
    }
}
