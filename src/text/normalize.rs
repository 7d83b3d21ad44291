//! Folding text for matching, with a map back to the original bytes.
//!
//! The folded form is what gazetteer names and rule literals are compared
//! against: lower case, no diacritics, one dash, one apostrophe, one double
//! quote, one space for any run of white space, and unified Arabic letter
//! forms. Characters whose folded form differs from the original are recorded
//! as *edits*; everything between two edits is copied byte for byte, so the map
//! is empty for plain ASCII text and small for ordinary news.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded copy of a text and the map between its offsets and the original's.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    folded: String,
    edits: Vec<Edit>,
}

/// One changed stretch: original bytes `orig` became folded bytes `norm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    norm_start: u32,
    norm_end: u32,
    orig_start: u32,
    orig_end: u32,
}

/// How the bulk ASCII loop of [`Normalized::fold_into`] treats a byte:
/// copied ([`PLAIN`]), copied unless after a space ([`SPACE`]), or handled
/// one character at a time (other white space, the backtick, non-ASCII).
static BULK: [u8; 256] = {
    let mut t = [2u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b' ' => SPACE,
            b'`' | b'\t' | b'\n' | b'\x0C' | b'\r' => 2,
            _ => PLAIN,
        };
        b += 1;
    }
    t
};
const PLAIN: u8 = 0;
const SPACE: u8 = 1;

/// Whether the bulk loop of [`Normalized::fold_into`] copies all eight
/// bytes `x` (read little-endian): ASCII, none below U+0020 (tab, line
/// breaks) or the backtick, and no space after a space, the byte before
/// them included (`after_space`). Each test is the exact "some byte is"
/// test of the byte-parallel tricks; a `false` only sends the bytes to the
/// byte-at-a-time loop.
#[inline(always)]
fn all_plain(x: u64, after_space: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    // Some byte has its high bit set, or is below 0x20 (exact when none
    // has the high bit).
    let non_ascii = x & HIGH;
    let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    // The high bit of each byte that is zero in `y`, and only those.
    let zeros = |y: u64| !(((y & LOW7).wrapping_add(LOW7)) | y | LOW7);
    let backtick = zeros(x ^ (ONES * u64::from(b'`')));
    let spaces = zeros(x ^ (ONES * u64::from(b' ')));
    // A space right after a space (the first byte after the one before).
    let doubled = spaces & (spaces << 8 | u64::from(after_space) << 7);
    non_ascii | control | backtick | doubled == 0
}

/// What one original character folds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// Copied unchanged.
    Same,
    /// Dropped, and attached to the character before it (combining marks,
    /// tatweel, harakat, format controls).
    Drop,
    /// Replaced by one character.
    Char(char),
    /// Replaced by two characters (`ß` -> `ss`, `æ` -> `ae`).
    Two(char, char),
}

impl Normalized {
    /// Folds `text`, reusing no buffer.
    pub fn new(text: &str) -> Normalized {
        let mut n = Normalized::default();
        n.fold_into(text);
        n
    }

    /// Folds `text` into this value, reusing its buffers.
    ///
    /// # Panics
    ///
    /// If `text` is longer than [`super::MAX_TEXT_LEN`] (4 GiB).
    pub fn fold_into(&mut self, text: &str) {
        super::check_len(text);
        self.folded.clear();
        self.edits.clear();
        self.folded.reserve(text.len());
        let bytes = text.as_bytes();
        let mut i = 0;
        // Where the last character that produced output starts, in both texts,
        // so that dropped characters can be attached to it.
        let mut last: Option<(usize, usize)> = None;
        while i < bytes.len() {
            let b = bytes[i];
            // `i` is always at a character boundary: it starts at 0 and
            // moves by whole characters, so the slices below cannot panic.
            // The common case: a run of ASCII letters, digits and punctuation
            // is copied at once and lower-cased in place; offsets do not move.
            if BULK[b as usize] == PLAIN {
                let start = i;
                // Eight bytes at a time while all of them stay in the run;
                // the loop after it finishes the run byte by byte.
                while let Some(chunk) = bytes.get(i..i + 8) {
                    let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0x80; 8]));
                    let after_space = i.checked_sub(1).is_some_and(|p| bytes[p] == b' ');
                    if !all_plain(x, after_space) {
                        break;
                    }
                    i += 8;
                }
                // Single spaces between words fold to themselves and stay in
                // the run; a second white-space character ends it.
                while i < bytes.len() {
                    match BULK[bytes[i] as usize] {
                        PLAIN => i += 1,
                        SPACE if bytes[i - 1] != b' ' => i += 1,
                        _ => break,
                    }
                }
                let ns = self.folded.len();
                self.folded.push_str(&text[start..i]);
                self.folded[ns..].make_ascii_lowercase();
                last = Some((i - 1, ns + (i - 1 - start)));
                continue;
            }
            let (fold, len) = if b < 0x80 {
                // ASCII fast path: only white space and upper case change.
                if b.is_ascii_whitespace() {
                    (Fold::Char(' '), 1)
                } else if b.is_ascii_uppercase() {
                    (Fold::Char(b.to_ascii_lowercase() as char), 1)
                } else if b == b'`' {
                    (Fold::Char('\''), 1)
                } else {
                    (Fold::Same, 1)
                }
            } else {
                match text[i..].chars().next() {
                    Some(c) => (fold_char(c), c.len_utf8()),
                    None => break,
                }
            };
            let ns = self.folded.len();
            match fold {
                Fold::Char(' ') if self.folded.ends_with(' ') => {
                    // A run of white space folds to the one space already written.
                    self.drop_char(last, i, i + len);
                }
                Fold::Drop => self.drop_char(last, i, i + len),
                Fold::Same => {
                    self.folded.push_str(&text[i..i + len]);
                    last = Some((i, ns));
                }
                Fold::Char(f) => {
                    self.folded.push(f);
                    if f.len_utf8() != len {
                        self.record(ns, i, i + len);
                    }
                    last = Some((i, ns));
                }
                Fold::Two(a, b2) => {
                    self.folded.push(a);
                    self.folded.push(b2);
                    self.record(ns, i, i + len);
                    last = Some((i, ns));
                }
            }
            i += len;
        }
    }

    /// Records that original `[os, oe)` became folded `[ns, folded.len())`.
    fn record(&mut self, ns: usize, os: usize, oe: usize) {
        self.edits.push(Edit {
            norm_start: ns as u32,
            norm_end: self.folded.len() as u32,
            orig_start: os as u32,
            orig_end: oe as u32,
        });
    }

    /// Drops original `[os, oe)`, attaching it to the character that produced
    /// the last output (`last`: its original and folded start), so a span that
    /// ends with that character also covers its marks.
    fn drop_char(&mut self, last: Option<(usize, usize)>, os: usize, oe: usize) {
        let len = self.folded.len() as u32;
        if let Some(e) = self.edits.last_mut() {
            if e.orig_end as usize == os && e.norm_end == len {
                e.orig_end = oe as u32;
                return;
            }
        }
        match last {
            Some((lo, ln)) => self.edits.push(Edit {
                norm_start: ln as u32,
                norm_end: len,
                orig_start: lo as u32,
                orig_end: oe as u32,
            }),
            None => self.edits.push(Edit {
                norm_start: len,
                norm_end: len,
                orig_start: os as u32,
                orig_end: oe as u32,
            }),
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.folded
    }

    /// The original offset where folded offset `n` starts a span.
    pub fn orig_start(&self, n: usize) -> usize {
        let n = n as u32;
        let idx = self.edits.partition_point(|e| e.norm_start <= n);
        if idx == 0 {
            return n as usize;
        }
        let e = self.edits[idx - 1];
        if n < e.norm_end {
            e.orig_start as usize
        } else {
            (e.orig_end + (n - e.norm_end)) as usize
        }
    }

    /// The original offset where folded offset `n` ends a span.
    pub fn orig_end(&self, n: usize) -> usize {
        let n = n as u32;
        let idx = self.edits.partition_point(|e| e.norm_start < n);
        if idx == 0 {
            return n as usize;
        }
        let e = self.edits[idx - 1];
        if n <= e.norm_end {
            e.orig_end as usize
        } else {
            (e.orig_end + (n - e.norm_end)) as usize
        }
    }

    /// The folded offset for original offset `o` (the start of a character).
    pub fn norm_offset(&self, o: usize) -> usize {
        let o = o as u32;
        let idx = self.edits.partition_point(|e| e.orig_start <= o);
        norm_offset_after(self.edits[..idx].last(), o) as usize
    }

    /// The folded span of each original span `(start, end)` of `spans`,
    /// into `out` (cleared first): `(norm_offset(start), norm_offset(end))`,
    /// the end never before the start. The spans must be in text order and
    /// not overlap, as tokens are.
    ///
    /// One walk over the edits: between two edits a span only moves by the
    /// folding's net change so far, which is one addition; only a span that
    /// touches an edit is worked out in full.
    pub(crate) fn norm_spans(
        &self,
        spans: impl Iterator<Item = (u32, u32)>,
        out: &mut Vec<(u32, u32)>,
    ) {
        out.clear();
        let edits = &self.edits[..];
        // Edits starting at or before the offsets seen so far.
        let mut idx = 0;
        // Past the last of them, folded = original + delta (mod 2^32).
        let (mut delta, mut past) = (0u32, 0u32);
        let mut next = edits.first().map_or(u32::MAX, |e| e.orig_start);
        for (a, b) in spans {
            if b < next && a >= past {
                out.push((a.wrapping_add(delta), b.wrapping_add(delta)));
                continue;
            }
            // The last edit starting at or before `o`, moving `idx` on.
            let mut last_at = |o: u32| {
                while edits.get(idx).is_some_and(|e| e.orig_start <= o) {
                    idx += 1;
                }
                idx.checked_sub(1).and_then(|i| edits.get(i))
            };
            let s = norm_offset_after(last_at(a), a);
            let last = last_at(b);
            out.push((s, norm_offset_after(last, b).max(s)));
            if let Some(last) = last {
                delta = last.norm_end.wrapping_sub(last.orig_end);
                past = last.orig_end;
            }
            next = edits.get(idx).map_or(u32::MAX, |e| e.orig_start);
        }
    }

    /// Maps a folded span to the original span it came from.
    pub fn to_orig(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.orig_start(start);
        let e = self.orig_end(end).max(s);
        (s, e)
    }

    /// How many stretches of the text were changed by folding.
    pub fn edit_count(&self) -> usize {
        self.edits.len()
    }
}

/// The folded offset of original offset `o`, given the last edit that
/// starts at or before it.
fn norm_offset_after(e: Option<&Edit>, o: u32) -> u32 {
    match e {
        None => o,
        Some(e) if o < e.orig_end => e.norm_start,
        Some(e) => e.norm_end + (o - e.orig_end),
    }
}

/// Folds one string for use as a gazetteer key or rule literal.
pub fn fold(s: &str) -> String {
    let folded = Normalized::new(s).folded;
    let trimmed = folded.trim();
    if trimmed.len() == folded.len() {
        folded
    } else {
        trimmed.to_string()
    }
}

/// The folds of U+0080..U+0700 (Latin-1, Latin Extended, IPA, Greek,
/// Cyrillic, Armenian, Hebrew and Arabic), where almost every non-ASCII
/// character of the gazetteers and of regional news falls: each costs
/// several Unicode table searches to fold.
const CACHED: std::ops::Range<u32> = 0x80..0x700;

/// Folds one non-ASCII character.
fn fold_char(c: char) -> Fold {
    static FOLDS: once_cell::sync::Lazy<Vec<Fold>> = once_cell::sync::Lazy::new(|| {
        CACHED
            .filter_map(char::from_u32)
            .map(fold_char_uncached)
            .collect()
    });
    if CACHED.contains(&(c as u32)) {
        FOLDS[(c as u32 - CACHED.start) as usize]
    } else {
        fold_char_uncached(c)
    }
}

/// [`fold_char`] without the cache.
fn fold_char_uncached(c: char) -> Fold {
    match c {
        // Dashes and minus signs.
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Fold::Char('-'),
        // Apostrophes, single quotes and the ayn/hamza letters of transliteration.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{00B4}'
        | '\u{02BB}' | '\u{02BC}' | '\u{02BD}' | '\u{02BE}' | '\u{02BF}' | '\u{02C8}'
        | '\u{FF07}' => Fold::Char('\''),
        // Double quotes and guillemets.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{FF02}' => Fold::Char('"'),
        // Non-ASCII white space folds to one space.
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}'
        | '\u{0085}' => Fold::Char(' '),
        // Invisible format controls: zero-width space, direction marks, BOM,
        // soft hyphen. Joiners inside Arabic-script words are dropped too.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{00AD}'
        | '\u{061C}' => Fold::Drop,
        // Arabic: tatweel and harakat (fathatan .. sukun, superscript alef ...).
        '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' => Fold::Drop,
        // Arabic alef variants.
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => {
            Fold::Char('\u{0627}')
        }
        // Taa marbuta -> haa; alef maqsura, Farsi yeh and Kurdish yeh -> yeh.
        '\u{0629}' => Fold::Char('\u{0647}'),
        '\u{0649}' | '\u{06CC}' | '\u{06D2}' => Fold::Char('\u{064A}'),
        // Hamza on waw / yeh -> the bare letters.
        '\u{0624}' => Fold::Char('\u{0648}'),
        '\u{0626}' => Fold::Char('\u{064A}'),
        // Persian/Kurdish keheh -> kaf; Kurdish ae -> haa.
        '\u{06A9}' | '\u{06AA}' => Fold::Char('\u{0643}'),
        '\u{06D5}' => Fold::Char('\u{0647}'),
        // Arabic-Indic and Persian digits -> ASCII digits.
        '\u{0660}'..='\u{0669}' => Fold::Char(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Fold::Char(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // Latin letters that do not decompose.
        'ß' | 'ẞ' => Fold::Two('s', 's'),
        'æ' | 'Æ' => Fold::Two('a', 'e'),
        'œ' | 'Œ' => Fold::Two('o', 'e'),
        'ı' => Fold::Char('i'),
        'ł' | 'Ł' => Fold::Char('l'),
        'ø' | 'Ø' => Fold::Char('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => Fold::Char('d'),
        'ħ' | 'Ħ' => Fold::Char('h'),
        'þ' | 'Þ' => Fold::Two('t', 'h'),
        _ => fold_general(c),
    }
}

/// Case folding and diacritic removal for any other character.
fn fold_general(c: char) -> Fold {
    if is_combining_mark(c) {
        return Fold::Drop;
    }
    if c.is_whitespace() {
        return Fold::Char(' ');
    }
    // Lower-case, then keep the base of a canonical decomposition.
    let mut lower = c.to_lowercase();
    let l = lower.next().unwrap_or(c);
    let extra = lower.next();
    let mut base = None;
    decompose_canonical(l, |d| {
        if base.is_none() && !is_combining_mark(d) {
            base = Some(d);
        }
    });
    let b = base.unwrap_or(l);
    match extra {
        // `İ` lower-cases to `i` + combining dot: the dot is dropped.
        Some(e) if !is_combining_mark(e) => Fold::Two(b, e),
        _ if b == c => Fold::Same,
        _ => Fold::Char(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_folds_are_the_folds() {
        for c in (0..0x800).filter_map(char::from_u32) {
            assert_eq!(fold_char(c), fold_char_uncached(c), "{c:?}");
        }
        assert_eq!(fold_char('أ'), Fold::Char('ا'));
        assert_eq!(fold_char('Ş'), Fold::Char('s'));
        assert_eq!(fold_char('ß'), Fold::Two('s', 's'));
    }

    #[test]
    fn folds_the_documented_variants() {
        let table = [
            ("Türkiye", "turkiye"),
            ("chargé d’affaires", "charge d'affaires"),
            ("Kirkuk–Baniyas", "kirkuk-baniyas"),
            ("a ‐ ‒ – — ― b", "a - - - - - b"),
            ("‘x’ “y” «z»", "'x' \"y\" \"z\""),
            ("Qamişlo", "qamislo"),
            ("İstanbul", "istanbul"),
            ("Straße", "strasse"),
            ("two  spaces\n\nand\tlines", "two spaces and lines"),
            ("أحمد إبراهيم آمنة", "احمد ابراهيم امنه"),
            ("مصطفى", "مصطفي"),
            ("كُرْدِسْتَان", "كردستان"),
            ("بـــغداد", "بغداد"),
            ("Ra\u{2019}s al \u{2018}Ayn", "ra's al 'ayn"),
        ];
        for (input, want) in table {
            assert_eq!(Normalized::new(input).as_str(), want, "folding {input:?}");
        }
    }

    #[test]
    fn ascii_text_has_no_edits() {
        let n = Normalized::new("Fuad Hussein met Asaad al-Shibani in Baghdad.");
        assert_eq!(n.edit_count(), 0);
        assert_eq!(n.as_str(), "fuad hussein met asaad al-shibani in baghdad.");
    }

    fn roundtrip(text: &str, needle: &str, want: &str) {
        let n = Normalized::new(text);
        let ns = n
            .as_str()
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {:?}", n.as_str()));
        let (s, e) = n.to_orig(ns, ns + needle.len());
        assert_eq!(&text[s..e], want, "span of {needle:?} in {text:?}");
    }

    #[test]
    fn spans_map_back_to_the_original_characters() {
        roundtrip(
            "the Kirkuk–Baniyas pipeline",
            "kirkuk-baniyas",
            "Kirkuk–Baniyas",
        );
        roundtrip("in Türkiye today", "turkiye", "Türkiye");
        roundtrip(
            "Iraq’s chargé d’affaires",
            "charge d'affaires",
            "chargé d’affaires",
        );
        roundtrip("e\u{301}cole X", "ecole", "e\u{301}cole");
        roundtrip("ab  cd", "ab cd", "ab  cd");
        roundtrip("in بـــغداد now", "بغداد", "بـــغداد");
        roundtrip("الرَّقَّة city", "الرقه", "الرَّقَّة");
        roundtrip("Straße 5", "strasse", "Straße");
        roundtrip("x \u{200F}Raqqa\u{200F} y", "raqqa", "Raqqa\u{200F}");
    }

    #[test]
    fn norm_offsets_invert_orig_offsets() {
        let text = "Qamişlo — Türkiye’s “border”";
        let n = Normalized::new(text);
        for (o, _) in text.char_indices() {
            let f = n.norm_offset(o);
            assert!(n.as_str().is_char_boundary(f));
            assert_eq!(n.orig_start(f), o, "offset {o}");
        }
    }

    #[test]
    fn norm_spans_map_like_norm_offset() {
        for text in [
            "Qamişlo — Türkiye’s “border” talks",
            "two  spaces\n\nand\ttabs  at  the end  ",
            "  leading space, Straße and Æsir",
            "x \u{200F}Raqqa\u{200F} y بـــغداد and a\u{301}\u{301} mark",
            "plain ascii text with no edits at all",
            "",
        ] {
            let n = Normalized::new(text);
            // Every token, and every pair of adjacent character starts.
            let tokens: Vec<(u32, u32)> = crate::text::tokenize(text)
                .iter()
                .map(|t| (t.start, t.end))
                .collect();
            let starts: Vec<u32> = text
                .char_indices()
                .map(|(o, _)| o as u32)
                .chain([text.len() as u32])
                .collect();
            let pairs: Vec<(u32, u32)> = starts.windows(2).map(|w| (w[0], w[1])).collect();
            for spans in [tokens, pairs] {
                let mut got = Vec::new();
                n.norm_spans(spans.iter().copied(), &mut got);
                let want: Vec<(u32, u32)> = spans
                    .iter()
                    .map(|&(a, b)| {
                        let s = n.norm_offset(a as usize) as u32;
                        (s, (n.norm_offset(b as usize) as u32).max(s))
                    })
                    .collect();
                assert_eq!(got, want, "{text:?}");
            }
        }
    }

    proptest::proptest! {
        /// The byte-parallel test never passes a byte that the bulk loop's
        /// table would not copy, and agrees with it on printable ASCII (it
        /// sends the rare other control characters, which the table copies,
        /// to the byte loop).
        #[test]
        fn all_plain_is_the_bulk_table_eight_times(
            bytes in proptest::array::uniform8(proptest::prop_oneof![
                proptest::num::u8::ANY,
                proptest::sample::select(vec![b' ', b'`', b'\t', b'\n', b'a', b'Z', 0x1F, 0x20, 0x21, 0x5F, 0x61, 0x7F, 0x80]),
            ]),
            after_space: bool,
        ) {
            let want = bytes.iter().enumerate().all(|(k, &b)| match BULK[b as usize] {
                PLAIN => true,
                SPACE => !(if k == 0 { after_space } else { bytes[k - 1] == b' ' }),
                _ => false,
            });
            let got = all_plain(u64::from_le_bytes(bytes), after_space);
            proptest::prop_assert!(!got || want);
            if bytes.iter().all(|b| (0x20..0x80).contains(b)) {
                proptest::prop_assert_eq!(got, want);
            }
        }

        /// ASCII text folds to lower case with each run of white space as one
        /// space, and every original character start maps back to itself.
        #[test]
        fn ascii_folding_matches_its_definition(text in "[ -~\t\n\r]{0,60}") {
            let n = Normalized::new(&text);
            let mut want = String::new();
            for c in text.chars() {
                if c.is_ascii_whitespace() {
                    if !want.ends_with(' ') {
                        want.push(' ');
                    }
                } else if c == '`' {
                    want.push('\'');
                } else {
                    want.push(c.to_ascii_lowercase());
                }
            }
            proptest::prop_assert_eq!(n.as_str(), want.as_str());
            for (o, c) in text.char_indices() {
                let prev_space = text[..o].ends_with(|p: char| p.is_ascii_whitespace());
                if !(c.is_ascii_whitespace() && prev_space) {
                    proptest::prop_assert_eq!(n.orig_start(n.norm_offset(o)), o);
                }
            }
        }
    }
}
