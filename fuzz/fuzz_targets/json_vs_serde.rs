//! Validity and value against serde_json: accepted exactly when serde_json
//! accepts (numbers beyond f64 aside), the same value rebuilt from the
//! tokens, and the same outcome when fed in chunks.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/json_support/mod.rs"]
#[allow(dead_code)]
mod json_support;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a chunk size, so chunking is explored too.
    let (size, doc) = match data.split_first() {
        Some((&size, doc)) => (usize::from(size % 16) + 1, doc),
        None => (1, data),
    };
    json_support::check_against_serde(doc, &[size]);
});
