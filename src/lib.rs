//! # dragoman
//!
//! `dragoman` reads English news text and returns structured facts: named
//! entities (people, organisations, places, facilities, nationalities, dates)
//! linked to gazetteer entries. It is rule- and gazetteer-based: fast,
//! explainable, deterministic, and editable by analysts without retraining.
//!
//! ## Quick start
//!
//! ```
//! use dragoman::{Extractor, Label, Meta};
//!
//! let extractor = Extractor::default(); // embedded data, built once and shared
//! let doc = extractor.extract("Talks in Baghdad turned to Syria.", &Meta::dated("2025-03-14")?);
//! let places: Vec<&str> = doc
//!     .entities()
//!     .iter()
//!     .filter(|e| e.label == Label::Gpe)
//!     .map(|e| e.text.as_str())
//!     .collect();
//! assert_eq!(places, ["Baghdad", "Syria"]);
//! # Ok::<(), dragoman::Error>(())
//! ```
//!
//! ## The data model
//!
//! [`Extractor::extract`] returns a [`Document`]: the text, its sentences, and
//! its [`Entity`] mentions, sorted and never overlapping. Every entity has a
//! byte [`Span`] into the original text (`&doc.text[e.span.range()] ==
//! e.text`), a [`Label`], the [`Source`] that found it, and — when it is linked
//! to a gazetteer entry — the entry's `id` and `canonical` name. Spelling does
//! not matter for linking: case, diacritics, dash and quote variants and
//! Arabic letter forms are folded before matching.
//!
//! ```
//! # use dragoman::{Extractor, Meta};
//! let doc = Extractor::default().extract("Officials in TÜRKIYE and in Turkey.", &Meta::default());
//! let ids: Vec<_> = doc.entities().iter().map(|e| e.id.as_deref()).collect();
//! assert_eq!(ids[0], ids[1]);
//! ```
//!
//! ## Custom gazetteers
//!
//! Gazetteers are tab-separated files (format: `gazetteers/README.md`). Add
//! your own next to the embedded defaults, or use only your own:
//!
//! ```
//! use dragoman::{Extractor, Label, Meta};
//!
//! let mine = "# source: my newsroom\n# licence: CC0-1.0\n\
//!             id\tlabel\tname\taliases\n\
//!             tigris-fc\tORG\tTigris Football Club\tTigris FC\n";
//! let ex = Extractor::builder()
//!     .default_data(false)
//!     .gazetteer_str("mine.tsv", mine)
//!     .build()?;
//! let doc = ex.extract("Tigris FC won again.", &Meta::default());
//! assert_eq!(doc.entities()[0].label, Label::Org);
//! assert_eq!(doc.entities()[0].id.as_deref(), Some("tigris-fc"));
//! # Ok::<(), dragoman::Error>(())
//! ```
//!
//! A malformed file is an [`Error`] whose [`diagnostics`](Error::diagnostics)
//! name every fault as `file:line:col`.
//!
//! ## Batches
//!
//! [`Extractor::extract_batch`] processes documents in parallel and returns
//! them in input order. An `Extractor` is `Send + Sync` and cheap to clone.
//!
//! ```
//! # use dragoman::{Extractor, Meta};
//! let inputs = vec![
//!     ("Erbil is calm.".to_string(), Meta::default()),
//!     ("Damascus is busy.".to_string(), Meta::default()),
//! ];
//! let docs = Extractor::default().extract_batch(&inputs);
//! assert_eq!(docs[1].entities()[0].text, "Damascus");
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod document;
mod entities;
mod error;
pub mod gazetteer;
pub mod output;
pub mod text;
pub mod time;

use std::path::Path;
use std::sync::Arc;

use once_cell::sync::Lazy;
use rayon::prelude::*;

pub use document::{Document, Entity, Label, Meta, Source, Span};
pub use error::{Diagnostic, Error, ErrorKind};
pub use gazetteer::{Entry, Gazetteer};

/// Extracts entities from text. Immutable once built, `Send + Sync`, and
/// cheap to clone (clones share the compiled data).
#[derive(Clone, Debug)]
pub struct Extractor {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    gazetteer: Gazetteer,
}

static DEFAULT: Lazy<Extractor> = Lazy::new(|| {
    // The embedded data is checked by the test suite; failing here is a bug
    // in the crate, not a user error.
    match ExtractorBuilder::new().build() {
        Ok(e) => e,
        Err(e) => panic!("the embedded dragoman data is invalid:\n{e}"),
    }
});

impl Default for Extractor {
    /// The extractor with the embedded default data, built on first use and
    /// shared afterwards.
    fn default() -> Extractor {
        DEFAULT.clone()
    }
}

impl Extractor {
    /// The extractor with the embedded default data (same as `default()`).
    pub fn new() -> Extractor {
        Extractor::default()
    }

    /// A builder for an extractor with other data.
    pub fn builder() -> ExtractorBuilder {
        ExtractorBuilder::new()
    }

    /// The compiled gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.inner.gazetteer
    }

    /// Extracts entities from one text.
    pub fn extract(&self, text: &str, meta: &Meta) -> Document {
        let analysis = text::Analysis::new(text);
        let gaz = &self.inner.gazetteer;
        let mut hits = Vec::new();
        gaz.find(text, &analysis.norm, &mut hits);
        let entities = entities::from_gazetteer(text, gaz, &hits);
        Document {
            text: text.to_string(),
            meta: meta.clone(),
            sentences: analysis.sentence_spans(),
            entities,
        }
    }

    /// Extracts from many texts in parallel, returning documents in input
    /// order.
    pub fn extract_batch<T: AsRef<str> + Sync>(&self, inputs: &[(T, Meta)]) -> Vec<Document> {
        inputs
            .par_iter()
            .map(|(t, m)| self.extract(t.as_ref(), m))
            .collect()
    }
}

/// Builds an [`Extractor`] from the embedded data and/or your own files.
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    default_data: bool,
    gazetteers: Vec<(String, Vec<u8>)>,
}

impl Default for ExtractorBuilder {
    fn default() -> Self {
        ExtractorBuilder::new()
    }
}

impl ExtractorBuilder {
    /// A builder that starts with the embedded default data.
    pub fn new() -> ExtractorBuilder {
        ExtractorBuilder {
            default_data: true,
            gazetteers: Vec::new(),
        }
    }

    /// Whether to include the embedded default data (on by default).
    pub fn default_data(mut self, on: bool) -> ExtractorBuilder {
        self.default_data = on;
        self
    }

    /// Adds a gazetteer file. Reading errors are reported now; format errors
    /// when [`build`](ExtractorBuilder::build) is called.
    pub fn gazetteer_file(mut self, path: impl AsRef<Path>) -> Result<ExtractorBuilder, Error> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        self.gazetteers.push((path.display().to_string(), bytes));
        Ok(self)
    }

    /// Adds a gazetteer from a reader; `name` is used in error messages.
    pub fn gazetteer_reader(
        mut self,
        name: &str,
        mut reader: impl std::io::Read,
    ) -> Result<ExtractorBuilder, Error> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::new(ErrorKind::Io, format!("cannot read {name}: {e}")))?;
        self.gazetteers.push((name.to_string(), bytes));
        Ok(self)
    }

    /// Adds a gazetteer held in a string; `name` is used in error messages.
    pub fn gazetteer_str(mut self, name: &str, contents: &str) -> ExtractorBuilder {
        self.gazetteers
            .push((name.to_string(), contents.as_bytes().to_vec()));
        self
    }

    /// Compiles the data. Every fault in every file is reported.
    pub fn build(self) -> Result<Extractor, Error> {
        let embedded = gazetteer::EMBEDDED
            .iter()
            .filter(|_| self.default_data)
            .map(|(n, t)| (*n, t.as_bytes()));
        let own = self
            .gazetteers
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()));
        let gazetteer = Gazetteer::build(embedded.chain(own))?;
        Ok(Extractor {
            inner: Arc::new(Inner { gazetteer }),
        })
    }
}

/// Validates gazetteer files without building an extractor, returning every
/// fault found (empty when the file is valid).
pub fn check_gazetteer(name: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    match Gazetteer::build([(name, bytes)]) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Extractor>();
        check::<Document>();
    }
}
