//! The data model: spans, labels, entities and documents.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use crate::time::Date;

/// A half-open range of byte offsets into a document's original text.
///
/// Every span the crate returns lies on `char` boundaries, so
/// `&doc.text[span.range()]` never panics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The span as a range, for slicing.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// An entity label, with the OntoNotes names spaCy users know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// A named person.
    Person,
    /// An organisation: government body, army, armed group, party, company, media.
    Org,
    /// A place with a government or population: country, province, city, village.
    Gpe,
    /// A place without a government: river, sea, mountain, region.
    Loc,
    /// A named built structure: dam, pipeline, airport, crossing, base, prison.
    Fac,
    /// A nationality, ethnic, religious or political group.
    Norp,
    /// A calendar date or period.
    Date,
}

impl Label {
    /// Every label, in a stable order.
    pub const ALL: [Label; 7] = [
        Label::Person,
        Label::Org,
        Label::Gpe,
        Label::Loc,
        Label::Fac,
        Label::Norp,
        Label::Date,
    ];

    /// The label's name as written in data files and output: `PERSON`, `ORG` …
    pub fn as_str(&self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Fac => "FAC",
            Label::Norp => "NORP",
            Label::Date => "DATE",
        }
    }

    /// Whether the label is one of the place labels (GPE, LOC, FAC).
    pub fn is_place(&self) -> bool {
        matches!(self, Label::Gpe | Label::Loc | Label::Fac)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Label {
    type Err = String;

    fn from_str(s: &str) -> Result<Label, String> {
        Label::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown label {s:?}: expected one of PERSON, ORG, GPE, LOC, FAC, NORP, DATE"
                )
            })
    }
}

impl serde::Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// How an entity was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A gazetteer name matched the text.
    Gazetteer,
    /// A pattern rule matched the text.
    Rule,
    /// A partial mention joined to a fuller mention earlier in the document.
    Linked,
    /// A date expression.
    Date,
}

impl Source {
    /// The name used in output: `gazetteer`, `rule`, `linked`, `date`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Source::Gazetteer => "gazetteer",
            Source::Rule => "rule",
            Source::Linked => "linked",
            Source::Date => "date",
        }
    }
}

/// A named entity found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Where it is, in bytes of the original text.
    pub span: Span,
    /// The text it covers: exactly `&doc.text[span.range()]`.
    pub text: String,
    /// Its label.
    pub label: Label,
    /// The id of the gazetteer entry it is linked to, if any.
    pub id: Option<Arc<str>>,
    /// The canonical name of the linked entry, if any.
    pub canonical: Option<Arc<str>>,
    /// How it was found.
    pub source: Source,
    /// The normalised value (ISO 8601 for dates), if any.
    pub value: Option<String>,
    /// Ids of other gazetteer entries with the same name, less preferred
    /// (`Tripoli` in Lebanon when the Libyan capital was chosen).
    pub alternatives: Vec<Arc<str>>,
}

/// Information about a document: its publication date and an identifier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Publication date; relative dates ("Thursday") resolve against it.
    pub date: Option<Date>,
    /// The caller's identifier for the document, copied to the output.
    pub id: Option<String>,
}

impl Meta {
    /// Metadata with a publication date given as `YYYY-MM-DD`.
    ///
    /// ```
    /// let meta = dragoman::Meta::dated("2025-03-14")?;
    /// assert_eq!(meta.date.unwrap().to_string(), "2025-03-14");
    /// assert!(dragoman::Meta::dated("14/03/2025").is_err());
    /// # Ok::<(), dragoman::Error>(())
    /// ```
    pub fn dated(date: &str) -> Result<Meta, crate::Error> {
        Ok(Meta {
            date: Some(date.parse()?),
            id: None,
        })
    }

    /// The same metadata with an identifier.
    pub fn with_id(mut self, id: impl Into<String>) -> Meta {
        self.id = Some(id.into());
        self
    }
}

/// The result of extracting from one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The original text.
    pub text: String,
    /// The metadata it was extracted with.
    pub meta: Meta,
    /// Sentence spans, in order.
    pub sentences: Vec<Span>,
    /// Entities, sorted by position and never overlapping.
    pub entities: Vec<Entity>,
    /// Events, in text order of their triggers.
    pub events: Vec<crate::events::Event>,
}

impl Document {
    /// The entities, in text order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The events, in text order.
    pub fn events(&self) -> &[crate::events::Event] {
        &self.events
    }

    /// The sentence spans, in text order.
    pub fn sentences(&self) -> &[Span] {
        &self.sentences
    }

    /// The index of the sentence that contains byte offset `pos`.
    pub fn sentence_of(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }
}
