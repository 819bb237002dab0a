//! The chunk being read, and the part of it known to be valid UTF-8.

use crate::json::scan::{unfinished_utf8_tail, utf8_invalid_at};

/// The chunk being read, and the part of it already known to be UTF-8.
#[derive(Debug)]
pub(super) struct Input<'c> {
    pub(super) chunk: &'c [u8],
    pub(super) pos: usize,
    /// Offset of `chunk[0]` in the whole input.
    pub(super) base: u64,
    /// This is the end of the input, not a chunk.
    pub(super) at_end: bool,
    /// `chunk[valid_start..valid_start + valid.len()]`, validated once.
    valid: &'c str,
    valid_start: usize,
}

impl<'c> Input<'c> {
    #[inline]
    pub(super) fn new(chunk: &'c [u8], base: u64, at_end: bool) -> Self {
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
    pub(super) fn text(
        &mut self,
        start: usize,
        end: usize,
    ) -> Result<&'c str, Result<&'c str, u64>> {
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

    /// The chunk index where the text known to be valid ends.
    #[inline]
    pub(super) fn valid_end(&self) -> usize {
        self.valid_start + self.valid.len()
    }

    #[inline]
    pub(super) fn valid_slice(&self, start: usize, end: usize) -> Option<&'c str> {
        // Wrapping: a `start` before `valid_start` wraps to an index past the
        // end of `valid`, which `get` refuses like any other.
        let from = start.wrapping_sub(self.valid_start);
        let to = end.wrapping_sub(self.valid_start);
        self.valid.get(from..to)
    }

    /// Validates `chunk[start..]`, less a character the chunk end splits.
    #[inline(never)]
    fn validate_rest(&mut self, start: usize) {
        let rest = self.chunk.get(start..).unwrap_or_default();
        self.valid_start = start;
        if rest.len() < SHORT_REST {
            // simdutf8 hands inputs this short to `core::str::from_utf8`
            // anyway; calling it directly, and learning of a character cut by
            // the chunk end from its error, saves a scan of the tail on the
            // small fragments streamed responses arrive in.
            self.valid = match core::str::from_utf8(rest) {
                Ok(text) => text,
                Err(error) => valid_prefix_at(rest, error.valid_up_to()),
            };
            return;
        }
        let whole = unfinished_utf8_tail(rest).unwrap_or(rest.len());
        let rest = rest.get(..whole).unwrap_or_default();
        self.valid = match simdutf8::basic::from_utf8(rest) {
            Ok(text) => text,
            Err(_) => valid_prefix(rest),
        };
    }
}

/// Below this many bytes the rest of a chunk is validated by `core`
/// directly (simdutf8's own cut-over to it).
const SHORT_REST: usize = 64;

/// `bytes[..valid_up_to]`, which a validator found valid.
#[cold]
#[inline(never)]
fn valid_prefix_at(bytes: &[u8], valid_up_to: usize) -> &str {
    core::str::from_utf8(bytes.get(..valid_up_to).unwrap_or_default()).unwrap_or_default()
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
