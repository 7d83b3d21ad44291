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

/// The document as indented JSON, keys in alphabetical order: exactly
/// `serde_json::to_string_pretty(&to_json_value(doc))`, made one entity or
/// event at a time so that a long document never holds the whole tree of
/// values (a 10 MB article took 850 MB that way, against 313 MB as JSONL).
///
/// ```
/// let ex = dragoman::Extractor::default();
/// let doc = ex.extract("Talks opened in Baghdad.", &dragoman::Meta::default());
/// let json = dragoman::output::to_json_pretty(&doc);
/// assert!(json.starts_with("{\n  \"entities\": [\n    {\n"));
/// assert_eq!(json, serde_json::to_string_pretty(&dragoman::output::to_json_value(&doc)).unwrap());
/// ```
pub fn to_json_pretty(doc: &Document) -> String {
    /// One array, its items indented by four spaces.
    fn array<T: Serialize>(out: &mut String, name: &str, items: &[T]) {
        out.push_str("\n  \"");
        out.push_str(name);
        out.push_str("\": [");
        for (k, item) in items.iter().enumerate() {
            // Through a `Value`, whose maps sort their keys.
            let value = serde_json::to_value(item).unwrap_or(serde_json::Value::Null);
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.push_str(if k == 0 { "\n" } else { ",\n" });
            for (l, line) in text.lines().enumerate() {
                if l > 0 {
                    out.push('\n');
                }
                out.push_str("    ");
                out.push_str(line);
            }
        }
        if !items.is_empty() {
            out.push_str("\n  ");
        }
        out.push(']');
    }
    let d = json_doc(doc);
    let mut out = String::with_capacity(64 + 300 * d.entities.len() + 900 * d.events.len());
    out.push('{');
    array(&mut out, "entities", &d.entities);
    out.push(',');
    array(&mut out, "events", &d.events);
    if let Some(id) = d.id {
        out.push_str(",\n  \"id\": ");
        out.push_str(&serde_json::to_string(id).unwrap_or_default());
    }
    out.push_str("\n}");
    out
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
    let mut w = Writer(String::with_capacity(
        64 + 200 * doc.entities.len() + 600 * doc.events.len(),
    ));
    w.doc(&json_doc(doc));
    w.0
}

/// The bytes a JSON string escapes: quote, backslash and control characters.
const ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// Writes the JSON of [`JsonDoc`] byte for byte as `serde_json` writes it
/// compactly (a test checks that), without going through serde: the
/// command-line tool writes several bytes of JSON per byte of input, and
/// this is most of its output time.
struct Writer(String);

impl Writer {
    /// `"name":` after a comma unless it is the object's first field.
    #[inline(always)]
    fn key(&mut self, name: &str, first: bool) {
        if !first {
            self.0.push(',');
        }
        self.0.push('"');
        self.0.push_str(name);
        self.0.push_str("\":");
    }

    #[inline(always)]
    fn num(&mut self, name: &str, n: usize, first: bool) {
        self.key(name, first);
        self.0.push_str(itoa::Buffer::new().format(n));
    }

    #[inline(always)]
    fn str(&mut self, name: &str, v: &str, first: bool) {
        self.key(name, first);
        self.string(v);
    }

    #[inline(always)]
    fn opt(&mut self, name: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.str(name, v, false);
        }
    }

    /// A JSON string, escaped as serde_json escapes it: quote, backslash
    /// and control characters, with `\u00xx` for those without a short
    /// form.
    fn string(&mut self, v: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.0.push('"');
        let bytes = v.as_bytes();
        let mut from = 0;
        // Most strings need no escape: one table lookup a byte, one copy.
        while let Some(k) = bytes[from..].iter().position(|&b| ESCAPED[b as usize]) {
            let i = from + k;
            // `i` is at an ASCII byte, so both slices are on boundaries.
            self.0.push_str(&v[from..i]);
            match bytes[i] {
                b'"' => self.0.push_str("\\\""),
                b'\\' => self.0.push_str("\\\\"),
                b'\n' => self.0.push_str("\\n"),
                b'\r' => self.0.push_str("\\r"),
                b'\t' => self.0.push_str("\\t"),
                0x08 => self.0.push_str("\\b"),
                0x0C => self.0.push_str("\\f"),
                b => {
                    self.0.push_str("\\u00");
                    self.0.push(HEX[(b >> 4) as usize] as char);
                    self.0.push(HEX[(b & 15) as usize] as char);
                }
            }
            from = i + 1;
        }
        self.0.push_str(&v[from..]);
        self.0.push('"');
    }

    fn doc(&mut self, d: &JsonDoc<'_>) {
        self.0.push('{');
        let mut first = true;
        if let Some(id) = d.id {
            self.str("id", id, true);
            first = false;
        }
        self.key("entities", first);
        self.0.push('[');
        for (i, e) in d.entities.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.entity(e);
        }
        self.0.push_str("],");
        self.key("events", true);
        self.0.push('[');
        for (i, e) in d.events.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.event(e);
        }
        self.0.push_str("]}");
    }

    fn entity(&mut self, e: &JsonEntity<'_>) {
        self.0.push('{');
        self.num("start", e.start, true);
        self.num("end", e.end, false);
        self.num("byte_start", e.byte_start, false);
        self.num("byte_end", e.byte_end, false);
        self.str("text", e.text, false);
        self.str("label", e.label, false);
        self.opt("id", e.id);
        self.opt("canonical", e.canonical);
        self.str("source", e.source, false);
        self.opt("value", e.value);
        if !e.alternatives.is_empty() {
            self.key("alternatives", false);
            self.0.push('[');
            for (i, a) in e.alternatives.iter().enumerate() {
                if i > 0 {
                    self.0.push(',');
                }
                self.string(a);
            }
            self.0.push(']');
        }
        self.0.push('}');
    }

    fn arg(&mut self, a: &JsonArg<'_>) {
        self.0.push('{');
        self.str("text", a.text, true);
        self.opt("id", a.id);
        self.opt("role", a.role);
        self.num("entity", a.entity, false);
        self.0.push('}');
    }

    fn args(&mut self, name: &str, args: &[JsonArg<'_>]) {
        self.key(name, false);
        self.0.push('[');
        for (i, a) in args.iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.arg(a);
        }
        self.0.push(']');
    }

    fn event(&mut self, e: &JsonEvent<'_>) {
        self.0.push('{');
        self.str("type", e.kind, true);
        self.key("trigger", false);
        self.0.push('{');
        self.num("start", e.trigger.start, true);
        self.num("end", e.trigger.end, false);
        self.num("byte_start", e.trigger.byte_start, false);
        self.num("byte_end", e.trigger.byte_end, false);
        self.str("text", e.trigger.text, false);
        self.0.push('}');
        self.args("participants", &e.participants);
        self.args("places", &e.places);
        self.opt("date", e.date);
        self.str("modality", e.modality, false);
        self.key("codes", false);
        self.0.push('{');
        for (name, code, first) in [
            ("plover", e.codes.plover, true),
            ("cameo", e.codes.cameo, false),
        ] {
            self.key(name, first);
            match code {
                Some(c) => self.string(c),
                None => self.0.push_str("null"),
            }
        }
        self.0.push('}');
        self.num("sentence", e.sentence, false);
        self.str("rule", e.rule, false);
        if let Some(a) = &e.attribution {
            self.key("attribution", false);
            self.arg(a);
        }
        self.0.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_writes_what_serde_json_writes() {
        let ex = crate::Extractor::default();
        let meta = crate::Meta::dated("2025-03-10")
            .unwrap_or_default()
            .with_id("d\"1\\\u{1}");
        for text in [
            "",
            "Iraqi Foreign Minister Fuad Hussein met his Syrian counterpart Asaad al-Shibani in Baghdad on Friday.",
            "The Syrian Democratic Forces (SDF) said Turkish drones struck Qamişlo; Ankara denied it.\n\n\"We will not be drawn in,\" he said\ton Monday.\u{7}",
            "Tripoli, Lebanon — Hezbollah and Israel agreed a ceasefire; \\ the U.S. brokered it.",
        ] {
            let doc = ex.extract(text, &meta);
            let want = serde_json::to_string(&json_doc(&doc)).unwrap();
            assert_eq!(to_json(&doc), want, "{text:?}");
            let pretty = serde_json::to_string_pretty(&to_json_value(&doc)).unwrap();
            assert_eq!(to_json_pretty(&doc), pretty, "{text:?}");
            let unnamed = ex.extract(text, &crate::Meta::default());
            let pretty = serde_json::to_string_pretty(&to_json_value(&unnamed)).unwrap();
            assert_eq!(to_json_pretty(&unnamed), pretty, "{text:?}");
        }
        for n in [0, 7, 10, 99, 100, 123_456_789, usize::MAX] {
            let mut w = Writer(String::new());
            w.num("n", n, true);
            assert_eq!(w.0, format!("\"n\":{n}"));
        }
        let mut w = Writer(String::new());
        let all: String = (0u8..128).map(char::from).chain("é“”".chars()).collect();
        w.string(&all);
        assert_eq!(w.0, serde_json::to_string(&all).unwrap());
    }

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
