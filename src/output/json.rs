//! The JSON object for one document (DESIGN.md, "Command-line contract").

use serde::Serialize;

use crate::document::{Document, Entity};
use crate::events::Event;

/// Converts byte offsets of a text to character (Unicode scalar) offsets.
///
/// Built in one pass; each lookup is a binary search over the text's
/// non-ASCII characters, so ASCII text costs nothing.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// For each non-ASCII character: the byte offset just after it, and how
    /// many extra bytes (beyond one per character) the text has up to there.
    marks: Vec<(usize, usize)>,
}

impl CharIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (i, c) in text.char_indices() {
                let l = c.len_utf8();
                if l > 1 {
                    extra += l - 1;
                    marks.push((i + l, extra));
                }
            }
        }
        CharIndex { marks }
    }

    /// The character offset of byte offset `byte` (which must be a character
    /// boundary).
    pub fn chars(&self, byte: usize) -> usize {
        let i = self.marks.partition_point(|&(end, _)| end <= byte);
        byte - if i == 0 { 0 } else { self.marks[i - 1].1 }
    }
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
    label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    canonical: Option<&'a str>,
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    alternatives: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    entities: Vec<JsonEntity<'a>>,
    events: Vec<JsonEvent<'a>>,
}

#[derive(Serialize)]
struct JsonTrigger<'a> {
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonArg<'a> {
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'static str>,
    entity: usize,
}

#[derive(Serialize)]
struct JsonCodes {
    plover: Option<&'static str>,
    cameo: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    trigger: JsonTrigger<'a>,
    participants: Vec<JsonArg<'a>>,
    places: Vec<JsonArg<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    modality: &'static str,
    codes: JsonCodes,
    sentence: usize,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attribution: Option<JsonArg<'a>>,
}

fn arg<'a>(doc: &'a Document, entity: usize, role: Option<&'static str>) -> Option<JsonArg<'a>> {
    let e = doc.entities.get(entity)?;
    Some(JsonArg {
        text: &e.text,
        id: e.id.as_deref(),
        role,
        entity,
    })
}

fn event<'a>(doc: &'a Document, ev: &'a Event, idx: &CharIndex) -> JsonEvent<'a> {
    let codes = ev.codes();
    JsonEvent {
        kind: ev.kind.as_str(),
        trigger: JsonTrigger {
            start: idx.chars(ev.trigger.start),
            end: idx.chars(ev.trigger.end),
            byte_start: ev.trigger.start,
            byte_end: ev.trigger.end,
            // The crate's documents always slice; `get` keeps a document
            // whose fields were changed by hand from panicking here.
            text: doc.text.get(ev.trigger.range()).unwrap_or(""),
        },
        participants: ev
            .participants
            .iter()
            .filter_map(|p| arg(doc, p.entity, Some(p.role.as_str())))
            .collect(),
        places: ev
            .places
            .iter()
            .filter_map(|&p| arg(doc, p, None))
            .collect(),
        date: ev.date.as_deref(),
        modality: ev.modality.as_str(),
        codes: JsonCodes {
            plover: codes.plover,
            cameo: codes.cameo,
        },
        sentence: ev.sentence,
        rule: &ev.rule,
        attribution: ev.attribution.and_then(|a| arg(doc, a, None)),
    }
}

fn entity<'a>(e: &'a Entity, idx: &CharIndex) -> JsonEntity<'a> {
    JsonEntity {
        start: idx.chars(e.span.start),
        end: idx.chars(e.span.end),
        byte_start: e.span.start,
        byte_end: e.span.end,
        text: &e.text,
        label: e.label.as_str(),
        id: e.id.as_deref(),
        canonical: e.canonical.as_deref(),
        source: e.source.as_str(),
        value: e.value.as_deref(),
        alternatives: e.alternatives.iter().map(|a| &**a).collect(),
    }
}

fn json_doc(doc: &Document) -> JsonDoc<'_> {
    let idx = CharIndex::new(&doc.text);
    JsonDoc {
        id: doc.meta.id.as_deref(),
        entities: doc.entities.iter().map(|e| entity(e, &idx)).collect(),
        events: doc.events.iter().map(|ev| event(doc, ev, &idx)).collect(),
    }
}

/// The document as a JSON value.
pub fn to_json_value(doc: &Document) -> serde_json::Value {
    serde_json::to_value(json_doc(doc)).unwrap_or(serde_json::Value::Null)
}

/// The document as compact JSON on one line.
///
/// ```
/// let ex = dragoman::Extractor::default();
/// let doc = ex.extract("Talks opened in Baghdad.", &dragoman::Meta::default());
/// let json = dragoman::output::to_json(&doc);
/// assert!(json.contains(r#""label":"GPE""#));
/// ```
pub fn to_json(doc: &Document) -> String {
    // About 200 bytes an entity and 600 an event: one allocation, no regrowth.
    let mut out = Vec::with_capacity(64 + 200 * doc.entities.len() + 600 * doc.events.len());
    match serde_json::to_writer(&mut out, &json_doc(doc)) {
        // serde_json writes UTF-8 only.
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets() {
        let text = "Qamişlo and أربيل and Erbil";
        let idx = CharIndex::new(text);
        for (c, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(idx.chars(b), c);
        }
        assert_eq!(idx.chars(text.len()), text.chars().count());
    }
}
