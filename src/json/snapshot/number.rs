//! Number text to `serde_json::Number`, exactly as `serde_json` parses it.

use crate::json::Number;

/// Converts the exact text of a complete number the way `serde_json`'s own
/// parser does, so a snapshot equals `serde_json::from_slice` of the same
/// document: non-negative integers up to `u64::MAX` become `u64`, negative
/// ones down to `i64::MIN` become `i64`, anything else (fractions, exponents,
/// `-0`, integers beyond 64 bits) becomes the `f64` serde_json's float parser
/// produces. `None` when the magnitude overflows `f64` (`1e400`), which
/// `serde_json::Value` cannot hold.
pub(crate) fn to_serde_number(number: Number<'_>) -> Option<serde_json::Number> {
    let text = number.as_str();
    // Integers that fit are the common case and need no float parser; this
    // is what serde_json does for them as well.
    if number.is_integer() && !text.starts_with('-') {
        if let Ok(n) = text.parse::<u64>() {
            return Some(n.into());
        }
    } else if number.is_integer() && text != "-0" {
        if let Ok(n) = text.parse::<i64>() {
            return Some(n.into());
        }
    }
    serde_json::from_str::<serde_json::Number>(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    fn convert(text: &str) -> Option<serde_json::Number> {
        to_serde_number(Number::new(text).expect("complete number"))
    }

    fn serde(text: &str) -> Option<serde_json::Number> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn agrees_with_serde_json_on_edge_cases() {
        let cases = [
            "0",
            "-0",
            "-0.0",
            "1",
            "-1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "0.1",
            "-12.5e1",
            "1E+2",
            "1e-400",
            "2.2250738585072011e-308",
            "0.30000000000000004",
            "9007199254740993",
            "1.7976931348623157e308",
            "1e400",
            "-1e400",
        ];
        for text in cases {
            assert_eq!(convert(text), serde(text), "{text}");
        }
        assert!(convert("1e400").is_none());
        assert_eq!(format!("{}", convert("-0").unwrap()), "-0.0");
    }
}
