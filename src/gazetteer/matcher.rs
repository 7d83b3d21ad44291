//! The name matcher: every folded name, and every prefix of one that ends
//! on a token boundary, in one hash table; a scan that looks names up
//! segment by segment, so a match always starts and ends on token
//! boundaries.
//!
//! A *segment* of the folded text is a run of letters and digits or one
//! other character; token boundaries are exactly the segment edges. At each
//! segment that can start a name, the scan looks up the text up to the end
//! of that segment, then of the next, and so on while the text read so far
//! is a prefix of some name, and keeps the longest full name. Most segments
//! cost one failed lookup. Compared with one aho-corasick automaton over all
//! 60,000 default keys (the floor the benchmarks measure against), building
//! the table is about ten times faster and the scan, boundary checks
//! included, faster than the bare automaton pass.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind, StartKind};
use rustc_hash::FxHashMap;

use crate::text::{Normalized, ASCII_CLASS};

/// The value of a table entry that is only a prefix of longer names.
const PREFIX: u32 = u32::MAX;

/// A candidate entry for one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// A match of a key on token boundaries, before candidates are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Original byte span.
    pub start: usize,
    /// Original byte span end.
    pub end: usize,
    /// The key that matched.
    pub pattern: u32,
}

/// The compiled table and, per key, its candidates.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    /// Key or boundary prefix of a key -> key index, or [`PREFIX`].
    table: FxHashMap<Box<str>, u32>,
    /// Whether some key starts with this byte.
    first: Box<[bool; 256]>,
    /// Per key, the first of its candidates in `cands`.
    starts: Vec<u32>,
    cands: Vec<Cand>,
}

impl Matcher {
    /// Builds the table from `(folded key, candidate)` pairs. Keys are
    /// numbered in order of first appearance; a key that comes again adds
    /// its candidate, or narrows the one of the same entry (capitals needed
    /// only where every alias that folds to this key has them). Empty keys
    /// are never matched.
    pub fn build(pairs: impl IntoIterator<Item = (String, Cand)>) -> Matcher {
        let mut table: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut per_key: Vec<Vec<Cand>> = Vec::new();
        let mut first = Box::new([false; 256]);
        for (key, cand) in pairs {
            let Some(&b) = key.as_bytes().first() else {
                continue;
            };
            let id = match table.get_mut(key.as_str()) {
                Some(p) if *p != PREFIX => *p,
                slot => {
                    let id = per_key.len() as u32;
                    per_key.push(Vec::new());
                    match slot {
                        Some(p) => *p = id,
                        None => {
                            first[b as usize] = true;
                            let mut e = segment_end(&key, 0);
                            while e < key.len() {
                                table.entry(key[..e].into()).or_insert(PREFIX);
                                e = segment_end(&key, e);
                            }
                            table.insert(key.into_boxed_str(), id);
                        }
                    }
                    id
                }
            };
            let cands = &mut per_key[id as usize];
            match cands.iter_mut().find(|c| c.entry == cand.entry) {
                Some(c) => {
                    c.upper_only &= cand.upper_only;
                    c.caps &= cand.caps;
                }
                None => cands.push(cand),
            }
        }
        let mut starts = Vec::with_capacity(per_key.len() + 1);
        let mut cands = Vec::new();
        for c in per_key {
            starts.push(cands.len() as u32);
            cands.extend(c);
        }
        starts.push(cands.len() as u32);
        Matcher {
            table,
            first,
            starts,
            cands,
        }
    }

    /// The number of distinct folded keys.
    pub fn pattern_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The candidates of a pattern.
    pub fn cands(&self, pattern: u32) -> &[Cand] {
        let p = pattern as usize;
        &self.cands[self.starts[p] as usize..self.starts[p + 1] as usize]
    }

    /// The longest key that starts at folded `s` (a segment start) and ends
    /// on a segment edge at or before `limit`: its end and pattern. `first`
    /// is the end of the segment at `s`.
    fn longest_from(
        &self,
        hay: &str,
        s: usize,
        first: usize,
        limit: usize,
    ) -> Option<(usize, u32)> {
        let mut best = None;
        let mut e = first;
        while e <= limit {
            match self.table.get(&hay[s..e]) {
                None => break,
                Some(&PREFIX) => {}
                Some(&p) => best = Some((e, p)),
            }
            if e >= limit {
                break;
            }
            e = segment_end(hay, e);
        }
        best
    }

    /// [`Matcher::longest_from`] for a segment start `s`.
    fn longest(&self, hay: &str, s: usize, limit: usize) -> Option<(usize, u32)> {
        if !self.first[hay.as_bytes()[s] as usize] {
            return None;
        }
        self.longest_from(hay, s, segment_end(hay, s), limit)
    }

    /// The longest key starting at folded `s` that ends on a token boundary
    /// strictly before `e`: its end and pattern.
    pub fn shorter(&self, hay: &str, s: usize, e: usize) -> Option<(usize, u32)> {
        if e <= s + 1 || s >= hay.len() {
            return None;
        }
        self.longest(hay, s, e - 1)
    }

    /// The key that is exactly folded `[s, e)`, if any.
    pub fn find_exact(&self, hay: &str, s: usize, e: usize) -> Option<u32> {
        let key = hay.get(s..e)?;
        match self.table.get(key) {
            None | Some(&PREFIX) => None,
            Some(&p) => Some(p),
        }
    }

    /// An aho-corasick automaton of every key (leftmost-longest), built on
    /// demand: the floor that benchmarks compare the whole pipeline with.
    /// It takes about as long to build as the rest of the extractor.
    pub fn automaton(&self) -> Result<AhoCorasick, aho_corasick::BuildError> {
        let mut keys: Vec<(&str, u32)> = self
            .table
            .iter()
            .filter(|(_, &p)| p != PREFIX)
            .map(|(k, &p)| (&**k, p))
            .collect();
        keys.sort_unstable_by_key(|k| k.1);
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(keys.iter().map(|k| k.0))
    }

    /// The next key at or after folded offset `pos` that starts and ends on
    /// token boundaries (longest at its start), with its folded span.
    pub fn next_hit(&self, norm: &Normalized, pos: usize) -> Option<(Hit, usize, usize)> {
        let hay = norm.as_str();
        let bytes = hay.as_bytes();
        let mut s = next_word_start(hay, pos);
        while s < bytes.len() {
            let b = bytes[s];
            if b == b' ' {
                s += 1;
                continue;
            }
            let e = segment_end(hay, s);
            if self.first[b as usize] {
                if let Some((end, pattern)) = self.longest_from(hay, s, e, bytes.len()) {
                    let (os, oe) = norm.to_orig(s, end);
                    return Some((
                        Hit {
                            start: os,
                            end: oe,
                            pattern,
                        },
                        s,
                        end,
                    ));
                }
            }
            s = e;
        }
        None
    }
}

/// The end of the segment that starts at `i` (a segment edge before the end
/// of `hay`): the end of a run of letters and digits, or of one other
/// character.
fn segment_end(hay: &str, i: usize) -> usize {
    let bytes = hay.as_bytes();
    let mut j = i;
    // ASCII letters and digits, the common case, a byte at a time.
    while j < bytes.len() && ASCII_CLASS[bytes[j] as usize] != 0 {
        j += 1;
    }
    let mut word = j > i;
    while j < bytes.len() {
        let b = bytes[j];
        let (w, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            // `j` is a char boundary: it starts at a segment edge and
            // advances by whole characters.
            match hay[j..].chars().next() {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => break,
            }
        };
        if !w {
            return if word { j } else { j + len };
        }
        word = true;
        j += len;
    }
    j
}

/// Whether the character that starts at or contains byte `i` is a letter or
/// digit.
fn is_word_at(hay: &str, i: usize) -> bool {
    let bytes = hay.as_bytes();
    match bytes.get(i) {
        None => false,
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => {
            let mut s = i;
            while s > 0 && !hay.is_char_boundary(s) {
                s -= 1;
            }
            // `s` was moved back to the start of the character.
            hay[s..].chars().next().is_some_and(char::is_alphanumeric)
        }
    }
}

/// Whether the character that ends just before byte `i` is a letter or digit.
fn is_word_before(hay: &str, i: usize) -> bool {
    if i == 0 {
        return false;
    }
    let b = hay.as_bytes()[i - 1];
    if b < 0x80 {
        return b.is_ascii_alphanumeric();
    }
    // Only called by `boundary`, after it checked that `i` is a char
    // boundary (and 0 < i < len).
    hay[..i]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Whether offset `i` of the folded text is a token boundary: a character
/// boundary not between two word characters.
pub(crate) fn boundary(hay: &str, i: usize) -> bool {
    if i == 0 || i >= hay.len() {
        return true;
    }
    if !hay.is_char_boundary(i) {
        return false;
    }
    !(is_word_before(hay, i) && is_word_at(hay, i))
}

/// The next offset at or after `i` where a token can start.
pub(crate) fn next_word_start(hay: &str, mut i: usize) -> usize {
    let bytes = hay.as_bytes();
    while i < bytes.len() && !(boundary(hay, i) && bytes[i] != b' ') {
        i += 1;
    }
    i
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

    fn matcher() -> Matcher {
        let cand = |i: usize| Cand {
            entry: i as u32,
            upper_only: false,
            caps: 0,
        };
        let keys = KEYS
            .iter()
            .enumerate()
            .map(|(i, k)| (k.to_string(), cand(i)));
        Matcher::build(keys.chain([(String::new(), cand(0))]))
    }

    /// Every key match the scan reports, as (folded start, end, key).
    fn scan(m: &Matcher, text: &str) -> Vec<(usize, usize, String)> {
        let norm = Normalized::new(text);
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some((h, s, e)) = m.next_hit(&norm, pos) {
            out.push((s, e, KEYS[h.pattern as usize].to_string()));
            pos = e;
        }
        out
    }

    /// The same by brute force: at each boundary (left to right, after the
    /// previous match), the longest key that ends on a boundary.
    fn reference(text: &str) -> Vec<(usize, usize, String)> {
        let hay = Normalized::new(text).as_str().to_string();
        let mut out = Vec::new();
        let mut s = 0;
        while s < hay.len() {
            if !hay.is_char_boundary(s) || !boundary(&hay, s) || hay.as_bytes()[s] == b' ' {
                s += 1;
                continue;
            }
            let best = KEYS
                .iter()
                .filter(|k| hay[s..].starts_with(**k) && boundary(&hay, s + k.len()))
                .max_by_key(|k| k.len());
            match best {
                Some(k) => {
                    out.push((s, s + k.len(), k.to_string()));
                    s += k.len();
                }
                None => s += 1,
            }
        }
        out
    }

    #[test]
    fn matches_start_and_end_on_token_boundaries() {
        let m = matcher();
        let found = |t: &str| -> Vec<String> { scan(&m, t).into_iter().map(|x| x.2).collect() };
        assert_eq!(found("U.S. envoys"), ["u.s."]);
        assert_eq!(found("U.S-made, U.Sx"), ["u.s"]);
        assert_eq!(found("Al-Sudani met al-Sudanis"), ["al-sudani", "al"]);
        assert_eq!(found("New York, Yorkshire, york"), ["new york", "york"]);
        assert_eq!(found("في بغداد وبغداد"), ["بغداد"]);
        assert_eq!(found("a b d"), Vec::<String>::new());
        assert_eq!(found(""), Vec::<String>::new());
    }

    #[test]
    fn shorter_and_exact_lookups() {
        let m = matcher();
        let hay = "al-sudani x";
        assert_eq!(m.shorter(hay, 0, 9), Some((2, 2)));
        assert_eq!(m.shorter(hay, 0, 2), None);
        assert_eq!(m.find_exact(hay, 0, 9), Some(3));
        assert_eq!(m.find_exact(hay, 0, 3), None);
        assert_eq!(m.find_exact(hay, 0, 99), None);
    }

    proptest! {
        #[test]
        fn scan_agrees_with_brute_force(text in "[aAlsuy.é -]{0,12}( (york|new york|al-sudani|u\\.s\\.?|a b c|بغداد)[ .a]{0,3}){0,4}") {
            prop_assert_eq!(scan(&matcher(), &text), reference(&text));
        }
    }
}
