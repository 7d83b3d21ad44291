//! Sentence splitting for news text.
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis when the next word starts
//! a sentence (a capital, a digit, an opening quote, a caseless script), with
//! closing quotes and brackets kept in the sentence they close. It does not
//! end after an abbreviation (`Gen.`, `Dr.`, `Jan.`) or an initial (`George W.
//! Bush`); after a dotted acronym (`U.S.`) it ends only when the next word is
//! one that usually opens a sentence. A blank line always ends a sentence, and
//! so does a single line break unless the line plainly runs on (a comma before
//! it or a lower-case word after it), so headlines and datelines on their own
//! line are sentences of their own.

use super::tokens::{Shape, Token};

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "approx", "assn", "aug", "ave", "blvd", "brig", "capt", "cmdr", "co", "col",
    "corp", "cpl", "dec", "dept", "dr", "est", "etc", "feb", "fig", "fr", "ft", "gen", "gov",
    "hon", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "messrs", "mr", "mrs", "ms", "mt",
    "no", "nos", "nov", "oct", "op", "pp", "prof", "pvt", "rep", "rev", "sen", "sep", "sept",
    "sgt", "sr", "st", "supt", "vs", "vol",
];

/// Words that, after a dotted acronym such as `U.S.`, show that a new
/// sentence has begun.
const STARTERS: &[&str] = &[
    "a",
    "an",
    "and",
    "but",
    "he",
    "her",
    "his",
    "however",
    "i",
    "in",
    "it",
    "its",
    "meanwhile",
    "on",
    "she",
    "that",
    "the",
    "their",
    "there",
    "these",
    "they",
    "this",
    "those",
    "we",
    "what",
    "when",
    "where",
    "while",
    "who",
    "yet",
];

fn is_terminal(tok: &str) -> bool {
    matches!(tok.chars().next(), Some('.' | '!' | '?' | '…' | '؟' | '。'))
}

fn is_closing(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "”" | "’" | "»" | ")" | "]" | "}")
}

fn is_opening(tok: &str) -> bool {
    matches!(tok, "\"" | "'" | "“" | "‘" | "«" | "(" | "[")
}

/// Splits tokens into sentences. Returns, for each sentence, the half-open
/// range of token indices it covers.
#[cfg(test)]
fn split(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    split_into(text, tokens, &mut out);
    out
}

/// Splits tokens into sentences: for each sentence, the half-open range of
/// token indices it covers, into `out` (cleared first, so that a buffer
/// serves text after text).
pub fn split_into(text: &str, tokens: &[Token], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let mut end_after = None;
        if t.shape == Shape::Punct && is_terminal(t.text(text)) && ends_here(text, tokens, i) {
            // Keep closing quotes and brackets with the sentence.
            let mut j = i + 1;
            while j < tokens.len()
                && is_closing(tokens[j].text(text))
                && !gap_has_space(text, tokens[j - 1], tokens[j])
            {
                j += 1;
            }
            end_after = Some(j);
        } else if i + 1 < tokens.len()
            && may_break(text, t, tokens[i + 1])
            && line_break_ends(text, tokens, i)
        {
            end_after = Some(i + 1);
        }
        match end_after {
            Some(j) => {
                out.push((start, j));
                start = j;
                i = j;
            }
            None => i += 1,
        }
    }
    if start < tokens.len() {
        out.push((start, tokens.len()));
    }
}

fn gap_has_space(text: &str, a: Token, b: Token) -> bool {
    a.end < b.start && !text[a.end as usize..b.start as usize].is_empty()
}

/// Whether the terminal punctuation at token `i` ends a sentence.
fn ends_here(text: &str, tokens: &[Token], i: usize) -> bool {
    let word = tokens[i].text(text);
    // The next token after any closing quotes or brackets.
    let mut j = i + 1;
    while j < tokens.len() && is_closing(tokens[j].text(text)) {
        j += 1;
    }
    let next = match tokens.get(j) {
        None => return true,
        Some(n) => *n,
    };
    // A period glued to the next word (`Shafaq.com`, `3.x`) ends nothing.
    // (`tokens[j]` exists and j > i, so `tokens[i + 1]` does too.)
    if tokens[i].end == tokens[i + 1].start && tokens[i + 1].is_word() {
        return false;
    }
    if !starts_sentence(text, next) {
        return false;
    }
    if !word.starts_with('.') || word.len() > 1 {
        return true;
    }
    // A single period: look at the word before it.
    let prev = match i.checked_sub(1).map(|p| tokens[p]) {
        Some(p) if p.is_word() && p.end == tokens[i].start => p,
        _ => return true,
    };
    let pw = prev.text(text);
    let next_word = next.text(text);
    // The starters are ASCII, so comparing without ASCII case is exact.
    let starter = || STARTERS.iter().any(|s| s.eq_ignore_ascii_case(next_word));
    let dotted = i >= 2 && tokens[i - 2].text(text) == "." && tokens[i - 2].end == prev.start;
    if pw.chars().count() == 1 && pw.chars().all(char::is_uppercase) {
        // An initial (`W.`) or the end of a dotted acronym (`U.S.`).
        return dotted && starter();
    }
    if ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(pw)) {
        return starter() && !is_month_abbrev(pw);
    }
    true
}

fn is_month_abbrev(w: &str) -> bool {
    [
        "jan", "feb", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]
    .iter()
    .any(|m| m.eq_ignore_ascii_case(w))
}

/// Whether a token can open a sentence.
fn starts_sentence(text: &str, t: Token) -> bool {
    match t.shape {
        Shape::Capitalized | Shape::Upper | Shape::Number | Shape::Caseless => true,
        Shape::Punct => is_opening(t.text(text)) || t.text(text) == "-" || t.text(text) == "—",
        Shape::Lower | Shape::Mixed => false,
    }
}

/// Whether the gap between two tokens may hold a line break: it is more
/// than one space (most gaps are one space or nothing).
fn may_break(text: &str, a: Token, b: Token) -> bool {
    let (s, e) = (a.end as usize, b.start as usize);
    e > s + 1 || e == s + 1 && text.as_bytes().get(s) == Some(&b'\n')
}

/// Whether a line break between token `i` and the next ends a sentence.
fn line_break_ends(text: &str, tokens: &[Token], i: usize) -> bool {
    let (a, b) = (tokens[i], tokens[i + 1]);
    let gap = text
        .as_bytes()
        .get(a.end as usize..b.start as usize)
        .unwrap_or(&[]);
    let breaks = gap.iter().filter(|&&c| c == b'\n').count();
    if breaks == 0 {
        return false;
    }
    if breaks >= 2 {
        return true;
    }
    // One line break: a paragraph of its own unless the line runs on.
    let prev = a.text(text);
    if matches!(prev, "," | ";" | ":" | "-" | "–" | "(" | "/") {
        return false;
    }
    !matches!(b.shape, Shape::Lower | Shape::Mixed)
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn sentences(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        split(text, &toks)
            .into_iter()
            .map(|(a, b)| text[toks[a].start as usize..toks[b - 1].end as usize].to_string())
            .collect()
    }

    #[test]
    fn splits_news_text() {
        let table: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "Gen. Mazloum spoke. Dr. Ali replied.",
                &["Gen. Mazloum spoke.", "Dr. Ali replied."],
            ),
            (
                "Troops left the U.S. The base closed.",
                &["Troops left the U.S.", "The base closed."],
            ),
            ("The U.S. Army arrived.", &["The U.S. Army arrived."]),
            ("George W. Bush spoke.", &["George W. Bush spoke."]),
            (
                "It ended on Jan. 5 in Erbil.",
                &["It ended on Jan. 5 in Erbil."],
            ),
            (
                "He said, \"We will stay.\" Then he left.",
                &["He said, \"We will stay.\"", "Then he left."],
            ),
            (
                "Headline without a period\n\nThe body starts here.",
                &["Headline without a period", "The body starts here."],
            ),
            (
                "ERBIL, Kurdistan Region - A delegation arrived.",
                &["ERBIL, Kurdistan Region - A delegation arrived."],
            ),
            (
                "Shafaq News – Baghdad has formed a cell. It met.",
                &["Shafaq News – Baghdad has formed a cell.", "It met."],
            ),
            (
                "They waited… Nothing came.",
                &["They waited…", "Nothing came."],
            ),
            ("Is it over? Yes!", &["Is it over?", "Yes!"]),
            ("Visit shafaq.com today.", &["Visit shafaq.com today."]),
            ("a line that\nruns on.", &["a line that\nruns on."]),
        ];
        for (text, want) in table {
            assert_eq!(sentences(text), *want, "sentences of {text:?}");
        }
    }
}
