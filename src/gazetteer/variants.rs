//! Spelling variants of a name, generated as extra matcher keys.

use crate::text::fold;

/// The folded keys under which a name is matched.
pub(crate) fn keys(name: &str) -> Vec<String> {
    let base = fold(name);
    if base.is_empty() {
        return Vec::new();
    }
    let mut out = vec![base.clone()];
    // Hyphen and space alternate freely in transliterated names.
    if base.contains('-') {
        push(&mut out, base.replace('-', " "));
    }
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
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .enumerate()
        .take(32)
    {
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() && !PARTICLES.contains(&w.to_lowercase().as_str()) {
            mask |= 1 << i;
        }
    }
    mask
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
/// Returns `None` for words with non-Latin letters.
pub(crate) fn phonetic(word: &str) -> Option<String> {
    let w: Vec<char> = word.chars().filter(|c| c.is_alphanumeric()).collect();
    if w.iter().any(|c| !c.is_ascii()) || w.is_empty() {
        return None;
    }
    let mut out: Vec<char> = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        let c = w[i].to_ascii_lowercase();
        let next = w.get(i + 1).map(|n| n.to_ascii_lowercase());
        let (ch, step) = match (c, next) {
            ('p', Some('h')) => ('f', 2),
            ('k', Some('h')) => ('x', 2),
            ('s' | 'd' | 't' | 'g', Some('h')) => (c, 2),
            ('a' | 'e', Some('i' | 'y')) => ('i', 2),
            ('q', _) => ('k', 1),
            ('e', _) => ('a', 1),
            ('o', _) => ('u', 1),
            ('y', _) => ('i', 1),
            _ => (c, 1),
        };
        if out.last() != Some(&ch) {
            out.push(ch);
        }
        i += step;
    }
    if out.len() > 2 && out.last() == Some(&'h') && matches!(out[out.len() - 2], 'a' | 'i' | 'u') {
        out.pop();
    }
    Some(out.into_iter().collect())
}

/// The phonetic key of a whole name: the keys of its words, particles left
/// out, joined by spaces. `None` if a word is not Latin.
pub(crate) fn phonetic_name(name: &str) -> Option<String> {
    let mut parts = Vec::new();
    for w in name
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
    {
        let f = fold(w);
        if PARTICLES.contains(&f.as_str()) {
            continue;
        }
        parts.push(phonetic(&f)?);
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn push(out: &mut Vec<String>, k: String) {
    if !k.is_empty() && !out.contains(&k) {
        out.push(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
