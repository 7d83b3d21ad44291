//! One aho-corasick automaton over every folded name, and the search that
//! keeps only matches on token boundaries with acceptable capitalisation.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::text::Normalized;

/// A candidate entry for one automaton pattern.
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

/// A match of a pattern on token boundaries, before candidates are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Original byte span.
    pub start: usize,
    /// Original byte span end.
    pub end: usize,
    /// The automaton pattern that matched.
    pub pattern: u32,
}

/// The compiled automaton and, per pattern, its candidates.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: AhoCorasick,
    starts: Vec<u32>,
    cands: Vec<Cand>,
}

impl Matcher {
    /// Builds the automaton from `(folded key, candidates)` pairs. Fails
    /// only past aho-corasick's limits (billions of states or patterns),
    /// which user gazetteers could in principle reach.
    pub fn build(keys: Vec<(String, Vec<Cand>)>) -> Result<Matcher, aho_corasick::BuildError> {
        let mut starts = Vec::with_capacity(keys.len() + 1);
        let mut cands = Vec::new();
        let mut patterns = Vec::with_capacity(keys.len());
        for (k, c) in keys {
            starts.push(cands.len() as u32);
            cands.extend(c);
            patterns.push(k);
        }
        starts.push(cands.len() as u32);
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .build(&patterns)?;
        Ok(Matcher { ac, starts, cands })
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

    /// The longest match starting at folded `s` that ends on a token
    /// boundary strictly before `e`: its end and pattern.
    pub fn shorter(&self, hay: &str, s: usize, e: usize) -> Option<(usize, u32)> {
        let mut limit = e;
        loop {
            limit = (s + 1..limit)
                .rev()
                .find(|&p| boundary(hay, p) && hay.as_bytes()[p - 1] != b' ')?;
            let m = self
                .ac
                .find(Input::new(hay).span(s..limit).anchored(Anchored::Yes))?;
            if boundary(hay, m.end()) {
                return Some((m.end(), m.pattern().as_u32()));
            }
            limit = m.end();
        }
    }

    /// The pattern that matches exactly folded `[s, e)`, if any.
    pub fn find_exact(&self, hay: &str, s: usize, e: usize) -> Option<u32> {
        let m = self
            .ac
            .find(Input::new(hay).span(s..e).anchored(Anchored::Yes))?;
        (m.end() == e).then(|| m.pattern().as_u32())
    }

    /// The automaton, for benchmarks of the bare pass.
    pub fn automaton(&self) -> &AhoCorasick {
        &self.ac
    }

    /// The next match at or after folded offset `pos` that starts and ends
    /// on token boundaries (longest at its start), with its folded span.
    pub fn next_hit(&self, norm: &Normalized, mut pos: usize) -> Option<(Hit, usize, usize)> {
        let hay = norm.as_str();
        while pos < hay.len() {
            let m = self.ac.find(Input::new(hay).span(pos..hay.len()))?;
            let (s, mut e) = (m.start(), m.end());
            let mut pat = m.pattern().as_u32();
            if !boundary(hay, s) {
                pos = next_word_start(hay, s + 1);
                continue;
            }
            // The longest match ends inside a word: try shorter ones at the
            // same start, ending at earlier boundaries.
            if !boundary(hay, e) {
                match self.shorter(hay, s, e) {
                    Some((e2, p2)) => {
                        e = e2;
                        pat = p2;
                    }
                    None => {
                        pos = next_word_start(hay, s + 1);
                        continue;
                    }
                }
            }
            let (os, oe) = norm.to_orig(s, e);
            return Some((
                Hit {
                    start: os,
                    end: oe,
                    pattern: pat,
                },
                s,
                e,
            ));
        }
        None
    }
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
