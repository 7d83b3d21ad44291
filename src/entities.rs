//! Turning candidate mentions into the document's entities.

use crate::document::{Entity, Label, Source, Span};
use crate::gazetteer::{GazHit, Gazetteer};

/// Entities from gazetteer hits, which are already sorted and disjoint.
pub(crate) fn from_gazetteer(text: &str, gaz: &Gazetteer, hits: &[GazHit]) -> Vec<Entity> {
    hits.iter()
        .map(|h| {
            let e = gaz.entry(h.entry);
            entity(
                text,
                h.span,
                e.label,
                Some((e.id.clone(), e.name.clone())),
                Source::Gazetteer,
            )
        })
        .collect()
}

/// An entity over `span` of `text`.
pub(crate) fn entity(
    text: &str,
    span: Span,
    label: Label,
    link: Option<(std::sync::Arc<str>, std::sync::Arc<str>)>,
    source: Source,
) -> Entity {
    let (id, canonical) = match link {
        Some((i, c)) => (Some(i), Some(c)),
        None => (None, None),
    };
    Entity {
        span,
        text: text[span.range()].to_string(),
        label,
        id,
        canonical,
        source,
        value: None,
    }
}
