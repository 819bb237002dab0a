//! Allocation counts of the event layers, through a counting global allocator (in its own
//! test binary so that it only affects these tests).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bytes::Bytes;
use ssejson::sse::{BytesEventParser, BytesItem, EventParser, ItemRef};

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn allocations_during(f: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

/// An Anthropic-style event of about 160 bytes.
fn event(i: usize) -> String {
    format!(
        "event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"token {i:06}\"}}}}\n\n"
    )
}

/// Groups whole events into chunks of about `size` bytes, each made shareable up front (as a
/// network stack's buffers are) so that slicing it never allocates.
fn chunks_of_whole_events(count: usize, size: usize) -> Vec<Bytes> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    for i in 0..count {
        current.push_str(&event(i));
        if current.len() >= size {
            chunks.push(Bytes::from(std::mem::take(&mut current)));
        }
    }
    if !current.is_empty() {
        chunks.push(Bytes::from(current));
    }
    for chunk in &chunks {
        // The first clone of a `Vec`-backed `Bytes` moves it to a shared buffer (one allocation
        // by `bytes`, per chunk, not per event).
        drop(chunk.clone());
    }
    chunks
}

#[test]
fn steady_state_allocates_nothing_per_event() {
    let chunks = chunks_of_whole_events(20_000, 1024);
    let mut parser = BytesEventParser::new();
    let mut events = 0u64;
    let mut data_bytes = 0usize;
    let mut chunks = chunks.into_iter();
    // Warm up: the chunk queue allocates its ring buffer once.
    parser.push(chunks.next().unwrap());
    while let Some(item) = parser.next_item() {
        item.unwrap();
    }
    let allocations = allocations_during(|| {
        for chunk in chunks {
            parser.push(chunk);
            while let Some(item) = parser.next_item() {
                if let BytesItem::Event(event) = item.unwrap() {
                    events += 1;
                    data_bytes += event.data.as_bytes().len();
                    assert_eq!(event.event.as_bytes(), b"content_block_delta");
                }
            }
        }
    });
    assert!(events > 19_000, "{events} events");
    assert!(data_bytes > 0);
    assert_eq!(
        allocations, 0,
        "{allocations} allocations for {events} events"
    );
}

#[test]
fn reading_text_as_str_allocates_nothing_when_valid() {
    let chunk = Bytes::from_static(b"event: e\ndata: caf\xC3\xA9\n\n");
    let mut parser = BytesEventParser::new();
    parser.push(chunk);
    let Some(Ok(BytesItem::Event(event))) = parser.next_item() else {
        panic!("no event")
    };
    let mut len = 0;
    let allocations =
        allocations_during(|| len = event.data.to_str().len() + event.event.to_str().len());
    assert_eq!((len, allocations), (6, 0));
}

/// Events split across chunk boundaries are assembled, once each: a handful of allocations per
/// chunk boundary, none for the events inside chunks.
#[test]
fn split_events_allocate_per_boundary_not_per_event() {
    let mut stream = String::new();
    for i in 0..20_000 {
        stream.push_str(&event(i));
    }
    for size in [1024usize, 128] {
        let chunks: Vec<Bytes> = stream
            .as_bytes()
            .chunks(size)
            .map(Bytes::copy_from_slice)
            .collect();
        for chunk in &chunks {
            drop(chunk.clone());
        }
        let boundaries = chunks.len() as u64;
        let mut parser = BytesEventParser::new();
        let mut events = 0;
        let allocations = allocations_during(|| {
            for chunk in chunks {
                parser.push(chunk);
                while let Some(item) = parser.next_item() {
                    if let BytesItem::Event(_) = item.unwrap() {
                        events += 1;
                    }
                }
            }
        });
        assert_eq!(events, 20_000);
        assert!(
            allocations <= 3 * boundaries,
            "chunks of {size}: {allocations} allocations for {boundaries} chunks"
        );
        println!(
            "chunks of {size}: {allocations} allocations, {boundaries} chunks, {events} events"
        );
    }
}

/// The owned layer's borrowed items: once its buffers have grown, nothing is allocated at all,
/// for events inside chunks or split across them, with multi-byte text and chunks that cut
/// characters in two. Only the input buffer, which an idle parser frees when it is over 64 KiB,
/// is allocated again for chunks that large: once per chunk at most.
#[test]
fn borrowed_items_allocate_nothing_at_any_chunking() {
    let mut stream = String::new();
    for i in 0..20_000 {
        stream.push_str(&event(i));
        if i % 7 == 0 {
            stream.push_str("event: déjà\ndata: {\"text\":\"漢字 🦀 café\"}\n\n: ping\n\n");
        }
    }
    for size in [1usize, 7, 128, 1024, 65536] {
        let chunks: Vec<&[u8]> = stream.as_bytes().chunks(size).collect();
        let (warm_up, rest) = chunks.split_at(chunks.len() / 10);
        let mut parser = EventParser::new();
        let mut events = 0usize;
        let mut data_bytes = 0usize;
        let mut pull = |parser: &mut EventParser| {
            while let Some(item) = parser.next_ref() {
                if let ItemRef::Event(event) = item.unwrap() {
                    events += 1;
                    data_bytes += event.data.len() + event.event.len();
                }
            }
        };
        for chunk in warm_up {
            parser.push(chunk);
            pull(&mut parser);
        }
        let allocations = allocations_during(|| {
            for chunk in rest {
                parser.push(chunk);
                pull(&mut parser);
            }
        });
        assert!(!parser.finish().is_truncated());
        assert_eq!(events, 20_000 + 20_000 / 7 + 1, "chunks of {size}");
        assert!(data_bytes > 0);
        let allowed = if size >= 64 * 1024 {
            rest.len() as u64
        } else {
            0
        };
        assert!(
            allocations <= allowed,
            "chunks of {size}: {allocations} allocations for {events} events"
        );
    }
}
