//! Snapshots of arbitrary bytes under an arbitrary chunk plan: no panic, the
//! same snapshots at common boundaries as a byte-at-a-time feed, the same
//! error, and for documents serde_json accepts, serde_json's value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use ssejson::json::snapshot::{PartialJson, PartialJsonError, PartialJsonErrorKind, PartialMode};
use ssejson::json::ErrorKind;

/// Feeds `doc` to two snapshots in lockstep, one in the planned pieces, one a
/// byte at a time, comparing them at the end of every piece (without keeping
/// copies, so memory stays proportional to the input). Returns the outcome.
fn check(doc: &[u8], pieces: &[usize], mode: PartialMode) -> Result<Option<Value>, PartialJsonError> {
    let mut chunked = PartialJson::new(mode);
    let mut per_byte = PartialJson::new(mode);
    let mut start = 0;
    for &len in pieces {
        let end = (start + len).min(doc.len());
        let chunked_result = chunked.feed(&doc[start..end]);
        let mut per_byte_result = Ok(());
        for byte in &doc[start..end] {
            per_byte_result = per_byte.feed(std::slice::from_ref(byte));
            if per_byte_result.is_err() {
                break;
            }
        }
        assert_eq!(chunked_result, per_byte_result, "{mode:?} piece ending at {end}");
        if let Err(error) = chunked_result {
            return Err(error);
        }
        assert_eq!(chunked.value(), per_byte.value(), "{mode:?} at byte {end}");
        start = end;
        if start == doc.len() {
            break;
        }
    }
    let chunked_end = chunked.finish();
    assert_eq!(chunked_end, per_byte.finish(), "{mode:?} finish");
    assert_eq!(chunked.value(), per_byte.value(), "{mode:?} after finish");
    chunked_end.map(|()| chunked.into_value())
}

fuzz_target!(|data: &[u8]| {
    let Some((&plan_seed, doc)) = data.split_first() else {
        return;
    };
    // Piece sizes (1 to 17 bytes) from a tiny generator seeded by the first
    // byte, enough to cover the document.
    let mut state = u32::from(plan_seed) | 0x100;
    let mut pieces = Vec::new();
    let mut covered = 0;
    while covered < doc.len() {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let len = 1 + ((state >> 16) as usize % 17);
        pieces.push(len);
        covered += len;
    }
    let serde = serde_json::from_slice::<Value>(doc).ok();

    for mode in [PartialMode::On, PartialMode::TrailingStrings] {
        let outcome = check(doc, &pieces, mode);
        if let Some(expected) = &serde {
            match &outcome {
                Ok(value) => assert_eq!(value.as_ref(), Some(expected), "{mode:?}"),
                // Only a documented limit may reject a document serde_json accepts.
                Err(error) => assert!(is_limit(error), "{error} on a valid document"),
            }
        }
    }
});

fn is_limit(error: &PartialJsonError) -> bool {
    match error.kind() {
        PartialJsonErrorKind::Json(kind) => {
            matches!(kind, ErrorKind::DepthLimitExceeded | ErrorKind::TokenTooLong)
        }
        PartialJsonErrorKind::Snapshot(_) => true,
        _ => false,
    }
}
