//! Gazetteers: entries with names and aliases, loaded from TSV files and
//! compiled into one table of folded names that is scanned segment by segment.

mod load;
mod matcher;
mod spacy;
pub(crate) mod variants;

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::document::{Label, Span};
use crate::error::{Diagnostic, Error};
use crate::text::{is_alphanumeric, Analysis, Lexicon};

pub(crate) use load::{check_header, lines, Reporter};
use matcher::{Cand, Matcher, MatcherBuilder};

/// The gazetteer files shipped with the crate, embedded at build time:
/// `(path, contents)` for every `gazetteers/*.tsv`.
pub(crate) const EMBEDDED: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// One gazetteer entry: a person, organisation, place or group with its names.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable identifier (`fuad-hussein`, `geonames:99072`).
    pub id: Arc<str>,
    /// Label of its mentions.
    pub label: Label,
    /// Canonical name.
    pub name: Arc<str>,
    /// Other names: spellings, acronyms, short forms, other scripts.
    pub aliases: Vec<String>,
    /// A finer kind (`city`, `armed-group`, `dam` …).
    pub subtype: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    /// ISO 3166-2 code of the first-level division.
    pub admin1: Option<String>,
    /// Latitude in decimal degrees.
    pub lat: Option<f64>,
    /// Longitude in decimal degrees.
    pub lon: Option<f64>,
    /// Population, for places.
    pub population: Option<u64>,
    /// Free attributes, in file order (a key may repeat).
    pub attrs: Vec<(String, String)>,
    /// The file it was read from.
    pub file: Arc<str>,
    /// The line it was read from (1-based).
    pub line: usize,
}

impl Entry {
    /// The first value of attribute `key`.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a one-word mention needs context to count: villages and
    /// small towns (under 5,000 people) and places whose name is a common word.
    fn is_weak(&self) -> bool {
        self.label == Label::Gpe
            && matches!(self.subtype.as_deref(), Some("city" | "town" | "village"))
            && (self.population.unwrap_or(0) < 5000 || self.attr("common_word") == Some("yes"))
    }

    /// How strongly this entry is preferred when several share a name:
    /// countries and nationalities first, then provinces, hand-curated
    /// entries, and cities by population.
    fn priority(&self) -> i32 {
        if let Some(p) = self.attr("priority").and_then(|p| p.parse().ok()) {
            return p;
        }
        match (self.label, self.subtype.as_deref()) {
            (Label::Gpe, Some("country")) => 1000,
            (Label::Norp, _) => 900,
            (Label::Gpe, Some("governorate" | "province" | "region")) => 800,
            (Label::Gpe, Some("capital")) => 750,
            (_, _) if self.population.is_none() => 600,
            _ => {
                let p = self.population.unwrap_or(0) as f64;
                200 + ((p + 1.0).log10() * 50.0) as i32
            }
        }
    }
}

/// How gazetteers are built.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Options {
    /// Match spelling variants by phonetic key.
    pub variants: bool,
    /// Leave out unsupported spaCy patterns instead of failing.
    pub skip_unsupported: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            variants: true,
            skip_unsupported: false,
        }
    }
}

/// The compiled set of all loaded entries.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// Per entry: a small place or one whose name is a common word, matched
    /// alone only where the context says it is a place.
    weak: Vec<bool>,
    /// Spelling-insensitive keys of names (see [`variants::phonetic_name_into`]).
    phonetic: FxHashMap<String, Vec<u32>>,
    /// The phonetic keys of the first words of those names, to reject most
    /// capitalised words after one lookup.
    phonetic_first: FxHashSet<String>,
    /// Lexicon words whose phonetic key is known to start no listed
    /// name (see [`Rejects`]).
    rejects: Rejects,
    /// Per entry: its preference when names are shared (see `Entry::priority`).
    priority: Vec<i32>,
    /// Per entry: its label, and whether its names open with a nationality
    /// of their own (see `Gazetteer::split_nationality`); kept apart from
    /// the entries so that matching reads a few bytes per entry.
    labels: Vec<(Label, bool)>,
    by_id: HashMap<Arc<str>, u32>,
    matcher: Matcher,
    /// Every word of the names, after the words of the lexicon the
    /// gazetteer was built on (see [`Gazetteer::build`]).
    lexicon: Lexicon,
    /// Per word id: [`PARTICLE`] for the particles inside names (`al`,
    /// `bin` …), [`ARTICLE`] for the assimilated articles (`ad`, `ash` …),
    /// else 0; for spelling variants. The last entry is always 0, for the
    /// words past the end.
    particles: Vec<u8>,
    /// Per word id: its [`class`] bits (the last entry, 0, for the words
    /// past the end); a token's class adds its shape's.
    word_class: Vec<class::Bits>,
    alias_count: usize,
}

/// The classes by which the scans for names, spelling variants and links
/// pick the tokens they start at: bits of one byte per token, worked out in
/// one pass beside the word ids ([`Gazetteer::classes_into`]). Each scan
/// then tests one byte a token, where it used to look the word up in a
/// table of its own (or hash its folded bytes) and read its shape: those
/// selections took an eighth of the pipeline's instructions.
pub(crate) mod class {
    /// A token's or word's class bits.
    pub type Bits = u8;

    /// A listed name starts with the word.
    pub const NAME_START: Bits = 1;
    /// A particle inside names (`al`, `bin`) or an assimilated article
    /// (`ad`, `ash`), for spelling variants.
    pub const PARTICLE: Bits = 2;
    /// A particle that linking reads (`al`, `abu`, `van`; see
    /// [`crate::entities::LINK_PARTICLES`]), in lower case.
    pub const LINK_PARTICLE: Bits = 4;
    /// The token folds to `(` (an acronym may follow).
    pub const PAREN: Bits = 8;
    /// Shape [`Capitalized`](crate::text::Shape::Capitalized) or
    /// [`Upper`](crate::text::Shape::Upper).
    pub const CAP_UP: Bits = 16;
    /// Shape [`Caseless`](crate::text::Shape::Caseless).
    pub const CASELESS: Bits = 32;
    /// A word that speaks of the future (`will`, `next`), for the tense of
    /// dates (set by the extractor from the date scanner's words).
    pub const FUTURE: Bits = 64;
    /// A word that can open a date (a month, a weekday, `last`), or a
    /// number.
    pub const DATE_START: Bits = 128;

    /// Per shape (in declaration order): the bits it adds, and the word
    /// bits it keeps.
    pub(super) const BY_SHAPE: [(Bits, Bits); 7] = [
        (CAP_UP, !LINK_PARTICLE),
        (CAP_UP, !LINK_PARTICLE),
        (0, Bits::MAX),
        (0, !LINK_PARTICLE),
        (CASELESS, !LINK_PARTICLE),
        (DATE_START, !LINK_PARTICLE),
        (0, !LINK_PARTICLE),
    ];
}

/// Per lexicon word: whether its phonetic key is known to start no listed
/// name, learnt the first time the word opens a candidate variant. A word
/// recurs from document to document, so after a while most capitalised
/// words are turned down by one load instead of computing their key. The
/// answer depends on the word only (the key of a word is that of its folded
/// form), so threads that race store the same value.
#[derive(Debug, Default)]
struct Rejects(Vec<AtomicBool>);

impl Rejects {
    fn new(words: usize) -> Rejects {
        Rejects((0..words).map(|_| AtomicBool::new(false)).collect())
    }

    fn known(&self, id: u32) -> bool {
        self.0
            .get(id as usize)
            .is_some_and(|r| r.load(Ordering::Relaxed))
    }

    fn learn(&self, id: u32) {
        if let Some(r) = self.0.get(id as usize) {
            r.store(true, Ordering::Relaxed);
        }
    }
}

impl Clone for Rejects {
    fn clone(&self) -> Rejects {
        Rejects(
            self.0
                .iter()
                .map(|r| AtomicBool::new(r.load(Ordering::Relaxed)))
                .collect(),
        )
    }
}

/// See [`Gazetteer::particles`].
const PARTICLE: u8 = 1;
const ARTICLE: u8 = 2;

/// Parsed gazetteer entries, not yet compiled (see [`Gazetteer::load`]).
pub(crate) struct Loaded {
    entries: Vec<Entry>,
    by_id: HashMap<Arc<str>, u32>,
    variants: bool,
}

impl Loaded {
    /// Compiles the names into a gazetteer whose lexicon continues `seed`.
    pub(crate) fn compile(self, seed: Lexicon) -> Gazetteer {
        let Loaded {
            entries,
            by_id,
            variants,
        } = self;
        let weak: Vec<bool> = entries.iter().map(Entry::is_weak).collect();
        // The name trie and the spelling-variant index are independent:
        // build them on two threads (plain threads, so that building never
        // starts a thread pool).
        let ((matcher, alias_count, mut lexicon), phonetic) = std::thread::scope(|scope| {
            let variants = variants.then(|| scope.spawn(|| phonetic_index(&entries, &weak)));
            let mut lexicon = seed;
            let (matcher, names) = compile(&entries, &mut lexicon);
            let phonetic = match variants.map(|h| h.join()) {
                Some(Ok(index)) => index,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                None => FxHashMap::default(),
            };
            ((matcher, names, lexicon), phonetic)
        });
        let phonetic_first = phonetic
            .keys()
            .map(|k| k.split(' ').next().unwrap_or("").to_string())
            .collect();
        let priority = entries.iter().map(Entry::priority).collect();
        let labels = entries
            .iter()
            .map(|e| {
                let split = e.label == Label::Org
                    && matches!(
                        e.subtype.as_deref(),
                        Some("ministry" | "legislature" | "ministry-generic")
                    );
                (e.label, split)
            })
            .collect();
        let kinds = [
            (
                PARTICLE,
                &["al", "el", "bin", "ibn", "bint", "abu", "umm", "ben"][..],
            ),
            (ARTICLE, &["ad", "ar", "as", "ash", "at", "az", "an"][..]),
        ];
        let mut particles = Vec::new();
        for (kind, ws) in kinds {
            for w in ws {
                let id = lexicon.intern(w) as usize;
                if particles.len() <= id {
                    particles.resize(id + 1, 0);
                }
                particles[id] = kind;
            }
        }
        // Every other word (ids past the end included) reads this 0.
        particles.push(0);
        let link_particles: Vec<u32> = crate::entities::LINK_PARTICLES
            .iter()
            .map(|w| lexicon.intern(w))
            .collect();
        let paren = lexicon.intern("(");
        let mut word_class: Vec<class::Bits> = (0..lexicon.len() as u32)
            .map(|id| {
                let particle = crate::select::clamped(&particles, id as usize, 0) != 0;
                (class::Bits::from(matcher.starts_key(id)) * class::NAME_START)
                    | (class::Bits::from(particle) * class::PARTICLE)
            })
            .collect();
        for id in link_particles {
            word_class[id as usize] |= class::LINK_PARTICLE;
        }
        word_class[paren as usize] |= class::PAREN;
        word_class.push(0);
        Gazetteer {
            entries,
            weak,
            phonetic,
            phonetic_first,
            rejects: Rejects::new(lexicon.len()),
            priority,
            labels,
            by_id,
            matcher,
            lexicon,
            particles,
            word_class,
            alias_count,
        }
    }
}

/// A gazetteer match with its chosen entry and the runners-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GazHit {
    pub span: Span,
    /// The tokens `[start, end)` it covers.
    pub toks: (usize, usize),
    pub entry: u32,
    /// The entry's label.
    pub label: Label,
    pub others: Vec<u32>,
}

impl Gazetteer {
    /// Parses and compiles gazetteer sources `(name, bytes)`. Every error in
    /// every source is reported. The words of the names continue `seed`, so
    /// that one word id per token serves the names and the rules built on
    /// that lexicon.
    pub(crate) fn build<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a [u8])>,
        options: Options,
        seed: Lexicon,
    ) -> Result<Gazetteer, Error> {
        Ok(Gazetteer::load(sources, options)?.compile(seed))
    }

    /// Parses gazetteer sources `(name, bytes)`, reporting every error in
    /// every source; [`Loaded::compile`] finishes the gazetteer.
    pub(crate) fn load<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a [u8])>,
        options: Options,
    ) -> Result<Loaded, Error> {
        let sources: Vec<(&str, &[u8])> = sources.into_iter().collect();
        let parse = |&(name, bytes): &(&str, &[u8])| {
            let mut rep = Reporter {
                file: name,
                out: Vec::new(),
            };
            let entries = if spacy::looks_like_spacy(name, bytes) {
                spacy::parse(name, bytes, &mut rep, options.skip_unsupported)
            } else {
                load::parse(name, bytes, &mut rep)
            };
            (entries, rep.out)
        };
        // The largest file (GeoNames places, of the default data) is parsed
        // on a second thread while the others are parsed here.
        let largest = (0..sources.len()).max_by_key(|&i| sources[i].1.len());
        let parsed: Vec<(Vec<Entry>, Vec<Diagnostic>)> = std::thread::scope(|scope| {
            let big = largest.map(|i| {
                let source = &sources[i];
                (i, scope.spawn(move || parse(source)))
            });
            let mut parsed: Vec<Option<(Vec<Entry>, Vec<Diagnostic>)>> = sources
                .iter()
                .enumerate()
                .map(|(i, s)| (largest != Some(i)).then(|| parse(s)))
                .collect();
            if let Some((i, h)) = big {
                match h.join() {
                    Ok(p) => parsed[i] = Some(p),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            parsed.into_iter().flatten().collect()
        });
        let mut entries: Vec<Entry> = Vec::with_capacity(parsed.iter().map(|p| p.0.len()).sum());
        let mut diags: Vec<Diagnostic> = Vec::new();
        for (e, d) in parsed {
            entries.extend(e);
            diags.extend(d);
        }
        let texts: HashMap<&str, &[u8]> = sources.iter().copied().collect();
        // The text of line `line` of file `file`, for showing a caret.
        let line_text = |file: &str, line: usize| -> String {
            texts
                .get(file)
                .and_then(|b| b.split(|&c| c == b'\n').nth(line.wrapping_sub(1)))
                .map(|l| String::from_utf8_lossy(l.strip_suffix(b"\r").unwrap_or(l)).into_owned())
                .unwrap_or_default()
        };
        let mut by_id: HashMap<Arc<str>, u32> = HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            if let Some(&first) = by_id.get(&e.id) {
                let f = &entries[first as usize];
                diags.push(Diagnostic {
                    file: e.file.to_string(),
                    line: e.line,
                    column: 1,
                    message: format!("duplicate id `{}` (first in {}:{})", e.id, f.file, f.line),
                    source_line: line_text(&e.file, e.line),
                });
            } else {
                by_id.insert(e.id.clone(), i as u32);
            }
        }
        if !diags.is_empty() {
            return Err(Error::data(diags));
        }
        Ok(Loaded {
            entries,
            by_id,
            variants: options.variants,
        })
    }

    /// The lexicon the names were compiled with: a document's word ids for
    /// [`Gazetteer::find`] come from it.
    pub(crate) fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// All entries, in load order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this id.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize])
    }

    /// The number of names (canonical names and aliases) over all entries.
    pub fn name_count(&self) -> usize {
        self.alias_count
    }

    /// The number of distinct folded keys (names and their variants).
    pub fn key_count(&self) -> usize {
        self.matcher.pattern_count()
    }

    pub(crate) fn entry(&self, i: u32) -> &Entry {
        &self.entries[i as usize]
    }

    /// Builds one aho-corasick automaton (leftmost-longest) of every folded
    /// key: the floor a bare keyword pass reaches, which the benchmarks
    /// compare the pipeline with. Matching does not use it (it walks a trie
    /// of word ids), and it takes a few hundred milliseconds to build.
    ///
    /// # Errors
    ///
    /// Past aho-corasick's limits (billions of states).
    pub fn build_automaton(&self) -> Result<aho_corasick::AhoCorasick, aho_corasick::BuildError> {
        self.matcher.automaton()
    }

    /// Adds class bits to words (the date scanner's, which the extractor
    /// knows): `(word id, bits)` pairs, ids in [`Gazetteer::lexicon`].
    pub(crate) fn mark_words(&mut self, marks: impl IntoIterator<Item = (u32, class::Bits)>) {
        // The last entry stands for unknown words and stays 0.
        let known = self.word_class.len().saturating_sub(1);
        for (id, bits) in marks {
            if (id as usize) < known {
                self.word_class[id as usize] |= bits;
            }
        }
    }

    /// Each token's [`class`] bits, into `out` (cleared first): its word's
    /// and its shape's. `words` are the tokens' ids in
    /// [`Gazetteer::lexicon`].
    pub(crate) fn classes_into(
        &self,
        tokens: &[crate::text::Token],
        words: &[u32],
        out: &mut Vec<class::Bits>,
    ) {
        out.clear();
        out.extend(tokens.iter().zip(words).map(|(t, &w)| {
            let (adds, keeps) = class::BY_SHAPE[t.shape as usize];
            (crate::select::clamped(&self.word_class, w as usize, 0) & keeps) | adds
        }));
    }

    /// Finds every acceptable match in a text and chooses its entry.
    /// `words` are the tokens' ids in [`Gazetteer::lexicon`], `classes`
    /// their [`class`] bits ([`Gazetteer::classes_into`]).
    pub(crate) fn find(
        &self,
        text: &str,
        an: &Analysis,
        words: &[u32],
        classes: &[class::Bits],
        out: &mut Vec<GazHit>,
    ) {
        /// The keys found at one token (end, key) and the tokens where a
        /// key starts.
        type Buffers = (Vec<(usize, u32)>, Vec<u32>);
        thread_local! {
            /// The buffers, reused from document to document.
            static KEYS: std::cell::Cell<Buffers> = Default::default();
        }
        let tokens = &an.tokens;
        let n = tokens.len().min(words.len()).min(classes.len());
        let (mut keys, mut starts) = crate::reuse::take(&KEYS);
        // The tokens where some key starts (see `crate::select`).
        crate::select::indexes_where(&mut starts, n, |i| classes[i] & class::NAME_START != 0);
        // The first token that no name found so far covers.
        let mut next = 0;
        for &i in &starts {
            let i = i as usize;
            if i < next {
                continue;
            }
            self.matcher.keys_at(an, words, i, n, &mut keys);
            // The longest name that an entry fits (capitalisation, context),
            // else the shorter names that start at the same place.
            let chosen = keys.iter().rev().find_map(|&(end, pattern)| {
                self.choose(text, an, i, end, pattern).map(|c| (end, c))
            });
            // Nothing fits: names may still start inside the rejected span
            // ("northeast Syria" when only "Syria" is a name here).
            let Some((end, (entry, others))) = chosen else {
                continue;
            };
            let (mut start, mut stop) = (tokens[i].start as usize, tokens[end - 1].end as usize);
            let (label, split) = self.labels[entry as usize];
            if let Some((adj, rest, norp)) = split
                .then(|| self.split_nationality(an, words, (i, end), text))
                .flatten()
            {
                let at = |o: usize| i + tokens[i..end].partition_point(|t| (t.start as usize) < o);
                out.push(GazHit {
                    span: Span::new(start, adj),
                    toks: (i, at(adj)),
                    entry: norp,
                    label: Label::Norp,
                    others: Vec::new(),
                });
                out.push(GazHit {
                    span: Span::new(rest, stop),
                    toks: (at(rest), end),
                    entry,
                    label,
                    others,
                });
                next = end;
                continue;
            }
            // A name particle glued to the name belongs to it (`al-Rasafa`),
            // and so does a transliterated ending (`Shara'a`).
            let (mut a, mut b) = (i, end);
            if matches!(label, Label::Gpe | Label::Person | Label::Fac | Label::Loc) {
                start = article_before(text, start);
                stop = ending_after(text, stop);
                while a > 0 && tokens[a - 1].start as usize >= start {
                    a -= 1;
                }
                while b < tokens.len() && tokens[b].end as usize <= stop {
                    b += 1;
                }
            }
            out.push(GazHit {
                span: Span::new(start, stop),
                toks: (a, b),
                entry,
                label,
                others,
            });
            next = end;
        }
        // The keys: as many as the longest name; the starts: one per token at
        // most (`give_back` drops the buffers of a huge document).
        let size = keys.capacity().max(starts.capacity());
        crate::reuse::give_back(&KEYS, (keys, starts), size);
    }

    /// The preferred entry among a pattern's candidates that fit the text at
    /// `[start, end)`, and the runners-up.
    fn choose(
        &self,
        text: &str,
        an: &Analysis,
        a: usize,
        b: usize,
        pattern: u32,
    ) -> Option<(u32, Vec<u32>)> {
        let surface = &text[an.tokens[a].start as usize..an.tokens[b - 1].end as usize];
        let mut best: Option<(i32, u32)> = None;
        let mut others = Vec::new();
        let mut context: Option<bool> = None;
        for c in self.matcher.cands(pattern) {
            if !case_ok(surface, c.upper_only) || !caps_ok(surface, c.caps) {
                continue;
            }
            if self.weak[c.entry as usize]
                && !surface.contains(|ch: char| ch.is_whitespace() || ch == '-')
            {
                let ok = *context.get_or_insert_with(|| {
                    place_context(
                        an.norm.as_str(),
                        an.folded[a].0 as usize,
                        an.folded[b - 1].1 as usize,
                    )
                });
                if !ok {
                    continue;
                }
            }
            let p = self.priority[c.entry as usize];
            match best {
                Some((bp, _)) if bp >= p => others.push(c.entry),
                Some((_, be)) => {
                    others.push(be);
                    best = Some((p, c.entry));
                }
                None => best = Some((p, c.entry)),
            }
        }
        let (_, entry) = best?;
        others.retain(|&o| o != entry);
        others.dedup();
        Some((entry, others))
    }
}

impl Gazetteer {
    /// For a ministry or legislature named with a nationality adjective
    /// (`Iraqi Ministry of Oil`, `Iraqi Parliament`), the end of the
    /// adjective and the start of the rest, when the adjective is a
    /// nationality of its own: the guidelines mark them apart.
    fn split_nationality(
        &self,
        an: &Analysis,
        words: &[u32],
        (a, b): (usize, usize),
        text: &str,
    ) -> Option<(usize, usize, u32)> {
        let (s, e) = (an.tokens[a].start as usize, an.tokens[b - 1].end as usize);
        let surface = &text[s..e];
        let first_end = s + surface.find(char::is_whitespace)?;
        let rest = first_end + text[first_end..e].len() - text[first_end..e].trim_start().len();
        // The tokens of the first word.
        let k = a + an.tokens[a..b].partition_point(|t| (t.end as usize) <= first_end);
        let norp = self.norp_entry(an, words, a, k)?;
        Some((first_end, rest, norp))
    }

    /// The NORP entry whose name is exactly tokens `[a, b)`.
    fn norp_entry(&self, an: &Analysis, words: &[u32], a: usize, b: usize) -> Option<u32> {
        let m = self.matcher.find_exact(an, words, a, b)?;
        self.matcher
            .cands(m)
            .iter()
            .find(|c| self.entries[c.entry as usize].label == Label::Norp)
            .map(|c| c.entry)
    }
}

/// The spelling-insensitive index: names of people, organisations and
/// places (not villages), keyed by their phonetic form. One-word keys
/// need five letters or more.
fn phonetic_index(entries: &[Entry], weak: &[bool]) -> FxHashMap<String, Vec<u32>> {
    let mut idx: FxHashMap<String, Vec<u32>> = FxHashMap::default();
    let mut bufs = variants::NameBuffers::default();
    let mut key = String::new();
    for (i, e) in entries.iter().enumerate() {
        if weak[i] || e.label == Label::Norp {
            continue;
        }
        for name in std::iter::once(&*e.name).chain(e.aliases.iter().map(String::as_str)) {
            if is_acronym(name) {
                continue;
            }
            if !variants::phonetic_name_into(name, &mut bufs, &mut key) {
                continue;
            }
            // One-word keys only for large places: a lone capitalised word
            // too easily sounds like a village or a first name.
            let large = e.label == Label::Gpe
                && (e.population.unwrap_or(0) >= 100_000
                    || matches!(
                        e.subtype.as_deref(),
                        Some("country" | "governorate" | "province" | "region")
                    ));
            if !key.contains(' ') && (key.len() < 5 || !large) {
                continue;
            }
            match idx.get_mut(key.as_str()) {
                Some(v) if v.contains(&(i as u32)) => {}
                Some(v) => v.push(i as u32),
                None => {
                    idx.insert(key.clone(), vec![i as u32]);
                }
            }
        }
    }
    idx
}

impl Gazetteer {
    /// Finds names spelled differently from every listed form
    /// (`Mohamed Shiaa al-Soudani`) among tokens not yet `covered`, by their
    /// phonetic key. Appends hits in text order.
    pub(crate) fn find_variants(
        &self,
        text: &str,
        tokens: &[crate::text::Token],
        words: &[u32],
        classes: &[class::Bits],
        covered: &[bool],
        out: &mut Vec<GazHit>,
    ) {
        use crate::text::Shape;
        let n = tokens.len().min(words.len()).min(classes.len());
        let word = |i: usize| tokens[i].text(text);
        let glued = |i: usize| i + 1 < n && tokens[i].end == tokens[i + 1].start;
        // Particles inside names: `al`, `bin` …; the assimilated articles
        // (`ad-`, `ash-`) only when glued to a hyphen.
        let is_particle = |i: usize| match self.particles.get(words[i] as usize) {
            Some(&PARTICLE) => true,
            Some(&ARTICLE) => i + 1 < n && glued(i) && word(i + 1) == "-",
            _ => false,
        };
        let is_name = |i: usize| classes[i] & class::CAP_UP != 0;
        /// `key`, `joined`, `keys` and the tokens where a name may start.
        type Buffers = (String, String, Vec<(usize, usize)>, Vec<u32>);
        thread_local! {
            /// The buffers, reused from document to document.
            static BUFFERS: std::cell::Cell<Buffers> = Default::default();
        }
        let (mut key, mut joined, mut keys, mut starts) = crate::reuse::take(&BUFFERS);
        // The uncovered capitalised words and particles (see
        // `crate::select`).
        crate::select::indexes_where(&mut starts, n, |i| {
            !covered[i] & (classes[i] & (class::CAP_UP | class::PARTICLE) != 0)
        });
        // The first token that no name found so far covers.
        let mut next = 0;
        for &i in &starts {
            let i = i as usize;
            if i < next || !(is_name(i) || i + 1 < n && !covered[i + 1] && is_particle(i)) {
                continue;
            }
            // Collect the name words from i: the keys of the words joined
            // by spaces in `joined`, and (end token, key length) after each.
            keys.clear();
            joined.clear();
            let mut j = i;
            while j < n && !covered[j] && keys.len() < 6 {
                if is_particle(j) {
                    j += 1;
                    if j < n && word(j) == "-" && glued(j - 1) {
                        j += 1;
                    }
                    continue;
                }
                if !is_name(j) {
                    break;
                }
                // One word, with glued apostrophes (`Shara'a`) and hyphens
                // inside it joined.
                let mut w = std::borrow::Cow::Borrowed(word(j));
                let mut k = j;
                while k + 2 < n
                    && glued(k)
                    && glued(k + 1)
                    && matches!(word(k + 1), "'" | "’")
                    && tokens[k + 2].shape == Shape::Lower
                    && !covered[k + 2]
                {
                    w.to_mut().push_str(word(k + 2));
                    k += 2;
                }
                // A word already known to open no name (`k == j`: nothing
                // glued to it) is turned down without its key.
                let lone = k == j;
                if keys.is_empty() && lone && self.rejects.known(words[j]) {
                    break;
                }
                // Folding matters only for letters outside ASCII (`é`).
                let ok = if w.is_ascii() {
                    variants::phonetic_into(&w, &mut key)
                } else {
                    variants::phonetic_into(&crate::text::fold(&w), &mut key)
                };
                // Most capitalised words start no listed name: stop early.
                if !ok || keys.is_empty() && !self.phonetic_first.contains(key.as_str()) {
                    if keys.is_empty() && lone {
                        self.rejects.learn(words[j]);
                    }
                    break;
                }
                if !keys.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(&key);
                j = k + 1;
                keys.push((j, joined.len()));
                if j < n && word(j) == "-" && glued(j - 1) && !covered[j] {
                    j += 1;
                }
            }
            let found = keys
                .iter()
                .rev()
                .find_map(|&(end, len)| self.phonetic.get(&joined[..len]).map(|v| (end, v)));
            if let Some((end, cands)) = found {
                let best = cands
                    .iter()
                    .copied()
                    .max_by_key(|&c| (self.priority[c as usize], std::cmp::Reverse(c)));
                if let Some(entry) = best {
                    let others = cands.iter().copied().filter(|&c| c != entry).collect();
                    out.push(GazHit {
                        span: Span::new(tokens[i].start as usize, tokens[end - 1].end as usize),
                        toks: (i, end),
                        entry,
                        label: self.labels[entry as usize].0,
                        others,
                    });
                }
                next = end;
            }
        }
        let size = joined.capacity().max(key.capacity()).max(starts.capacity());
        crate::reuse::give_back(&BUFFERS, (key, joined, keys, starts), size);
    }
}

/// Where a name starts once a glued particle before it is included:
/// `al-Rasafa`, `Al-Raqqa`, `el-Sisi`.
fn article_before(text: &str, start: usize) -> usize {
    let before = &text[..start];
    let Some(b) = before.strip_suffix('-') else {
        return start;
    };
    for art in [
        "al", "Al", "AL", "el", "El", "ar", "Ar", "as", "As", "ash", "Ash", "at", "At", "ad", "Ad",
        "az", "Az", "an", "An",
    ] {
        if let Some(p) = b.strip_suffix(art) {
            if p.chars().next_back().is_none_or(|c| !is_alphanumeric(c)) {
                return p.len();
            }
        }
    }
    start
}

/// Where a name ends once a glued transliterated ending is included:
/// `Shara'a` (but not the possessive `'s`).
fn ending_after(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let Some(q) = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '’' | 'ʿ' | 'ʾ'))
    else {
        return end;
    };
    let after = &rest[q.len_utf8()..];
    let tail: usize = after
        .chars()
        .take_while(|c| c.is_lowercase())
        .map(char::len_utf8)
        .sum();
    let word = &after[..tail];
    if tail == 0 || tail > 3 || word == "s" || after[tail..].starts_with(is_alphanumeric) {
        return end;
    }
    end + q.len_utf8() + tail
}

/// Words before a name that introduce a place, and words after it that say
/// it is one.
const PLACE_BEFORE: &[&str] = &[
    "in",
    "near",
    "at",
    "to",
    "from",
    "into",
    "outside",
    "around",
    "toward",
    "towards",
    "village",
    "town",
    "city",
    "of",
    "district",
    "province",
    "governorate",
    "between",
    "across",
    "entered",
    "captured",
    "seized",
    "reached",
];
const PLACE_AFTER: &[&str] = &[
    "village",
    "town",
    "city",
    "district",
    "subdistrict",
    "province",
    "governorate",
    "area",
    "countryside",
    "region",
    "neighbourhood",
    "neighborhood",
    "camp",
    "border",
    "outskirts",
];

/// Whether the words around folded span `[s, e)` mark it as a place.
fn place_context(folded: &str, s: usize, e: usize) -> bool {
    let before = folded[..s].trim_end();
    let prev = before
        .rsplit(|c: char| !is_alphanumeric(c))
        .next()
        .unwrap_or("");
    let after = folded[e..].trim_start();
    let next = after
        .split(|c: char| !is_alphanumeric(c))
        .next()
        .unwrap_or("");
    PLACE_BEFORE.contains(&prev) || PLACE_AFTER.contains(&next)
}

/// Builds the matcher keys from every entry's names, adding their words to
/// `lexicon`.
fn compile(entries: &[Entry], lexicon: &mut Lexicon) -> (Matcher, usize) {
    /// Calls `key` with each key of the names of entries `range`, and its
    /// candidate, in order.
    fn keys_of(entries: &[Entry], range: std::ops::Range<usize>, mut key: impl FnMut(&str, Cand)) {
        let mut bufs = variants::NameBuffers::default();
        for (e, i) in entries[range.clone()].iter().zip(range) {
            let all = std::iter::once(&*e.name).chain(e.aliases.iter().map(String::as_str));
            for name in all {
                let cand = Cand {
                    entry: i as u32,
                    upper_only: is_acronym(name),
                    caps: variants::caps_mask(name),
                };
                variants::keys_into(name, &mut bufs, |k| key(k, cand));
            }
        }
    }
    let names = entries.iter().map(|e| 1 + e.aliases.len()).sum();
    // Folding the names into keys is most of the work and needs no shared
    // state: the keys of the second half of the names are made on another
    // thread (into one string) while this one folds the first half and
    // inserts it into the trie, then inserts the second half (the order of
    // insertion, and so every id, stays that of a single pass).
    let mut seen = 0;
    let split = entries
        .iter()
        .position(|e| {
            seen += 1 + e.aliases.len();
            2 * seen >= names
        })
        .map_or(entries.len(), |i| i + 1);
    let matcher = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let mut text = String::new();
            let mut items = Vec::new();
            keys_of(entries, split..entries.len(), |k, cand| {
                let start = text.len();
                text.push_str(k);
                items.push((start, text.len(), cand));
            });
            (text, items)
        });
        let mut b = MatcherBuilder::default();
        keys_of(entries, 0..split, |k, cand| b.add(k, cand, lexicon));
        let (text, items) = match second.join() {
            Ok(keys) => keys,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        for (s, e, cand) in items {
            b.add(&text[s..e], cand, lexicon);
        }
        b.finish()
    });
    (matcher, names)
}

/// Whether a name is written in capitals (`SDF`, `UNAMI`, `U.S.`): such
/// names match only text in capitals, so `US` never matches `us`.
fn is_acronym(name: &str) -> bool {
    let mut letters = 0;
    for c in name.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_uppercase() {
            letters += 1;
        }
    }
    letters >= 2
}

/// Whether every word the mask marks is capitalised in the text (text in
/// capitals passes).
fn caps_ok(surface: &str, mask: u32) -> bool {
    if mask.count_ones() < 2 {
        return true;
    }
    surface
        .split(|c: char| !is_alphanumeric(c))
        .filter(|w| !w.is_empty())
        .enumerate()
        .take(32)
        .all(|(i, w)| mask & (1 << i) == 0 || !w.chars().next().is_some_and(char::is_lowercase))
}

/// Whether a word is a name particle that may open a name in lower case
/// (`al-Sharaa`, `bin Salman`). A `match` compares the few bytes in place,
/// where a search of a table of strings called `memcmp` for each.
fn is_particle(w: &str) -> bool {
    matches!(
        w,
        "al" | "el"
            | "an"
            | "ar"
            | "as"
            | "ash"
            | "at"
            | "ad"
            | "az"
            | "ath"
            | "adh"
            | "bin"
            | "ibn"
            | "bint"
            | "abu"
            | "abi"
            | "umm"
            | "de"
            | "di"
            | "du"
            | "da"
            | "van"
            | "von"
            | "der"
            | "la"
            | "le"
            | "bani"
            | "beni"
    )
}

/// Whether the matched text is capitalised like a name.
pub(crate) fn case_ok(surface: &str, upper_only: bool) -> bool {
    if upper_only {
        let mut upper = false;
        for c in surface.chars() {
            if c.is_lowercase() {
                return false;
            }
            upper |= c.is_uppercase();
        }
        return upper;
    }
    // The common case, without splitting into words: a capital first.
    if surface
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_uppercase)
    {
        return true;
    }
    let mut words = surface
        .split(|c: char| !is_alphanumeric(c))
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return false;
    };
    let c = first.chars().next().unwrap_or(' ');
    if c.is_uppercase() || c.is_numeric() || !c.is_lowercase() {
        return true;
    }
    // A lower-case particle must be followed by a capitalised word.
    is_particle(first)
        && words.any(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_lowercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz(body: &str) -> Gazetteer {
        let text = format!(
            "# source: test\n# licence: CC0-1.0\nid\tlabel\tname\taliases\tsubtype\tpopulation\n{body}"
        );
        Gazetteer::build(
            [("t.tsv", text.as_bytes())],
            Options::default(),
            Lexicon::default(),
        )
        .unwrap()
    }

    proptest::proptest! {
        /// Each class bit says what the scans used to work out token by
        /// token: whether a name starts with the word, whether it is a
        /// particle, its shape, whether it folds to `(`.
        #[test]
        fn token_classes_say_what_the_scans_tested(
            picks in proptest::collection::vec((0usize..32, 0usize..3), 0..40)
        ) {
            use crate::text::Shape;
            const WORDS: [&str; 32] = [
                "al", "Al", "AL", "abu", "van", "von", "bin", "ash", "ad", "umm", "(", "\u{FF08}",
                "Baghdad", "Deir", "Syria", "said", "will", "next", "March", "2025", "3.5",
                "\u{0628}\u{063A}\u{062F}\u{0627}\u{062F}", "iPhone", "the", "Fuad", "Hussein",
                ",", "-", "Ibn", "El", "de", "ez",
            ];
            const GLUE: [&str; 3] = [" ", "", "-"];
            let g = gaz(
                "baghdad\tGPE\tBaghdad\t\tcity\t\n\
                 deir-ez-zor\tGPE\tDeir ez-Zor\t\tcity\t\n\
                 fuad-hussein\tPERSON\tFuad Hussein\t\t\t\n",
            );
            let text: String = picks.iter().map(|&(w, j)| format!("{}{}", WORDS[w], GLUE[j])).collect();
            let an = Analysis::new(&text);
            let (mut words, mut classes) = (Vec::new(), Vec::new());
            g.lexicon().ids_into(&an, &mut words);
            g.classes_into(&an.tokens, &words, &mut classes);
            proptest::prop_assert_eq!(classes.len(), an.tokens.len());
            for (i, t) in an.tokens.iter().enumerate() {
                let (c, w, folded) = (classes[i], words[i], an.folded_token(i));
                let has = |bit: class::Bits| c & bit != 0;
                proptest::prop_assert_eq!(has(class::NAME_START), g.matcher.starts_key(w), "{}", folded);
                let particle = crate::select::clamped(&g.particles, w as usize, 0) != 0;
                proptest::prop_assert_eq!(has(class::PARTICLE), particle, "{}", folded);
                let linking = t.shape == Shape::Lower && crate::entities::LINK_PARTICLES.contains(&folded);
                proptest::prop_assert_eq!(has(class::LINK_PARTICLE), linking, "{}", folded);
                proptest::prop_assert_eq!(has(class::PAREN), folded == "(", "{}", folded);
                let cap = matches!(t.shape, Shape::Capitalized | Shape::Upper);
                proptest::prop_assert_eq!(has(class::CAP_UP), cap, "{}", folded);
                proptest::prop_assert_eq!(has(class::CASELESS), t.shape == Shape::Caseless);
                // No date words in a bare gazetteer: numbers only.
                proptest::prop_assert_eq!(has(class::DATE_START), t.shape == Shape::Number);
                proptest::prop_assert!(!has(class::FUTURE));
            }
        }
    }

    fn hits(g: &Gazetteer, text: &str) -> Vec<GazHit> {
        let an = Analysis::new(text);
        let (mut words, mut classes) = (Vec::new(), Vec::new());
        g.lexicon().ids_into(&an, &mut words);
        g.classes_into(&an.tokens, &words, &mut classes);
        let mut out = Vec::new();
        g.find(text, &an, &words, &classes, &mut out);
        out
    }

    fn found(g: &Gazetteer, text: &str) -> Vec<(String, String)> {
        hits(g, text)
            .iter()
            .map(|h| {
                (
                    text[h.span.range()].to_string(),
                    g.entry(h.entry).id.to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn matches_on_token_boundaries_only() {
        let g = gaz("iraq\tGPE\tIraq\t\tcountry\t\nkb\tFAC\tKirkuk-Baniyas pipeline\t\tpipeline\t\nkirkuk\tGPE\tKirkuk\t\tcity\t100000\n");
        let hits = found(
            &g,
            "Iraqi troops in Iraq's north near the Kirkuk–Baniyas pipeline",
        );
        assert_eq!(
            hits,
            [
                ("Iraq".into(), "iraq".into()),
                ("Kirkuk–Baniyas pipeline".into(), "kb".into())
            ]
        );
        assert_eq!(
            found(&g, "Kirkuk–Baniyas pipelines").len(),
            1,
            "falls back to Kirkuk"
        );
        assert_eq!(found(&g, "Kirkuk–Baniyas pipelines")[0].0, "Kirkuk");
    }

    #[test]
    fn respects_capitalisation() {
        let g = gaz("us\tGPE\tUnited States\tUS\tcountry\t\nhit\tGPE\tHit\t\tcity\t100000\nsharaa\tPERSON\tAhmed al-Sharaa\tal-Sharaa\tpolitician\t\n");
        assert_eq!(found(&g, "let us go").len(), 0);
        assert_eq!(found(&g, "the US said").len(), 1);
        assert_eq!(found(&g, "a hit on Hit").len(), 1);
        assert_eq!(found(&g, "said al-Sharaa").len(), 1);
        assert_eq!(found(&g, "the al-sharaa").len(), 0);
    }

    #[test]
    fn prefers_the_better_supported_entry() {
        let g = gaz("jo\tGPE\tJordan\t\tcountry\t\njv\tGPE\tJordan\t\tcity\t100000\n");
        let out = hits(&g, "Jordan");
        assert_eq!(out.len(), 1);
        assert_eq!(&*g.entry(out[0].entry).id, "jo");
        assert_eq!(out[0].others.len(), 1);
    }

    #[test]
    fn small_places_need_context() {
        let g = gaz("sultan\tGPE\tSultan\t\tcity\t300\n");
        assert_eq!(found(&g, "Sultan Haitham spoke.").len(), 0);
        assert_eq!(found(&g, "Shelling hit Sultan village.").len(), 1);
        assert_eq!(found(&g, "They fled to Sultan.").len(), 1);
    }

    #[test]
    fn embedded_data_builds() {
        let g = Gazetteer::build(
            EMBEDDED.iter().map(|(n, t)| (*n, t.as_bytes())),
            Options::default(),
            Lexicon::default(),
        )
        .unwrap();
        assert!(!g.entries().is_empty());
    }
}
