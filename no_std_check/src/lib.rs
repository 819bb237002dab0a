//! A `#![no_std]` consumer of `ssejson`: building it proves the library graph is free of `std`.
#![no_std]

#[cfg(feature = "alloc")]
extern crate alloc;

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

#[cfg(feature = "alloc")]
mod heap {
    use core::alloc::{GlobalAlloc, Layout};

    /// A stand-in allocator: this crate is built, never run.
    struct NoHeap;

    unsafe impl GlobalAlloc for NoHeap {
        unsafe fn alloc(&self, _layout: Layout) -> *mut u8 {
            core::ptr::null_mut()
        }
        unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
    }

    #[global_allocator]
    static ALLOCATOR: NoHeap = NoHeap;
}

/// Uses the number type so that the JSON module is linked in.
#[no_mangle]
pub extern "C" fn ssejson_number_is_integer(ptr: *const u8, len: usize) -> bool {
    // SAFETY: the caller passes a valid byte slice (this function is never called; it only has to link).
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    match core::str::from_utf8(bytes).ok().and_then(ssejson::json::Number::new) {
        Some(n) => n.is_integer(),
        None => false,
    }
}

/// Counts the events dispatched by one chunk, with the allocation-free SSE core.
#[no_mangle]
pub extern "C" fn ssejson_sse_count_events(ptr: *const u8, len: usize) -> usize {
    // SAFETY: the caller passes a valid byte slice (this function is never called; it only has to link).
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    let mut parser = ssejson::sse::FieldParser::new();
    let dispatched = parser
        .fragments(bytes)
        .filter(|fragment| matches!(fragment, Ok(ssejson::sse::Fragment::Dispatch)))
        .count();
    let _ = parser.finish();
    dispatched
}

/// Tokenizes one JSON document so that the tokenizer is linked in; returns the
/// number of events, or -1 if the document is invalid.
#[no_mangle]
pub extern "C" fn ssejson_count_json_events(ptr: *const u8, len: usize) -> i64 {
    // SAFETY: the caller passes a valid byte slice (this function is never called; it only has to link).
    let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    let mut tokenizer = ssejson::json::Tokenizer::new();
    let mut count = 0i64;
    let fed = tokenizer.feed(bytes).for_each(|_| count += 1);
    let finished = tokenizer.finish().for_each(|_| count += 1);
    match (fed, finished) {
        (Ok(()), Ok(())) => count,
        _ => -1,
    }
}
