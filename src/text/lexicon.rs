//! The lexicon: every folded word that a gazetteer name, a rule or a list
//! mentions, numbered. A document's tokens are looked up once; every later
//! word test (name matching, rule words, lists, date words) compares
//! numbers.
//!
//! The table is open-addressed over a power-of-two number of slots, at most
//! half full, with the words' bytes in one buffer. A word of up to eight
//! bytes (most words) is its own key, so a lookup reads the token's bytes
//! once and compares whole slots, never the stored words.

use super::Analysis;

/// Folded words and their ids, numbered in order of first appearance.
#[derive(Debug, Clone)]
pub(crate) struct Lexicon {
    slots: Vec<Slot>,
    /// Per id: where its word is in `bytes`.
    spans: Vec<(u32, u32)>,
    bytes: Vec<u8>,
}

/// One slot of the table: a word's [`key`], length and id (id
/// [`Lexicon::NONE`] when empty). Words of up to eight bytes are equal
/// exactly when their keys and lengths are, so most lookups read nothing
/// but the slot.
#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    len: u32,
    id: u32,
}

const EMPTY: Slot = Slot {
    key: 0,
    len: 0,
    id: Lexicon::NONE,
};

impl Default for Lexicon {
    fn default() -> Lexicon {
        Lexicon {
            slots: vec![EMPTY; 16],
            spans: Vec::new(),
            bytes: Vec::new(),
        }
    }
}

/// The bytes of a word of up to eight bytes as one number (zero-padded;
/// with the length, a one-to-one map), or a hash of a longer word's bytes.
#[inline]
fn key(w: &[u8]) -> u64 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let n = w.len();
    if n <= 8 {
        let mut b = [0u8; 8];
        b[..n].copy_from_slice(w);
        return u64::from_le_bytes(b);
    }
    let u64_at = |i: usize| -> u64 {
        let mut b = [0u8; 8];
        b.copy_from_slice(&w[i..i + 8]);
        u64::from_le_bytes(b)
    };
    let mut h = 0u64;
    let mut i = 0;
    while i + 8 < n {
        h = (h.rotate_left(26) ^ u64_at(i)).wrapping_mul(K);
        i += 8;
    }
    (h.rotate_left(26) ^ u64_at(n - 8)).wrapping_mul(K)
}

/// [`key`] of the word `text[s..e]`. A word of up to eight bytes with
/// eight bytes of text from its start is read in one load and masked:
/// no branch on its length, which on varied text is a guess the processor
/// often gets wrong.
#[inline]
fn key_in(text: &[u8], s: usize, e: usize) -> u64 {
    let n = e.wrapping_sub(s);
    if n <= 8 {
        if let Some(chunk) = text.get(s..s.wrapping_add(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            let mask = u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0);
            return u64::from_le_bytes(b) & mask;
        }
    }
    text.get(s..e).map_or(0, key)
}

/// Where a word of key `k` and length `n` starts probing.
#[inline]
fn home(k: u64, n: usize) -> u64 {
    let h = (k ^ (n as u64).rotate_right(8)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    h ^ (h >> 31)
}

impl Lexicon {
    /// The id of a word the lexicon does not know.
    pub const NONE: u32 = u32::MAX;

    /// The word with id `id`.
    fn word(&self, id: u32) -> &[u8] {
        let (s, e) = self.spans[id as usize];
        &self.bytes[s as usize..e as usize]
    }

    /// The slot where `w` (of key `k`) is, or the empty slot where it
    /// would go. Always inlined: each token of every document is looked
    /// up, and a call costs as much as the probe.
    #[inline(always)]
    fn slot(&self, w: &[u8], k: u64) -> usize {
        let mask = self.slots.len() - 1;
        let n = w.len();
        let mut i = home(k, n) as usize & mask;
        loop {
            let s = self.slots[i];
            if s.id == Lexicon::NONE
                || s.key == k && s.len as usize == n && (n <= 8 || self.word(s.id) == w)
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// The id of `w`, adding it if new.
    pub fn intern(&mut self, w: &str) -> u32 {
        let w = w.as_bytes();
        let k = key(w);
        let i = self.slot(w, k);
        if self.slots[i].id != Lexicon::NONE {
            return self.slots[i].id;
        }
        let id = self.spans.len() as u32;
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(w);
        self.spans.push((start, self.bytes.len() as u32));
        self.slots[i] = Slot {
            key: k,
            len: w.len() as u32,
            id,
        };
        // At most half full, so probes stay short.
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    /// Doubles the table.
    fn grow(&mut self) {
        let doubled = vec![EMPTY; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, doubled);
        for s in old.into_iter().filter(|s| s.id != Lexicon::NONE) {
            let i = self.slot(self.word(s.id), s.key);
            self.slots[i] = s;
        }
    }

    /// The id of `w`, or [`Lexicon::NONE`].
    pub fn get(&self, w: &str) -> u32 {
        self.get_bytes(w.as_bytes())
    }

    /// [`Lexicon::get`] of a word's bytes.
    #[inline(always)]
    fn get_bytes(&self, w: &[u8]) -> u32 {
        self.slots[self.slot(w, key(w))].id
    }

    /// How many words it has (ids are below this).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether every word of `other` has the same id here.
    #[cfg(test)]
    pub fn extends(&self, other: &Lexicon) -> bool {
        (0..other.len() as u32).all(|id| self.get_bytes(other.word(id)) == id)
    }

    /// The id of every token of an analysed text (or [`Lexicon::NONE`]),
    /// into `out` (cleared first).
    pub fn ids_into(&self, an: &Analysis, out: &mut Vec<u32>) {
        out.clear();
        let folded = an.norm.as_str().as_bytes();
        out.extend(an.folded.iter().map(|&(s, e)| {
            let (s, e) = (s as usize, e as usize);
            folded.get(s..e).map_or(Lexicon::NONE, |w| {
                self.slots[self.slot(w, key_in(folded, s, e))].id
            })
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_lookups_exact() {
        let mut l = Lexicon::default();
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            assert_eq!(l.intern(w), i as u32);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(l.intern(w), i as u32);
            assert_eq!(l.get(w), i as u32);
        }
        assert_eq!(l.get("w5000"), Lexicon::NONE);
        assert_eq!(l.get(""), Lexicon::NONE);
        assert_eq!(l.intern(""), 5000);
        assert_eq!(l.get(""), 5000);
        assert_eq!(l.get("بغداد"), Lexicon::NONE);
        assert_eq!(l.intern("a-very-long-word-of-several-chunks"), 5001);
        assert_eq!(l.get("a-very-long-word-of-several-chunkz"), Lexicon::NONE);
        // Keys are one-to-one up to eight bytes, whatever the bytes.
        let short: Vec<Vec<u8>> = (0u32..3000)
            .map(|i| i.to_le_bytes()[..1 + i as usize % 4].to_vec())
            .collect();
        let mut keys: Vec<(u64, usize)> = short.iter().map(|w| (key(w), w.len())).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut distinct = short.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(keys.len(), distinct.len());
    }

    #[test]
    fn keys_read_in_place_are_the_keys() {
        let text = b"al-Sudani met Erdogan in Ankara; a b cc internationally-recognised x";
        for s in 0..=text.len() {
            for e in s..=text.len() {
                assert_eq!(key_in(text, s, e), key(&text[s..e]), "{s}..{e}");
            }
        }
    }
}
