//! Any bytes, any chunk plan, small limits: no panic, the same tokens and
//! error under every chunking as in one piece, agreement with the naive
//! reference tokenizer, limits that hold between chunks.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/json_support/mod.rs"]
#[allow(dead_code)]
mod json_support;

use json_support::{check_case, Case};

struct Input(Case);

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl<'a> Arbitrary<'a> for Input {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let data: Vec<u8> = u.arbitrary()?;
        let Input(mut case) = Input::arbitrary_take_rest(Unstructured::new(u.bytes(u.len())?))?;
        case.data = data;
        Ok(Input(case))
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> arbitrary::Result<Self> {
        let chunk_sizes: Vec<u8> = u.arbitrary()?;
        let multiple_values = u.arbitrary()?;
        let max_depth = match u.int_in_range(0u8..=9)? {
            9 => 128,
            d => usize::from(d),
        };
        let max_token_len = match u.int_in_range(0u8..=20)? {
            20 => 64 * 1024,
            n => usize::from(n),
        };
        let data = u.take_rest().to_vec();
        Ok(Input(Case {
            data,
            chunk_sizes: chunk_sizes.into_iter().map(usize::from).collect(),
            multiple_values,
            max_depth,
            max_token_len,
        }))
    }
}

fuzz_target!(|input: Input| {
    check_case(&input.0);
});
