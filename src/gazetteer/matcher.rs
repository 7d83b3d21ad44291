//! The name matcher: a trie of folded names over the words of the lexicon.
//!
//! Every key (a folded name) is tokenised like a document and stored as a
//! path of word ids, each step also recording whether the word is glued to
//! the one before it (`kirkuk-baniyas`) or follows a space (`new york`), so
//! a key matches exactly the token sequences whose folded text it is. A
//! document's tokens already carry their word ids (one lexicon lookup per
//! token, shared with the rules), so the scan costs one array load at a word
//! that starts no name, and one hash probe per further word of a name.
//! Matches start and end on token boundaries by construction.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};
use rustc_hash::FxHashMap;

use crate::text::{tokenize_into, Analysis, Lexicon};

/// No node, no key.
const NONE: u32 = u32::MAX;

/// A candidate entry for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Cand {
    /// Index of the entry in the gazetteer.
    pub entry: u32,
    /// The alias was written in capitals (`SDF`): match only capitals.
    pub upper_only: bool,
    /// Bit `i` set: word `i` of the name is capitalised in the alias and
    /// must be in the text (so `Lebanese Army` does not match `Lebanese
    /// army`).
    pub caps: u32,
}

/// The compiled trie and, per key, its candidates.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matcher {
    /// The keys' folded texts, one after another: key `k` ends at
    /// `key_ends[k]` and starts where key `k - 1` ends.
    key_text: String,
    key_ends: Vec<u32>,
    /// Word id -> the node reached by a key's first word ([`NONE`] when no
    /// key starts with it). Words past the end start no key; the last
    /// entry is always [`NONE`], for them.
    root: Vec<u32>,
    /// (node, word id, glued) -> the next node, see [`edge`].
    edges: FxHashMap<u64, u32>,
    /// Per node: the key that ends there, or [`NONE`].
    key_at: Vec<u32>,
    /// Per node: one bit ([`sig_bit`]) for each edge leaving it, so that
    /// most words that continue no key are rejected without a probe.
    sig: Vec<u64>,
    /// Per key, the first of its candidates in `cands`.
    starts: Vec<u32>,
    cands: Vec<Cand>,
}

/// The hash key of a trie edge.
fn edge(node: u32, word: u32, glued: bool) -> u64 {
    (u64::from(node) << 33) | (u64::from(word) << 1) | u64::from(glued)
}

/// The signature bit of an edge.
fn sig_bit(word: u32, glued: bool) -> u64 {
    let h = (u64::from(word) << 1 | u64::from(glued)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    1 << (h >> 58)
}

/// Whether token `j` touches the token before it in the folded text.
pub(crate) fn glued(an: &Analysis, j: usize) -> bool {
    j > 0 && an.folded[j - 1].1 == an.folded[j].0
}

/// Builds a [`Matcher`] from `(folded key, candidate)` pairs, added in
/// order. Keys are numbered in order of first appearance; a key that comes
/// again adds its candidate, or narrows the one of the same entry (capitals
/// needed only where every alias that folds to this key has them); keys
/// that tokenise alike (`a  b` and `a b`) are one key. Empty keys are never
/// matched.
#[derive(Default)]
pub(crate) struct MatcherBuilder {
    m: Matcher,
    /// (key, candidate) in the order given; grouped by key at the end.
    found: Vec<(u32, Cand)>,
    toks: Vec<crate::text::Token>,
}

impl MatcherBuilder {
    /// Adds one key, and its words to `lexicon`.
    pub fn add(&mut self, key: &str, cand: Cand, lexicon: &mut Lexicon) {
        let MatcherBuilder { m, found, toks } = self;
        tokenize_into(key, toks);
        let Some(first) = toks.first() else {
            return;
        };
        let w = lexicon.intern(first.text(key)) as usize;
        if m.root.len() <= w {
            m.root.resize(w + 1, NONE);
        }
        let mut node = match m.root[w] {
            NONE => {
                let n = m.new_node();
                m.root[w] = n;
                n
            }
            n => n,
        };
        for pair in toks.windows(2) {
            let w = lexicon.intern(pair[1].text(key));
            let glued = pair[0].end == pair[1].start;
            let e = edge(node, w, glued);
            node = match m.edges.get(&e) {
                Some(&n) => n,
                None => {
                    let n = m.new_node();
                    m.edges.insert(e, n);
                    m.sig[node as usize] |= sig_bit(w, glued);
                    n
                }
            };
        }
        let id = match m.key_at[node as usize] {
            NONE => {
                let id = m.key_ends.len() as u32;
                m.key_at[node as usize] = id;
                m.key_text.push_str(key);
                m.key_ends.push(m.key_text.len() as u32);
                id
            }
            id => id,
        };
        found.push((id, cand));
    }

    /// The matcher of the keys added.
    pub fn finish(self) -> Matcher {
        let MatcherBuilder { mut m, found, .. } = self;
        // Grouped by key, each key's candidates in the order given (a
        // counting sort: the ids are dense); a name listed twice for one
        // entry (as name and alias, or under two spellings that fold
        // alike) makes one candidate.
        let found = group_by_key(&found, m.key_ends.len());
        m.root.push(NONE);
        m.starts.reserve(m.key_ends.len() + 1);
        m.cands.reserve(found.len());
        for group in found.chunk_by(|a, b| a.0 == b.0) {
            let start = m.cands.len();
            m.starts.push(start as u32);
            for &(_, cand) in group {
                match m.cands[start..].iter_mut().find(|c| c.entry == cand.entry) {
                    Some(c) => {
                        c.upper_only &= cand.upper_only;
                        c.caps &= cand.caps;
                    }
                    None => m.cands.push(cand),
                }
            }
        }
        m.starts.push(m.cands.len() as u32);
        m
    }
}

/// `found` ordered by key (ids below `keys`), in the order given within
/// each key.
fn group_by_key(found: &[(u32, Cand)], keys: usize) -> Vec<(u32, Cand)> {
    // Where each key's group starts: counts, then their running sums.
    let mut at = vec![0usize; keys + 1];
    for &(id, _) in found {
        at[id as usize + 1] += 1;
    }
    for k in 1..at.len() {
        at[k] += at[k - 1];
    }
    let mut out = vec![(0, Cand::default()); found.len()];
    for &(id, cand) in found {
        out[at[id as usize]] = (id, cand);
        at[id as usize] += 1;
    }
    out
}

impl Matcher {
    /// Builds the trie from `(folded key, candidate)` pairs, adding the
    /// words of the keys to `lexicon` (see [`MatcherBuilder`]).
    #[cfg(test)]
    pub fn build<'k>(
        pairs: impl IntoIterator<Item = (&'k str, Cand)>,
        lexicon: &mut Lexicon,
    ) -> Matcher {
        let mut b = MatcherBuilder::default();
        for (key, cand) in pairs {
            b.add(key, cand, lexicon);
        }
        b.finish()
    }

    /// A new node, where no key ends yet.
    fn new_node(&mut self) -> u32 {
        self.key_at.push(NONE);
        self.sig.push(0);
        self.key_at.len() as u32 - 1
    }

    /// The node reached from `node` by word `w` (glued to the word before
    /// it or not), or [`NONE`].
    #[inline]
    fn step(&self, node: u32, w: u32, glued: bool) -> u32 {
        if self
            .sig
            .get(node as usize)
            .is_none_or(|s| s & sig_bit(w, glued) == 0)
        {
            return NONE;
        }
        self.edges
            .get(&edge(node, w, glued))
            .copied()
            .unwrap_or(NONE)
    }

    /// The number of distinct folded keys.
    pub fn pattern_count(&self) -> usize {
        self.key_ends.len()
    }

    /// The folded text of key `k`.
    fn key(&self, k: usize) -> &str {
        let start = k.checked_sub(1).map_or(0, |p| self.key_ends[p] as usize);
        &self.key_text[start..self.key_ends[k] as usize]
    }

    /// The candidates of a pattern.
    pub fn cands(&self, pattern: u32) -> &[Cand] {
        let p = pattern as usize;
        &self.cands[self.starts[p] as usize..self.starts[p + 1] as usize]
    }

    /// Whether some key starts with word `w`.
    #[inline]
    pub fn starts_key(&self, w: u32) -> bool {
        // Clamped (see `crate::select`): whether a word is known varies
        // from token to token.
        crate::select::clamped(&self.root, w as usize, NONE) != NONE
    }

    /// Every key that starts at token `i` and ends by token `limit`, as
    /// (end token, pattern), shortest first, into `out` (cleared first).
    /// `words` are the tokens' word ids.
    pub fn keys_at(
        &self,
        an: &Analysis,
        words: &[u32],
        i: usize,
        limit: usize,
        out: &mut Vec<(usize, u32)>,
    ) {
        out.clear();
        let Some(&first) = words.get(i).and_then(|&w| self.root.get(w as usize)) else {
            return;
        };
        let mut node = first;
        let mut j = i + 1;
        while node != NONE {
            if let Some(&k) = self.key_at.get(node as usize).filter(|&&k| k != NONE) {
                out.push((j, k));
            }
            if j >= limit {
                break;
            }
            node = self.step(node, words[j], glued(an, j));
            j += 1;
        }
    }

    /// The key that is exactly tokens `[a, b)`, if any.
    pub fn find_exact(&self, an: &Analysis, words: &[u32], a: usize, b: usize) -> Option<u32> {
        let mut node = *words.get(a).and_then(|&w| self.root.get(w as usize))?;
        for j in a + 1..b {
            node = self.step(node, *words.get(j)?, glued(an, j));
            if node == NONE {
                return None;
            }
        }
        self.key_at
            .get(node as usize)
            .copied()
            .filter(|&k| k != NONE)
    }

    /// An aho-corasick automaton of every key (leftmost-longest), built on
    /// demand: the floor that benchmarks compare the whole pipeline with.
    /// It takes about as long to build as the rest of the extractor.
    pub fn automaton(&self) -> Result<AhoCorasick, aho_corasick::BuildError> {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build((0..self.pattern_count()).map(|k| self.key(k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const KEYS: [&str; 9] = [
        "u.s.",
        "u.s",
        "al",
        "al-sudani",
        "new york",
        "york",
        "بغداد",
        "é",
        "a b c",
    ];

    fn matcher(lexicon: &mut Lexicon) -> Matcher {
        let cand = |i: usize| Cand {
            entry: i as u32,
            upper_only: false,
            caps: 0,
        };
        let keys = KEYS.iter().enumerate().map(|(i, k)| (*k, cand(i)));
        Matcher::build(keys.chain([("", cand(0))]), lexicon)
    }

    /// Every key match of a left-to-right scan (longest at each token,
    /// continuing after it), as (folded start, end, key).
    fn scan(text: &str) -> Vec<(usize, usize, String)> {
        let mut lexicon = Lexicon::default();
        let m = matcher(&mut lexicon);
        let an = Analysis::new(text);
        let mut words = Vec::new();
        lexicon.ids_into(&an, &mut words);
        let mut out = Vec::new();
        let mut found = Vec::new();
        let mut i = 0;
        while i < an.tokens.len() {
            m.keys_at(&an, &words, i, an.tokens.len(), &mut found);
            match found.last() {
                Some(&(end, k)) => {
                    let (s, e) = (an.folded[i].0 as usize, an.folded[end - 1].1 as usize);
                    out.push((s, e, m.key(k as usize).to_string()));
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The same by brute force over the folded text: at each token start
    /// (after the previous match), the longest key that ends where a token
    /// ends.
    fn reference(text: &str) -> Vec<(usize, usize, String)> {
        let an = Analysis::new(text);
        let hay = an.norm.as_str();
        let ends: Vec<usize> = an.folded.iter().map(|f| f.1 as usize).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < an.tokens.len() {
            let s = an.folded[i].0 as usize;
            let best = KEYS
                .iter()
                .filter(|k| hay[s..].starts_with(**k) && ends.contains(&(s + k.len())))
                .max_by_key(|k| k.len());
            match best {
                Some(k) => {
                    out.push((s, s + k.len(), k.to_string()));
                    i = ends.iter().position(|&e| e == s + k.len()).unwrap_or(i) + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn matches_start_and_end_on_token_boundaries() {
        let found = |t: &str| -> Vec<String> { scan(t).into_iter().map(|x| x.2).collect() };
        assert_eq!(found("U.S. envoys"), ["u.s."]);
        assert_eq!(found("U.S-made, U.Sx"), ["u.s"]);
        assert_eq!(found("Al-Sudani met al-Sudanis"), ["al-sudani", "al"]);
        assert_eq!(found("New York, Yorkshire, york"), ["new york", "york"]);
        assert_eq!(found("New  York and New\nYork"), ["new york", "new york"]);
        assert_eq!(found("New-York"), ["york"]);
        assert_eq!(found("في بغداد وبغداد"), ["بغداد"]);
        assert_eq!(found("a b d"), Vec::<String>::new());
        assert_eq!(found(""), Vec::<String>::new());
    }

    #[test]
    fn exact_lookups() {
        let mut lexicon = Lexicon::default();
        let m = matcher(&mut lexicon);
        let an = Analysis::new("al-Sudani x");
        let mut words = Vec::new();
        lexicon.ids_into(&an, &mut words);
        assert_eq!(m.find_exact(&an, &words, 0, 3), Some(3));
        assert_eq!(m.find_exact(&an, &words, 0, 1), Some(2));
        assert_eq!(m.find_exact(&an, &words, 0, 2), None);
        assert_eq!(m.find_exact(&an, &words, 0, 99), None);
    }

    proptest! {
        #[test]
        fn scan_agrees_with_brute_force(text in "[aAlsuy.é -]{0,12}( (york|new york|al-sudani|u\\.s\\.?|a b c|بغداد)[ .a]{0,3}){0,4}") {
            prop_assert_eq!(scan(&text), reference(&text));
        }

        /// Candidates grouped by key keep their order within each key, as
        /// a stable sort by key does.
        #[test]
        fn grouping_is_a_stable_sort_by_key(ids in prop::collection::vec(0u32..12, 0..60)) {
            let found: Vec<(u32, Cand)> = ids
                .iter()
                .enumerate()
                .map(|(i, &id)| (id, Cand { entry: i as u32, upper_only: i % 3 == 0, caps: id }))
                .collect();
            let mut want = found.clone();
            want.sort_by_key(|&(id, _)| id);
            prop_assert_eq!(group_by_key(&found, 12), want);
        }
    }
}
