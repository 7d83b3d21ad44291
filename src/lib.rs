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
//! ## Writing rules
//!
//! Rules find names no list knows from their context, in a small pattern
//! language over tokens (reference: `rules/README.md`). Each rule carries
//! examples, and [`Extractor::check_rule_examples`] runs them.
//!
//! ```
//! use dragoman::{Extractor, Label, Meta};
//!
//! let rules = r#"
//! rule demo.brigade
//!   match: name:(Cap+ Brigade)
//!   emit: ORG name
//!   expect: "The Tigris Brigade withdrew." => ORG "Tigris Brigade"
//! "#;
//! let ex = Extractor::builder().rules_str("demo.rules", rules).build()?;
//! assert!(ex.check_rule_examples().is_empty());
//! let doc = ex.extract("Fighters of the Zab Brigade crossed the river.", &Meta::default());
//! assert!(doc.entities().iter().any(|e| e.text == "Zab Brigade" && e.label == Label::Org));
//! # Ok::<(), dragoman::Error>(())
//! ```
//!
//! ## Events and dates
//!
//! Events come with their participants (indices into the entities, with a
//! role), places, an ISO date resolved against the document date, a
//! modality, PLOVER/CAMEO codes and the rule that found them.
//!
//! ```
//! use dragoman::{EventType, Extractor, Meta, Modality};
//!
//! let text = "Fuad Hussein met Hakan Fidan in Ankara on Thursday.";
//! let doc = Extractor::default().extract(text, &Meta::dated("2025-03-22")?);
//! let ev = &doc.events()[0];
//! assert_eq!(ev.kind, EventType::Meeting);
//! assert_eq!(ev.date.as_deref(), Some("2025-03-20"));
//! assert_eq!(ev.modality, Modality::Asserted);
//! let who: Vec<&str> = ev.participants.iter().map(|p| doc.entities[p.entity].text.as_str()).collect();
//! assert_eq!(who, ["Fuad Hussein", "Hakan Fidan"]);
//! assert_eq!(doc.entities[ev.places[0]].text, "Ankara");
//! assert_eq!(ev.codes().cameo, Some("040"));
//!
//! let planned = Extractor::default().extract("The envoy will visit Erbil next week.", &Meta::default());
//! assert_eq!(planned.events()[0].modality, Modality::Future);
//! # Ok::<(), dragoman::Error>(())
//! ```
//!
//! ## Output formats
//!
//! [`output`] writes a document as the command-line tool's JSON
//! ([`output::to_json`]), CoNLL-2003 token lines ([`output::to_conll`]), brat
//! standoff ([`output::to_brat_ann`]), spaCy displaCy input
//! ([`output::to_displacy`]) or a self-contained HTML page
//! ([`output::to_html`]). Offsets are bytes inside the library; each format
//! converts to what its readers count.
//!
//! ```
//! # use dragoman::{Extractor, Meta};
//! let doc = Extractor::default().extract("Protests in Basra.", &Meta::default());
//! assert!(dragoman::output::to_conll(&doc).contains("\nBasra B-GPE\n"));
//! ```
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
//!
//! When each document only becomes something else (its JSON, a row, a
//! count), [`Extractor::extract_batch_map`] does that on the worker threads
//! too, which scales better than a loop over the returned documents:
//!
//! ```
//! # use dragoman::{Extractor, Meta};
//! # let inputs = vec![("Erbil is calm.".to_string(), Meta::default())];
//! let lines = Extractor::default().extract_batch_map(&inputs, |d| dragoman::output::to_json(&d));
//! assert!(lines[0].contains("Erbil"));
//! ```
//!
//! When only the JSON is wanted, [`Extractor::extract_json`] writes the
//! same bytes without making the [`Document`] at all (no copy of any
//! entity's text or ids), as the command-line tool does for JSON lines.
//! For any other use of a document that ends with it (counting,
//! filtering, writing rows of one's own), [`Extractor::extract_with`]
//! lends a closure the document read in place, a [`DocumentRef`]: the
//! same entities and events, borrowed, about a tenth faster than making a
//! `Document`.
//!
//! ```
//! # use dragoman::{Extractor, Label, Meta};
//! let ex = Extractor::default();
//! let text = "Mazloum Abdi visited Qamishli.";
//! let places: Vec<String> = ex.extract_with(text, &Meta::default(), |doc| {
//!     (doc.entities())
//!         .filter(|e| e.label() == Label::Gpe)
//!         .map(|e| e.text().to_string())
//!         .collect()
//! });
//! assert_eq!(places, ["Qamishli"]);
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod borrowed;
mod document;
mod entities;
mod error;
pub mod events;
pub mod gazetteer;
pub mod output;
mod reuse;
mod rules;
mod select;
pub mod text;
pub mod time;

use std::path::Path;
use std::sync::Arc;

use once_cell::sync::Lazy;
use rayon::prelude::*;

pub use borrowed::{DocumentRef, EntityRef};
pub use document::{Document, Entity, Label, Meta, Source, Span};
pub use error::{Diagnostic, Error, ErrorKind};
pub use events::{Event, EventType, Modality, Participant, Role};
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
    /// Rules that emit entities.
    entity_rules: rules::RuleSet,
    /// Rules that emit events.
    event_rules: rules::RuleSet,
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

    /// Extracts entities and events from one text.
    ///
    /// Any text is accepted (empty, binary-looking, any script) and time
    /// grows linearly with its length.
    ///
    /// # Panics
    ///
    /// If `text` is longer than [`text::MAX_TEXT_LEN`] (4 GiB).
    pub fn extract(&self, text: &str, meta: &Meta) -> Document {
        let (doc, mentions, _) = self.run(text, meta, false);
        entities::keep_spare(mentions);
        doc
    }

    /// Extracts from one text and says, for every entity, which gazetteer
    /// entry or rule produced it and which candidates lost to it.
    ///
    /// ```
    /// let ex = dragoman::Extractor::default();
    /// let exp = ex.explain("Talks opened in Baghdad.", &dragoman::Meta::default());
    /// assert!(exp.entities[0].origin.starts_with("gazetteer "));
    /// ```
    ///
    /// # Panics
    ///
    /// If `text` is longer than [`text::MAX_TEXT_LEN`] (4 GiB).
    pub fn explain(&self, text: &str, meta: &Meta) -> Explanation {
        let (document, mentions, lost) = self.run(text, meta, true);
        let gaz = &self.inner.gazetteer;
        let rules = &self.inner.entity_rules;
        let origin = |m: &entities::Mention| -> String {
            match (m.source, m.rule, m.entry) {
                (Source::Linked, _, _) => format!(
                    "linked to an earlier mention ({})",
                    m.entry.map_or_else(
                        || m.local.as_deref().unwrap_or("").to_string(),
                        |e| gaz.entry(e).id.to_string()
                    )
                ),
                (_, Some(r), e) => {
                    let r = &rules.rules[r as usize];
                    let linked = e
                        .map(|e| format!(", confirms {}", gaz.entry(e).id))
                        .unwrap_or_default();
                    format!("rule {} ({}:{}){linked}", r.id, r.file, r.line)
                }
                (_, None, Some(e)) => {
                    let e = gaz.entry(e);
                    format!("gazetteer {}:{} {}", e.file, e.line, e.id)
                }
                _ if m.source == Source::Date => format!(
                    "date expression{}",
                    m.value
                        .as_deref()
                        .map(|v| format!(" = {v}"))
                        .unwrap_or_default()
                ),
                _ => "unknown".to_string(),
            }
        };
        let entities = mentions
            .iter()
            .map(|m| EntityTrace {
                origin: origin(m),
                alternatives: m
                    .others
                    .iter()
                    .map(|&o| gaz.entry(o).id.to_string())
                    .collect(),
            })
            .collect();
        let lost = lost
            .iter()
            .map(|c| LostCandidate {
                span: c.span,
                text: text[c.span.range()].to_string(),
                label: c.label,
                origin: origin(c),
                // Entities are sorted and disjoint, so their ends are sorted
                // too: the first one ending after the candidate starts is
                // the only one that can be the first to overlap it (a scan
                // per candidate was quadratic).
                lost_to: {
                    let i = document
                        .entities
                        .partition_point(|e| e.span.end <= c.span.start);
                    document
                        .entities
                        .get(i)
                        .filter(|e| e.span.overlaps(&c.span))
                        .map(|_| i)
                },
            })
            .collect();
        Explanation {
            document,
            entities,
            lost,
        }
    }

    /// Runs the pipeline, returning the document, its mentions and (if
    /// `keep_lost`, for explanations) the candidates that lost to others.
    fn run(
        &self,
        text: &str,
        meta: &Meta,
        keep_lost: bool,
    ) -> (Document, Vec<entities::Mention>, Vec<entities::Mention>) {
        Workspace::with(text, |ws| {
            let (mentions, lost) = self.entity_stage(text, meta, ws, keep_lost);
            let doc = self.event_stage(text, meta, &ws.an, &ws.words, &mentions);
            (doc, mentions, lost)
        })
    }

    /// The whole pipeline, keeping the analysis and mentions.
    fn stages(
        &self,
        text: &str,
        meta: &Meta,
    ) -> (Document, Vec<entities::Mention>, text::Analysis) {
        let mut ws = Workspace::default();
        let (mentions, _) = self.entity_stage(text, meta, &mut ws, false);
        let doc = self.event_stage(text, meta, &ws.an, &ws.words, &mentions);
        (doc, mentions, ws.an)
    }

    /// Text analysis, gazetteer, entity rules, dates, resolution and
    /// linking, into `ws`: returns the mentions and (if `keep_lost`) the
    /// candidates that lost.
    fn entity_stage(
        &self,
        text: &str,
        meta: &Meta,
        ws: &mut Workspace,
        keep_lost: bool,
    ) -> (Vec<entities::Mention>, Vec<entities::Mention>) {
        ws.an.analyse(text);
        let an = &ws.an;
        ws.words.fill(&self.inner.gazetteer, an);
        let words = &ws.words;
        let gaz = stages::gazetteer(self, text, an, words);
        let rules = stages::entity_rules(self, text, an, &gaz, words);
        let dates = stages::dates(text, an, words, meta);
        // The names' Vec, the longest, takes the other candidates. Their
        // order only breaks ties between candidates of one stage (the
        // sources and rules differ otherwise), and it keeps theirs.
        let mut cands = gaz.0;
        cands.reserve_exact(rules.len() + dates.len());
        cands.extend(rules.0);
        cands.extend(dates.0);
        let (kept, lost) = entities::resolve(cands, keep_lost);
        let mentions = stages::link(self, text, an, words, stages::Mentions(kept)).0;
        (mentions, lost)
    }

    /// Events over the final mentions, and the document.
    fn event_stage(
        &self,
        text: &str,
        meta: &Meta,
        an: &text::Analysis,
        words: &stages::Words,
        mentions: &[entities::Mention],
    ) -> Document {
        let events = self.events(text, an, words, mentions);
        borrowed::owned_document(text, meta, an, &self.inner.gazetteer, mentions, events)
    }

    /// The events over the final mentions.
    fn events(
        &self,
        text: &str,
        an: &text::Analysis,
        words: &stages::Words,
        mentions: &[entities::Mention],
    ) -> Vec<events::Event> {
        let inner = &*self.inner;
        let view = entities::View::new(text, an, &inner.gazetteer, mentions).with_words(words);
        events::extract(&view, &inner.event_rules, &an.sentences, mentions)
    }

    /// Extracts from one text and returns its compact JSON: exactly
    /// [`output::to_json`] of [`Extractor::extract`], written straight from
    /// what the pipeline found. No [`Document`] is made, so no entity's
    /// text or ids are copied: for a stream of JSON out (`dragoman extract
    /// --input jsonl`), 5-10% of the time a document takes.
    ///
    /// ```
    /// let ex = dragoman::Extractor::default();
    /// let meta = dragoman::Meta::dated("2025-03-14")?.with_id("a1");
    /// let text = "Fuad Hussein met Asaad al-Shibani in Baghdad on Friday.";
    /// let json = ex.extract_json(text, &meta);
    /// assert_eq!(json, dragoman::output::to_json(&ex.extract(text, &meta)));
    /// assert!(json.starts_with(r#"{"id":"a1","entities":[{"start":0"#));
    /// # Ok::<(), dragoman::Error>(())
    /// ```
    ///
    /// # Panics
    ///
    /// If `text` is longer than [`text::MAX_TEXT_LEN`] (4 GiB).
    pub fn extract_json(&self, text: &str, meta: &Meta) -> String {
        self.extract_with(text, meta, |doc| doc.to_json())
    }

    /// Extracts from one text and calls `f` with the result read in place,
    /// returning what `f` returns: the entities and events of
    /// [`Extractor::extract`], with nothing copied out of the pipeline's
    /// buffers (see [`DocumentRef`]). For a program that counts, filters
    /// or writes its own format, about a tenth faster than `extract`.
    ///
    /// ```
    /// let ex = dragoman::Extractor::default();
    /// let meta = dragoman::Meta::dated("2025-03-20")?;
    /// let text = "Fuad Hussein met Asaad al-Shibani in Baghdad on Friday.";
    /// let ids: Vec<String> = ex.extract_with(text, &meta, |doc| {
    ///     doc.entities().filter_map(|e| e.id()).map(String::from).collect()
    /// });
    /// assert_eq!(ids, ["fuad-hussein", "asaad-al-shaibani", "geonames:98182"]);
    /// // The same document as `extract` makes.
    /// let doc = ex.extract_with(text, &meta, |doc| doc.to_document());
    /// assert_eq!(doc, ex.extract(text, &meta));
    /// # Ok::<(), dragoman::Error>(())
    /// ```
    ///
    /// `f` runs while this thread's buffers are in use: an extraction
    /// inside it works, but allocates buffers of its own.
    ///
    /// # Panics
    ///
    /// If `text` is longer than [`text::MAX_TEXT_LEN`] (4 GiB).
    pub fn extract_with<R>(
        &self,
        text: &str,
        meta: &Meta,
        f: impl FnOnce(&DocumentRef<'_>) -> R,
    ) -> R {
        Workspace::with(text, |ws| {
            let (mentions, _) = self.entity_stage(text, meta, ws, false);
            let events = self.events(text, &ws.an, &ws.words, &mentions);
            let doc = DocumentRef {
                text,
                meta,
                an: &ws.an,
                gaz: &self.inner.gazetteer,
                mentions: &mentions,
                events: &events,
            };
            let out = f(&doc);
            entities::keep_spare(mentions);
            out
        })
    }

    /// Extracts from many texts in parallel, returning documents in input
    /// order. The documents are the same whatever the number of threads.
    ///
    /// # Panics
    ///
    /// If a text is longer than [`text::MAX_TEXT_LEN`] (4 GiB).
    pub fn extract_batch<T: AsRef<str> + Sync>(&self, inputs: &[(T, Meta)]) -> Vec<Document> {
        self.extract_batch_map(inputs, |doc| doc)
    }

    /// Extracts from many texts in parallel and turns each document into
    /// what the caller keeps (its JSON, a row, a count) on the same thread,
    /// returning the results in input order. Documents are dropped where
    /// they were made, so the work scales with the threads better than
    /// [`Extractor::extract_batch`] followed by a loop on one thread.
    ///
    /// ```
    /// let ex = dragoman::Extractor::default();
    /// let meta = dragoman::Meta::default();
    /// let inputs = [("Talks opened in Baghdad.", meta.clone()), ("Nothing here.", meta)];
    /// let counts = ex.extract_batch_map(&inputs, |doc| doc.entities.len());
    /// assert_eq!(counts, [1, 0]);
    /// ```
    ///
    /// # Panics
    ///
    /// If a text is longer than [`text::MAX_TEXT_LEN`] (4 GiB).
    pub fn extract_batch_map<T, R, F>(&self, inputs: &[(T, Meta)], f: F) -> Vec<R>
    where
        T: AsRef<str> + Sync,
        R: Send,
        F: Fn(Document) -> R + Sync,
    {
        inputs
            .par_iter()
            .map(|(t, m)| f(self.extract(t.as_ref(), m)))
            .collect()
    }

    /// [`Extractor::extract_batch_map`] with each document read in place
    /// ([`Extractor::extract_with`]): in parallel, results in input order,
    /// and no document made unless `f` makes one.
    ///
    /// ```
    /// let ex = dragoman::Extractor::default();
    /// let meta = dragoman::Meta::default();
    /// let inputs = [("Talks opened in Baghdad.", meta.clone()), ("Nothing here.", meta)];
    /// let ids = ex.extract_batch_with(&inputs, |doc| {
    ///     doc.entities().filter_map(|e| e.id()).map(String::from).collect::<Vec<_>>()
    /// });
    /// assert_eq!(ids, [vec!["geonames:98182".to_string()], vec![]]);
    /// ```
    ///
    /// # Panics
    ///
    /// If a text is longer than [`text::MAX_TEXT_LEN`] (4 GiB).
    pub fn extract_batch_with<T, R, F>(&self, inputs: &[(T, Meta)], f: F) -> Vec<R>
    where
        T: AsRef<str> + Sync,
        R: Send,
        F: Fn(&DocumentRef<'_>) -> R + Sync,
    {
        inputs
            .par_iter()
            .map(|(t, m)| self.extract_with(t.as_ref(), m, &f))
            .collect()
    }
}

/// Buffers of the pipeline that outlive a document: each thread keeps one
/// and reuses it for the next document, so that the analysis does not
/// allocate afresh each time.
#[derive(Default)]
struct Workspace {
    an: text::Analysis,
    words: stages::Words,
}

impl Workspace {
    /// Texts longer than this get a workspace of their own, dropped after
    /// use, so that one huge document does not pin its buffers to a thread.
    const KEEP_UP_TO: usize = 1 << 20;

    /// Runs `f` with this thread's workspace (or a fresh one).
    fn with<R>(text: &str, f: impl FnOnce(&mut Workspace) -> R) -> R {
        thread_local! {
            static WORKSPACE: std::cell::RefCell<Workspace> = Default::default();
        }
        if text.len() > Workspace::KEEP_UP_TO {
            return f(&mut Workspace::default());
        }
        WORKSPACE.with(|ws| match ws.try_borrow_mut() {
            Ok(mut ws) => f(&mut ws),
            // Only if a caller nests extractions on one thread.
            Err(_) => f(&mut Workspace::default()),
        })
    }
}

/// The pipeline one stage at a time, for benchmarks and profiling. Each
/// function does exactly what [`Extractor::extract`] does at that stage.
#[doc(hidden)]
pub mod stages {
    use crate::{entities, text::Analysis, time, Extractor, Meta};

    /// Candidate or accepted mentions between stages.
    #[derive(Debug, Clone, Default)]
    pub struct Mentions(pub(crate) Vec<entities::Mention>);

    impl Mentions {
        /// How many there are.
        pub fn len(&self) -> usize {
            self.0.len()
        }

        /// Whether there are none.
        pub fn is_empty(&self) -> bool {
            self.0.is_empty()
        }
    }

    /// Gazetteer names: exact matches, then spelling variants among the
    /// tokens left.
    pub fn gazetteer(ex: &Extractor, text: &str, an: &Analysis, words: &Words) -> Mentions {
        thread_local! {
            /// The hits and covered tokens of the thread's last document,
            /// for its next: a Vec grown afresh for every document cost
            /// more than the search.
            static HITS: std::cell::Cell<(Vec<crate::gazetteer::GazHit>, Vec<bool>)> = Default::default();
        }
        let gaz = &ex.inner.gazetteer;
        let (mut hits, mut covered) = crate::reuse::take(&HITS);
        hits.clear();
        gaz.find(text, an, &words.0, &words.1, &mut hits);
        // Room for the exact names and, usually, the few variants after
        // them, so that the mentions are not moved to a larger Vec.
        let mut found = entities::spare_mentions();
        found.reserve(hits.len() + hits.len() / 8 + 8);
        entities::from_gazetteer(an, hits.drain(..), 0, &mut found);
        covered.clear();
        covered.resize(an.tokens.len(), false);
        for m in &found {
            covered[m.toks.0..m.toks.1]
                .iter_mut()
                .for_each(|c| *c = true);
        }
        gaz.find_variants(text, &an.tokens, &words.0, &words.1, &covered, &mut hits);
        // Variants rank below exact names.
        entities::from_gazetteer(an, hits.drain(..), -1, &mut found);
        let size = hits.capacity().max(covered.len());
        crate::reuse::give_back(&HITS, (hits, covered), size);
        // No two candidates start at the same token (the variants are
        // found among the tokens the exact names left uncovered, and each
        // search resumes after the name it found), so an unstable sort
        // gives the stable order, without the stable sort's buffer.
        found.sort_unstable_by_key(|m| (m.span.start, m.toks.0));
        debug_assert!(found.windows(2).all(|w| w[0].toks.0 < w[1].toks.0));
        entities::prefer_document_countries(gaz, &mut found);
        Mentions(found)
    }

    /// Every token's word id, looked up once for the names, both rule sets
    /// and the dates, and its class (a byte of bits by which the scans for
    /// names, variants, links and dates pick the tokens they start at).
    #[derive(Debug, Clone, Default)]
    pub struct Words(
        pub(crate) Vec<u32>,
        pub(crate) Vec<crate::gazetteer::class::Bits>,
    );

    impl Words {
        /// How many tokens.
        pub fn len(&self) -> usize {
            self.0.len()
        }

        /// Whether there are none.
        pub fn is_empty(&self) -> bool {
            self.0.is_empty()
        }

        /// The word ids of `an`'s tokens in `gaz`'s lexicon, and their
        /// classes (see `gazetteer::class`).
        pub(crate) fn fill(&mut self, gaz: &crate::Gazetteer, an: &Analysis) {
            gaz.lexicon().ids_into(an, &mut self.0);
            gaz.classes_into(&an.tokens, &self.0, &mut self.1);
        }
    }

    /// The word ids of a text's tokens in the gazetteer's lexicon (which
    /// continues the event rules' one, which continues the entity rules').
    pub fn word_ids(ex: &Extractor, an: &Analysis) -> Words {
        let mut words = Words::default();
        words.fill(&ex.inner.gazetteer, an);
        words
    }

    /// Entity-rule candidates over the gazetteer names.
    pub fn entity_rules(
        ex: &Extractor,
        text: &str,
        an: &Analysis,
        gaz: &Mentions,
        words: &Words,
    ) -> Mentions {
        let inner = &*ex.inner;
        let view = entities::View::new(text, an, &inner.gazetteer, &gaz.0).with_words(words);
        thread_local! {
            /// The matches of the thread's last document, for its next.
            static MATCHES: std::cell::Cell<Vec<crate::rules::RuleMatch>> = Default::default();
        }
        let mut matches = crate::reuse::take(&MATCHES);
        matches.clear();
        inner.entity_rules.find(&view, &an.sentences, &mut matches);
        let found = entities::from_rules(an, &inner.entity_rules, &matches);
        let size = matches.capacity();
        crate::reuse::give_back(&MATCHES, matches, size);
        Mentions(found)
    }

    /// Date expressions (the date scanner's words are among the `words`'
    /// classes).
    pub fn dates(text: &str, an: &Analysis, words: &Words, meta: &Meta) -> Mentions {
        Mentions(
            time::tag_dates(an, text, meta.date, &words.1)
                .into_iter()
                .map(entities::Mention::date)
                .collect(),
        )
    }

    /// The overlap policy over all candidates.
    pub fn resolve(parts: Vec<Mentions>) -> Mentions {
        Mentions(entities::resolve(parts.into_iter().flat_map(|m| m.0).collect(), false).0)
    }

    /// In-document linking of accepted mentions.
    pub fn link(
        ex: &Extractor,
        text: &str,
        an: &Analysis,
        words: &Words,
        kept: Mentions,
    ) -> Mentions {
        let inner = &*ex.inner;
        // Linking reads tokens only, so the view needs no mentions.
        let view = entities::View::new(text, an, &inner.gazetteer, &[]);
        Mentions(entities::link(&view, &words.1, kept.0))
    }

    /// The event rules alone over the final mentions: how many matches.
    pub fn event_rule_matches(
        ex: &Extractor,
        text: &str,
        an: &Analysis,
        mentions: &Mentions,
        words: &Words,
    ) -> usize {
        let inner = &*ex.inner;
        let view = entities::View::new(text, an, &inner.gazetteer, &mentions.0).with_words(words);
        let mut matches = Vec::new();
        inner.event_rules.find(&view, &an.sentences, &mut matches);
        matches.len()
    }

    /// Events over the final mentions; returns how many.
    pub fn events(
        ex: &Extractor,
        text: &str,
        an: &Analysis,
        mentions: &Mentions,
        words: &Words,
    ) -> usize {
        let inner = &*ex.inner;
        let view = entities::View::new(text, an, &inner.gazetteer, &mentions.0).with_words(words);
        crate::events::extract(&view, &inner.event_rules, &an.sentences, &mentions.0).len()
    }
}

/// Why each entity of a document was found: see [`Extractor::explain`].
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The extracted document.
    pub document: Document,
    /// For each entity of the document, in the same order, its origin.
    pub entities: Vec<EntityTrace>,
    /// Candidates that overlapped a kept entity and lost to it.
    pub lost: Vec<LostCandidate>,
}

/// Where an entity came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityTrace {
    /// `gazetteer FILE:LINE ID`, `rule ID (FILE:LINE)` or `linked to …`.
    pub origin: String,
    /// Ids of other gazetteer entries with the same name, less preferred.
    pub alternatives: Vec<String>,
}

/// A candidate entity that lost to an overlapping one.
#[derive(Debug, Clone, PartialEq)]
pub struct LostCandidate {
    /// Where it was.
    pub span: Span,
    /// Its text.
    pub text: String,
    /// Its label.
    pub label: Label,
    /// Which entry or rule proposed it.
    pub origin: String,
    /// The index of the entity it lost to.
    pub lost_to: Option<usize>,
}

/// A rule example (`expect:` or `reject:`) that does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule's id.
    pub rule: String,
    /// The rule file.
    pub file: String,
    /// The line of the example.
    pub line: usize,
    /// What was expected and what happened.
    pub message: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: rule `{}`: {}",
            self.file, self.line, self.rule, self.message
        )
    }
}

impl Extractor {
    /// Runs every rule's attached examples and returns those that fail.
    /// `cargo test` and `dragoman check` run this for the shipped rules.
    pub fn check_rule_examples(&self) -> Vec<ExampleFailure> {
        let inner = &*self.inner;
        let mut out = Vec::new();
        for (ri, rule) in inner.entity_rules.rules.iter().enumerate() {
            for ex in &rule.examples {
                let got = self.entity_rule_yield(ri, &ex.text);
                if let Some(m) = example_failure(ex, &got) {
                    out.push(ExampleFailure {
                        rule: rule.id.to_string(),
                        file: rule.file.to_string(),
                        line: ex.line,
                        message: m,
                    });
                }
            }
        }
        for (ri, rule) in inner.event_rules.rules.iter().enumerate() {
            for ex in &rule.examples {
                // The rule must match, and the document must report an event
                // of the expected type (another rule's trigger may stand for
                // it in the same sentence).
                let (doc, matched) = self.event_rule_yield(ri, &ex.text);
                let got: Vec<(String, Option<String>)> = if matched {
                    doc.events
                        .iter()
                        .map(|e| {
                            (
                                e.kind.as_str().to_string(),
                                Some(doc.text[e.trigger.range()].to_string()),
                            )
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                if let Some(m) = example_failure(ex, &got) {
                    out.push(ExampleFailure {
                        rule: rule.id.to_string(),
                        file: rule.file.to_string(),
                        line: ex.line,
                        message: m,
                    });
                }
            }
        }
        out
    }

    /// The document for a text, and whether event rule `ri` matched in it.
    fn event_rule_yield(&self, ri: usize, text: &str) -> (Document, bool) {
        let inner = &*self.inner;
        let meta = Meta::default();
        let (doc, mentions, an) = self.stages(text, &meta);
        let view = entities::View::new(text, &an, &inner.gazetteer, &mentions);
        let mut matches = Vec::new();
        inner.event_rules.find(&view, &an.sentences, &mut matches);
        (doc, matches.iter().any(|m| m.rule as usize == ri))
    }

    /// What entity rule `ri` alone yields on a text: `(label, text)` pairs.
    fn entity_rule_yield(&self, ri: usize, text: &str) -> Vec<(String, Option<String>)> {
        let inner = &*self.inner;
        let rules = &inner.entity_rules;
        let an = text::Analysis::new(text);
        let words = stages::word_ids(self, &an);
        let mut hits = Vec::new();
        inner
            .gazetteer
            .find(text, &an, &words.0, &words.1, &mut hits);
        let mut gm = Vec::new();
        entities::from_gazetteer(&an, hits.into_iter(), 0, &mut gm);
        let view = entities::View::new(text, &an, &inner.gazetteer, &gm);
        let mut matches = Vec::new();
        rules.find(&view, &an.sentences, &mut matches);
        matches.retain(|m| m.rule as usize == ri);
        entities::from_rules(&an, rules, &matches)
            .iter()
            .map(|m| {
                (
                    m.label.as_str().to_string(),
                    Some(text[m.span.range()].to_string()),
                )
            })
            .collect()
    }
}

/// Checks one example against what its rule yielded; `Some(message)` when it
/// does not hold.
fn example_failure(ex: &rules::Example, got: &[(String, Option<String>)]) -> Option<String> {
    let shown = || {
        if got.is_empty() {
            "no match".to_string()
        } else {
            got.iter()
                .map(|(w, t)| format!("{w} {:?}", t.as_deref().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    match &ex.want {
        None if !got.is_empty() => Some(format!(
            "should not match {:?} but yields {}",
            ex.text,
            shown()
        )),
        None => None,
        Some((what, want)) => {
            let ok = got.iter().any(|(w, t)| {
                w == what
                    && want
                        .as_ref()
                        .is_none_or(|x| t.as_deref() == Some(x.as_str()))
            });
            (!ok).then(|| {
                format!(
                    "expected {what} {:?} in {:?}, got {}",
                    want.as_deref().unwrap_or(""),
                    ex.text,
                    shown()
                )
            })
        }
    }
}

/// Builds an [`Extractor`] from the embedded data and/or your own files.
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    default_data: bool,
    default_rules: bool,
    spelling_variants: bool,
    skip_unsupported: bool,
    gazetteers: Vec<(String, Vec<u8>)>,
    rules: Vec<(String, Vec<u8>)>,
    lists: Vec<(String, Vec<u8>)>,
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
            default_rules: true,
            spelling_variants: true,
            skip_unsupported: false,
            gazetteers: Vec::new(),
            rules: Vec::new(),
            lists: Vec::new(),
        }
    }

    /// Whether to include the embedded default data (on by default).
    pub fn default_data(mut self, on: bool) -> ExtractorBuilder {
        self.default_data = on;
        self
    }

    /// Whether to include the embedded rule files (on by default; off when
    /// `default_data(false)`). The embedded word lists stay available.
    pub fn default_rules(mut self, on: bool) -> ExtractorBuilder {
        self.default_rules = on;
        self
    }

    /// Whether to find names spelled unlike every listed form by their
    /// phonetic key (`Mohamed Shiaa al-Soudani`); on by default.
    pub fn spelling_variants(mut self, on: bool) -> ExtractorBuilder {
        self.spelling_variants = on;
        self
    }

    /// Whether unsupported patterns in spaCy EntityRuler files (labels other
    /// than PERSON, ORG, GPE, LOC, FAC, NORP; token attributes other than
    /// LOWER, ORTH, TEXT) are left out instead of failing the build.
    pub fn skip_unsupported(mut self, on: bool) -> ExtractorBuilder {
        self.skip_unsupported = on;
        self
    }

    /// Adds a gazetteer file: a dragoman TSV, or a spaCy EntityRuler
    /// pattern file (`.jsonl`). Reading errors are reported now; format errors
    /// when [`build`](ExtractorBuilder::build) is called.
    pub fn gazetteer_file(mut self, path: impl AsRef<Path>) -> Result<ExtractorBuilder, Error> {
        push_file(&mut self.gazetteers, path.as_ref())?;
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

    /// Adds a rule file (format: `rules/README.md`). Reading errors are
    /// reported now; format errors when [`build`](ExtractorBuilder::build) is
    /// called.
    pub fn rules_file(mut self, path: impl AsRef<Path>) -> Result<ExtractorBuilder, Error> {
        push_file(&mut self.rules, path.as_ref())?;
        Ok(self)
    }

    /// Adds rules held in a string; `name` is used in error messages.
    pub fn rules_str(mut self, name: &str, contents: &str) -> ExtractorBuilder {
        self.rules
            .push((name.to_string(), contents.as_bytes().to_vec()));
        self
    }

    /// Adds a word list file (one entry per line); rules use it as `@STEM`,
    /// the file name without its extension.
    pub fn list_file(mut self, path: impl AsRef<Path>) -> Result<ExtractorBuilder, Error> {
        push_file(&mut self.lists, path.as_ref())?;
        Ok(self)
    }

    /// Compiles the data. Every fault in every file is reported.
    pub fn build(self) -> Result<Extractor, Error> {
        let on = self.default_data;
        let embedded = gazetteer::EMBEDDED
            .iter()
            .filter(|_| on)
            .map(|(n, t)| (*n, t.as_bytes()));
        let own = self
            .gazetteers
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()));
        let options = gazetteer::Options {
            variants: self.spelling_variants,
            skip_unsupported: self.skip_unsupported,
        };
        let sources: Vec<(&str, &[u8])> = embedded.chain(own).collect();
        let lists: Vec<(&str, &[u8])> = rules::EMBEDDED_LISTS
            .iter()
            .filter(|_| on)
            .map(|(n, t)| (*n, t.as_bytes()))
            .chain(self.lists.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
            .collect();
        let rules_on = on && self.default_rules;
        let rule_files: Vec<(&str, &[u8])> = rules::EMBEDDED_RULES
            .iter()
            .filter(|_| rules_on)
            .map(|(n, t)| (*n, t.as_bytes()))
            .chain(self.rules.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
            .collect();
        let build_rules = |events, seed| {
            rules::RuleSet::build(
                lists.iter().copied(),
                rule_files.iter().copied(),
                events,
                seed,
            )
        };
        // The rules do not depend on the gazetteers: build them on a second
        // (plain) thread while the gazetteer files are parsed. The event
        // rules continue the entity rules' lexicon and the names continue
        // the event rules', so one word id per token serves all three.
        let (gaz, (entity_rules, event_rules)) = std::thread::scope(|scope| {
            let rules = scope.spawn(|| {
                let entity = build_rules(false, text::Lexicon::default());
                let seed = entity
                    .as_ref()
                    .map(|r| r.lexicon().clone())
                    .unwrap_or_default();
                (entity, build_rules(true, seed))
            });
            let loaded = Gazetteer::load(sources.iter().copied(), options);
            let rules = match rules.join() {
                Ok(rules) => rules,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            // The names' words continue the event rules' lexicon, with the
            // words the date scanner reads.
            let mut seed = rules
                .1
                .as_ref()
                .map(|r| r.lexicon().clone())
                .unwrap_or_default();
            time::DateWords::words().for_each(|w| {
                seed.intern(w);
            });
            let gaz = loaded.map(|l| l.compile(seed));
            (gaz, rules)
        });
        // Report the faults of both kinds of file together.
        let (mut gazetteer, entity_rules) = match (gaz, entity_rules) {
            (Ok(g), Ok(r)) => (g, r),
            (g, r) => {
                let mut d = Vec::new();
                for e in [g.err(), r.err()].into_iter().flatten() {
                    d.extend(e.diagnostics().iter().cloned());
                }
                return Err(Error::data(d));
            }
        };
        let event_rules = event_rules?;
        // The date scanner's words become bits of the tokens' classes.
        let date_words = time::DateWords::new(gazetteer.lexicon());
        gazetteer.mark_words(date_words.marks());
        Ok(Extractor {
            inner: Arc::new(Inner {
                gazetteer,
                entity_rules,
                event_rules,
            }),
        })
    }
}

/// Reads a data file and adds it, named by its path, to `dest`.
fn push_file(dest: &mut Vec<(String, Vec<u8>)>, path: &Path) -> Result<(), Error> {
    let bytes = read(path)?;
    dest.push((path.display().to_string(), bytes));
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })
}

/// Validates gazetteer files without building an extractor, returning every
/// fault found (empty when the file is valid).
pub fn check_gazetteer(name: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    match Gazetteer::build(
        [(name, bytes)],
        gazetteer::Options::default(),
        text::Lexicon::default(),
    ) {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_rule_sets_read_the_same_word_ids() {
        // One id per token serves both rule sets only if the event rules'
        // vocabulary extends the entity rules' one.
        let ex = Extractor::default();
        let (ent, ev) = (&ex.inner.entity_rules, &ex.inner.event_rules);
        assert!(ev.lexicon().extends(ent.lexicon()));
    }

    #[test]
    fn token_classes_carry_the_date_scanner_words() {
        use gazetteer::class;
        let ex = Extractor::default();
        let text =
            "Next Tuesday, 3 March 2025, talks will resume in Baghdad; last week they did not.";
        let an = text::Analysis::new(text);
        let words = stages::word_ids(&ex, &an);
        let want = time::DateWords::new(ex.gazetteer().lexicon()).token_classes(&an, &words.0);
        let mask = class::FUTURE | class::DATE_START;
        let got: Vec<class::Bits> = words.1.iter().map(|c| c & mask).collect();
        assert_eq!(got, want);
        // next, Tuesday, 3, March, 2025, last
        let opening = want.iter().filter(|&&c| c & class::DATE_START != 0).count();
        assert_eq!(opening, 6);
        // next, will
        assert_eq!(want.iter().filter(|&&c| c & class::FUTURE != 0).count(), 2);
    }

    #[test]
    fn dates_keep_their_values_in_documents_explanations_and_events() {
        let ex = Extractor::default();
        let meta = Meta::dated("2025-03-20").unwrap();
        let text = "Fuad Hussein met Asaad al-Shibani in Baghdad on March 14.";
        let value = |doc: &Document| {
            let date = doc.entities.iter().find(|e| e.label == Label::Date);
            date.and_then(|e| e.value.clone())
        };
        let doc = ex.extract(text, &meta);
        assert_eq!(value(&doc).as_deref(), Some("2025-03-14"));
        assert_eq!(doc.events[0].date.as_deref(), Some("2025-03-14"));
        let exp = ex.explain(text, &meta);
        assert_eq!(value(&exp.document), value(&doc));
        assert!(exp
            .entities
            .iter()
            .any(|e| e.origin == "date expression = 2025-03-14"));
    }

    #[test]
    fn extractor_is_send_and_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Extractor>();
        check::<Document>();
    }
}
