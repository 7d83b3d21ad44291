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
pub(crate) const LINK_PARTICLES: &[&str] = &[
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

/// A perfect hash of the [`LINK_PARTICLES`]: a multiplier that sends each
/// [`packed`] particle to a slot of its own among 32 (the top five bits of
/// the product), found while compiling, and the particles by slot (the
/// other slots hold `u64::MAX`, which packs no word).
const PARTICLE_SLOTS: (u64, [u64; 32]) = {
    let mut m: u64 = 0x9E37_79B9_7F4A_7C15;
    loop {
        let mut slots = [u64::MAX; 32];
        let mut distinct = true;
        let mut i = 0;
        while i < LINK_PARTICLES.len() {
            let k = packed(LINK_PARTICLES[i].as_bytes());
            let s = (k.wrapping_mul(m) >> 59) as usize;
            distinct &= slots[s] == u64::MAX;
            slots[s] = k;
            i += 1;
        }
        if distinct {
            break (m, slots);
        }
        // The next odd multiplier, by a linear congruential step (nearby
        // multipliers send the particles to nearby slots).
        m = m
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407)
            | 1;
    }
};

/// Whether folded token `i` is one of [`LINK_PARTICLES`], worked out without a
/// branch: its first four bytes, masked to its length, with the length,
/// against the one particle of its slot in [`PARTICLE_SLOTS`] (a test
/// against each particle took 36 instructions a token).
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
    let (m, slots) = &PARTICLE_SLOTS;
    slots[(k.wrapping_mul(*m) >> 59) as usize] == k
}

/// Separates the folded tokens of a key.
const SEP: char = '\u{1}';

/// Folded token sequences (joined by [`SEP`]) -> the cluster they join and
/// the first token from which they may be used; and a bit set of the hashes
/// of the keys' first tokens, so that most tokens are rejected by one test.
///
/// A key is built in [`Keys::key`] and then looked up or stored. The
/// stored keys' text is one string, and the table maps a key's hash to its
/// entries: a thread keeps all of it from one document to the next, so
/// linking allocates nothing once the buffers have grown (it made about
/// twelve allocations per article of the benchmark corpus, a fifth of the
/// pipeline's).
#[derive(Default)]
struct Keys {
    /// The key being built.
    key: String,
    /// The stored keys, one after another.
    text: String,
    /// Hash of a key -> the latest entry with that hash.
    table: FxHashMap<u64, u32>,
    entries: Vec<KeyEntry>,
    firsts: [u64; 16],
}

/// A stored key: its text, its value, and the previous entry whose key has
/// the same hash.
struct KeyEntry {
    text: (u32, u32),
    value: (Cluster, usize),
    same_hash: u32,
}

/// No entry.
const NO_ENTRY: u32 = u32::MAX;

impl Keys {
    /// Forgets every key, keeping the buffers.
    fn clear(&mut self) {
        self.key.clear();
        self.text.clear();
        self.table.clear();
        self.entries.clear();
        self.firsts = [0; 16];
    }

    fn hash(k: &str) -> u64 {
        let mut h = FxHasher::default();
        h.write(k.as_bytes());
        h.finish()
    }

    /// The bit of a first token in `firsts`.
    fn first_bit(first: &str) -> (usize, u64) {
        // The high bits of a product are the well mixed ones.
        let h = Keys::hash(first).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        ((h >> 60) as usize, 1 << (h >> 54 & 63))
    }

    /// Starts the key over with the folded tokens `a..b` (see
    /// [`Keys::push`]).
    fn set_key(&mut self, view: &View<'_>, a: usize, b: usize) -> &str {
        self.key.clear();
        for i in a..b {
            self.push(view.folded(i));
        }
        &self.key
    }

    /// Adds a folded token to the key; one that folds to nothing is
    /// skipped.
    fn push(&mut self, f: &str) {
        if !f.is_empty() {
            if !self.key.is_empty() {
                self.key.push(SEP);
            }
            self.key.push_str(f);
        }
    }

    /// The key's hash, and its entry if stored.
    fn find(&self) -> (u64, Option<usize>) {
        let hash = Keys::hash(&self.key);
        let mut e = self.table.get(&hash).copied().unwrap_or(NO_ENTRY);
        while e != NO_ENTRY {
            let entry = &self.entries[e as usize];
            let (a, b) = entry.text;
            if self.text[a as usize..b as usize] == self.key {
                return (hash, Some(e as usize));
            }
            e = entry.same_hash;
        }
        (hash, None)
    }

    /// The value stored under the key.
    fn get(&self) -> Option<&(Cluster, usize)> {
        self.find().1.map(|e| &self.entries[e].value)
    }

    /// Stores a value under the key, replacing one stored before.
    fn insert(&mut self, v: (Cluster, usize)) {
        match self.find() {
            (_, Some(e)) => self.entries[e].value = v,
            (hash, None) => self.add(hash, v),
        }
    }

    /// Stores a value under the key unless one is stored.
    fn or_insert(&mut self, v: (Cluster, usize)) {
        if let (hash, None) = self.find() {
            self.add(hash, v);
        }
    }

    /// Stores the key, of hash `hash`, which is not stored yet.
    fn add(&mut self, hash: u64, value: (Cluster, usize)) {
        let (w, bit) = Keys::first_bit(self.key.split(SEP).next().unwrap_or(""));
        self.firsts[w] |= bit;
        let start = self.text.len() as u32;
        self.text.push_str(&self.key);
        let n = self.entries.len() as u32;
        let same_hash = self.table.insert(hash, n);
        self.entries.push(KeyEntry {
            text: (start, self.text.len() as u32),
            value,
            same_hash: same_hash.unwrap_or(NO_ENTRY),
        });
    }

    /// Whether some key may start with this folded token (rarely yes
    /// when none does: the keys are then looked up in vain).
    fn starts_with(&self, first: &str) -> bool {
        let (w, bit) = Keys::first_bit(first);
        self.firsts[w] & bit != 0
    }
}

/// `covered` (per token), `ends_at` (per token), `starts` (token
/// indexes) and the keys, see [`link`].
type Buffers = (Vec<bool>, Vec<Option<usize>>, Vec<u32>, Keys);

/// A cluster: the mention that introduced a name.
#[derive(Clone)]
struct Cluster {
    label: Label,
    entry: Option<u32>,
    local: Option<Arc<str>>,
}

/// Adds linked mentions for uncovered later partial mentions, assigns local
/// ids, and returns the merged mentions in text order.
pub(crate) fn link(
    view: &View<'_>,
    classes: &[crate::gazetteer::class::Bits],
    mut mentions: Vec<Mention>,
) -> Vec<Mention> {
    // Mentions come in text order: they are registered in it, and the
    // linked ones are merged into it.
    debug_assert!(mentions
        .windows(2)
        .all(|w| w[0].span.start <= w[1].span.start));
    let n = view.len();
    // Local ids for rule-found names, shared by identical names.
    for m in mentions.iter_mut() {
        if m.entry.is_none() && m.local.is_none() && m.label != Label::Date {
            m.local = Some(local_id(&view.text[m.span.range()]));
        }
    }
    thread_local! {
        /// `covered`, `ends_at`, `starts` and the keys, reused from
        /// document to document.
        static BUFFERS: std::cell::Cell<Buffers> = Default::default();
    }
    let (mut covered, mut ends_at, mut starts, mut keys) = crate::reuse::take(&BUFFERS);
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
    keys.clear();
    // The tokens where something may happen: an uncovered capitalised word
    // or particle (`al-Bashir`), or an opening parenthesis (see
    // `crate::select`). Every other token is passed over as the test below
    // would pass it over.
    // A token that folds to `(` is a candidate even where the text has
    // another character folded to it: the test below reads the original.
    use crate::gazetteer::class;
    debug_assert_eq!(classes.len(), n);
    crate::select::indexes_where(&mut starts, n.min(classes.len()), |i| {
        let c = classes[i];
        !covered[i] & (c & (class::CAP_UP | class::CASELESS | class::LINK_PARTICLE) != 0)
            | (c & class::PAREN != 0)
    });
    let mut added: Vec<Mention> = Vec::new();
    let mut next_mention = 0;
    let mut register_before = |i: usize, keys: &mut Keys| {
        while next_mention < mentions.len() && mentions[next_mention].toks.0 < i.max(1) {
            register(view, &mentions[next_mention], keys);
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
                    keys.set_key(view, i + 1, i + 2);
                    let cl = Cluster {
                        label: prev.label,
                        entry: prev.entry,
                        local: prev.local.clone(),
                    };
                    if !covered[i + 1] && prev.toks.1 - prev.toks.0 >= 2 {
                        keys.insert((cl.clone(), i + 2));
                        added.push(linked(view, i + 1, i + 2, &cl));
                        covered[i + 1] = true;
                    } else if covered[i + 1] {
                        keys.or_insert((cl, i + 2));
                    }
                }
            }
            continue;
        }
        // The longest known key starting here over uncovered tokens.
        let mut best: Option<(usize, Cluster)> = None;
        let mut j = i;
        keys.key.clear();
        while j < n && j < i + 8 && !covered[j] {
            keys.push(view.folded(j));
            j += 1;
            if let Some((cl, from)) = keys.get() {
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
            keys.set_key(view, m.toks.0, m.toks.1);
            if let Some((cl, from)) = keys.get() {
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
    crate::reuse::give_back(&BUFFERS, (covered, ends_at, starts, keys), n);
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
        Shape::Lower => is_particle_at(view, i),
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
fn register(view: &View<'_>, m: &Mention, keys: &mut Keys) {
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
        keys.set_key(view, a, b);
        keys.or_insert((cl.clone(), after));
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
    let sur = keys.set_key(view, last, last + 1);
    if sur.chars().count() < 3 || is_particle_at(view, last) {
        return;
    }
    // Surnames already claimed by another person stay ambiguous.
    match keys.get() {
        Some((other, _)) if other.entry != cl.entry || other.local != cl.local => {
            keys.insert((
                Cluster {
                    label: Label::Person,
                    entry: None,
                    local: None,
                },
                usize::MAX,
            ));
        }
        Some(_) => {}
        None => keys.insert((cl.clone(), after)),
    }
    // With its particle: `al-Bashir`, `al Bashir`.
    let mut p = last;
    while p > a && view.shape(p - 1) == Shape::Punct && view.folded(p - 1) == "-" {
        p -= 1;
    }
    if p > a && is_particle_at(view, p - 1) {
        keys.set_key(view, p - 1, last + 1);
        keys.or_insert((cl.clone(), after));
        keys.set_key(view, p - 1, p);
        keys.push(view.folded(last));
        keys.or_insert((cl, after));
    }
}

/// A lower-case ASCII slug for a local id.
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::new();
    slug_into(&crate::text::fold(s), &mut out);
    out
}

/// The local id of a name no gazetteer lists: `local:` and its [`slug`],
/// made in buffers reused from name to name (one allocation, the id's).
fn local_id(name: &str) -> Arc<str> {
    thread_local! {
        static BUFFERS: std::cell::RefCell<(crate::text::Normalized, String)> =
            Default::default();
    }
    let made = BUFFERS.try_with(|b| {
        let mut b = b.try_borrow_mut().ok()?;
        let (norm, id) = &mut *b;
        norm.fold_into(name);
        id.clear();
        id.push_str("local:");
        slug_into(norm.as_str(), id);
        Some(Arc::from(id.as_str()))
    });
    made.ok()
        .flatten()
        .unwrap_or_else(|| Arc::from(format!("local:{}", slug(name))))
}

/// Appends the slug of folded text to `out`: its letters and digits, one
/// `-` for each run of anything else between them.
fn slug_into(folded: &str, out: &mut String) {
    let start = out.len();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && out.len() > start {
            out.push('-');
        }
    }
    while out.len() > start && out.ends_with('-') {
        out.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_ids_are_the_prefixed_slugs() {
        let names = [
            "Karwan Dizayee",
            "  Abu Ali al-Basri ",
            "Şêx Maqsûd",
            "--",
            "",
            "O'Brien & Sons, Ltd.",
            "عبد الله",
            "Karwan Dizayee",
        ];
        for name in names {
            // Buffers reused from name to name leave nothing behind.
            assert_eq!(
                &*local_id(name),
                format!("local:{}", slug(name)),
                "{name:?}"
            );
        }
        assert_eq!(slug("  Abu Ali al-Basri "), "abu-ali-al-basri");
        assert_eq!(slug("--"), "");
    }
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
                LINK_PARTICLES.contains(&folded),
                "{folded:?}"
            );
            found += usize::from(is_particle_at(&view, i));
        }
        assert!(found >= 14, "{found}");
    }

    fn value(k: u32) -> (Cluster, usize) {
        let cl = Cluster {
            label: Label::Person,
            entry: Some(k),
            local: None,
        };
        (cl, k as usize)
    }

    fn stored(keys: &mut Keys, k: &str) -> Option<u32> {
        keys.key.clear();
        keys.key.push_str(k);
        keys.get().map(|(cl, _)| cl.entry.unwrap())
    }

    #[test]
    fn keys_of_one_hash_are_told_apart_by_their_text() {
        let mut keys = Keys::default();
        for (k, v) in [("abdi", 1), ("mazloum", 2)] {
            keys.key.clear();
            keys.push(k);
            keys.insert(value(v));
        }
        // Chain `abdi` behind `mazloum`, as if their hashes were equal.
        let (a, b) = (Keys::hash("abdi"), Keys::hash("mazloum"));
        let ia = keys.table[&a];
        keys.table.insert(a, keys.table[&b]);
        keys.entries[keys.table[&b] as usize].same_hash = ia;
        assert_eq!(stored(&mut keys, "abdi"), Some(1));
        assert_eq!(stored(&mut keys, "mazloum"), Some(2));
        assert_eq!(stored(&mut keys, "abd"), None);
        keys.clear();
        assert_eq!(stored(&mut keys, "abdi"), None);
    }

    proptest::proptest! {
        /// Keys behave as a map from strings: `insert` replaces,
        /// `or_insert` keeps the first value, and `clear` forgets.
        #[test]
        fn keys_behave_as_a_map(
            ops in proptest::collection::vec((0u8..3, "[ab]{0,3}( [ab]{1,2})?", 0u32..50), 0..60),
        ) {
            let mut keys = Keys::default();
            let mut model = std::collections::HashMap::new();
            for (op, k, v) in ops {
                keys.key.clear();
                for part in k.split(' ') {
                    keys.push(part);
                }
                let key = keys.key.clone();
                match op {
                    0 => {
                        keys.insert(value(v));
                        model.insert(key.clone(), v);
                    }
                    1 => {
                        keys.or_insert(value(v));
                        model.entry(key.clone()).or_insert(v);
                    }
                    _ => {}
                }
                proptest::prop_assert_eq!(stored(&mut keys, &key), model.get(&key).copied());
                if v == 0 {
                    keys.clear();
                    model.clear();
                }
            }
        }
    }
}
