//! Limits: each error has the documented kind and offset, parsing goes on as documented, and
//! memory stays bounded however long the offending input is.

mod sse_support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bytes::Bytes;
use sse_support::{check_all_layers, ev, fixed_chunks, Out};
use ssejson::sse::{
    BytesEventParser, BytesItem, ErrorKind, EventParser, FieldParser, Item, Limits,
};

/// Tracks the live heap bytes of the current thread and their peak.
struct PeakTracker;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

unsafe impl GlobalAlloc for PeakTracker {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size as isize - layout.size() as isize);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: PeakTracker = PeakTracker;

/// Peak live heap growth of this thread while `f` runs.
fn peak_growth(f: impl FnOnce()) -> isize {
    let base = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(base));
    f();
    PEAK.with(Cell::get) - base
}

fn limits(line: usize, event: usize) -> Limits {
    Limits::default()
        .with_max_line_len(line)
        .with_max_event_len(event)
}

#[test]
fn defaults_are_documented_values() {
    assert_eq!(Limits::default().max_line_len(), 1 << 20);
    assert_eq!(Limits::default().max_event_len(), 16 << 20);
    assert_eq!(FieldParser::new().limits(), Limits::default());
    assert_eq!(EventParser::new().limits(), Limits::default());
    assert_eq!(BytesEventParser::new().limits(), Limits::default());
}

#[test]
fn line_at_the_limit_passes_one_more_byte_fails() {
    let at_limit = format!("data: {}\n\n", "a".repeat((1 << 20) - 6));
    let run = check_all_layers(&[at_limit.as_bytes()], Limits::default());
    assert_eq!(run.events().len(), 1);
    let over = format!("data: {}\n\ndata: next\n\n", "a".repeat((1 << 20) - 5));
    let run = check_all_layers(&[over.as_bytes()], Limits::default());
    assert_eq!(
        run.items,
        vec![
            Out::Error(ErrorKind::LineTooLong, 0),
            ev("message", "next", "")
        ]
    );
}

#[test]
fn line_too_long_skips_that_line_only() {
    let stream = b"data: a\ndata: 0123456789\ndata: b\n\n: 0123456789abc\ndata: c\n\n";
    let expected = vec![
        Out::Error(ErrorKind::LineTooLong, 8),
        ev("message", "a\nb", ""),
        Out::Error(ErrorKind::LineTooLong, 34),
        ev("message", "c", ""),
    ];
    for size in [1, 2, 3, 5, 7, stream.len()] {
        let run = check_all_layers(&fixed_chunks(stream, size), limits(12, 1000));
        assert_eq!(run.items, expected, "chunks of {size}");
    }
}

#[test]
fn line_too_long_in_other_fields_keeps_the_old_value() {
    let stream = b"event: a\nid: 1\nevent: 0123456789\nid: 0123456789\ndata: x\n\n";
    for size in [1, 4, stream.len()] {
        let run = check_all_layers(&fixed_chunks(stream, size), limits(10, 1000));
        assert_eq!(
            run.items,
            vec![
                Out::Error(ErrorKind::LineTooLong, 15),
                Out::Error(ErrorKind::LineTooLong, 33),
                ev("a", "x", "1")
            ]
        );
    }
}

#[test]
fn event_too_long_drops_the_event_but_keeps_its_other_fields() {
    // Data buffer limit 10: "aaaa\n" (5) fits, "bbbbbb\n" (7) would make 12.
    let stream = b"id: 5\nevent: big\ndata: aaaa\ndata: bbbbbb\ndata: c\nretry: 9\n\ndata: ok\n\n";
    let expected = vec![
        Out::Error(ErrorKind::EventTooLong, 28),
        Out::Retry(9),
        ev("message", "ok", "5"),
    ];
    for size in [1, 3, 8, stream.len()] {
        let run = check_all_layers(&fixed_chunks(stream, size), limits(100, 10));
        assert_eq!(run.items, expected, "chunks of {size}");
        assert_eq!(run.last_event_id, "5");
        assert_eq!(run.retry, Some(9));
    }
}

#[test]
fn event_exactly_at_the_limit_passes() {
    // "aaaa\n" + "bbbb\n" = 10 bytes: exactly the limit.
    let stream = b"data: aaaa\ndata: bbbb\n\n";
    let run = check_all_layers(&fixed_chunks(stream, 1), limits(100, 10));
    assert_eq!(run.items, vec![ev("message", "aaaa\nbbbb", "")]);
    let stream = b"data: aaaa\ndata: bbbbb\n\n";
    let run = check_all_layers(&fixed_chunks(stream, 1), limits(100, 10));
    assert_eq!(run.items, vec![Out::Error(ErrorKind::EventTooLong, 11)]);
}

#[test]
fn the_error_names_the_tighter_limit() {
    // The event limit cuts this line before the line limit would.
    let run = check_all_layers(&[b"data: 123456789\n\n"], limits(12, 5));
    assert_eq!(run.items, vec![Out::Error(ErrorKind::EventTooLong, 0)]);
    // The line limit comes first.
    let run = check_all_layers(&[b"data: 123456789\n\n"], limits(8, 9));
    assert_eq!(run.items, vec![Out::Error(ErrorKind::LineTooLong, 0)]);
}

#[test]
fn offsets_count_the_bom_and_all_terminators() {
    let stream = b"\xEF\xBB\xBFdata: a\r\n\r\n: 0123456789\r\ndata: b\r\r";
    let run = check_all_layers(&fixed_chunks(stream, 2), limits(8, 100));
    assert_eq!(
        run.items,
        vec![
            ev("message", "a", ""),
            Out::Error(ErrorKind::LineTooLong, 14),
            ev("message", "b", "")
        ]
    );
}

#[test]
fn error_implements_std_error_and_display() {
    let mut parser = FieldParser::with_limits(limits(1, 1));
    let error = parser
        .fragments(b"abc\n")
        .find_map(Result::err)
        .expect("an error");
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert_eq!(
        boxed.to_string(),
        "line longer than the limit in the line starting at byte 0"
    );
    assert_eq!(error.kind().as_str(), "line_too_long");
    assert_eq!(ErrorKind::EventTooLong.as_str(), "event_too_long");
}

#[test]
fn huge_limits_are_clamped_not_wrapped() {
    let parser = FieldParser::with_limits(limits(usize::MAX, usize::MAX));
    assert_eq!(parser.limits().max_line_len(), (u32::MAX - 1) as usize);
    let run = check_all_layers(&[b"data: a\n\n"], limits(usize::MAX, usize::MAX));
    assert_eq!(run.items, vec![ev("message", "a", "")]);
}

/// A 16 MiB line (and a 16 MiB event of short lines) fed in 4 KiB chunks against 64 KiB limits:
/// the parsers' heap never grows much past the limit, and the next event still arrives.
#[test]
fn memory_stays_bounded_by_the_limits() {
    const LIMIT: usize = 64 * 1024;
    const CHUNK: usize = 4096;
    let mut long_line = b"data: ".to_vec();
    long_line.resize(16 << 20, b'x');
    long_line.extend_from_slice(b"\n\ndata: after\n\n");
    let mut long_event = Vec::new();
    while long_event.len() < 16 << 20 {
        long_event.extend_from_slice(b"data: 0123456789abcdef0123456789abcdef\n");
    }
    long_event.extend_from_slice(b"\ndata: after\n\n");
    let limits = limits(LIMIT, LIMIT);
    // What may grow: one assembly buffer up to the limit, one input chunk, small events.
    let slack = (LIMIT + 4 * CHUNK) as isize;
    for (name, stream) in [("long line", &long_line), ("long event", &long_event)] {
        let mut owned = EventParser::with_limits(limits);
        let mut errors = 0;
        let mut last = None;
        let growth = peak_growth(|| {
            for chunk in stream.chunks(CHUNK) {
                owned.push(chunk);
                while let Some(item) = owned.next_item() {
                    match item {
                        Err(_) => errors += 1,
                        Ok(Item::Event(event)) => last = Some(event.data),
                        Ok(_) => {}
                    }
                }
            }
        });
        assert_eq!(
            (errors, last.as_deref()),
            (1, Some("after")),
            "{name}: owned layer"
        );
        assert!(growth <= slack, "{name}: owned layer grew {growth} bytes");

        let chunks: Vec<Bytes> = stream.chunks(CHUNK).map(Bytes::copy_from_slice).collect();
        let mut shared = BytesEventParser::with_limits(limits);
        let mut errors = 0;
        let mut last = None;
        let growth = peak_growth(|| {
            for chunk in chunks {
                shared.push(chunk);
                while let Some(item) = shared.next_item() {
                    match item {
                        Err(_) => errors += 1,
                        Ok(BytesItem::Event(event)) => {
                            last = Some(event.data.to_str().into_owned())
                        }
                        Ok(_) => {}
                    }
                }
            }
        });
        assert_eq!(
            (errors, last.as_deref()),
            (1, Some("after")),
            "{name}: bytes layer"
        );
        // The chunks were allocated before; dropping them as they are read only lowers the
        // count, so this bounds what the parser adds.
        assert!(growth <= slack, "{name}: bytes layer grew {growth} bytes");
    }
}
