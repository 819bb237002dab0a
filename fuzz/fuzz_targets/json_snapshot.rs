//! Snapshots of arbitrary bytes under an arbitrary chunk plan: no panic, the
//! same snapshots at common boundaries as a byte-at-a-time feed, the same
//! error, and for documents serde_json accepts, serde_json's value.
#![no_main]
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use ssejson::json::snapshot::{PartialJson, PartialJsonError, PartialMode};

/// What one run saw: the snapshot after each piece (keyed by the byte
/// position the piece ends at), then the outcome.
struct Run {
    snapshots: Vec<(usize, Option<Value>)>,
    outcome: Result<Option<Value>, PartialJsonError>,
}

fn run(doc: &[u8], pieces: &[usize], mode: PartialMode) -> Run {
    let mut partial = PartialJson::new(mode);
    let mut snapshots = Vec::new();
    let mut start = 0;
    for &len in pieces {
        let end = (start + len).min(doc.len());
        if let Err(error) = partial.feed(&doc[start..end]) {
            return Run { snapshots, outcome: Err(error) };
        }
        snapshots.push((end, partial.value().cloned()));
        start = end;
        if start == doc.len() {
            break;
        }
    }
    let outcome = partial.finish().map(|()| partial.into_value());
    Run { snapshots, outcome }
}

fuzz_target!(|data: &[u8]| {
    let Some((&plan_seed, doc)) = data.split_first() else {
        return;
    };
    // Piece sizes from a tiny generator seeded by the first byte; at least
    // enough pieces to cover the document.
    let mut state = u32::from(plan_seed) | 0x100;
    let mut pieces = Vec::new();
    let mut covered = 0;
    while covered < doc.len() {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let len = 1 + ((state >> 16) as usize % 17);
        pieces.push(len);
        covered += len;
    }
    let bytes = vec![1; doc.len()];
    let serde = serde_json::from_slice::<Value>(doc).ok();

    for mode in [PartialMode::On, PartialMode::TrailingStrings] {
        let chunked = run(doc, &pieces, mode);
        let per_byte = run(doc, &bytes, mode);
        // At every boundary of the chunked run, the byte-at-a-time run shows
        // the same snapshot.
        for (end, snapshot) in &chunked.snapshots {
            let same = per_byte
                .snapshots
                .iter()
                .find(|(at, _)| at == end)
                .map(|(_, s)| s);
            assert_eq!(same, Some(snapshot), "snapshot at byte {end}, {mode:?}");
        }
        assert_eq!(chunked.outcome, per_byte.outcome, "{mode:?}");
        if let Some(expected) = &serde {
            match &chunked.outcome {
                Ok(value) => assert_eq!(value.as_ref(), Some(expected), "{mode:?}"),
                Err(error) => {
                    // Only a documented limit may reject a document serde_json accepts.
                    assert!(is_limit(error), "{error} on a valid document");
                }
            }
        }
    }
});

fn is_limit(error: &PartialJsonError) -> bool {
    use ssejson::json::snapshot::PartialJsonErrorKind;
    use ssejson::json::ErrorKind;
    match error.kind() {
        PartialJsonErrorKind::Json(kind) => {
            matches!(kind, ErrorKind::DepthLimitExceeded | ErrorKind::TokenTooLong)
        }
        PartialJsonErrorKind::Snapshot(_) => true,
        _ => false,
    }
}
