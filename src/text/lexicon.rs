//! The lexicon: every folded word that a gazetteer name, a rule or a list
//! mentions, numbered. A document's tokens are looked up once; every later
//! word test (name matching, rule words, lists) compares numbers.

use rustc_hash::FxHashMap;

use super::Analysis;

/// Folded words and their ids, numbered in order of first appearance.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    ids: FxHashMap<Box<str>, u32>,
}

impl Lexicon {
    /// The id of a word the lexicon does not know.
    pub const NONE: u32 = u32::MAX;

    /// The id of `w`, adding it if new.
    pub fn intern(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(w.into(), id);
        id
    }

    /// The id of `w`, or [`Lexicon::NONE`].
    pub fn get(&self, w: &str) -> u32 {
        self.ids.get(w).copied().unwrap_or(Lexicon::NONE)
    }

    /// How many words it has (ids are below this).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether every word of `other` has the same id here.
    #[cfg(test)]
    pub fn extends(&self, other: &Lexicon) -> bool {
        other.ids.iter().all(|(w, id)| self.ids.get(w) == Some(id))
    }

    /// The id of every token of an analysed text (or [`Lexicon::NONE`]),
    /// into `out` (cleared first).
    pub fn ids_into(&self, an: &Analysis, out: &mut Vec<u32>) {
        out.clear();
        out.extend((0..an.tokens.len()).map(|i| self.get(an.folded_token(i))));
    }
}
