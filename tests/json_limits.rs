//! Limits: depth and token length errors at the right offsets, memory bounded
//! by the limits (never by the input), and no allocation per token once warm.

mod json_support;

use json_support::check_all_splits;
use ssejson::json::{ErrorKind, Limits, Tokenizer};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// Counts this thread's allocations (tests run on several threads).
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static ALLOCATED_BYTES: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        let _ = ALLOCATED_BYTES.try_with(|n| n.set(n.get() + layout.size()));
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        let _ = ALLOCATED_BYTES.try_with(|n| n.set(n.get() + new_size));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// (allocations, bytes allocated) made by `f` on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, usize, T) {
    let (a0, b0) = (ALLOCATIONS.with(Cell::get), ALLOCATED_BYTES.with(Cell::get));
    let out = f();
    let (a1, b1) = (ALLOCATIONS.with(Cell::get), ALLOCATED_BYTES.with(Cell::get));
    (a1 - a0, b1 - b0, out)
}

/// Feeds `chunks` produced on the fly, returning the first error.
fn run(
    tokenizer: &mut Tokenizer,
    chunks: impl Iterator<Item = Vec<u8>>,
) -> Option<(ErrorKind, u64)> {
    for chunk in chunks {
        let mut tokens = tokenizer.feed(&chunk);
        while let Some(event) = tokens.next_event() {
            if let Err(e) = event {
                return Some((e.kind(), e.offset()));
            }
        }
    }
    let mut tokens = tokenizer.finish();
    while let Some(event) = tokens.next_event() {
        if let Err(e) = event {
            return Some((e.kind(), e.offset()));
        }
    }
    None
}

#[test]
fn depth_limit_at_the_opening_bracket() {
    let limits = Limits::default().max_depth(3);
    assert_eq!(check_all_splits(limits, b"[[[]]]").error, None);
    assert_eq!(
        check_all_splits(limits, b"[[[[]]]]").error,
        Some((ErrorKind::DepthLimitExceeded, 3))
    );
    assert_eq!(
        check_all_splits(limits, br#"{"a":[{"b":{}}]}"#).error,
        Some((ErrorKind::DepthLimitExceeded, 11))
    );
    let scalars_only = Limits::default().max_depth(0);
    assert_eq!(check_all_splits(scalars_only, b"1").error, None);
    assert_eq!(
        check_all_splits(scalars_only, b" []").error,
        Some((ErrorKind::DepthLimitExceeded, 1))
    );
    // The default: 128 levels.
    let deep = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert_eq!(
        check_all_splits(Limits::default(), deep.as_bytes()).error,
        None
    );
    let deeper = format!("{}{}", "[".repeat(129), "]".repeat(129));
    assert_eq!(
        check_all_splits(Limits::default(), deeper.as_bytes()).error,
        Some((ErrorKind::DepthLimitExceeded, 128))
    );
}

#[test]
fn token_length_limit() {
    let limits = Limits::default().max_token_len(4);
    // Keys: counted in input bytes between the quotes.
    assert_eq!(check_all_splits(limits, br#"{"abcd":1}"#).error, None);
    assert_eq!(
        check_all_splits(limits, br#"{"abcde":1}"#).error,
        Some((ErrorKind::TokenTooLong, 6))
    );
    assert_eq!(
        check_all_splits(limits, br#"{"\n\n":1}"#).error,
        None,
        "escapes count as written"
    );
    assert_eq!(
        check_all_splits(limits, br#"{"\u0041":1}"#).error,
        Some((ErrorKind::TokenTooLong, 6))
    );
    // Numbers.
    assert_eq!(check_all_splits(limits, b"[1234]").error, None);
    assert_eq!(check_all_splits(limits, b"[-1.5]").error, None);
    assert_eq!(
        check_all_splits(limits, b"[12345]").error,
        Some((ErrorKind::TokenTooLong, 5))
    );
    assert_eq!(check_all_splits(limits, b"1234").error, None);
    assert_eq!(
        check_all_splits(limits, b"12345").error,
        Some((ErrorKind::TokenTooLong, 4))
    );
    // String values are streamed and not limited.
    assert_eq!(check_all_splits(limits, br#"["abcdefghij"]"#).error, None);
}

#[test]
fn huge_string_value_streams_in_constant_memory() {
    let mut tokenizer = Tokenizer::new();
    // Warm up the buffers with a small document.
    assert_eq!(
        run(&mut tokenizer, std::iter::once(br#"{"a":"x\n"}"#.to_vec())),
        None
    );
    tokenizer.reset();
    let chunks = std::iter::once(br#"{"content":""#.to_vec())
        .chain(
            (0..10_000).map(|i| format!("line {i} with text \\n\\\"quoted\\\" é€😀 ").into_bytes()),
        )
        .chain(std::iter::once(br#""}"#.to_vec()));
    // The chunks themselves are allocated by the iterator: measure them
    // separately and subtract.
    let (chunk_allocs, _, ()) = allocations(|| {
        for chunk in
            (0..10_000).map(|i| format!("line {i} with text \\n\\\"quoted\\\" é€😀 ").into_bytes())
        {
            std::hint::black_box(chunk);
        }
    });
    let (allocs, _, error) = allocations(|| run(&mut tokenizer, chunks));
    assert_eq!(error, None);
    // 10 000 chunks and ~600 KB of text: no allocation by the tokenizer.
    assert!(
        allocs <= chunk_allocs + 2,
        "{allocs} allocations for {chunk_allocs} chunks"
    );
}

#[test]
fn nesting_attack_stops_at_the_limit() {
    let mut tokenizer = Tokenizer::new();
    let (_, bytes, error) = allocations(|| {
        run(
            &mut tokenizer,
            std::iter::repeat_with(|| vec![b'['; 4096]).take(2_500),
        )
    });
    assert_eq!(error, Some((ErrorKind::DepthLimitExceeded, 128)));
    // The 10 MB of input were never buffered; only the chunks were allocated.
    assert!(bytes < 4096 * 2 + 64 * 1024, "{bytes} bytes allocated");
}

#[test]
fn long_key_attack_stops_at_the_limit() {
    let limits = Limits::default().max_token_len(1000);
    let mut tokenizer = Tokenizer::with_limits(limits);
    let chunks = std::iter::once(b"{\"".to_vec())
        .chain(std::iter::repeat_with(|| vec![b'k'; 300]).take(100));
    let (_, bytes, error) = allocations(|| run(&mut tokenizer, chunks));
    assert_eq!(error, Some((ErrorKind::TokenTooLong, 1002)));
    assert!(bytes < 300 * 8 + 8 * 1024, "{bytes} bytes allocated");
    // Numbers split across chunks likewise.
    let mut tokenizer = Tokenizer::with_limits(limits);
    let chunks =
        std::iter::once(b"[1".to_vec()).chain(std::iter::repeat_with(|| vec![b'0'; 300]).take(100));
    assert_eq!(
        run(&mut tokenizer, chunks),
        Some((ErrorKind::TokenTooLong, 1001))
    );
}

#[test]
fn no_allocation_per_token_once_warm() {
    let doc: String = {
        let mut s = String::from("{\"items\":[");
        for i in 0..2000 {
            if i > 0 {
                s.push(',');
            }
            s.push_str(&format!(
                r#"{{"id":{i},"name":"item \u00e9 {i}","tags":["a","b\n"],"ok":true,"nested":{{"deep":{{"x":null}}}}}}"#
            ));
        }
        s.push_str("]}");
        s
    };
    let mut tokenizer = Tokenizer::new();
    let warm = |tokenizer: &mut Tokenizer| {
        let mut events = 0usize;
        for chunk in doc.as_bytes().chunks(7) {
            tokenizer.feed(chunk).for_each(|_| events += 1).unwrap();
        }
        tokenizer.finish().for_each(|_| events += 1).unwrap();
        events
    };
    let (first, _, events) = allocations(|| warm(&mut tokenizer));
    tokenizer.reset();
    let (second, _, again) = allocations(|| warm(&mut tokenizer));
    assert_eq!(events, again);
    assert!(events > 40_000);
    assert!(first < 30, "{first} allocations while warming up");
    assert_eq!(second, 0, "allocations in steady state");
}
