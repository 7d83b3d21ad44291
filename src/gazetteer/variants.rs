//! Spelling variants of a name, generated as extra automaton keys.

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

fn push(out: &mut Vec<String>, k: String) {
    if !k.is_empty() && !out.contains(&k) {
        out.push(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphen_and_space() {
        assert_eq!(keys("Kirkuk–Baniyas"), ["kirkuk-baniyas", "kirkuk baniyas"]);
        assert_eq!(keys("  "), Vec::<String>::new());
    }
}
