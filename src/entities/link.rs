//! In-document linking: later partial mentions join the cluster of the full
//! mention that introduced them.
//!
//! - An acronym in parentheses after a name (`Syrian Democratic Forces
//!   (SDF)`) is learned for the rest of the document.
//! - A person's surname (`Abdi`, `al-Bashir`, `Al-Bashir's`) found later, and
//!   any full name found again without the context that first revealed it,
//!   take the cluster's label and id.
//! - Names found only by rules get a document-local id (`local:mohammad-al-bashir`).

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;
use std::sync::Arc;

use super::{Mention, View};
use crate::document::{Label, Source, Span};
use crate::rules::Tokens;
use crate::text::Shape;

/// Words that never count as a surname on their own.
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "abu", "bint", "umm", "de", "van", "von",
];

/// Separates the folded tokens of a key.
const SEP: char = '\u{1}';

/// Folded token sequences (joined by [`SEP`]) -> the cluster they join and
/// the first token from which they may be used; and a bit set of the hashes
/// of the keys' first tokens, so that most tokens are rejected by one test
/// and no allocation.
#[derive(Default)]
struct Keys {
    map: FxHashMap<String, (Cluster, usize)>,
    firsts: [u64; 16],
}

impl Keys {
    /// The bit of a first token in `firsts`.
    fn first_bit(first: &str) -> (usize, u64) {
        let mut h = FxHasher::default();
        h.write(first.as_bytes());
        // The high bits of a product are the well mixed ones.
        let h = h.finish().wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h >> 60) as usize, 1 << (h >> 54 & 63))
    }

    fn note_first(&mut self, k: &str) {
        let (w, bit) = Keys::first_bit(k.split(SEP).next().unwrap_or(""));
        self.firsts[w] |= bit;
    }

    fn insert(&mut self, k: String, v: (Cluster, usize)) {
        self.note_first(&k);
        self.map.insert(k, v);
    }

    fn or_insert(&mut self, k: String, v: (Cluster, usize)) {
        self.note_first(&k);
        self.map.entry(k).or_insert(v);
    }

    fn get(&self, k: &str) -> Option<&(Cluster, usize)> {
        self.map.get(k)
    }

    /// Whether some key may start with this folded token (rarely yes
    /// when none does: the keys are then looked up in vain).
    fn starts_with(&self, first: &str) -> bool {
        let (w, bit) = Keys::first_bit(first);
        self.firsts[w] & bit != 0
    }
}

/// A cluster: the mention that introduced a name.
#[derive(Clone)]
struct Cluster {
    label: Label,
    entry: Option<u32>,
    local: Option<Arc<str>>,
}

/// Adds linked mentions for uncovered later partial mentions, assigns local
/// ids, and returns the merged mentions in text order.
pub(crate) fn link(view: &View<'_>, mut mentions: Vec<Mention>) -> Vec<Mention> {
    // Mentions come in text order: they are registered in it, and the
    // linked ones are merged into it.
    debug_assert!(mentions
        .windows(2)
        .all(|w| w[0].span.start <= w[1].span.start));
    let n = view.len();
    // Local ids for rule-found names, shared by identical names.
    for m in mentions.iter_mut() {
        if m.entry.is_none() && m.local.is_none() && m.label != Label::Date {
            m.local = Some(Arc::from(format!(
                "local:{}",
                slug(&view.text[m.span.range()])
            )));
        }
    }
    thread_local! {
        /// `covered` and `ends_at`, reused from document to document.
        static BUFFERS: std::cell::Cell<(Vec<bool>, Vec<Option<usize>>)> = Default::default();
    }
    let (mut covered, mut ends_at) = crate::reuse::take(&BUFFERS);
    covered.clear();
    covered.resize(n, false);
    // The mention ending at each token, for acronyms after a name (a scan of
    // all mentions per parenthesis would be quadratic).
    ends_at.clear();
    ends_at.resize(n + 1, None);
    for (k, m) in mentions.iter().enumerate() {
        if let Some(slot) = ends_at.get_mut(m.toks.1) {
            *slot = Some(k);
        }
    }
    for m in &mentions {
        for c in covered.iter_mut().take(m.toks.1).skip(m.toks.0) {
            *c = true;
        }
    }
    // Keys: folded token sequences -> (cluster, first token where usable).
    let mut keys = Keys::default();
    let folded_seq = |a: usize, b: usize| -> String {
        let mut k = String::new();
        for i in a..b {
            let f = view.folded(i);
            if !f.is_empty() {
                if !k.is_empty() {
                    k.push(SEP);
                }
                k.push_str(f);
            }
        }
        k
    };
    let mut added: Vec<Mention> = Vec::new();
    let mut next_mention = 0;
    let mut i = 0;
    while i < n {
        // Register every mention that starts before token i.
        while next_mention < mentions.len() && mentions[next_mention].toks.0 < i.max(1) {
            let m = &mentions[next_mention];
            register(view, m, &folded_seq, &mut keys);
            next_mention += 1;
        }
        // (A token that folds to nothing is skipped inside keys.)
        let skip = covered[i] || !is_name_start(view, i) || {
            let first = view.folded(i);
            !(first.is_empty() || keys.starts_with(first))
        };
        if skip {
            // An acronym in parentheses right after a mention.
            if i + 2 < n
                && view.shape(i) == Shape::Punct
                && view.original(i) == "("
                && view.original(i + 2) == ")"
                && view.shape(i + 1) == Shape::Upper
            {
                if let Some(prev) = ends_at[i]
                    .map(|k| &mentions[k])
                    .filter(|m| m.label != Label::Date)
                {
                    let acr = folded_seq(i + 1, i + 2);
                    let cl = Cluster {
                        label: prev.label,
                        entry: prev.entry,
                        local: prev.local.clone(),
                    };
                    if !covered[i + 1] && prev.toks.1 - prev.toks.0 >= 2 {
                        keys.insert(acr.clone(), (cl.clone(), i + 2));
                        added.push(linked(view, i + 1, i + 2, &cl));
                        covered[i + 1] = true;
                    } else if covered[i + 1] {
                        keys.or_insert(acr, (cl, i + 2));
                    }
                }
            }
            i += 1;
            continue;
        }
        // The longest known key starting here over uncovered tokens.
        let mut best: Option<(usize, Cluster)> = None;
        let mut j = i;
        let mut seq = String::new();
        while j < n && j < i + 8 && !covered[j] {
            let f = view.folded(j);
            if !f.is_empty() {
                if !seq.is_empty() {
                    seq.push(SEP);
                }
                seq.push_str(f);
            }
            j += 1;
            if let Some((cl, from)) = keys.get(seq.as_str()) {
                if *from <= i && is_name_end(view, j) {
                    best = Some((j, cl.clone()));
                }
            }
        }
        match best {
            Some((end, cl)) => {
                added.push(linked(view, i, end, &cl));
                for c in covered.iter_mut().take(end).skip(i) {
                    *c = true;
                }
                i = end;
            }
            None => i += 1,
        }
    }
    // A person found by a weak rule ("Al-Bashir said") that is a known
    // surname joins the earlier full mention.
    for m in mentions.iter_mut() {
        if m.source == Source::Rule && m.entry.is_none() {
            if let Some((cl, from)) = keys.get(&folded_seq(m.toks.0, m.toks.1)) {
                if *from <= m.toks.0
                    && cl.label == m.label
                    && (cl.entry.is_some() || cl.local != m.local)
                {
                    m.entry = cl.entry;
                    m.local = cl.local.clone();
                    m.source = Source::Linked;
                }
            }
        }
    }
    // Both are in text order (`added` grows with the token scanned): merge
    // them as a stable sort of the two would.
    crate::reuse::give_back(&BUFFERS, (covered, ends_at), n);
    merge_by_start(mentions, added)
}

/// `a` and `b`, each sorted by start, as one sorted list: at equal starts,
/// `a`'s first.
fn merge_by_start(a: Vec<Mention>, b: Vec<Mention>) -> Vec<Mention> {
    if b.is_empty() {
        return a;
    }
    let mut a = a;
    let mut out = super::spare_mentions();
    out.reserve(a.len() + b.len());
    let mut b = b.into_iter().peekable();
    for m in a.drain(..) {
        while let Some(x) = b.next_if(|x| x.span.start < m.span.start) {
            out.push(x);
        }
        out.push(m);
    }
    out.extend(b);
    super::keep_spare(a);
    out
}

fn linked(view: &View<'_>, a: usize, b: usize, cl: &Cluster) -> Mention {
    let toks = &view.an.tokens;
    Mention {
        span: Span::new(toks[a].start as usize, toks[b - 1].end as usize),
        toks: (a, b),
        label: cl.label,
        entry: cl.entry,
        others: Vec::new(),
        rule: None,
        priority: 0,
        source: Source::Linked,
        local: cl.local.clone(),
        value: None,
    }
}

/// Whether a later mention may start at token `i`: a capitalised word, or a
/// lower-case name particle followed by one (`al-Bashir`).
fn is_name_start(view: &View<'_>, i: usize) -> bool {
    match view.shape(i) {
        Shape::Capitalized | Shape::Upper | Shape::Caseless => true,
        Shape::Lower => {
            let f = view.folded(i);
            f.len() <= 4 && PARTICLES.contains(&f)
        }
        _ => false,
    }
}

fn is_name_end(view: &View<'_>, j: usize) -> bool {
    matches!(
        view.shape(j - 1),
        Shape::Capitalized | Shape::Upper | Shape::Caseless
    )
}

/// Registers the keys under which later mentions join this mention.
fn register(
    view: &View<'_>,
    m: &Mention,
    folded_seq: &dyn Fn(usize, usize) -> String,
    keys: &mut Keys,
) {
    if m.label == Label::Date {
        return;
    }
    let cl = Cluster {
        label: m.label,
        entry: m.entry,
        local: m.local.clone(),
    };
    let (a, b) = m.toks;
    let after = b;
    // The full name, for rule-found names seen again without their context.
    if m.source == Source::Rule {
        keys.or_insert(folded_seq(a, b), (cl.clone(), after));
    }
    if m.label != Label::Person {
        return;
    }
    // The surname: the last of two words or more, with a particle before
    // it (`al-Bashir`).
    let mut words = (a..b).filter(|&i| view.shape(i) != Shape::Punct);
    let (Some(_), Some(last)) = (words.next(), words.next_back()) else {
        return;
    };
    let sur = folded_seq(last, last + 1);
    if sur.chars().count() < 3 || PARTICLES.contains(&sur.as_str()) {
        return;
    }
    // Surnames already claimed by another person stay ambiguous.
    match keys.get(&sur) {
        Some((other, _)) if other.entry != cl.entry || other.local != cl.local => {
            keys.insert(
                sur.clone(),
                (
                    Cluster {
                        label: Label::Person,
                        entry: None,
                        local: None,
                    },
                    usize::MAX,
                ),
            );
        }
        Some(_) => {}
        None => {
            keys.insert(sur.clone(), (cl.clone(), after));
        }
    }
    // With its particle: `al-Bashir`, `al Bashir`.
    let mut p = last;
    while p > a && view.shape(p - 1) == Shape::Punct && view.folded(p - 1) == "-" {
        p -= 1;
    }
    if p > a && PARTICLES.contains(&view.folded(p - 1)) {
        keys.or_insert(folded_seq(p - 1, last + 1), (cl.clone(), after));
        let bare = format!("{}{SEP}{sur}", view.folded(p - 1));
        keys.or_insert(bare, (cl, after));
    }
}

/// A lower-case ASCII slug for a local id.
pub(crate) fn slug(s: &str) -> String {
    let folded = crate::text::fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}
