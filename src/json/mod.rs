//! Streaming JSON tokenizer.

mod token;

pub use token::{Number, Token};
