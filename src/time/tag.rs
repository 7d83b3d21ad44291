//! Finding date expressions and normalising them to ISO 8601.
//!
//! Recognised forms: `August 11, 2025`, `11 August 2025`, `Aug. 11`,
//! `2025-03-20`, `20-03-2025`, `20/03/2025`, `March 14`, `14 March`,
//! `December 2024`, a month after a preposition (`in March`), a year after a
//! preposition (`in 2023`), weekdays (`on Thursday`, `last Tuesday`), `today`,
//! `yesterday`, `tomorrow`, `this/last/next year|month`, and the modifiers
//! `early`, `mid`, `late` before a month or year (kept in the span; a
//! weekday's `late` is not).
//!
//! A missing year or a weekday resolves against the document date by the
//! tense of the sentence: the most recent such day on or before it, or the
//! next one when the sentence speaks of the future (`will`, `is expected to`,
//! `scheduled`, `next`). Without a document date, relative expressions are
//! still tagged but get no value.

use super::Date;
use crate::document::Span;
use crate::text::{Analysis, Lexicon, Shape, Token};

/// A date mention: token range, span and ISO value (if it can be placed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateMention {
    pub toks: (usize, usize),
    pub span: Span,
    pub value: Option<String>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Words after which a bare month or year is a date.
const CUES: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "during",
    "of",
    "early",
    "late",
    "mid",
    "before",
    "after",
    "through",
    "throughout",
    "between",
    "and",
    "to",
    "last",
    "next",
    "this",
    "that",
    "end",
    "beginning",
    "start",
];
/// Month abbreviations `month_of` reads (`May` is its own full name).
const MONTH_ABBREVIATIONS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];
/// Words that mark a sentence as speaking of the future.
const FUTURE: [&str; 10] = [
    "will",
    "shall",
    "scheduled",
    "upcoming",
    "expected",
    "plans",
    "planned",
    "set",
    "next",
    "forthcoming",
];

use crate::gazetteer::class::{self, Bits};

/// Class bit of a word of [`FUTURE`]: a bit of the token classes (see
/// [`crate::gazetteer::class`]), which the extractor marks with these words.
const SPEAKS_OF_FUTURE: Bits = class::FUTURE;
/// Class bit of a word that can open a date expression: a relative word, a
/// month or its abbreviation, a weekday (a number has it too, by its shape).
const OPENS_DATE: Bits = class::DATE_START;

/// What the date scanner reads of a word, by its lexicon id, so that one
/// lookup per token (shared with names and rules) replaces string tests.
#[derive(Debug, Clone, Default)]
pub(crate) struct DateWords {
    class: Vec<Bits>,
}

impl DateWords {
    /// Every word the scanner classifies: the lexicon must hold them.
    pub fn words() -> impl Iterator<Item = &'static str> {
        FUTURE
            .iter()
            .chain(&RELATIVE)
            .chain(&MONTHS)
            .chain(&MONTH_ABBREVIATIONS)
            .chain(&WEEKDAYS)
            .copied()
    }

    /// The classes of the [`DateWords::words`] that `lexicon` knows.
    pub fn new(lexicon: &Lexicon) -> DateWords {
        let mut class = Vec::new();
        let mut mark = |words: &[&str], bit: Bits| {
            for w in words {
                let id = lexicon.get(w);
                if id == Lexicon::NONE {
                    continue;
                }
                if class.len() <= id as usize {
                    class.resize(id as usize + 1, 0);
                }
                class[id as usize] |= bit;
            }
        };
        mark(&FUTURE, SPEAKS_OF_FUTURE);
        for opening in [&RELATIVE[..], &MONTHS, &MONTH_ABBREVIATIONS, &WEEKDAYS] {
            mark(opening, OPENS_DATE);
        }
        // Every other word (ids past the end included) reads this 0.
        class.push(0);
        DateWords { class }
    }

    /// The class bits of every word that has some, by word id.
    pub fn marks(&self) -> impl Iterator<Item = (u32, Bits)> + '_ {
        (0u32..)
            .zip(self.class.iter().copied())
            .filter(|&(_, c)| c != 0)
    }

    #[cfg(test)]
    fn class(&self, id: u32) -> Bits {
        crate::select::clamped(&self.class, id as usize, 0)
    }

    /// The date bits of each token's class, as the gazetteer's classes
    /// have them.
    #[cfg(test)]
    pub(crate) fn token_classes(&self, an: &Analysis, words: &[u32]) -> Vec<Bits> {
        an.tokens
            .iter()
            .zip(words)
            .map(|(t, &w)| self.class(w) | (Bits::from(t.shape == Shape::Number) * OPENS_DATE))
            .collect()
    }
}

fn month_of(word: &str) -> Option<u32> {
    if word.len() < 3 || word.len() > 9 {
        return None;
    }
    let lower;
    let w: &str = if word.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = word.to_ascii_lowercase();
        &lower
    } else {
        word
    };
    // Full names, and abbreviations (`Mar` needs its period, checked by the
    // caller; `May` is its own full name).
    Some(match w {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

fn weekday_of(word: &str) -> Option<u32> {
    if !(6..=9).contains(&word.len()) {
        return None;
    }
    WEEKDAYS
        .iter()
        .position(|d| d.eq_ignore_ascii_case(word))
        .map(|i| i as u32)
}

/// Tokens of one text with helpers for the scanner.
struct Scan<'a> {
    text: &'a str,
    toks: &'a [Token],
    an: &'a Analysis,
    /// Per token, its class (see [`tag_dates`]).
    class: &'a [Bits],
}

impl Scan<'_> {
    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.text(self.text))
    }

    /// The folded (lower-case, accent-free) text of token `i`.
    fn lower(&self, i: usize) -> &str {
        if i < self.toks.len() {
            self.an.folded_token(i)
        } else {
            ""
        }
    }

    fn num(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i)?;
        if t.shape != Shape::Number {
            return None;
        }
        let w = t.text(self.text);
        let (digits, rest) = w.split_at(w.bytes().take_while(u8::is_ascii_digit).count());
        if !(rest.is_empty() || ["st", "nd", "rd", "th"].contains(&rest))
            || digits.is_empty()
            || digits.len() > 4
        {
            return None;
        }
        Some((digits.parse().ok()?, digits.len()))
    }

    fn day(&self, i: usize) -> Option<u32> {
        self.num(i)
            .filter(|&(d, l)| l <= 2 && (1..=31).contains(&d))
            .map(|(d, _)| d)
    }

    fn year(&self, i: usize) -> Option<i32> {
        let (y, l) = self.num(i)?;
        let w = self.word(i);
        (l == 4 && w.len() == 4 && (1900..=2100).contains(&y)).then_some(y as i32)
    }

    /// Whether tokens `i` and `i + 1` touch (no space between them).
    fn glued(&self, i: usize) -> bool {
        match (self.toks.get(i), self.toks.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    fn is(&self, i: usize, w: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(w)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| matches!(t.shape, Shape::Capitalized | Shape::Upper))
    }

    /// A month name at `i`, with an optional abbreviation period: (month,
    /// tokens used).
    fn month(&self, i: usize) -> Option<(u32, usize)> {
        if !self.capitalised(i) {
            return None;
        }
        let w = self.lower(i);
        let m = month_of(w)?;
        let full = MONTHS.contains(&w);
        if full {
            return Some((m, 1));
        }
        // Abbreviations need their period (`Aug.`), except `Sept`.
        if self.is(i + 1, ".") && self.glued(i) {
            Some((m, 2))
        } else {
            None
        }
    }
}

/// How a sentence places a date relative to the document date.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
}

/// Finds every date expression in the text. `classes` are the tokens'
/// classes ([`crate::gazetteer::class`]), whose date bits come from the
/// [`DateWords`] of the lexicon.
pub(crate) fn tag_dates(
    an: &Analysis,
    text: &str,
    doc: Option<Date>,
    classes: &[Bits],
) -> Vec<DateMention> {
    /// `future` and `starts`.
    type Buffers = (Vec<u32>, Vec<u32>);
    thread_local! {
        /// The buffers, reused from document to document.
        static BUFFERS: std::cell::Cell<Buffers> = Default::default();
    }
    let (mut future, mut starts) = crate::reuse::take(&BUFFERS);
    let toks = &an.tokens;
    let class = classes.get(..toks.len()).unwrap_or(classes);
    debug_assert_eq!(class.len(), toks.len());
    let s = Scan {
        text,
        toks,
        an,
        class,
    };
    let mut out = Vec::new();
    // Running count of future-tense words, to read the tense near each
    // expression in constant time.
    future.clear();
    future.reserve(toks.len() + 1);
    future.push(0u32);
    for c in s.class {
        future.push(future[future.len() - 1] + u32::from(c & SPEAKS_OF_FUTURE != 0));
    }
    // A token short of classes counts as in no tense.
    future.resize(toks.len() + 1, future[future.len() - 1]);
    // The tokens where a date may start (see `crate::select`).
    crate::select::indexes_where(&mut starts, s.class.len(), |i| s.class[i] & OPENS_DATE != 0);
    let mut next = starts.iter().map(|&i| i as usize).peekable();
    for &(a, b) in &an.sentences {
        // The first token that no date found so far covers.
        let mut i = a;
        while let Some(&at) = next.peek() {
            if at >= b {
                break;
            }
            next.next();
            if at < i {
                continue;
            }
            i = at;
            // The tense of the words around the expression.
            // (mostly before it: "will meet on Saturday", "met on Tuesday").
            let (lo, hi) = (i.saturating_sub(8).max(a), (i + 4).min(b));
            let tense = if future[hi] > future[lo] {
                Tense::Future
            } else {
                Tense::Past
            };
            match one(&s, i, b, doc, tense) {
                Some((end, start, value)) => {
                    let span = Span::new(toks[start].start as usize, toks[end - 1].end as usize);
                    out.push(DateMention {
                        toks: (start, end),
                        span,
                        value,
                    });
                    i = end;
                }
                None => i += 1,
            }
        }
    }
    crate::reuse::give_back(&BUFFERS, (future, starts), toks.len());
    out
}

/// Relative words that can start a date expression (`last Tuesday`, `mid
/// March`).
const RELATIVE: [&str; 10] = [
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "this",
    "past",
    "early",
    "late",
    "mid",
];

/// Resolves month/day without a year.
fn place_month_day(doc: Date, m: u32, d: u32, tense: Tense) -> Option<Date> {
    let this = Date::new(doc.year(), m, d);
    match tense {
        Tense::Past => match this {
            Some(x) if x <= doc => Some(x),
            _ => Date::new(doc.year() - 1, m, d),
        },
        Tense::Future => match this {
            Some(x) if x >= doc => Some(x),
            _ => Date::new(doc.year() + 1, m, d),
        },
    }
}

fn place_month(doc: Date, m: u32, tense: Tense) -> i32 {
    match tense {
        Tense::Past if m > doc.month() => doc.year() - 1,
        Tense::Future if m < doc.month() => doc.year() + 1,
        _ => doc.year(),
    }
}

/// Tries to read a date expression starting at token `i` (or a modifier
/// there). Returns (end token, start token, value).
fn one(
    s: &Scan<'_>,
    i: usize,
    b: usize,
    doc: Option<Date>,
    tense: Tense,
) -> Option<(usize, usize, Option<String>)> {
    let w = s.lower(i);
    // Numeric dates: 2025-03-20, 20-03-2025, 20/03/2025.
    if let Some(r) = numeric(s, i, b) {
        return Some(r);
    }
    // Relative words.
    let rel = |delta: i64| doc.and_then(|d| d.add_days(delta)).map(|d| d.to_string());
    match w {
        "today" => return Some((i + 1, i, rel(0))),
        "yesterday" => return Some((i + 1, i, rel(-1))),
        "tomorrow" => return Some((i + 1, i, rel(1))),
        "last" | "next" | "this" | "past" if i + 1 < b => {
            let unit = s.lower(i + 1);
            let sign: i32 = match w {
                "last" | "past" => -1,
                "next" => 1,
                _ => 0,
            };
            if w != "past" {
                if unit == "year" {
                    return Some((i + 2, i, doc.map(|d| format!("{:04}", d.year() + sign))));
                }
                if unit == "month" {
                    let v = doc.map(|d| {
                        let idx = d.year() * 12 + d.month() as i32 - 1 + sign;
                        format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1)
                    });
                    return Some((i + 2, i, v));
                }
                if let Some(wd) = s
                    .capitalised(i + 1)
                    .then(|| weekday_of(s.word(i + 1)))
                    .flatten()
                {
                    let v = doc.and_then(|d| {
                        let back = (d.weekday() + 7 - wd) % 7;
                        let fwd = (wd + 7 - d.weekday()) % 7;
                        match sign {
                            -1 => d.add_days(-(if back == 0 { 7 } else { back } as i64)),
                            1 => d.add_days(if fwd == 0 { 7 } else { fwd } as i64),
                            _ => d.add_days(-(back as i64)),
                        }
                    });
                    return Some((i + 2, i, v.map(|d| d.to_string())));
                }
                if let Some((m, used)) = s.month(i + 1) {
                    // "last October" is last year's October; "next March"
                    // the coming one.
                    let v = doc.map(|d| {
                        let y = match sign {
                            -1 => d.year() - 1,
                            1 if m <= d.month() => d.year() + 1,
                            _ => d.year(),
                        };
                        format!("{y:04}-{m:02}")
                    });
                    return Some((i + 1 + used, i, v));
                }
            }
        }
        _ => {}
    }
    // Modifiers kept in the span: early/late/mid before a month or year.
    let (start, j) = match w {
        "early" | "late" | "mid" => {
            if s.is(i + 1, "-") && s.glued(i) {
                (i, i + 2)
            } else {
                (i, i + 1)
            }
        }
        _ => (i, i),
    };
    let modified = j > i;
    // A month name, with day and/or year.
    if let Some((m, used)) = s.month(j) {
        let k = j + used;
        // Month Day(, Year)?
        if !modified {
            if let Some(d) = s.day(k) {
                let (mut end, mut year) = (k + 1, None);
                if s.is(end, ",") && s.year(end + 1).is_some() {
                    year = s.year(end + 1);
                    end += 2;
                } else if let Some(y) = s.year(end) {
                    year = Some(y);
                    end += 1;
                }
                let v = match year {
                    Some(y) => Date::new(y, m, d).map(|x| x.to_string()),
                    None => doc
                        .and_then(|dd| place_month_day(dd, m, d, tense))
                        .map(|x| x.to_string()),
                };
                if Date::new(year.unwrap_or(2000), m, d).is_some() {
                    return Some((end, start, v));
                }
            }
        }
        // Month Year.
        if let Some(y) = s.year(k) {
            return Some((k + 1, start, Some(format!("{y:04}-{m:02}"))));
        }
        // A bare month after a cue word or modifier.
        let cue = modified || i > 0 && CUES.contains(&s.lower(i - 1));
        if cue {
            let v = doc.map(|d| format!("{:04}-{m:02}", place_month(d, m, tense)));
            return Some((k, start, v));
        }
        return None;
    }
    // Day Month (Year)?
    if !modified {
        if let Some(d) = s.day(i) {
            if let Some((m, used)) = s.month(i + 1) {
                let k = i + 1 + used;
                if let Some(y) = s.year(k) {
                    return Date::new(y, m, d).map(|x| (k + 1, i, Some(x.to_string())));
                }
                if Date::new(2000, m, d).is_some() {
                    let v = doc
                        .and_then(|dd| place_month_day(dd, m, d, tense))
                        .map(|x| x.to_string());
                    return Some((k, i, v));
                }
            }
        }
    }
    // A year after a cue word or modifier.
    if let Some(y) = s.year(j) {
        let cue = modified || i > 0 && CUES.contains(&s.lower(i - 1));
        if cue && !s.is(j + 1, "-") {
            return Some((j + 1, start, Some(format!("{y:04}"))));
        }
        return None;
    }
    // Weekdays (the span is the weekday alone).
    if !modified && s.capitalised(i) {
        if let Some(wd) = weekday_of(s.word(i)) {
            let v = doc.and_then(|d| {
                let back = (d.weekday() + 7 - wd) % 7;
                let fwd = (wd + 7 - d.weekday()) % 7;
                match tense {
                    Tense::Past => d.add_days(-(back as i64)),
                    Tense::Future => d.add_days(fwd as i64),
                }
            });
            return Some((i + 1, i, v.map(|d| d.to_string())));
        }
    }
    None
}

/// `2025-03-20`, `20-03-2025`, `20/03/2025`, `20.03.2025`, written without spaces.
fn numeric(s: &Scan<'_>, i: usize, b: usize) -> Option<(usize, usize, Option<String>)> {
    if i + 4 > b || !(s.glued(i) && s.glued(i + 1) && s.glued(i + 2) && s.glued(i + 3)) {
        return None;
    }
    let sep = s.word(i + 1);
    if !["-", "/", "."].contains(&sep) || s.word(i + 3) != sep {
        return None;
    }
    let (a, la) = s.num(i)?;
    let (m, lm) = s.num(i + 2)?;
    let (c, lc) = s.num(i + 4)?;
    if lm > 2 {
        return None;
    }
    let date = if la == 4 && lc <= 2 {
        Date::new(a as i32, m, c)
    } else if lc == 4 && la <= 2 {
        Date::new(c as i32, m, a)
    } else {
        None
    }?;
    Some((i + 5, i, Some(date.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_that_opens_a_date_is_classed_so() {
        let mut lexicon = Lexicon::default();
        DateWords::words().for_each(|w| {
            lexicon.intern(w);
        });
        let dw = DateWords::new(&lexicon);
        for w in MONTHS.iter().chain(&MONTH_ABBREVIATIONS) {
            assert!(month_of(w).is_some(), "{w}");
        }
        for w in WEEKDAYS {
            assert!(weekday_of(w).is_some(), "{w}");
        }
        for w in RELATIVE
            .iter()
            .chain(&MONTHS)
            .chain(&MONTH_ABBREVIATIONS)
            .chain(&WEEKDAYS)
        {
            assert!(dw.class(lexicon.get(w)) & OPENS_DATE != 0, "{w}");
        }
        assert_eq!(dw.class(lexicon.get("will")), SPEAKS_OF_FUTURE);
        assert_eq!(dw.class(lexicon.get("next")), SPEAKS_OF_FUTURE | OPENS_DATE);
        assert_eq!(dw.class(Lexicon::NONE), 0);
    }

    fn dates(text: &str, doc: &str) -> Vec<(String, Option<String>)> {
        let an = Analysis::new(text);
        let d: Option<Date> = doc.parse().ok();
        let mut lexicon = Lexicon::default();
        DateWords::words().for_each(|w| {
            lexicon.intern(w);
        });
        let mut words = Vec::new();
        lexicon.ids_into(&an, &mut words);
        let classes = DateWords::new(&lexicon).token_classes(&an, &words);
        tag_dates(&an, text, d, &classes)
            .into_iter()
            .map(|m| (text[m.span.range()].to_string(), m.value))
            .collect()
    }

    fn one_date(text: &str, doc: &str) -> (String, Option<String>) {
        let d = dates(text, doc);
        assert_eq!(d.len(), 1, "{text:?}: {d:?}");
        d[0].clone()
    }

    #[test]
    fn recognises_and_normalises() {
        let table: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "It was signed on August 11, 2025 in Erbil.",
                "2025-09-01",
                "August 11, 2025",
                Some("2025-08-11"),
            ),
            (
                "It was signed on 11 August 2025.",
                "2025-09-01",
                "11 August 2025",
                Some("2025-08-11"),
            ),
            (
                "It was signed on Aug. 11, 2006.",
                "2025-09-01",
                "Aug. 11, 2006",
                Some("2006-08-11"),
            ),
            (
                "Filed 2025-03-20 in Erbil.",
                "2025-09-01",
                "2025-03-20",
                Some("2025-03-20"),
            ),
            (
                "Filed 20-03-2025 in Erbil.",
                "2025-09-01",
                "20-03-2025",
                Some("2025-03-20"),
            ),
            (
                "Filed 20/03/2025 in Erbil.",
                "2025-09-01",
                "20/03/2025",
                Some("2025-03-20"),
            ),
            (
                "They met on March 14.",
                "2025-03-20",
                "March 14",
                Some("2025-03-14"),
            ),
            (
                "They met on 14 March.",
                "2025-03-20",
                "14 March",
                Some("2025-03-14"),
            ),
            (
                "They met on December 20.",
                "2025-01-05",
                "December 20",
                Some("2024-12-20"),
            ),
            (
                "They will meet on March 24.",
                "2025-03-20",
                "March 24",
                Some("2025-03-24"),
            ),
            (
                "The regime fell in December 2024.",
                "2025-03-20",
                "December 2024",
                Some("2024-12"),
            ),
            (
                "Since its signing in March, talks continued.",
                "2025-08-11",
                "March",
                Some("2025-03"),
            ),
            (
                "In a late July interview she spoke.",
                "2025-08-11",
                "late July",
                Some("2025-07"),
            ),
            (
                "Fighting resumed in mid-July.",
                "2025-08-11",
                "mid-July",
                Some("2025-07"),
            ),
            (
                "The plant opened in early 2024.",
                "2025-08-11",
                "early 2024",
                Some("2024"),
            ),
            (
                "It was founded in 2023.",
                "2025-08-11",
                "2023",
                Some("2023"),
            ),
            (
                "He arrived late Monday.",
                "2025-08-11",
                "Monday",
                Some("2025-08-11"),
            ),
            (
                "He spoke on Thursday.",
                "2025-03-21",
                "Thursday",
                Some("2025-03-20"),
            ),
            (
                "He will speak on Thursday.",
                "2025-03-18",
                "Thursday",
                Some("2025-03-20"),
            ),
            (
                "They met last Tuesday.",
                "2025-05-20",
                "last Tuesday",
                Some("2025-05-13"),
            ),
            (
                "It happened last October.",
                "2024-08-15",
                "last October",
                Some("2023-10"),
            ),
            (
                "Talks take place today.",
                "2025-04-19",
                "today",
                Some("2025-04-19"),
            ),
            (
                "He left yesterday.",
                "2025-04-19",
                "yesterday",
                Some("2025-04-18"),
            ),
            (
                "Turnout rose last year.",
                "2025-04-19",
                "last year",
                Some("2024"),
            ),
            (
                "Prices rise next month.",
                "2025-12-19",
                "next month",
                Some("2026-01"),
            ),
        ];
        for (text, doc, span, value) in table {
            let got = one_date(text, doc);
            assert_eq!(
                (got.0.as_str(), got.1.as_deref()),
                (*span, *value),
                "{text:?}"
            );
        }
    }

    #[test]
    fn not_dates() {
        for text in [
            "They may march on.",
            "Protesters march in Basra.",
            "He won 2024 votes.",
            "Room 1203 was empty.",
            "The Maj. Gen. spoke.",
        ] {
            let d = dates(text, "2025-01-01");
            assert!(d.is_empty(), "{text:?}: {d:?}");
        }
    }

    #[test]
    fn without_a_document_date_relative_dates_have_no_value() {
        assert_eq!(
            one_date("He spoke on Thursday.", ""),
            ("Thursday".into(), None)
        );
        assert_eq!(
            one_date("Signed on August 11, 2025.", ""),
            ("August 11, 2025".into(), Some("2025-08-11".into()))
        );
    }
}
