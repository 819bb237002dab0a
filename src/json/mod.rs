//! Streaming JSON tokenizer.

mod token;

pub use token::{Number, Token};

#[cfg(feature = "serde_json")]
#[cfg_attr(docsrs, doc(cfg(feature = "serde_json")))]
pub mod snapshot;
