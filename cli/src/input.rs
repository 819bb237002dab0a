//! Shared argument and input handling for the subcommands.

use std::fs::File;
use std::io::{self, Read};

/// Options common to every subcommand, plus the ones it does not know.
#[derive(Debug, Default)]
pub struct CommonArgs {
    /// Feed the parser this many bytes at a time (`None`: as read).
    pub chunk: Option<usize>,
    /// The input file (`None`: standard input).
    pub file: Option<String>,
    /// `--name value` pairs left for the subcommand.
    pub extra: Vec<(String, String)>,
}

/// Parses `[--chunk N] [--name value]* [FILE]`.
pub fn parse_args(args: &[String], extra_flags: &[&str]) -> Result<CommonArgs, String> {
    let mut parsed = CommonArgs::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--chunk" {
            let value = iter.next().ok_or("--chunk needs a value")?;
            let n: usize = value
                .parse()
                .map_err(|_| format!("--chunk: not a positive integer: {value}"))?;
            if n == 0 {
                return Err("--chunk must be at least 1".into());
            }
            parsed.chunk = Some(n);
        } else if let Some(flag) = extra_flags.iter().find(|f| **f == arg) {
            let value = iter.next().ok_or_else(|| format!("{flag} needs a value"))?;
            parsed.extra.push((flag.to_string(), value.clone()));
        } else if arg.starts_with("--") {
            return Err(format!("unknown option: {arg}"));
        } else if parsed.file.is_none() {
            parsed.file = Some(arg.clone());
        } else {
            return Err(format!("unexpected argument: {arg}"));
        }
    }
    Ok(parsed)
}

/// Opens FILE, or standard input when there is none.
pub fn open(file: Option<&str>) -> io::Result<Box<dyn Read>> {
    Ok(match file {
        Some(path) => Box::new(File::open(path)?),
        None => Box::new(io::stdin().lock()),
    })
}

/// Reads `reader` and hands it to `sink` in pieces of `chunk` bytes, or as read.
pub fn for_each_chunk(
    reader: &mut dyn Read,
    chunk: Option<usize>,
    mut sink: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        match chunk {
            None => sink(&buf[..n])?,
            Some(size) => {
                for piece in buf[..n].chunks(size) {
                    sink(piece)?;
                }
            }
        }
    }
}
