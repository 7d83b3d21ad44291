//! Spelling variants of a name, generated as extra matcher keys.

use crate::text::is_alphanumeric;

/// Calls `key` with each folded key under which a name is matched: its
/// fold, then, if that has a hyphen, the same with spaces. `bufs` are
/// scratch space reused from name to name.
pub(crate) fn keys_into(name: &str, bufs: &mut NameBuffers, mut key: impl FnMut(&str)) {
    bufs.folded.fold_into(name);
    let base = bufs.folded.as_str().trim();
    if base.is_empty() {
        return;
    }
    key(base);
    // Hyphen and space alternate freely in transliterated names.
    if base.contains('-') {
        bufs.word.clear();
        bufs.word
            .extend(base.chars().map(|c| if c == '-' { ' ' } else { c }));
        key(&bufs.word);
    }
}

/// [`keys_into`] as a new vector.
#[cfg(test)]
pub(crate) fn keys(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    keys_into(name, &mut NameBuffers::default(), |k| {
        out.push(k.to_string())
    });
    out
}

/// Name particles that stay lower case inside names (`Asaad al-Shibani`).
pub(crate) const PARTICLES: &[&str] = &[
    "al", "el", "an", "ar", "as", "ash", "at", "ad", "az", "ath", "adh", "bin", "ibn", "bint",
    "abu", "abi", "umm", "de", "di", "du", "da", "van", "von", "der", "la", "le", "bani", "beni",
    "of", "and", "the", "for", "on", "in",
];

/// Which words of a name (alphanumeric runs, at most 32) are capitalised and
/// not particles: those must be capitalised in the text too.
pub(crate) fn caps_mask(name: &str) -> u32 {
    let mut mask = 0u32;
    for (i, w) in name
        .split(|c: char| !is_alphanumeric(c))
        .filter(|w| !w.is_empty())
        .enumerate()
        .take(32)
    {
        let first = w.chars().next().unwrap_or(' ');
        // No particle is longer than four letters.
        let particle = || w.len() <= 4 && PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(w));
        if first.is_uppercase() && !particle() {
            mask |= 1 << i;
        }
    }
    mask
}

/// [`phonetic_into`] as a new string.
#[cfg(test)]
pub(crate) fn phonetic(word: &str) -> Option<String> {
    let mut out = String::new();
    phonetic_into(word, &mut out).then_some(out)
}

/// A spelling-insensitive key for one folded Latin word of a transliterated
/// name, so that `Mohammed`, `Mohammad`, `Muhammad` and `Mohamed`, or
/// `Hasakah`, `Hasaka`, `Hasakeh` and `Haseke`, share a key:
///
/// - apostrophes and hyphens vanish (`Shara'a` → `sharaa`);
/// - `q` → `k`, `ph` → `f`, `sh` → `s`, `kh` → `x`, `dh` → `d`, `th` → `t`, `gh` → `g`;
/// - `e` → `a`, `o` → `u`, `y` and `ei`/`ai`/`ay` → `i`;
/// - a final `h` after a vowel goes (`Raqqah` → `raqqa`);
/// - doubled letters are single (`Raqqa` → `raka`, `Sharaa` → `shara`).
///
/// Writes the key into `out` (cleared first); `false` for words with
/// non-Latin letters or none at all.
pub(crate) fn phonetic_into(word: &str, out: &mut String) -> bool {
    out.clear();
    if !word.is_ascii() && word.chars().any(|c| !c.is_ascii() && is_alphanumeric(c)) {
        return false;
    }
    // Only ASCII letters and digits are left once the rest is dropped.
    let mut letters = word
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .peekable();
    if letters.peek().is_none() {
        return false;
    }
    while let Some(c) = letters.next() {
        let (ch, pair) = match (c, letters.peek()) {
            (b'p', Some(b'h')) => (b'f', true),
            (b'k', Some(b'h')) => (b'x', true),
            (b's' | b'd' | b't' | b'g', Some(b'h')) => (c, true),
            (b'a' | b'e', Some(b'i' | b'y')) => (b'i', true),
            (b'q', _) => (b'k', false),
            (b'e', _) => (b'a', false),
            (b'o', _) => (b'u', false),
            (b'y', _) => (b'i', false),
            _ => (c, false),
        };
        if pair {
            letters.next();
        }
        if out.as_bytes().last() != Some(&ch) {
            out.push(ch as char);
        }
    }
    let o = out.as_bytes();
    if o.len() > 2 && o[o.len() - 1] == b'h' && matches!(o[o.len() - 2], b'a' | b'i' | b'u') {
        out.pop();
    }
    true
}

/// [`phonetic_name_into`] as a new string.
#[cfg(test)]
pub(crate) fn phonetic_name(name: &str) -> Option<String> {
    let mut key = String::new();
    phonetic_name_into(name, &mut NameBuffers::default(), &mut key).then_some(key)
}

/// Buffers reused by [`phonetic_name_into`] from one name to the next.
#[derive(Default)]
pub(crate) struct NameBuffers {
    folded: crate::text::Normalized,
    word: String,
}

/// The phonetic key of a whole name into `key` (cleared first): the keys of
/// its words, particles left out, joined by spaces. `false` if a word is not
/// Latin or there is none.
pub(crate) fn phonetic_name_into(name: &str, bufs: &mut NameBuffers, key: &mut String) -> bool {
    key.clear();
    for w in name
        .split(|c: char| !(is_alphanumeric(c) || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        bufs.folded.fold_into(w);
        let f = bufs.folded.as_str().trim();
        if PARTICLES.contains(&f) {
            continue;
        }
        if !phonetic_into(f, &mut bufs.word) {
            return false;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&bufs.word);
    }
    !key.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    /// The letters of the Arabic block that fold to Arabic letters (not its
    /// digits, tatweel or harakat, which fold to ASCII or vanish).
    fn is_arabic_letter(c: char) -> bool {
        matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}')
    }

    #[test]
    fn a_name_with_an_arabic_letter_has_no_key() {
        let letters: Vec<char> = ('\u{0600}'..'\u{0700}')
            .filter(|&c| is_arabic_letter(c))
            .collect();
        assert_eq!(letters.len(), 150);
        for c in letters {
            let f = fold(&c.to_string());
            let mut chars = f.chars();
            let (Some(l), None) = (chars.next(), chars.next()) else {
                panic!("{c:?} folds to {f:?}");
            };
            assert!(!l.is_ascii() && l.is_alphanumeric(), "{c:?} folds to {f:?}");
            // Spelled inside a Latin word, it still leaves the word without a key.
            let mut bufs = NameBuffers::default();
            let mut key = String::new();
            bufs.folded.fold_into(&format!("Ba{c}dad"));
            assert!(!phonetic_into(bufs.folded.as_str(), &mut key), "{c:?}");
        }
        // Tatweel is dropped by folding, so the word keeps its key.
        assert_eq!(
            phonetic_name("Bagh\u{0640}dad Sharqi").as_deref(),
            Some("bagdad sarki")
        );
        assert_eq!(phonetic_name("دير الزور"), None);
        assert_eq!(phonetic_name("Raqqa الرقة"), None);
    }

    #[test]
    fn transliteration_variants_share_a_key() {
        let groups: &[&[&str]] = &[
            &["Mohammed", "Mohammad", "Muhammad", "Mohamed", "Muhammed"],
            &["Ahmed", "Ahmad"],
            &["Hussein", "Husain", "Hussain", "Husayn"],
            &["Mazloum", "Mazlum"],
            &["Deir", "Dayr"],
            &["Hasakah", "Hasaka", "Hasakeh", "Haseke"],
            &["Raqqa", "Raqqah", "Rakka"],
            &["Sharaa", "Shara", "Shara'a"],
            &["Shibani", "Shaibani", "Sheibani"],
        ];
        for g in groups {
            let keys: Vec<Option<String>> = g.iter().map(|w| phonetic(&fold(w))).collect();
            assert!(
                keys.iter().all(|k| k == &keys[0] && k.is_some()),
                "{g:?}: {keys:?}"
            );
        }
        for (a, b) in [
            ("Hussein", "Hassan"),
            ("Hamid", "Hamad"),
            ("Raqqa", "Rakha"),
        ] {
            assert_ne!(phonetic(&fold(a)), phonetic(&fold(b)), "{a} vs {b}");
        }
        assert_eq!(
            phonetic_name("Asaad al-Shibani"),
            phonetic_name("Asaad Al-Shaibani")
        );
        assert_eq!(phonetic("بغداد"), None);
    }

    #[test]
    fn hyphen_and_space() {
        assert_eq!(keys("Kirkuk–Baniyas"), ["kirkuk-baniyas", "kirkuk baniyas"]);
        assert_eq!(keys("  "), Vec::<String>::new());
    }

    #[test]
    fn capitals_that_the_text_must_have() {
        assert_eq!(caps_mask("Lebanese Army"), 0b11);
        // Particles need no capital, whatever their case in the name.
        assert_eq!(caps_mask("Asaad Al-Shibani"), 0b101);
        assert_eq!(caps_mask("Bank of Baghdad"), 0b101);
        assert_eq!(caps_mask("al-Hol camp"), 0b010);
        assert_eq!(caps_mask("Abu Kamal"), 0b10);
        // Only the first 32 words count.
        assert_eq!(caps_mask(&"A ".repeat(40)), u32::MAX);
        assert_eq!(caps_mask("Ḥasakah Road"), 0b11);
    }
}
