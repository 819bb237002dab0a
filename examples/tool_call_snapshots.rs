//! Both halves together: reads an Anthropic-style `text/event-stream` in small network-sized
//! chunks, picks out the `input_json_delta` fragments of each tool call, and prints the
//! best-effort value of the tool input after every fragment, without re-parsing what came before.
//!
//! ```text
//! cargo run --example tool_call_snapshots --features bytes,serde_json -- [FILE] [CHUNK_SIZE]
//! ```

use bytes::Bytes;
use ssejson::json::snapshot::{PartialJson, PartialMode};
use ssejson::sse::{BytesEventParser, BytesItem};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/anthropic_tool_use.sse"
        )
        .to_owned()
    });
    let chunk_size: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(32);
    let stream = Bytes::from(std::fs::read(&path)?);

    let mut events = BytesEventParser::new();
    // One partial document per content block that is a tool call.
    let mut tool_input: Option<PartialJson> = None;
    let mut offset = 0;
    while offset < stream.len() {
        let end = (offset + chunk_size.max(1)).min(stream.len());
        events.push(stream.slice(offset..end));
        offset = end;
        while let Some(item) = events.next_item() {
            let BytesItem::Event(event) = item? else {
                continue;
            };
            let payload: serde_json::Value = serde_json::from_str(&event.data.to_str())?;
            match (event.event.to_str().as_ref(), &payload["delta"]["type"]) {
                ("content_block_start", _) if payload["content_block"]["type"] == "tool_use" => {
                    println!("tool call {}:", payload["content_block"]["name"]);
                    tool_input = Some(PartialJson::new(PartialMode::TrailingStrings));
                }
                ("content_block_delta", delta) if delta == "input_json_delta" => {
                    let fragment = payload["delta"]["partial_json"]
                        .as_str()
                        .unwrap_or_default();
                    if let Some(input) = tool_input.as_mut() {
                        input.feed(fragment.as_bytes())?;
                        match input.value() {
                            Some(value) => println!("  {fragment:?} -> {value}"),
                            None => println!("  {fragment:?} -> (nothing yet)"),
                        }
                    }
                }
                ("content_block_stop", _) => {
                    if let Some(mut input) = tool_input.take() {
                        // An empty tool input means `{}`; anything else must be one complete document.
                        if input.offset() > 0 {
                            input.finish()?;
                        }
                        println!("  complete: {}", input.is_complete());
                    }
                }
                _ => {}
            }
        }
    }
    if events.finish().is_truncated() {
        println!("the stream was cut off inside an event");
    }
    Ok(())
}
