//! The crate's error type.

use std::fmt;

/// What went wrong, broadly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A file could not be read.
    Io,
    /// A data file (gazetteer, list or rules) is malformed; see
    /// [`Error::diagnostics`] for every fault found.
    Data,
    /// A date string is not a valid `YYYY-MM-DD` date.
    Date,
    /// Input text is not valid UTF-8.
    Encoding,
}

/// One fault in a data file, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file (or the name given to an in-memory source).
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// What is wrong and what was expected.
    pub message: String,
    /// The offending line, for showing a caret under the fault.
    pub source_line: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if !self.source_line.is_empty() {
            let shown: String = self
                .source_line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let pad = " ".repeat(self.column.saturating_sub(1));
            write!(f, "\n  | {shown}\n  | {pad}^")?;
        }
        Ok(())
    }
}

/// An error from building an extractor, reading input or parsing a date.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }

    pub(crate) fn data(mut diagnostics: Vec<Diagnostic>) -> Error {
        // In file and line order, as documented: the loaders find some faults
        // (invalid UTF-8, unknown lists and captures) in a later pass than
        // others. Files keep the order they were given in.
        let mut files: Vec<&str> = Vec::new();
        let rank: Vec<usize> = diagnostics
            .iter()
            .map(|d| match files.iter().position(|f| *f == d.file) {
                Some(i) => i,
                None => {
                    files.push(&d.file);
                    files.len() - 1
                }
            })
            .collect();
        let mut order: Vec<usize> = (0..diagnostics.len()).collect();
        order.sort_by_key(|&i| (rank[i], diagnostics[i].line, diagnostics[i].column));
        let mut slots: Vec<Option<Diagnostic>> = diagnostics.drain(..).map(Some).collect();
        let diagnostics: Vec<Diagnostic> = order.iter().filter_map(|&i| slots[i].take()).collect();
        let message = match diagnostics.len() {
            1 => "1 error in data file".to_string(),
            n => format!("{n} errors in data files"),
        };
        Error {
            kind: ErrorKind::Data,
            message,
            diagnostics,
        }
    }

    /// The broad kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Every fault found in data files, in file and line order (empty for
    /// other kinds of error).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.diagnostics.is_empty() {
            return f.write_str(&self.message);
        }
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
