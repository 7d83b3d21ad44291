//! brat standoff output: the `.txt` is the text itself, the `.ann` holds the
//! annotations.
//!
//! - an entity is a text-bound line, `T1\tGPE 30 37\tBaghdad`, with character
//!   offsets (brat counts Unicode characters);
//! - an event is a text-bound line for its trigger, labelled with the event
//!   type (`T9\tmeeting 13 16\tmet`), and an event line naming its arguments
//!   (`E1\tmeeting:T9 Agent:T1 Counterpart:T2 Place:T5`); a role used twice
//!   is numbered (`Agent2`), as brat requires;
//! - a modality other than asserted is an attribute, `A1\tModality E1 future`;
//! - the gazetteer id of a linked entity, the value of a date and the date of
//!   an event are annotator notes, `#1\tAnnotatorNotes T1\tfuad-hussein`.
//!
//! The `.ann` format is line- and tab-oriented. A span whose text holds a
//! line break or a tab (an entity written over two lines) is written as
//! brat writes such spans: as fragments `0 4;5 12` around the break, whose
//! texts joined by a space are the line's text. [`brat_annotation_conf`]
//! gives the `annotation.conf` that declares the labels, event types, roles
//! and attribute.
//!
//! ```
//! use dragoman::{Extractor, Meta};
//!
//! let doc = Extractor::default().extract("Fuad Hussein met Asaad al-Shibani in Baghdad.", &Meta::default());
//! let ann = dragoman::output::to_brat_ann(&doc);
//! let lines: Vec<&str> = ann.lines().collect();
//! assert_eq!(lines[0], "T1\tPERSON 0 12\tFuad Hussein");
//! assert!(lines.contains(&"T4\tmeeting 13 16\tmet"));
//! assert!(lines.contains(&"E1\tmeeting:T4 Agent:T1 Counterpart:T2 Place:T3"));
//! assert_eq!(dragoman::output::to_brat_txt(&doc), doc.text);
//! ```

use std::collections::HashMap;
use std::fmt::Write;

use super::CharIndex;
use crate::document::{Document, Label, Span};
use crate::events::{EventType, Modality, Role};

/// The brat `.txt` file for a document: its text, unchanged, so that the
/// `.ann` offsets index it.
pub fn to_brat_txt(doc: &Document) -> &str {
    &doc.text
}

/// The brat `.ann` file for a document.
///
/// Text-bound lines come first (entities `T1`… in text order, then event
/// triggers), then event lines, modality attributes and notes. Two events
/// of the same type with the same trigger share its text-bound line.
pub fn to_brat_ann(doc: &Document) -> String {
    let text = doc.text.as_str();
    let idx = CharIndex::new(text);
    let mut spans = String::new();
    let mut events = String::new();
    let mut attrs = String::new();
    let mut notes = String::new();
    let mut t = 0;
    let mut note = 0;
    let mut attr = 0;
    // The T id of each entity; `None` for one with nothing to mark.
    let mut ent_ids: Vec<Option<usize>> = Vec::with_capacity(doc.entities.len());
    for e in doc.entities() {
        if !text_bound(&mut spans, text, &idx, t + 1, e.label.as_str(), e.span) {
            ent_ids.push(None);
            continue;
        }
        t += 1;
        ent_ids.push(Some(t));
        let about = match (&e.value, &e.id, &e.canonical) {
            (Some(v), _, _) => Some(v.to_string()),
            (None, Some(id), Some(c)) if **c != *e.text => Some(format!("{id} ({c})")),
            (None, Some(id), _) => Some(id.to_string()),
            (None, None, _) => None,
        };
        if let Some(about) = about {
            note += 1;
            let _ = writeln!(notes, "#{note}\tAnnotatorNotes T{t}\t{}", one_line(&about));
        }
    }
    let mut triggers: HashMap<(EventType, Span), usize> = HashMap::new();
    let mut e = 0;
    for ev in doc.events() {
        let kind = ev.kind.as_str();
        let trigger = match triggers.get(&(ev.kind, ev.trigger)) {
            Some(&id) => id,
            None => {
                if !text_bound(&mut spans, text, &idx, t + 1, kind, ev.trigger) {
                    continue;
                }
                t += 1;
                triggers.insert((ev.kind, ev.trigger), t);
                t
            }
        };
        e += 1;
        let _ = write!(events, "E{e}\t{kind}:T{trigger}");
        let mut used: HashMap<&str, usize> = HashMap::new();
        let args = ev
            .participants
            .iter()
            .map(|p| (role_name(p.role), p.entity))
            .chain(ev.places.iter().map(|&p| (role_name(Role::Place), p)));
        for (role, entity) in args {
            let Some(Some(target)) = ent_ids.get(entity) else {
                continue;
            };
            let n = used.entry(role).or_insert(0);
            *n += 1;
            if *n == 1 {
                let _ = write!(events, " {role}:T{target}");
            } else {
                let _ = write!(events, " {role}{n}:T{target}");
            }
        }
        events.push('\n');
        if ev.modality != Modality::Asserted {
            attr += 1;
            let _ = writeln!(attrs, "A{attr}\tModality E{e} {}", ev.modality.as_str());
        }
        if let Some(date) = &ev.date {
            note += 1;
            let _ = writeln!(
                notes,
                "#{note}\tAnnotatorNotes E{e}\tdate {}",
                one_line(date)
            );
        }
    }
    spans + &events + &attrs + &notes
}

/// The modalities written as attributes (all but asserted).
const MODALITIES: [Modality; 3] = [Modality::Future, Modality::Negated, Modality::Hypothetical];

/// The brat name of a role: capitalised, as brat configurations write them.
fn role_name(role: Role) -> &'static str {
    match role {
        Role::Agent => "Agent",
        Role::Counterpart => "Counterpart",
        Role::Target => "Target",
        Role::Visitor => "Visitor",
        Role::Host => "Host",
        Role::Place => "Place",
    }
}

/// An `annotation.conf` for brat that declares everything [`to_brat_ann`]
/// writes: the entity labels, every event type with every role as an
/// optional, repeatable argument, and the modality attribute.
///
/// ```
/// let conf = dragoman::output::brat_annotation_conf();
/// assert!(conf.contains("\nGPE\n"));
/// assert!(conf.contains("\nmeeting\tAgent*:<ENTITY>, Counterpart*:<ENTITY>"));
/// ```
pub fn brat_annotation_conf() -> String {
    let mut out = String::from(
        "# brat annotation.conf for the .ann files of `dragoman extract --format brat`\n\
         [entities]\n",
    );
    for l in Label::ALL {
        out.push_str(l.as_str());
        out.push('\n');
    }
    out.push_str("[relations]\n[events]\n");
    let args: Vec<String> = Role::ALL
        .iter()
        .map(|&r| format!("{}*:<ENTITY>", role_name(r)))
        .collect();
    let args = args.join(", ");
    for ty in EventType::ALL {
        let _ = writeln!(out, "{}\t{args}", ty.as_str());
    }
    let values: Vec<&str> = MODALITIES.iter().map(|m| m.as_str()).collect();
    let _ = writeln!(
        out,
        "[attributes]\nModality\tArg:<EVENT>, Value:{}",
        values.join("|")
    );
    out
}

/// Writes the text-bound line `T{id}\t{label} {offsets}\t{text}`; false, and
/// nothing written, when the span has no text outside line breaks.
fn text_bound(
    out: &mut String,
    text: &str,
    idx: &CharIndex,
    id: usize,
    label: &str,
    span: Span,
) -> bool {
    let frags = fragments(text, span);
    if frags.is_empty() {
        return false;
    }
    let _ = write!(out, "T{id}\t{label} ");
    for (i, f) in frags.iter().enumerate() {
        let sep = if i == 0 { "" } else { ";" };
        let _ = write!(out, "{sep}{} {}", idx.chars(f.start), idx.chars(f.end));
    }
    out.push('\t');
    for (i, f) in frags.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&text[f.range()]);
    }
    out.push('\n');
    true
}

/// Whether a character ends a line of the `.ann` file for its readers: a
/// tab, or a line boundary of Python's `str.splitlines` (brat is Python).
fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{0B}'
            | '\u{0C}'
            | '\r'
            | '\u{1C}'
            | '\u{1D}'
            | '\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The byte spans of the pieces of `span` between line-breaking characters,
/// without the white space around each break.
fn fragments(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut cur: Option<Span> = None;
    for (i, c) in text[span.range()].char_indices() {
        let at = span.start + i;
        if breaks_line(c) {
            out.extend(cur.take());
        } else if !c.is_whitespace() {
            let end = at + c.len_utf8();
            cur = Some(Span::new(cur.map_or(at, |s| s.start), end));
        }
    }
    out.extend(cur);
    out
}

/// A note's text on one line of the `.ann` file.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if breaks_line(c) { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Participant;
    use crate::output::testing::{doc, event};

    #[test]
    fn a_span_over_a_line_break_is_written_in_fragments() {
        let d = doc(
            "Şanlıurfa met Fuad\r\n  Hussein.",
            &[
                ("Şanlıurfa", Label::Gpe),
                ("Fuad\r\n  Hussein", Label::Person),
            ],
        );
        assert_eq!(
            to_brat_ann(&d),
            "T1\tGPE 0 9\tŞanlıurfa\nT2\tPERSON 14 18;22 29\tFuad Hussein\n"
        );
    }

    #[test]
    fn repeated_roles_are_numbered_and_modality_is_an_attribute() {
        let mut d = doc(
            "Iraq, Syria and Jordan will meet in Amman.",
            &[
                ("Iraq", Label::Gpe),
                ("Syria", Label::Gpe),
                ("Jordan", Label::Gpe),
                ("Amman", Label::Gpe),
            ],
        );
        let mut ev = event(&d, EventType::Meeting, "meet");
        ev.participants = (0..3)
            .map(|entity| Participant {
                entity,
                role: Role::Agent,
            })
            .collect();
        ev.places = vec![3];
        ev.modality = Modality::Future;
        ev.date = Some("2025-03-14".into());
        d.events = vec![ev.clone(), ev];
        let ann = to_brat_ann(&d);
        let lines: Vec<&str> = ann.lines().collect();
        assert_eq!(lines[4], "T5\tmeeting 28 32\tmeet");
        assert_eq!(
            lines[5],
            "E1\tmeeting:T5 Agent:T1 Agent2:T2 Agent3:T3 Place:T4"
        );
        // The second event reuses the trigger.
        assert_eq!(
            lines[6],
            "E2\tmeeting:T5 Agent:T1 Agent2:T2 Agent3:T3 Place:T4"
        );
        assert_eq!(lines[7], "A1\tModality E1 future");
        assert_eq!(lines[8], "A2\tModality E2 future");
        assert_eq!(lines[9], "#1\tAnnotatorNotes E1\tdate 2025-03-14");
        assert_eq!(lines.len(), 11);
    }

    #[test]
    fn configuration_declares_what_is_written() {
        let conf = brat_annotation_conf();
        for r in Role::ALL {
            assert!(conf.contains(&format!("{}*:<ENTITY>", role_name(r))));
        }
        for ty in EventType::ALL {
            assert!(conf.contains(&format!("\n{}\t", ty.as_str())));
        }
        assert!(conf.ends_with("Value:future|negated|hypothetical\n"));
    }
}
