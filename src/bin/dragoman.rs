//! The `dragoman` command-line tool.

use std::borrow::Cow;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use dragoman::{Extractor, ExtractorBuilder, Meta};
use rayon::prelude::*;

/// With the `mimalloc` feature the tool allocates with mimalloc, which
/// serves the many small, short-lived strings of extraction faster than the
/// system allocator. The library leaves the choice to the program.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Extract entities from English news text about the Middle East.
#[derive(Parser, Debug)]
#[command(name = "dragoman", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract entities and events from a text (or from a JSONL batch) and
    /// print them as JSON, CoNLL, brat standoff, displaCy JSON or HTML.
    ///
    /// Exit codes: 0 success; 1 an error reading data or files; 2 invalid
    /// input (bad usage, input that is not UTF-8); 3 some JSONL records failed
    /// (each failure is reported in its output line; with `--format conll`,
    /// on standard error, and the record's document is left empty).
    Extract(ExtractArgs),
    /// Validate gazetteer (.tsv), list (.txt) and rule (.rules) files, or
    /// folders of them: report every error as file:line:col and run every
    /// rule's examples.
    Check {
        /// Files or folders to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Show which gazetteer entries and rules produced each entity, and the
    /// candidates that lost.
    Explain(ExplainArgs),
}

#[derive(clap::Args, Debug)]
struct DataArgs {
    /// An extra gazetteer file, added to the embedded data (repeatable).
    #[arg(long = "gazetteer", value_name = "PATH")]
    gazetteers: Vec<PathBuf>,
    /// An extra rule file, added to the embedded rules (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// An extra word list (one entry per line) that rules use as @STEM
    /// (repeatable).
    #[arg(long = "list", value_name = "PATH")]
    lists: Vec<PathBuf>,
    /// Do not load the embedded gazetteers, lists and rules; use only the
    /// files given.
    #[arg(long)]
    no_default_data: bool,
    /// Do not match names spelled unlike every listed form (phonetic keys).
    #[arg(long)]
    no_variants: bool,
    /// Leave out unsupported patterns of spaCy EntityRuler files (--gazetteer
    /// FILE.jsonl) instead of failing.
    #[arg(long)]
    skip_unsupported: bool,
}

#[derive(clap::Args, Debug)]
struct ExplainArgs {
    /// The text to explain; standard input when absent.
    text: Option<String>,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against.
    #[arg(long)]
    date: Option<String>,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// The input file; standard input when absent or `-`.
    file: Option<PathBuf>,
    /// Publication date (YYYY-MM-DD) that relative dates resolve against; in
    /// JSONL mode, the default for records without a "date".
    #[arg(long)]
    date: Option<String>,
    /// An identifier copied to the output (single-document mode).
    #[arg(long)]
    id: Option<String>,
    /// How to read the input: one plain-text document, or JSONL with one
    /// {"id", "text", "date"} object per line.
    #[arg(long, value_enum, default_value_t = InputKind::Text)]
    input: InputKind,
    /// Output format. With `--input jsonl`: `json` and `jsonl` print one JSON
    /// line per document, `displacy` one displaCy line per document, `conll`
    /// the documents one after another; `brat` and `html` take one document.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    #[command(flatten)]
    data: DataArgs,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Extraction threads for `--input jsonl` (at least 1); by default one
    /// per core, or `RAYON_NUM_THREADS`. The output is the same whatever the
    /// number.
    #[arg(long)]
    threads: Option<std::num::NonZeroUsize>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum InputKind {
    /// One plain-text document.
    Text,
    /// One JSON object per line.
    Jsonl,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// One JSON object, indented.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// CoNLL-2003 style: one `TOKEN BIO-TAG` line per token, a blank line
    /// after each sentence.
    Conll,
    /// The brat standoff `.ann` file (the input text is its `.txt`), with
    /// character offsets.
    Brat,
    /// The JSON spaCy's displaCy renders with `manual=True`, on one line.
    Displacy,
    /// A self-contained HTML page: the text with entities highlighted, and
    /// a table of events.
    Html,
}

impl Format {
    /// The output for one text, ending with a line break. JSON lines are
    /// written straight from the pipeline, without a `Document` (the same
    /// bytes: see `Extractor::extract_json`).
    fn extract(self, ex: &Extractor, text: &str, meta: &Meta) -> String {
        use dragoman::output;
        let doc = || ex.extract(text, meta);
        let mut s = match self {
            Format::Json => output::to_json_pretty(&doc()),
            Format::Jsonl => ex.extract_json(text, meta),
            Format::Conll => output::to_conll(&doc()),
            Format::Brat => output::to_brat_ann(&doc()),
            Format::Displacy => output::to_displacy(&doc()),
            Format::Html => output::to_html(&doc()),
        };
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s
    }

    /// Its name on the command line.
    fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// How a run ended, mapped to an exit code.
enum Failure {
    /// A runtime error (1).
    Runtime(String),
    /// Bad input or usage (2).
    Input(String),
    /// Some JSONL records failed (3); already reported, each on an
    /// `{"id","line","error"}` line of the output (or of standard error).
    Records(usize),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Runtime(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Check { paths } => check(&paths),
        Command::Explain(args) => explain(args),
    };
    // Messages go through `report`, not `eprintln!`, which panics when
    // standard error is a closed pipe.
    let report = |m: std::fmt::Arguments<'_>| {
        let _ = writeln!(io::stderr().lock(), "dragoman: {m}");
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Runtime(m)) if m.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(Failure::Runtime(m)) => {
            report(format_args!("{m}"));
            ExitCode::from(1)
        }
        Err(Failure::Input(m)) => {
            report(format_args!("{m}"));
            ExitCode::from(2)
        }
        Err(Failure::Records(n)) => {
            report(format_args!(
                "{n} record(s) failed; see the \"error\" lines in the output"
            ));
            ExitCode::from(3)
        }
    }
}

fn build_extractor(args: &DataArgs) -> Result<Extractor, Failure> {
    let custom = !args.gazetteers.is_empty()
        || !args.rules.is_empty()
        || !args.lists.is_empty()
        || args.no_default_data
        || args.no_variants;
    if !custom {
        return Ok(Extractor::default());
    }
    let mut b = ExtractorBuilder::new()
        .default_data(!args.no_default_data)
        .spelling_variants(!args.no_variants)
        .skip_unsupported(args.skip_unsupported);
    let rt = |e: dragoman::Error| Failure::Runtime(e.to_string());
    for g in &args.gazetteers {
        b = b.gazetteer_file(g).map_err(rt)?;
    }
    for l in &args.lists {
        b = b.list_file(l).map_err(rt)?;
    }
    for r in &args.rules {
        b = b.rules_file(r).map_err(rt)?;
    }
    b.build().map_err(rt)
}

fn explain(args: ExplainArgs) -> Result<(), Failure> {
    let meta = match &args.date {
        Some(d) => Meta::dated(d).map_err(|e| Failure::Input(e.to_string()))?,
        None => Meta::default(),
    };
    let ex = build_extractor(&args.data)?;
    let text = match args.text {
        Some(t) => t,
        None => {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes)?;
            decode(bytes, false)?
        }
    };
    let exp = ex.explain(&text, &meta);
    let mut out = BufWriter::new(io::stdout().lock());
    for (i, (e, t)) in exp.document.entities.iter().zip(&exp.entities).enumerate() {
        writeln!(
            out,
            "{i:>3} {:<6} {:?} [{}..{}]",
            e.label.as_str(),
            e.text,
            e.span.start,
            e.span.end
        )?;
        writeln!(out, "      from {}", t.origin)?;
        if let Some(v) = &e.value {
            writeln!(out, "      value {v}")?;
        }
        if !t.alternatives.is_empty() {
            writeln!(
                out,
                "      other entries with this name: {}",
                t.alternatives.join(", ")
            )?;
        }
        for l in exp.lost.iter().filter(|l| l.lost_to == Some(i)) {
            writeln!(
                out,
                "      beat {} {:?} from {}",
                l.label.as_str(),
                l.text,
                l.origin
            )?;
        }
    }
    for l in exp.lost.iter().filter(|l| l.lost_to.is_none()) {
        writeln!(
            out,
            "  -  {} {:?}: lost, from {}",
            l.label.as_str(),
            l.text,
            l.origin
        )?;
    }
    out.flush()?;
    Ok(())
}

/// The input, which a JSONL batch may read on a thread of its pool
/// (`--threads`): standard input unlocked, since a lock stays on its thread.
fn open_input(file: &Option<PathBuf>) -> Result<Box<dyn Read + Send>, Failure> {
    match file {
        None => Ok(Box::new(io::stdin())),
        Some(p) if p.as_os_str() == "-" => Ok(Box::new(io::stdin())),
        Some(p) => std::fs::File::open(p)
            .map(|f| Box::new(f) as Box<dyn Read + Send>)
            .map_err(|e| Failure::Runtime(format!("cannot read {}: {e}", p.display()))),
    }
}

fn extract(args: ExtractArgs) -> Result<(), Failure> {
    if args.input == InputKind::Jsonl && matches!(args.format, Format::Brat | Format::Html) {
        return Err(Failure::Input(format!(
            "--format {} writes one document; with --input jsonl use json, jsonl, conll or \
             displacy",
            args.format.name()
        )));
    }
    let default_meta = match &args.date {
        Some(d) => Meta::dated(d).map_err(|e| Failure::Input(e.to_string()))?,
        None => Meta::default(),
    };
    let extractor = build_extractor(&args.data)?;
    let mut input = open_input(&args.file)?;
    // Output runs to several bytes per byte of input: a large buffer
    // writes it in few system calls. Not locked: the JSONL batch writes
    // from a thread of its own.
    let mut out = BufWriter::with_capacity(1 << 18, io::stdout());
    match args.input {
        InputKind::Text => {
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Runtime(format!("cannot read input: {e}")))?;
            let text = decode(bytes, args.lossy)?;
            let mut meta = default_meta;
            meta.id = args.id.clone();
            out.write_all(args.format.extract(&extractor, &text, &meta).as_bytes())?;
            out.flush()?;
            Ok(())
        }
        InputKind::Jsonl => {
            let run = |out: &mut BufWriter<io::Stdout>| {
                run_jsonl(
                    &extractor,
                    BufReader::new(input),
                    &default_meta,
                    args.lossy,
                    args.format,
                    out,
                )
            };
            let failed = match args.threads {
                None => run(&mut out)?,
                Some(n) => rayon::ThreadPoolBuilder::new()
                    .num_threads(n.get())
                    .build()
                    .map_err(|e| Failure::Runtime(format!("cannot start {n} threads: {e}")))?
                    .install(|| run(&mut out))?,
            };
            out.flush()?;
            if failed > 0 {
                Err(Failure::Records(failed))
            } else {
                Ok(())
            }
        }
    }
}

/// Why a text cannot be extracted from, if it is too long (the library
/// panics past `MAX_TEXT_LEN`).
fn too_long(text: &str) -> Option<String> {
    (text.len() > dragoman::text::MAX_TEXT_LEN).then(|| {
        format!(
            "text of {} bytes is longer than the {} bytes dragoman handles",
            text.len(),
            dragoman::text::MAX_TEXT_LEN
        )
    })
}

/// Decodes input bytes, failing on invalid UTF-8 unless `lossy`, and on
/// text too long to analyse.
fn decode(bytes: Vec<u8>, lossy: bool) -> Result<String, Failure> {
    let text = decode_utf8(bytes, lossy)?;
    match too_long(&text) {
        Some(m) => Err(Failure::Input(m)),
        None => Ok(text),
    }
}

fn decode_utf8(bytes: Vec<u8>, lossy: bool) -> Result<String, Failure> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => Err(Failure::Input(format!(
            "input is not valid UTF-8 at byte {} (use --lossy to replace invalid bytes)",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// One JSONL record, parsed or failed.
enum Record<'a> {
    Doc(Cow<'a, str>, Meta),
    Failed(Option<String>, String),
    Blank,
}

/// A field of a JSONL record, as the checks see it.
enum Field<'a> {
    Missing,
    Null,
    Str(Cow<'a, str>),
    Num(String),
    Other,
}

/// The fields of a record read without building a JSON tree: each is kept
/// as its raw JSON text, so that the text borrows from the line when it has
/// no escapes. `None` when the line is anything but a well-formed object
/// with each field once (the slow path then says what is wrong).
#[derive(serde::Deserialize)]
struct RawRecord<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    id: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    text: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default, deserialize_with = "present")]
    date: Option<&'a serde_json::value::RawValue>,
}

/// A field that is there, even as `null`.
fn present<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<&'de serde_json::value::RawValue>, D::Error> {
    serde::Deserialize::deserialize(d).map(Some)
}

impl<'a> Field<'a> {
    fn raw(raw: Option<&'a serde_json::value::RawValue>) -> Field<'a> {
        let Some(raw) = raw else {
            return Field::Missing;
        };
        let json = raw.get();
        match json.as_bytes().first() {
            // Without escapes, the string is the text between the quotes;
            // with them, it is decoded into a string of its own.
            Some(b'"') if !json.contains('\\') => json
                .get(1..json.len() - 1)
                .map_or(Field::Other, |s| Field::Str(Cow::Borrowed(s))),
            Some(b'"') => serde_json::from_str::<String>(json)
                .map_or(Field::Other, |s| Field::Str(Cow::Owned(s))),
            Some(b'n') => Field::Null,
            Some(b'-' | b'0'..=b'9') => serde_json::from_str::<serde_json::Number>(json)
                .map_or(Field::Other, |x| Field::Num(x.to_string())),
            _ => Field::Other,
        }
    }

    fn value(v: Option<&serde_json::Value>) -> Field<'a> {
        match v {
            None => Field::Missing,
            Some(serde_json::Value::Null) => Field::Null,
            Some(serde_json::Value::String(s)) => Field::Str(Cow::Owned(s.clone())),
            Some(serde_json::Value::Number(x)) => Field::Num(x.to_string()),
            Some(_) => Field::Other,
        }
    }
}

fn parse_record<'a>(line: &'a [u8], n: usize, default: &Meta, lossy: bool) -> Record<'a> {
    let text = match std::str::from_utf8(line) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) if lossy => String::from_utf8_lossy(line),
        Err(e) => {
            return Record::Failed(
                None,
                format!("line {n}: not valid UTF-8 at byte {}", e.valid_up_to()),
            )
        }
    };
    if text.trim().is_empty() {
        return Record::Blank;
    }
    let fields = match &text {
        // (A struct also deserializes from an array: objects only.)
        Cow::Borrowed(t) if t.trim_start().starts_with('{') => {
            serde_json::from_str::<RawRecord<'_>>(t)
                .ok()
                .map(|r| [Field::raw(r.id), Field::raw(r.text), Field::raw(r.date)])
        }
        // Not an object, or replaced bytes (the line is not borrowed): the
        // slow path.
        _ => None,
    };
    let [id, body, date] = match fields {
        Some(f) => f,
        None => {
            let v: serde_json::Value = match serde_json::from_str(&text) {
                Ok(v) => v,
                Err(e) => return Record::Failed(None, format!("line {n}: not JSON: {e}")),
            };
            let Some(obj) = v.as_object() else {
                return Record::Failed(None, format!("line {n}: expected a JSON object"));
            };
            [
                Field::value(obj.get("id")),
                Field::value(obj.get("text")),
                Field::value(obj.get("date")),
            ]
        }
    };
    let id = match id {
        Field::Missing | Field::Null => None,
        Field::Str(s) => Some(s.into_owned()),
        Field::Num(x) => Some(x),
        Field::Other => {
            return Record::Failed(None, format!("line {n}: \"id\" must be a string or number"))
        }
    };
    let body = match body {
        Field::Str(s) => match too_long(&s) {
            Some(m) => return Record::Failed(id, format!("line {n}: {m}")),
            None => s,
        },
        Field::Missing => return Record::Failed(id, format!("line {n}: missing \"text\"")),
        _ => return Record::Failed(id, format!("line {n}: \"text\" must be a string")),
    };
    let mut meta = default.clone();
    match date {
        Field::Missing | Field::Null => {}
        Field::Str(d) => match Meta::dated(&d) {
            Ok(m) => meta.date = m.date,
            Err(e) => return Record::Failed(id, format!("line {n}: {e}")),
        },
        _ => return Record::Failed(id, format!("line {n}: \"date\" must be a string")),
    }
    meta.id = id;
    Record::Doc(body, meta)
}

/// Streams a JSONL batch in chunks, extracting each chunk in parallel and
/// writing results in input order. Returns the number of failed records.
///
/// A failed record is an `{"id","line","error"}` line in the output; in
/// CoNLL, which has no place for it, it goes to standard error and the
/// record's document is written empty, so that the n-th document of the
/// output is still the n-th record of the input.
///
/// A second thread writes each chunk's output while the next chunk is
/// read and extracted: the output is several times the input, and writing
/// it to a file took a quarter of the run when the extraction threads
/// waited for it.
fn run_jsonl(
    ex: &Extractor,
    mut input: impl BufRead,
    default: &Meta,
    lossy: bool,
    format: Format,
    out: &mut (impl Write + Send),
) -> Result<usize, Failure> {
    // One line per document: `json` is printed as `jsonl`.
    let format = match format {
        Format::Json => Format::Jsonl,
        f => f,
    };
    // What a failed record leaves in CoNLL output.
    let empty = dragoman::output::to_conll(&ex.extract("", default));
    const CHUNK: usize = 512;
    type Chunk = Vec<Option<Result<String, String>>>;
    // One chunk being written while the next is extracted; a third waits.
    let (send, receive) = std::sync::mpsc::sync_channel::<Chunk>(1);
    let writer = |out: &mut (dyn Write + Send)| -> io::Result<usize> {
        let mut failed = 0;
        for results in receive {
            for r in results.into_iter().flatten() {
                match r {
                    Ok(doc) => out.write_all(doc.as_bytes())?,
                    Err(e) if format == Format::Conll => {
                        failed += 1;
                        eprintln!("{e}");
                        out.write_all(empty.as_bytes())?;
                    }
                    Err(e) => {
                        failed += 1;
                        writeln!(out, "{e}")?;
                    }
                }
            }
        }
        Ok(failed)
    };
    std::thread::scope(|scope| {
        let written = scope.spawn(move || writer(out));
        let mut line_no = 0;
        let mut done = false;
        while !done {
            let mut lines: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK);
            while lines.len() < CHUNK {
                let mut buf = Vec::new();
                let n = input
                    .read_until(b'\n', &mut buf)
                    .map_err(|e| Failure::Runtime(format!("cannot read input: {e}")))?;
                if n == 0 {
                    done = true;
                    break;
                }
                line_no += 1;
                while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    buf.pop();
                }
                lines.push((line_no, buf));
            }
            let results: Chunk = lines
                .par_iter()
                .map(|(n, l)| match parse_record(l, *n, default, lossy) {
                    Record::Blank => None,
                    Record::Doc(text, meta) => Some(Ok(format.extract(ex, &text, &meta))),
                    Record::Failed(id, msg) => Some(Err(serde_json::json!({
                        "id": id, "line": n, "error": msg
                    })
                    .to_string())),
                })
                .collect();
            // The writer stops at its first error: stop reading too, and
            // report its error below.
            if send.send(results).is_err() {
                break;
            }
        }
        drop(send);
        match written.join() {
            Ok(result) => Ok(result?),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

fn check(paths: &[PathBuf]) -> Result<(), Failure> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files)?;
    }
    let mut errors = 0;
    for f in &files {
        let bytes = std::fs::read(f)
            .map_err(|e| Failure::Runtime(format!("cannot read {}: {e}", f.display())))?;
        let name = f.display().to_string();
        let ext = f.extension().and_then(|x| x.to_str()).unwrap_or("");
        let problems: Vec<String> = match ext {
            "rules" | "txt" => {
                // The file's own bytes, so that invalid UTF-8 is reported
                // with its position rather than silently replaced.
                let b = ExtractorBuilder::new().default_rules(false);
                let b = if ext == "rules" {
                    b.rules_file(f)
                } else {
                    b.list_file(f)
                }
                .map_err(|e| Failure::Runtime(e.to_string()))?;
                match b.build() {
                    Err(e) => e.diagnostics().iter().map(|d| d.to_string()).collect(),
                    Ok(ex) => ex
                        .check_rule_examples()
                        .iter()
                        .map(|x| x.to_string())
                        .collect(),
                }
            }
            _ => dragoman::check_gazetteer(&name, &bytes)
                .iter()
                .map(|d| d.to_string())
                .collect(),
        };
        if problems.is_empty() {
            // Not `println!`, which panics when standard output is a closed
            // pipe (`dragoman check … | head -1`); the faults and the exit
            // code matter more than this line.
            let _ = writeln!(io::stdout().lock(), "{name}: ok");
        } else {
            for p in &problems {
                let _ = writeln!(io::stderr().lock(), "{p}");
            }
            errors += problems.len();
        }
    }
    if errors > 0 {
        Err(Failure::Runtime(format!(
            "{errors} error(s) in {} file(s) checked",
            files.len()
        )))
    } else {
        Ok(())
    }
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| Failure::Runtime(format!("cannot read {}: {e}", p.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|e| {
                e.extension()
                    .is_some_and(|x| x == "tsv" || x == "rules" || x == "txt" || x == "jsonl")
            })
            .collect();
        entries.sort();
        out.extend(entries);
    } else if p.exists() {
        out.push(p.to_path_buf());
    } else {
        return Err(Failure::Runtime(format!(
            "cannot read {}: no such file",
            p.display()
        )));
    }
    Ok(())
}
