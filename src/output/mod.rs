//! Writing documents out: JSON (the command-line contract), CoNLL, brat
//! standoff, displaCy and a self-contained HTML page.
//!
//! Inside the library every offset counts bytes; each format converts to
//! what its readers expect (characters for JSON, brat and displaCy).

mod brat;
mod conll;
mod displacy;
mod html;
mod json;

pub use brat::{brat_annotation_conf, to_brat_ann, to_brat_txt};
pub use conll::to_conll;
pub use displacy::to_displacy;
pub use html::to_html;
pub(crate) use json::mentions_to_json;
pub use json::{to_json, to_json_pretty, to_json_value, CharIndex};

#[cfg(test)]
pub(crate) mod testing {
    use crate::document::{Document, Entity, Label, Meta, Source, Span};
    use crate::events::{Event, EventType, Modality};

    /// A document with hand-placed entities, each given by its text (found at
    /// its first occurrence) and label; independent of the extractor.
    pub(crate) fn doc(text: &str, ents: &[(&str, Label)]) -> Document {
        let entities = ents
            .iter()
            .map(|&(t, label)| {
                let start = text.find(t).expect("entity text in the text");
                Entity {
                    span: Span::new(start, start + t.len()),
                    text: t.to_string(),
                    label,
                    id: None,
                    canonical: None,
                    source: Source::Gazetteer,
                    value: None,
                    alternatives: Vec::new(),
                }
            })
            .collect();
        let an = crate::text::Analysis::new(text);
        Document {
            text: text.to_string(),
            meta: Meta::default(),
            sentences: an.sentence_spans(),
            entities,
            events: Vec::new(),
        }
    }

    /// An asserted event without arguments, triggered by the first
    /// occurrence of `trigger` in the document's text.
    pub(crate) fn event(d: &Document, kind: EventType, trigger: &str) -> Event {
        let start = d.text.find(trigger).expect("trigger in the text");
        Event {
            kind,
            trigger: Span::new(start, start + trigger.len()),
            participants: Vec::new(),
            places: Vec::new(),
            date: None,
            modality: Modality::Asserted,
            sentence: 0,
            rule: "test".into(),
            attribution: None,
        }
    }
}
