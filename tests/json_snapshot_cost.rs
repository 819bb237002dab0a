//! The cost of keeping a snapshot current, measured deterministically by
//! counting allocations: a value rebuilt or copied per fragment would
//! allocate per fragment, a value updated in place allocates only when a
//! `String` or `Vec` doubles.
#![cfg(feature = "serde_json")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use serde_json::Value;
use ssejson::json::snapshot::{PartialJson, PartialMode, SnapshotBuilder};
use ssejson::json::Token;

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// Counting only; every call is forwarded to the system allocator unchanged.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// Allocations (and reallocations) made by `f` on this thread.
fn allocations(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

const FRAGMENT: &str = "Lorem ipsum, do."; // 16 bytes
const FRAGMENTS: usize = 10_000; // 160 KB

#[test]
fn builder_appends_long_string_in_place() {
    for mode in [PartialMode::On, PartialMode::TrailingStrings] {
        let mut builder = SnapshotBuilder::new(mode);
        for token in [
            Token::StartObject,
            Token::Key("content"),
            Token::StringStart,
        ] {
            builder.apply(&token).unwrap();
        }
        let count = allocations(|| {
            for _ in 0..FRAGMENTS {
                builder.apply(&Token::StringFragment(FRAGMENT)).unwrap();
            }
        });
        // Doubling from 16 bytes to 160 KB: about 14 reallocations, plus
        // the object member's key clone.
        assert!(
            count <= 20,
            "{mode:?}: {count} allocations for {FRAGMENTS} fragments"
        );
        builder.apply(&Token::StringEnd).unwrap();
        assert_eq!(
            builder.value().unwrap()["content"].as_str().unwrap().len(),
            160_000
        );
    }
}

#[test]
fn partial_json_feeds_long_string_at_constant_allocations_per_fragment() {
    let mut doc = String::from(r#"{"path": "a.md", "content": ""#);
    for _ in 0..FRAGMENTS {
        doc.push_str(FRAGMENT);
    }
    doc.push_str(r#""}"#);
    for mode in [PartialMode::On, PartialMode::TrailingStrings] {
        let mut partial = PartialJson::new(mode);
        // Measured: 23 (On) and 27 (trailing strings), against 10 002
        // fragments: the string's doublings, the keys and the containers.
        let count = allocations(|| {
            for fragment in doc.as_bytes().chunks(16) {
                partial.feed(fragment).unwrap();
            }
        });
        assert!(
            count <= 40,
            "{mode:?}: {count} allocations for {} fragments",
            doc.len() / 16
        );
        partial.finish().unwrap();
        let value: Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(partial.value(), Some(&value));
    }
}
