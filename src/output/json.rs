//! The JSON object for one document (DESIGN.md, "Command-line contract").

use serde::Serialize;

use crate::document::{Document, Entity, Label, Source, Span};
use crate::entities::Mention;
use crate::events::Event;
use crate::gazetteer::Gazetteer;

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
    ///
    /// Eight bytes are tested at a time for a byte outside ASCII, and only
    /// the lead bytes of other characters are decoded: news text is ASCII
    /// but for a few quotes and dashes.
    pub fn new(text: &str) -> CharIndex {
        let mut marks = Vec::new();
        let bytes = text.as_bytes();
        let mut extra = 0;
        let mut i = 0;
        while i < bytes.len() {
            if let Some(chunk) = bytes.get(i..i + 8) {
                let mut b = [0u8; 8];
                b.copy_from_slice(chunk);
                if u64::from_le_bytes(b) & 0x8080_8080_8080_8080 == 0 {
                    i += 8;
                    continue;
                }
            }
            // A lead byte gives its character's length; ASCII and
            // continuation bytes are passed over.
            let len = match bytes[i] {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xFF => 4,
                _ => 1,
            };
            if len > 1 {
                extra += len - 1;
                marks.push((i + len, extra));
            }
            i += len;
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
    Writer::write(
        doc.meta.id.as_deref(),
        &doc.text,
        &doc.entities,
        &doc.events,
    )
}

/// [`to_json`] of the document that `text`, its mentions (in text order)
/// and its events make, written from the mentions: no [`Entity`] is made,
/// so neither its text nor its ids are copied (see
/// [`crate::Extractor::extract_json`]).
pub(crate) fn mentions_to_json(
    id: Option<&str>,
    text: &str,
    gaz: &Gazetteer,
    mentions: &[Mention],
    events: &[Event],
) -> String {
    let named: Vec<Named<'_>> = mentions
        .iter()
        .map(|m| {
            let (id, canonical) = crate::entities::names(m, gaz);
            Named {
                m,
                text: &text[m.span.range()],
                id: id.map(|a| &**a),
                canonical: canonical.map(|a| &**a),
                gaz,
            }
        })
        .collect();
    Writer::write(id, text, &named, events)
}

/// What the writer reads of an entity: an [`Entity`], or a mention with
/// what names it ([`Named`]).
trait EntityOut {
    fn span(&self) -> Span;
    fn text(&self) -> &str;
    fn label(&self) -> Label;
    fn id(&self) -> Option<&str>;
    fn canonical(&self) -> Option<&str>;
    fn source(&self) -> Source;
    fn value(&self) -> Option<&str>;
    fn alternatives(&self) -> impl ExactSizeIterator<Item = &str>;
}

impl EntityOut for Entity {
    fn span(&self) -> Span {
        self.span
    }
    fn text(&self) -> &str {
        &self.text
    }
    fn label(&self) -> Label {
        self.label
    }
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    fn canonical(&self) -> Option<&str> {
        self.canonical.as_deref()
    }
    fn source(&self) -> Source {
        self.source
    }
    fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
    fn alternatives(&self) -> impl ExactSizeIterator<Item = &str> {
        self.alternatives.iter().map(|a| &**a)
    }
}

/// A mention read as the [`Entity`] that [`crate::entities::to_entities`]
/// makes of it: its text, and its id and name
/// ([`crate::entities::names`]).
struct Named<'a> {
    m: &'a Mention,
    text: &'a str,
    id: Option<&'a str>,
    canonical: Option<&'a str>,
    gaz: &'a Gazetteer,
}

impl EntityOut for Named<'_> {
    fn span(&self) -> Span {
        self.m.span
    }
    fn text(&self) -> &str {
        self.text
    }
    fn label(&self) -> Label {
        self.m.label
    }
    fn id(&self) -> Option<&str> {
        self.id
    }
    fn canonical(&self) -> Option<&str> {
        self.canonical
    }
    fn source(&self) -> Source {
        self.m.source
    }
    fn value(&self) -> Option<&str> {
        self.m.value.as_deref()
    }
    fn alternatives(&self) -> impl ExactSizeIterator<Item = &str> {
        self.m.others.iter().map(|&o| &*self.gaz.entry(o).id)
    }
}

/// Whether a JSON string needs an escape: a quote, backslash or control
/// character. No early exit, so that the compiler checks many bytes at a
/// time; the strings are short and most need none.
#[inline(always)]
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// Writes the JSON of [`JsonDoc`] byte for byte as `serde_json` writes it
/// compactly (a test checks that), straight from the [`Document`]: the
/// command-line tool writes several bytes of JSON per byte of input, and
/// this is most of its output time. Keys are written with their
/// punctuation as one constant each, and the crate's own names (labels,
/// sources, types, roles, codes) without an escape check.
struct Writer(String);

impl Writer {
    /// The JSON of a document: its id, text, entities and events.
    fn write<E: EntityOut>(id: Option<&str>, text: &str, ents: &[E], events: &[Event]) -> String {
        // About 200 bytes an entity and 600 an event: one allocation, no
        // regrowth.
        let mut w = Writer(String::with_capacity(
            64 + 200 * ents.len() + 600 * events.len(),
        ));
        w.doc(id, text, ents, events, &CharIndex::new(text));
        w.0
    }

    #[inline(always)]
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }

    #[inline(always)]
    fn num(&mut self, n: usize) {
        self.0.push_str(itoa::Buffer::new().format(n));
    }

    /// `v` between quotes, as it is.
    #[inline(always)]
    fn quoted(&mut self, v: &str) {
        self.0.push('"');
        self.0.push_str(v);
        self.0.push('"');
    }

    /// One of the crate's own names, which never need an escape.
    #[inline(always)]
    fn name(&mut self, v: &'static str) {
        debug_assert!(!needs_escape(v.as_bytes()));
        self.quoted(v);
    }

    /// A JSON string, escaped as serde_json escapes it: quote, backslash
    /// and control characters, with `\u00xx` for those without a short
    /// form.
    #[inline]
    fn string(&mut self, v: &str) {
        if needs_escape(v.as_bytes()) {
            self.escaped(v);
        } else {
            self.quoted(v);
        }
    }

    #[cold]
    fn escaped(&mut self, v: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.0.push('"');
        let mut from = 0;
        for (i, &b) in v.as_bytes().iter().enumerate() {
            let short = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0C => "\\f",
                0..=0x1F => "",
                _ => continue,
            };
            // `i` is at an ASCII byte, so both slices are on boundaries.
            self.0.push_str(&v[from..i]);
            if short.is_empty() {
                self.0.push_str("\\u00");
                self.0.push(HEX[(b >> 4) as usize] as char);
                self.0.push(HEX[(b & 15) as usize] as char);
            } else {
                self.0.push_str(short);
            }
            from = i + 1;
        }
        self.0.push_str(&v[from..]);
        self.0.push('"');
    }

    /// `,"key":` and the string, if there is one.
    #[inline(always)]
    fn opt(&mut self, key: &str, v: Option<&str>) {
        if let Some(v) = v {
            self.raw(key);
            self.string(v);
        }
    }

    /// The four offsets of a span, `"start":…,"byte_end":…`.
    #[inline(always)]
    fn offsets(&mut self, span: crate::document::Span, idx: &CharIndex) {
        self.raw("\"start\":");
        self.num(idx.chars(span.start));
        self.raw(",\"end\":");
        self.num(idx.chars(span.end));
        self.raw(",\"byte_start\":");
        self.num(span.start);
        self.raw(",\"byte_end\":");
        self.num(span.end);
    }

    fn doc<E: EntityOut>(
        &mut self,
        id: Option<&str>,
        text: &str,
        ents: &[E],
        events: &[Event],
        idx: &CharIndex,
    ) {
        self.raw("{");
        if let Some(id) = id {
            self.raw("\"id\":");
            self.string(id);
            self.raw(",");
        }
        self.raw("\"entities\":[");
        for (i, e) in ents.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.entity(e, idx);
        }
        self.raw("],\"events\":[");
        for (i, e) in events.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.event(text, ents, e, idx);
        }
        self.raw("]}");
    }

    fn entity(&mut self, e: &impl EntityOut, idx: &CharIndex) {
        self.raw("{");
        self.offsets(e.span(), idx);
        self.raw(",\"text\":");
        self.string(e.text());
        self.raw(",\"label\":");
        self.name(e.label().as_str());
        self.opt(",\"id\":", e.id());
        self.opt(",\"canonical\":", e.canonical());
        self.raw(",\"source\":");
        self.name(e.source().as_str());
        self.opt(",\"value\":", e.value());
        let alternatives = e.alternatives();
        if alternatives.len() > 0 {
            self.raw(",\"alternatives\":[");
            for (i, a) in alternatives.enumerate() {
                if i > 0 {
                    self.raw(",");
                }
                self.string(a);
            }
            self.raw("]");
        }
        self.raw("}");
    }

    /// An argument whose entity the document has, as [`arg`] makes it.
    fn arg(&mut self, e: &impl EntityOut, entity: usize, role: Option<&'static str>) {
        self.raw("{\"text\":");
        self.string(e.text());
        self.opt(",\"id\":", e.id());
        if let Some(r) = role {
            self.raw(",\"role\":");
            self.name(r);
        }
        self.raw(",\"entity\":");
        self.num(entity);
        self.raw("}");
    }

    /// `,"key":[…]` of the arguments; one whose entity index the document
    /// does not have is left out, as [`arg`] leaves it out.
    fn args<E: EntityOut>(
        &mut self,
        ents: &[E],
        key: &str,
        args: impl Iterator<Item = (usize, Option<&'static str>)>,
    ) {
        self.raw(key);
        let mut first = true;
        for (entity, role) in args {
            let Some(e) = ents.get(entity) else {
                continue;
            };
            if !first {
                self.raw(",");
            }
            first = false;
            self.arg(e, entity, role);
        }
        self.raw("]");
    }

    fn event<E: EntityOut>(&mut self, text: &str, ents: &[E], ev: &Event, idx: &CharIndex) {
        self.raw("{\"type\":");
        self.name(ev.kind.as_str());
        self.raw(",\"trigger\":{");
        self.offsets(ev.trigger, idx);
        self.raw(",\"text\":");
        // The crate's documents always slice; `get` keeps a document whose
        // fields were changed by hand from panicking here.
        self.string(text.get(ev.trigger.range()).unwrap_or(""));
        self.raw("}");
        self.args(
            ents,
            ",\"participants\":[",
            ev.participants
                .iter()
                .map(|p| (p.entity, Some(p.role.as_str()))),
        );
        self.args(ents, ",\"places\":[", ev.places.iter().map(|&p| (p, None)));
        self.opt(",\"date\":", ev.date.as_deref());
        self.raw(",\"modality\":");
        self.name(ev.modality.as_str());
        let codes = ev.codes();
        for (key, code) in [
            (",\"codes\":{\"plover\":", codes.plover),
            (",\"cameo\":", codes.cameo),
        ] {
            self.raw(key);
            match code {
                Some(c) => self.name(c),
                None => self.raw("null"),
            }
        }
        self.raw("},\"sentence\":");
        self.num(ev.sentence);
        self.raw(",\"rule\":");
        self.string(&ev.rule);
        if let Some((a, e)) = ev.attribution.and_then(|a| Some((a, ents.get(a)?))) {
            self.raw(",\"attribution\":");
            self.arg(e, a, None);
        }
        self.raw("}");
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
        let mut events = 0;
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
            // A document changed by hand: arguments whose entities it does
            // not have are left out, in the middle of a list too.
            events += doc.events.len();
            let mut edited = doc.clone();
            let n = edited.entities.len();
            for (k, ev) in edited.events.iter_mut().enumerate() {
                ev.participants.insert(
                    0,
                    crate::events::Participant {
                        entity: n + 3,
                        role: crate::events::Role::Target,
                    },
                );
                ev.places.insert(ev.places.len() / 2, n);
                ev.attribution = Some(if k % 2 == 0 { n + 1 } else { 0 });
            }
            let want = serde_json::to_string(&json_doc(&edited)).unwrap();
            assert_eq!(to_json(&edited), want, "{text:?}");
            let unnamed = ex.extract(text, &crate::Meta::default());
            let pretty = serde_json::to_string_pretty(&to_json_value(&unnamed)).unwrap();
            assert_eq!(to_json_pretty(&unnamed), pretty, "{text:?}");
        }
        assert!(events >= 2, "the texts must give events to edit");
        for n in [0, 7, 10, 99, 100, 123_456_789, usize::MAX] {
            let mut w = Writer(String::new());
            w.num(n);
            assert_eq!(w.0, n.to_string());
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

    use proptest::prelude::*;

    proptest! {
        /// Every character boundary maps to its character count, in text
        /// that mixes ASCII runs of every length with characters of two,
        /// three and four bytes.
        #[test]
        fn char_offsets_of_mixed_text(
            text in prop::collection::vec(
                prop_oneof!["[a-z ]{0,20}", "[éşأ“—€😀]{1,3}"], 0..12,
            ).prop_map(|v: Vec<String>| v.concat()),
        ) {
            let idx = CharIndex::new(&text);
            for (c, (b, _)) in text.char_indices().enumerate() {
                prop_assert_eq!(idx.chars(b), c);
            }
            prop_assert_eq!(idx.chars(text.len()), text.chars().count());
        }
    }
}
