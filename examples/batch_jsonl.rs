//! Stream a JSONL corpus, one `{"id", "text", "date"}` object per line,
//! through `Extractor::extract_batch_map` in chunks (each document is
//! rendered as JSON on the thread that extracted it), printing one line per
//! document in input order. Memory stays bounded by the chunk size, however
//! long the corpus.
//!
//! `cargo run --release --example batch_jsonl -- corpus.jsonl` (or `-` for
//! standard input); with no argument it runs on a small built-in corpus.

use std::io::{self, BufRead, BufReader, BufWriter, Write};

use dragoman::{Extractor, Meta};

/// Documents per call to `extract_batch_map`: enough to keep every core busy.
const CHUNK: usize = 256;

const SAMPLE: &str = r#"{"id": "a1", "date": "2025-03-12", "text": "Jordanian Foreign Minister Ayman Safadi met Syrian officials in Damascus on Tuesday."}
{"id": "a2", "date": "2025-03-12", "text": "Turkish drones struck positions near Kobani, the SDF said."}
{"id": "a3", "text": "Security forces arrested four suspects in Kirkuk."}
{"id": "a4", "date": "2025-03-13", "text": "The Iraqi government and the Kurdistan Regional Government agreed on Wednesday to resume oil exports through Turkey."}
"#;

/// One input line.
#[derive(serde::Deserialize)]
struct Record {
    id: Option<String>,
    text: String,
    date: Option<String>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let input: Box<dyn BufRead> = match std::env::args().nth(1).as_deref() {
        None => Box::new(SAMPLE.as_bytes()),
        Some("-") => Box::new(BufReader::new(io::stdin())),
        Some(path) => Box::new(BufReader::new(std::fs::File::open(path)?)),
    };
    let extractor = Extractor::default();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut chunk: Vec<(String, Meta)> = Vec::with_capacity(CHUNK);
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match parse(&line) {
            Ok(doc) => chunk.push(doc),
            // A bad record is reported and skipped; the others go on.
            Err(e) => eprintln!("line {}: {e}", n + 1),
        }
        if chunk.len() == CHUNK {
            flush(&extractor, &mut chunk, &mut out)?;
        }
    }
    flush(&extractor, &mut chunk, &mut out)?;
    out.flush()?;
    Ok(())
}

fn parse(line: &str) -> Result<(String, Meta), Box<dyn std::error::Error>> {
    let r: Record = serde_json::from_str(line)?;
    let mut meta = match r.date {
        Some(d) => Meta::dated(&d)?,
        None => Meta::default(),
    };
    meta.id = r.id;
    Ok((r.text, meta))
}

/// Extracts the chunk in parallel and writes its documents in order.
fn flush(
    extractor: &Extractor,
    chunk: &mut Vec<(String, Meta)>,
    out: &mut impl Write,
) -> io::Result<()> {
    for json in extractor.extract_batch_map(chunk, |doc| dragoman::output::to_json(&doc)) {
        writeln!(out, "{json}")?;
    }
    chunk.clear();
    Ok(())
}
