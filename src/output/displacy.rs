//! displaCy input: the dictionary spaCy's `displacy.render(…, style="ent",
//! manual=True)` draws, with character offsets.
//!
//! ```
//! use dragoman::{Extractor, Meta};
//!
//! let doc = Extractor::default().extract("Talks opened in Baghdad.", &Meta::default().with_id("a1"));
//! assert_eq!(
//!     dragoman::output::to_displacy(&doc),
//!     r#"{"text":"Talks opened in Baghdad.","ents":[{"start":16,"end":23,"label":"GPE"}],"title":"a1"}"#
//! );
//! ```
//!
//! In Python: `displacy.render(json.loads(line), style="ent", manual=True)`;
//! a list of such dictionaries renders several documents.

use serde::Serialize;

use super::CharIndex;
use crate::document::Document;

#[derive(Serialize)]
struct Ent {
    start: usize,
    end: usize,
    label: &'static str,
}

#[derive(Serialize)]
struct Displacy<'a> {
    text: &'a str,
    ents: Vec<Ent>,
    title: Option<&'a str>,
}

fn displacy(doc: &Document) -> Displacy<'_> {
    let idx = CharIndex::new(&doc.text);
    Displacy {
        text: &doc.text,
        ents: doc
            .entities()
            .iter()
            .map(|e| Ent {
                start: idx.chars(e.span.start),
                end: idx.chars(e.span.end),
                label: e.label.as_str(),
            })
            .collect(),
        title: doc.meta.id.as_deref(),
    }
}

/// The displaCy dictionary as compact JSON on one line: `text`, `ents`
/// (character `start`, `end` and `label`) and `title` (the document id, or
/// null).
pub fn to_displacy(doc: &Document) -> String {
    serde_json::to_string(&displacy(doc)).unwrap_or_default()
}
