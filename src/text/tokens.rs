//! Tokens: words, numbers and punctuation with byte spans and a shape.
//!
//! A word is a run of letters, digits and combining marks; every other
//! non-space character is a token of its own (a run of the same punctuation
//! character, such as `...` or `--`, is one token). So `Kirkuk–Baniyas`,
//! `Al-Sudani`, `SDF-controlled` and `Raqqa's` split at the dash or apostrophe
//! and the names inside them can be matched. Digits joined by `.` or `,`
//! (`3.5`, `1,000`) stay one number.
//!
//! ASCII text is scanned directly; other text is first cut at the word
//! boundaries of Unicode's UAX #29 (so that, for instance, a line of Chinese is
//! not one giant word) and then scanned the same way.

use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// The orthographic shape of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shape {
    /// First letter upper case, the rest not all upper case: `Baghdad`, `McGurk`.
    Capitalized,
    /// Two or more letters, all upper case: `SDF`, `ERBIL`.
    Upper,
    /// All letters lower case: `met`, `al`.
    Lower,
    /// Starts with a lower-case letter but has upper-case letters: `iPhone`.
    Mixed,
    /// Letters of a script without case (Arabic, Hebrew, CJK): `بغداد`.
    Caseless,
    /// Starts with a digit: `2025`, `3.5`, `10th`.
    Number,
    /// Punctuation or a symbol: `.`, `–`, `"`, `$`.
    Punct,
}

/// One token of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte in the original text.
    pub start: u32,
    /// Byte offset one past the last byte in the original text.
    pub end: u32,
    /// The token's shape.
    pub shape: Shape,
}

impl Token {
    /// Whether the token is a word or number (not punctuation).
    pub fn is_word(&self) -> bool {
        self.shape != Shape::Punct
    }

    /// The token's text.
    ///
    /// # Panics
    ///
    /// If the token's offsets are not character boundaries of `text`: it
    /// must be the text the token was made from.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start as usize..self.end as usize]
    }
}

/// Splits `text` into tokens, into `out` (cleared first).
///
/// # Panics
///
/// If `text` is longer than [`super::MAX_TEXT_LEN`] (4 GiB).
pub fn tokenize_into(text: &str, out: &mut Vec<Token>) {
    super::check_len(text);
    out.clear();
    // News text has a token every five or six bytes.
    out.reserve(text.len() / 5 + 8);
    if text.is_ascii() {
        scan_ascii(text, 0, out);
        return;
    }
    // UAX #29 never joins across white space, so each stretch between ASCII
    // white space can be segmented on its own. Only the stretches with a
    // non-ASCII byte are: the ASCII text between them, many words long,
    // takes the fast path in one call (tokens never cross white space, so
    // they are the same as word by word).
    let bytes = text.as_bytes();
    let mut run = 0;
    while let Some(k) = bytes[run..].iter().position(|&b| b >= 0x80) {
        let p = run + k;
        // The stretch around `p`: from after the white space before it (the
        // bytes since `run` are ASCII) to the white space after it.
        let start = bytes[run..p]
            .iter()
            .rposition(|&b| is_ascii_space(b))
            .map_or(run, |q| run + q + 1);
        let end = bytes[p..]
            .iter()
            .position(|&b| is_ascii_space(b))
            .map_or(bytes.len(), |q| p + q);
        scan_ascii(&text[run..start], run, out);
        let piece = &text[start..end];
        for (offset, seg) in piece.split_word_bound_indices() {
            scan(seg, start + offset, out);
        }
        run = end;
    }
    scan_ascii(&text[run..], run, out);
}

/// ASCII white space as `char::is_whitespace` sees it.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

/// The tokens of ASCII text, byte by byte: the same tokens [`scan`] gives.
/// ASCII letters and digits by byte: 1 for a digit, 2 for an upper-case
/// letter, 4 for a lower-case one, 0 for anything else (non-ASCII bytes
/// included). One load replaces three range tests in the scanning loops.
static ASCII_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'0'..=b'9' => 1,
            b'A'..=b'Z' => 2,
            b'a'..=b'z' => 4,
            _ => 0,
        };
        b += 1;
    }
    t
};

fn scan_ascii(piece: &str, base: usize, out: &mut Vec<Token>) {
    debug_assert!(piece.is_ascii());
    let b = piece.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if is_ascii_space(c) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let first = ASCII_CLASS[c as usize];
        let shape = if first != 0 {
            let seen;
            (i, seen) = word_rest(b, i, first == 1);
            // By the first character's class and whether an upper- and a
            // lower-case letter come after it (the answer of `word_shape`).
            WORD_SHAPES[usize::from(first << 2 | seen & 2 | seen >> 2 & 1)]
        } else {
            while i < b.len() && b[i] == c {
                i += 1;
            }
            Shape::Punct
        };
        out.push(Token {
            start: (base + start) as u32,
            end: (base + i) as u32,
            shape,
        });
    }
}

/// A word's shape by `ASCII_CLASS` of its first character (times 4) and
/// whether an upper-case (2) and a lower-case (1) letter come after it.
const WORD_SHAPES: [Shape; 20] = {
    use Shape::*;
    [
        // (no class: not a word)
        Punct,
        Punct,
        Punct,
        Punct,
        // a digit first
        Number,
        Number,
        Number,
        Number,
        // an upper-case letter first: `A`, `Ab`, `AB`, `ABc`
        Capitalized,
        Capitalized,
        Upper,
        Capitalized,
        // (no class 3)
        Punct,
        Punct,
        Punct,
        Punct,
        // a lower-case letter first: `a`, `ab`, `aB`, `aBc`
        Lower,
        Lower,
        Mixed,
        Mixed,
    ]
};

/// Every byte's high bit.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// The high bit of each byte of `x` (all ASCII) that is in `lo..=hi`
/// (`'0'..='9'`, `'A'..='Z'` or `'a'..='z'`): no sum carries into the next
/// byte, since every byte is below 0x80 and neither addend reaches 0x51.
fn bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least_lo = x + splat(0x80 - lo);
    let above_hi = x + splat(0x7F - hi);
    at_least_lo & !above_hi & HIGH
}

/// The rest of a word of ASCII text `b` from byte `i`: letters and digits,
/// and a `.` or `,` between two digits (`3.5`, `1,000`); `digit` says
/// whether the byte before `i` is a digit. Returns where the word ends and
/// the `ASCII_CLASS` bits of what it holds from `i` on.
///
/// Eight bytes are classified at a time, so that a word costs no branch
/// per letter: on varied text the end of a letter loop is a branch the
/// processor mispredicts about once a word.
#[inline]
fn word_rest(b: &[u8], mut i: usize, mut digit: bool) -> (usize, u8) {
    let mut seen = 0u8;
    loop {
        // The next eight bytes; past the end of the text, zeros, which end
        // a word like any byte that is no letter or digit.
        let mut bytes = [0; 8];
        match b.get(i..i + 8) {
            Some(chunk) => bytes.copy_from_slice(chunk),
            None => {
                let rest = b.get(i..).unwrap_or_default();
                bytes[..rest.len()].copy_from_slice(rest);
            }
        }
        let x = u64::from_le_bytes(bytes);
        let digits = bytes_in(x, b'0', b'9');
        let uppers = bytes_in(x, b'A', b'Z');
        let lowers = bytes_in(x, b'a', b'z');
        // The bytes before the first that is no letter or digit.
        let run = ((!(digits | uppers | lowers) & HIGH).trailing_zeros() / 8) as usize;
        let keep = if run == 8 {
            HIGH
        } else {
            HIGH & ((1 << (8 * run)) - 1)
        };
        seen |= u8::from(digits & keep != 0)
            | u8::from(uppers & keep != 0) << 1
            | u8::from(lowers & keep != 0) << 2;
        if run > 0 {
            digit = digits >> (8 * run - 1) & 1 != 0;
        }
        i += run;
        if run == 8 {
            continue;
        }
        if digit && i + 1 < b.len() && (b[i] == b'.' || b[i] == b',') && b[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        return (i, seen);
    }
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, &mut out);
    out
}

/// Whether a character belongs to a word: a letter, digit or combining
/// mark, or a zero-width (non-)joiner.
fn is_word_char(c: char) -> bool {
    match CharTables::get(c) {
        Some(t) => t.word,
        None => is_word_char_slow(c),
    }
}

fn is_word_char_slow(c: char) -> bool {
    is_word_given(c, c.is_alphanumeric())
}

/// Whether `c` belongs to a word, given whether it is alphanumeric.
fn is_word_given(c: char, alnum: bool) -> bool {
    alnum || is_combining_mark(c) || c == '\u{200C}' || c == '\u{200D}'
}

/// [`char::is_alphanumeric`], looked up in a table below U+3000.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match CharTables::get(c) {
        Some(t) => t.alnum,
        None => c.is_alphanumeric(),
    }
}

/// Characters below this (Latin, Greek, Cyrillic, Hebrew, Arabic, Syriac… up
/// to the CJK punctuation) are looked up in [`CharTables`]: the standard
/// library's Unicode tables take a binary search for each non-ASCII
/// character, which made Arabic-script text and names slow to tokenise and
/// to compile.
const TABLE_END: usize = 0x3000;

/// The classes of one character below [`TABLE_END`].
struct Classes {
    word: bool,
    alnum: bool,
}

/// Bitmaps of the character classes below [`TABLE_END`], made in one pass
/// on first use (each standard-library lookup costs hundreds of
/// instructions).
struct CharTables {
    word: [u64; TABLE_END / 64],
    alnum: [u64; TABLE_END / 64],
}

impl CharTables {
    /// The classes of `c`, or `None` above the tables.
    #[inline]
    fn get(c: char) -> Option<Classes> {
        static TABLES: once_cell::sync::Lazy<CharTables> =
            once_cell::sync::Lazy::new(CharTables::new);
        let n = c as usize;
        (n < TABLE_END).then(|| {
            let bit = |t: &[u64; TABLE_END / 64]| t[n / 64] >> (n % 64) & 1 == 1;
            Classes {
                word: bit(&TABLES.word),
                alnum: bit(&TABLES.alnum),
            }
        })
    }

    fn new() -> CharTables {
        let mut t = CharTables {
            word: [0; TABLE_END / 64],
            alnum: [0; TABLE_END / 64],
        };
        for c in (0..TABLE_END as u32).filter_map(char::from_u32) {
            let n = c as usize;
            let alnum = c.is_alphanumeric();
            let word = is_word_given(c, alnum);
            t.alnum[n / 64] |= u64::from(alnum) << (n % 64);
            t.word[n / 64] |= u64::from(word) << (n % 64);
        }
        t
    }
}

/// Whether the character is ignored between tokens: white space and invisible
/// format controls.
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}' | '\u{061C}')
}

/// Scans one piece of text that starts at byte `base` of the whole text.
fn scan(piece: &str, base: usize, out: &mut Vec<Token>) {
    let mut chars = piece.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_space(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        if is_word_char(c) {
            let mut digits = c.is_ascii_digit();
            while let Some(&(j, d)) = chars.peek() {
                if is_word_char(d) {
                    digits = d.is_ascii_digit();
                    end = j + d.len_utf8();
                    chars.next();
                } else if digits && (d == '.' || d == ',') {
                    // `3.5` and `1,000`: only when a digit follows. `d` is
                    // one byte, so `j + 1` is a character boundary.
                    let next = piece[j + 1..].chars().next();
                    if next.is_some_and(|n| n.is_ascii_digit()) {
                        end = j + 1;
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            let text = &piece[i..end];
            out.push(Token {
                start: (base + i) as u32,
                end: (base + end) as u32,
                shape: word_shape(text),
            });
        } else {
            // Punctuation: a run of the same character is one token.
            while let Some(&(j, d)) = chars.peek() {
                if d == c {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(Token {
                start: (base + i) as u32,
                end: (base + end) as u32,
                shape: Shape::Punct,
            });
        }
    }
}

/// The shape of a word token.
pub fn word_shape(word: &str) -> Shape {
    let mut chars = word.chars();
    let first = match chars.next() {
        Some(c) => c,
        None => return Shape::Punct,
    };
    if first.is_numeric() {
        return Shape::Number;
    }
    if first.is_ascii() {
        let b = word.as_bytes();
        if b[0].is_ascii_uppercase() {
            let rest = &b[1..];
            if word.is_ascii() {
                let any_upper = rest.iter().any(u8::is_ascii_uppercase);
                let any_lower = rest.iter().any(u8::is_ascii_lowercase);
                return if any_upper && !any_lower {
                    Shape::Upper
                } else {
                    Shape::Capitalized
                };
            }
        } else if b[0].is_ascii_lowercase() && word.is_ascii() {
            return if b.iter().any(u8::is_ascii_uppercase) {
                Shape::Mixed
            } else {
                Shape::Lower
            };
        }
    }
    let mut upper = 0usize;
    let mut lower = 0usize;
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    if first.is_uppercase() {
        if lower == 0 && upper >= 2 {
            Shape::Upper
        } else {
            Shape::Capitalized
        }
    } else if first.is_lowercase() {
        if upper > 0 {
            Shape::Mixed
        } else {
            Shape::Lower
        }
    } else if upper > 0 {
        Shape::Capitalized
    } else {
        Shape::Caseless
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_char_table_agrees_with_unicode() {
        for c in (0..0x3100).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), is_word_char_slow(c), "{c:?}");
        }
        for c in ['ب', 'ُ', 'ە', 'ğ', '\u{200C}', '٣', 'ß'] {
            assert!(is_word_char(c), "{c:?}");
        }
        for c in ['،', '؟', '«', '\u{00A0}', '—', '-'] {
            assert!(!is_word_char(c), "{c:?}");
        }
    }

    #[test]
    fn alphanumeric_table_agrees_with_unicode() {
        for c in (0..0x3100).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
        assert!(is_alphanumeric('ش') && is_alphanumeric('٣') && is_alphanumeric('Ş'));
        assert!(!is_alphanumeric('،') && !is_alphanumeric('«') && !is_alphanumeric('-'));
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_names_out_of_compounds() {
        let table: &[(&str, &[&str])] = &[
            ("Kirkuk–Baniyas", &["Kirkuk", "–", "Baniyas"]),
            ("Al-Sudani", &["Al", "-", "Sudani"]),
            ("SDF-controlled", &["SDF", "-", "controlled"]),
            ("Syria—which", &["Syria", "—", "which"]),
            ("8–10", &["8", "–", "10"]),
            ("Raqqa's", &["Raqqa", "'", "s"]),
            ("Raqqa’s entrances", &["Raqqa", "’", "s", "entrances"]),
            ("U.S. forces", &["U", ".", "S", ".", "forces"]),
            (
                "3.5 million, 1,000 men",
                &["3.5", "million", ",", "1,000", "men"],
            ),
            ("wait...", &["wait", "..."]),
            ("Qamişlo, Hewlêr", &["Qamişlo", ",", "Hewlêr"]),
            ("في بغداد", &["في", "بغداد"]),
            ("e\u{301}cole", &["e\u{301}cole"]),
        ];
        for (text, want) in table {
            assert_eq!(words(text), *want, "tokens of {text:?}");
        }
    }

    #[test]
    fn shapes() {
        let table = [
            ("Baghdad", Shape::Capitalized),
            ("SDF", Shape::Upper),
            ("ERBIL", Shape::Upper),
            ("A", Shape::Capitalized),
            ("met", Shape::Lower),
            ("iPhone", Shape::Mixed),
            ("2025", Shape::Number),
            ("Türkiye", Shape::Capitalized),
            ("ÇANAKKALE", Shape::Upper),
            ("بغداد", Shape::Caseless),
        ];
        for (w, s) in table {
            assert_eq!(word_shape(w), s, "shape of {w:?}");
        }
        assert_eq!(tokenize("–")[0].shape, Shape::Punct);
    }

    #[test]
    fn byte_and_char_scanners_agree_on_ascii() {
        let texts = [
            "Gen. Smith's 1,000 men (U.S.) met at 10:30; SDF_Syria x-y.",
            "a\x0bb\x0cc\x00d\x1fe",
            "...--3.5.6,,7 A1b2",
        ];
        for t in texts {
            let mut a = Vec::new();
            scan_ascii(t, 0, &mut a);
            let mut b = Vec::new();
            scan(t, 0, &mut b);
            assert_eq!(a, b, "{t:?}");
        }
    }

    proptest::proptest! {
        /// Mixed-script text tokenises as it does stretch by stretch between
        /// ASCII white space, each stretch on the ASCII path when it is
        /// ASCII and through UAX #29 otherwise: the ASCII text between
        /// non-ASCII stretches, scanned in one call, gives the same tokens.
        #[test]
        fn ascii_runs_scan_as_stretch_by_stretch(
            t in "[a-zA-Z0-9 .,'\"()\t\n\u{201C}\u{201D}\u{2019}\u{2014}\u{627}\u{644}\u{301}é-]{0,60}"
        ) {
            let mut want = Vec::new();
            let bytes = t.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                while i < bytes.len() && is_ascii_space(bytes[i]) {
                    i += 1;
                }
                let start = i;
                while i < bytes.len() && !is_ascii_space(bytes[i]) {
                    i += 1;
                }
                let piece = &t[start..i];
                if piece.is_ascii() {
                    scan_ascii(piece, start, &mut want);
                } else {
                    for (offset, seg) in piece.split_word_bound_indices() {
                        scan(seg, start + offset, &mut want);
                    }
                }
            }
            proptest::prop_assert_eq!(tokenize(&t), want);
        }

        /// Words and numbers longer than the eight bytes classified at a
        /// time, and ones that end near the end of the text.
        #[test]
        fn byte_and_char_scanners_agree_on_long_words(
            t in "([a-zA-Z0-9]{0,19}[ .,'(-]{0,2}){0,8}"
        ) {
            let mut a = Vec::new();
            scan_ascii(&t, 0, &mut a);
            let mut b = Vec::new();
            scan(&t, 0, &mut b);
            proptest::prop_assert_eq!(a, b);
        }

        #[test]
        fn byte_and_char_scanners_agree_on_any_ascii(t in "[ -~\t\n]{0,40}") {
            let mut a = Vec::new();
            scan_ascii(&t, 0, &mut a);
            let mut b = Vec::new();
            scan(&t, 0, &mut b);
            proptest::prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn ascii_and_unicode_paths_agree() {
        // The same ASCII text through the UAX #29 path (forced by a trailing
        // non-ASCII character) gives the same tokens.
        let ascii = "Gen. Smith's 1,000 men (U.S.) met at 10:30; SDF_Syria x-y.";
        let with_tail = format!("{ascii} é");
        let a = tokenize(ascii);
        let b = tokenize(&with_tail);
        assert_eq!(&b[..a.len()], &a[..]);
    }
}
