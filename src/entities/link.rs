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

/// A folded word of at most 4 bytes as one number: its bytes, and its
/// length above them (so that no two words share one).
const fn packed(w: &[u8]) -> u64 {
    let mut k = (w.len() as u64) << 32;
    let mut i = 0;
    while i < w.len() && i < 4 {
        k |= (w[i] as u64) << (8 * i);
        i += 1;
    }
    k
}

/// The [`PARTICLES`], each [`packed`].
const PACKED_PARTICLES: [u64; PARTICLES.len()] = {
    let mut out = [0; PARTICLES.len()];
    let mut i = 0;
    while i < PARTICLES.len() {
        out[i] = packed(PARTICLES[i].as_bytes());
        i += 1;
    }
    out
};

/// Whether folded token `i` is one of [`PARTICLES`], worked out without a
/// branch: its first four bytes, masked to its length, with the length,
/// against each particle.
fn is_particle_at(view: &View<'_>, i: usize) -> bool {
    let norm = view.an.norm.as_str().as_bytes();
    let (s, e) = view.an.folded[i];
    let (s, len) = (s as usize, e.wrapping_sub(s) as usize);
    let mut b = [0u8; 4];
    match norm.get(s..s + 4) {
        Some(four) => b.copy_from_slice(four),
        None => {
            let rest = norm.get(s..).unwrap_or_default();
            b[..rest.len().min(4)].copy_from_slice(&rest[..rest.len().min(4)]);
        }
    }
    let mask = u32::MAX
        .checked_shr(32 - 8 * len.min(4) as u32)
        .unwrap_or(0);
    let k = u64::from(u32::from_le_bytes(b) & mask) | (len as u64) << 32;
    PACKED_PARTICLES
        .iter()
        .fold(false, |any, &p| any | (p == k))
}

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

/// `covered` (per token), `ends_at` (per token) and `starts` (token
/// indexes), see [`link`].
type Buffers = (Vec<bool>, Vec<Option<usize>>, Vec<u32>);

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
        /// `covered`, `ends_at` and `starts`, reused from document to
        /// document.
        static BUFFERS: std::cell::Cell<Buffers> = Default::default();
    }
    let (mut covered, mut ends_at, mut starts) = crate::reuse::take(&BUFFERS);
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
    // The tokens where something may happen: an uncovered capitalised word
    // or particle (`al-Bashir`), or an opening parenthesis (see
    // `crate::select`). Every other token is passed over as the test below
    // would pass it over.
    let bytes = view.text.as_bytes();
    let tokens = &view.an.tokens;
    crate::select::indexes_where(&mut starts, n, |i| {
        let t = tokens[i];
        let name = matches!(t.shape, Shape::Capitalized | Shape::Upper | Shape::Caseless);
        let particle = (t.shape == Shape::Lower) & is_particle_at(view, i);
        let paren = (t.end - t.start == 1) & (bytes[t.start as usize] == b'(');
        !covered[i] & (name | particle) | paren
    });
    let mut added: Vec<Mention> = Vec::new();
    let mut next_mention = 0;
    let mut register_before = |i: usize, keys: &mut Keys| {
        while next_mention < mentions.len() && mentions[next_mention].toks.0 < i.max(1) {
            register(view, &mentions[next_mention], &folded_seq, keys);
            next_mention += 1;
        }
    };
    // The first token that no link made so far covers, and the token where
    // the last link up to the end of the text starts.
    let (mut next, mut last_start) = (0, None);
    for &i in &starts {
        let i = i as usize;
        if i < next {
            continue;
        }
        // Register every mention that starts before token i.
        register_before(i, &mut keys);
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
        if let Some((end, cl)) = best {
            added.push(linked(view, i, end, &cl));
            for c in covered.iter_mut().take(end).skip(i) {
                *c = true;
            }
            next = end;
            if end == n {
                last_start = Some(i);
            }
        }
    }
    // Registered as a scan of every token would have: up to the last token
    // it looks at (the start of a link that reaches the end of the text, or
    // the last token), for the test below.
    match last_start {
        Some(i) => register_before(i, &mut keys),
        None if n > 0 => register_before(n - 1, &mut keys),
        None => {}
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
    crate::reuse::give_back(&BUFFERS, (covered, ends_at, starts), n);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::{Gazetteer, Options};
    use crate::text::{Analysis, Lexicon};

    #[test]
    fn particles_found_without_branches_are_the_particles() {
        let gaz = Gazetteer::build(
            [(
                "t.tsv",
                &b"# source: test\n# licence: CC0-1.0\nid\tlabel\tname\taliases\tsubtype\tpopulation\n"[..],
            )],
            Options::default(),
            Lexicon::default(),
        )
        .unwrap();
        // Particles, their neighbours in length and bytes, a word that
        // folds to a particle (`Él`), and a particle as the last bytes of
        // the text (fewer than four bytes after its start).
        let text = "al el bin ibn abu bint umm de van von a l la alb binta the of \
                    Al BIN Él el-Sisi al\u{301} ibn";
        let an = Analysis::new(text);
        let view = View::new(text, &an, &gaz, &[]);
        let mut found = 0;
        for i in 0..an.tokens.len() {
            let folded = an.folded_token(i);
            assert_eq!(
                is_particle_at(&view, i),
                PARTICLES.contains(&folded),
                "{folded:?}"
            );
            found += usize::from(is_particle_at(&view, i));
        }
        assert!(found >= 14, "{found}");
    }
}
