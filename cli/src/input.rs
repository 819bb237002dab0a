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

/// Reads `reader` and hands it to `sink` in pieces of exactly `chunk` bytes (the last one may be
/// shorter), whatever sizes `read` returns; without `chunk`, in pieces as read.
pub fn for_each_chunk(
    reader: &mut dyn Read,
    chunk: Option<usize>,
    mut sink: impl FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    // Bytes of an incomplete piece carried over to the next read.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let Some(size) = chunk else {
            sink(&buf[..n])?;
            continue;
        };
        let size = size.max(1);
        let mut data = &buf[..n];
        if !carry.is_empty() {
            let take = (size - carry.len()).min(data.len());
            carry.extend_from_slice(&data[..take]);
            data = &data[take..];
            if carry.len() < size {
                continue;
            }
            sink(&carry)?;
            carry.clear();
        }
        let mut pieces = data.chunks_exact(size);
        for piece in &mut pieces {
            sink(piece)?;
        }
        carry.extend_from_slice(pieces.remainder());
    }
    if !carry.is_empty() {
        sink(&carry)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that returns at most `step` bytes per call.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn pieces_are_exact_across_reads() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        for step in [1, 3, 7, 64, 1000] {
            for size in [1, 2, 5, 7, 100, 999, 1000, 4096] {
                let mut pieces = Vec::new();
                let mut reader = Trickle { data: &data, step };
                for_each_chunk(&mut reader, Some(size), |piece| {
                    pieces.push(piece.to_vec());
                    Ok(())
                })
                .unwrap();
                let (last, full) = pieces.split_last().unwrap();
                assert!(
                    full.iter().all(|p| p.len() == size),
                    "step {step}, size {size}"
                );
                assert!(!last.is_empty() && last.len() <= size);
                assert_eq!(pieces.concat(), data);
            }
        }
    }
}
