//! Server-Sent Events (`text/event-stream`) parsing.
