//! A document read in place: what [`crate::Extractor::extract_with`] lends
//! its closure.

use std::fmt;

use crate::document::{Document, Entity, Label, Meta, Source, Span};
use crate::entities::{self, Mention};
use crate::events::Event;
use crate::gazetteer::Gazetteer;
use crate::text::Analysis;

/// A document as the pipeline left it, lent to the closure of
/// [`crate::Extractor::extract_with`]: the entities and events of the
/// [`Document`] that [`crate::Extractor::extract`] returns, read where the
/// pipeline keeps them. Nothing is copied (no entity's text, id or value)
/// unless asked for with [`DocumentRef::to_document`] or
/// [`EntityRef::to_entity`]; a program that counts, filters or writes its
/// own format does about a tenth less work per document than with an
/// owned [`Document`].
///
/// Events refer to entities by index, as in [`Document::entities`]:
/// [`DocumentRef::entity`] reads one.
///
/// ```
/// let ex = dragoman::Extractor::default();
/// let meta = dragoman::Meta::dated("2025-03-20")?;
/// let text = "Fuad Hussein met Asaad al-Shibani in Baghdad on Friday.";
/// let (people, agent) = ex.extract_with(text, &meta, |doc| {
///     let people = doc
///         .entities()
///         .filter(|e| e.label() == dragoman::Label::Person)
///         .count();
///     let event = &doc.events()[0];
///     let agent = doc.entity(event.participants[0].entity).map(|e| e.text());
///     (people, agent.map(str::to_owned))
/// });
/// assert_eq!(people, 2);
/// assert_eq!(agent.as_deref(), Some("Fuad Hussein"));
/// # Ok::<(), dragoman::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct DocumentRef<'a> {
    pub(crate) text: &'a str,
    pub(crate) meta: &'a Meta,
    pub(crate) an: &'a Analysis,
    pub(crate) gaz: &'a Gazetteer,
    pub(crate) mentions: &'a [Mention],
    pub(crate) events: &'a [Event],
}

impl<'a> DocumentRef<'a> {
    /// The original text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The metadata it was extracted with.
    pub fn meta(&self) -> &'a Meta {
        self.meta
    }

    /// Sentence spans, in order (as [`Document::sentences`]).
    pub fn sentences(&self) -> impl ExactSizeIterator<Item = Span> + 'a {
        self.an.sentence_span_iter()
    }

    /// The entities, sorted by position and never overlapping (as
    /// [`Document::entities`]).
    pub fn entities(&self) -> impl ExactSizeIterator<Item = EntityRef<'a>> + 'a {
        let (text, gaz) = (self.text, self.gaz);
        (self.mentions.iter()).map(move |m| EntityRef { m, text, gaz })
    }

    /// Entity `i` (the index an [`Event`] gives), if there is one.
    pub fn entity(&self, i: usize) -> Option<EntityRef<'a>> {
        let (text, gaz) = (self.text, self.gaz);
        self.mentions.get(i).map(|m| EntityRef { m, text, gaz })
    }

    /// The events, in text order of their triggers.
    pub fn events(&self) -> &'a [Event] {
        self.events
    }

    /// The owned [`Document`]: exactly what [`crate::Extractor::extract`]
    /// returns for the same text and metadata.
    pub fn to_document(&self) -> Document {
        owned_document(
            self.text,
            self.meta,
            self.an,
            self.gaz,
            self.mentions,
            self.events.to_vec(),
        )
    }

    /// The compact JSON of the document: exactly
    /// [`crate::Extractor::extract_json`] (and [`crate::output::to_json`] of
    /// [`DocumentRef::to_document`]).
    pub fn to_json(&self) -> String {
        crate::output::mentions_to_json(
            self.meta.id.as_deref(),
            self.text,
            self.gaz,
            self.mentions,
            self.events,
        )
    }
}

/// The owned [`Document`] of what the pipeline found in `text`, taking
/// its `events`: what [`crate::Extractor::extract`] returns.
pub(crate) fn owned_document(
    text: &str,
    meta: &Meta,
    an: &Analysis,
    gaz: &Gazetteer,
    mentions: &[Mention],
    events: Vec<Event>,
) -> Document {
    Document {
        text: text.to_string(),
        meta: meta.clone(),
        sentences: an.sentence_spans(),
        entities: entities::to_entities(text, gaz, mentions),
        events,
    }
}

impl fmt::Debug for DocumentRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DocumentRef")
            .field("text", &self.text)
            .field("meta", self.meta)
            .field("entities", &self.entities().collect::<Vec<_>>())
            .field("events", &self.events)
            .finish()
    }
}

/// An entity of a [`DocumentRef`], read in place: the fields of an
/// [`Entity`], borrowed.
#[derive(Clone, Copy)]
pub struct EntityRef<'a> {
    m: &'a Mention,
    text: &'a str,
    gaz: &'a Gazetteer,
}

impl<'a> EntityRef<'a> {
    /// Where it is, in bytes of the original text.
    pub fn span(&self) -> Span {
        self.m.span
    }

    /// The text it covers: exactly `&doc.text()[span.range()]`.
    pub fn text(&self) -> &'a str {
        &self.text[self.m.span.range()]
    }

    /// Its label.
    pub fn label(&self) -> Label {
        self.m.label
    }

    /// The id of the gazetteer entry it is linked to (or, for a name no
    /// gazetteer lists, its `local:` id), if any.
    pub fn id(&self) -> Option<&'a str> {
        entities::names(self.m, self.gaz).0.map(|a| &**a)
    }

    /// The canonical name of the linked entry, if any.
    pub fn canonical(&self) -> Option<&'a str> {
        entities::names(self.m, self.gaz).1.map(|a| &**a)
    }

    /// How it was found.
    pub fn source(&self) -> Source {
        self.m.source
    }

    /// The normalised value (ISO 8601 for dates), if any.
    pub fn value(&self) -> Option<&'a str> {
        self.m.value.as_deref()
    }

    /// Ids of other gazetteer entries with the same name, less preferred.
    pub fn alternatives(&self) -> impl ExactSizeIterator<Item = &'a str> + 'a {
        let gaz = self.gaz;
        (self.m.others.iter()).map(move |&o| &*gaz.entry(o).id)
    }

    /// The owned [`Entity`].
    pub fn to_entity(&self) -> Entity {
        entities::to_entity(self.text, self.gaz, self.m)
    }
}

impl fmt::Debug for EntityRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EntityRef")
            .field("span", &self.span())
            .field("text", &self.text())
            .field("label", &self.label())
            .field("id", &self.id())
            .field("canonical", &self.canonical())
            .field("source", &self.source())
            .field("value", &self.value())
            .field("alternatives", &self.alternatives().collect::<Vec<_>>())
            .finish()
    }
}

/// Whether it says what an owned entity says, field by field.
impl PartialEq<Entity> for EntityRef<'_> {
    fn eq(&self, e: &Entity) -> bool {
        self.span() == e.span
            && self.text() == e.text
            && self.label() == e.label
            && self.id() == e.id.as_deref()
            && self.canonical() == e.canonical.as_deref()
            && self.source() == e.source
            && self.value() == e.value.as_deref()
            && self.alternatives().eq(e.alternatives.iter().map(|a| &**a))
    }
}
