//! Reads a captured `text/event-stream` (default: the demo Anthropic stream) in small chunks and
//! prints its events, comments and retries, then what a client would need to reconnect.
//!
//! ```text
//! cargo run --example sse_events -- [FILE] [CHUNK_SIZE]
//! ```

use ssejson::sse::{EventParser, ItemRef};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/anthropic_tool_use.sse"
        )
        .to_owned()
    });
    let chunk_size: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(16);
    let stream = std::fs::read(&path)?;

    let mut parser = EventParser::new();
    // As a network read would deliver it: arbitrary pieces, cutting lines and even characters.
    for chunk in stream.chunks(chunk_size.max(1)) {
        parser.push(chunk);
        // Each item is printed before the next is pulled, so it can be borrowed: no copies.
        while let Some(item) = parser.next_ref() {
            match item? {
                ItemRef::Event(event) => println!("{:<20} {}", event.event, event.data),
                ItemRef::Comment(text) => println!("{:<20} {text}", ":"),
                ItemRef::Retry(ms) => println!("{:<20} {ms} ms", "retry"),
                other => println!("{other:?}"),
            }
        }
    }
    let end = parser.finish();
    println!(
        "-- end of stream: {}; last event id {:?}; reconnection time {:?}",
        if end.is_truncated() {
            "cut off inside an event"
        } else {
            "complete"
        },
        parser.last_event_id(),
        parser.reconnection_time()
    );
    Ok(())
}
