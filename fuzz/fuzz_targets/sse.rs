//! Any bytes, any chunking, any limits: no panic, every layer equals the naive reference run on
//! the whole input (so chunking changes nothing), and assembled values respect the limits.
#![no_main]

use std::fmt;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use ssejson::sse::Limits;

#[path = "../../tests/sse_support/mod.rs"]
mod sse_support;

use sse_support::{check_all_layers, split, Out};

#[derive(Arbitrary)]
struct Case {
    input: Vec<u8>,
    /// Where to cut the input into chunks (taken modulo its length + 1).
    cuts: Vec<u16>,
    /// Small `(max_line_len, max_event_len)` limits, or the defaults.
    limits: Option<(u8, u8)>,
}

/// Prints a case as a line to paste into `tests/sse_regressions.rs`.
impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let escaped: String = self.input.iter().flat_map(|&b| std::ascii::escape_default(b)).map(char::from).collect();
        write!(f, "(b\"{escaped}\", &{:?}, {:?}),", self.cut_positions(), self.limits)
    }
}

impl Case {
    fn cut_positions(&self) -> Vec<usize> {
        self.cuts.iter().map(|&c| usize::from(c) % (self.input.len() + 1)).collect()
    }
}

fuzz_target!(|case: Case| {
    let limits = match case.limits {
        Some((line, event)) => Limits::default().with_max_line_len(line.into()).with_max_event_len(event.into()),
        None => Limits::default(),
    };
    let cuts = case.cut_positions();
    let chunked = check_all_layers(&split(&case.input, &cuts), limits);
    let whole = check_all_layers(&[&case.input], limits);
    assert_eq!(chunked, whole);
    let one_byte: Vec<&[u8]> = case.input.chunks(1).collect();
    assert_eq!(check_all_layers(&one_byte, limits), whole);
    // What was assembled respects the limits (data is the event buffer without its last LF).
    for item in &whole.items {
        match item {
            Out::Event { data, .. } => assert!(data.len() < limits.max_event_len().max(1) || is_lossy(data)),
            Out::Comment(text) => assert!(text.len() <= limits.max_line_len() || is_lossy(text)),
            _ => {}
        }
    }
});

/// Replacement characters take 3 bytes where the input had as few as 1: such text may be longer
/// than the raw bytes the limits count.
fn is_lossy(text: &str) -> bool {
    text.contains('\u{FFFD}')
}
