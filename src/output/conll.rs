//! CoNLL-2003 style output: one token per line with its BIO tag.
//!
//! A document starts with a `-DOCSTART- O` line and a blank line; each
//! sentence is its tokens, one `TOKEN TAG` line each, followed by a blank
//! line, so documents can be concatenated into one file. Tokens are the
//! crate's own ([`crate::text::Analysis`]); tokens never contain white space.
//!
//! ```
//! use dragoman::{Extractor, Meta};
//!
//! let doc = Extractor::default().extract("Talks opened in Baghdad.", &Meta::default());
//! assert_eq!(
//!     dragoman::output::to_conll(&doc),
//!     "-DOCSTART- O\n\nTalks O\nopened O\nin O\nBaghdad B-GPE\n. O\n\n"
//! );
//! ```

use crate::document::Document;
use crate::text::Analysis;

/// The document in CoNLL-2003 style, `-DOCSTART-` header included.
///
/// A token belongs to the entity that contains its first byte: the first
/// such token of an entity is tagged `B-LABEL` and the others `I-LABEL`.
/// Tagging restarts with `B-` at a sentence start, as the format has no way
/// to carry an entity across sentences.
pub fn to_conll(doc: &Document) -> String {
    let text = doc.text.as_str();
    let an = Analysis::new(text);
    let ents = doc.entities();
    let mut out = String::with_capacity(2 * text.len() + 16);
    out.push_str("-DOCSTART- O\n\n");
    // Index of the first entity that does not end before the current token;
    // tokens and entities are both in text order, so one pass suffices.
    let mut e = 0;
    for &(first, last) in &an.sentences {
        let mut prev = None;
        for tok in &an.tokens[first..last] {
            let start = tok.start as usize;
            while e < ents.len() && ents[e].span.end <= start {
                e += 1;
            }
            let inside = (e < ents.len() && ents[e].span.start <= start).then_some(e);
            out.push_str(tok.text(text));
            match inside {
                None => out.push_str(" O\n"),
                Some(i) => {
                    out.push_str(if prev == inside { " I-" } else { " B-" });
                    out.push_str(ents[i].label.as_str());
                    out.push('\n');
                }
            }
            prev = inside;
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::testing::doc;
    use crate::Label;

    #[test]
    fn entity_across_a_sentence_break_restarts_at_the_sentence() {
        let d = doc(
            "Then Fuad\n\nHussein left.",
            &[("Fuad\n\nHussein", Label::Person)],
        );
        assert_eq!(
            to_conll(&d),
            "-DOCSTART- O\n\nThen O\nFuad B-PERSON\n\nHussein B-PERSON\nleft O\n. O\n\n"
        );
    }

    #[test]
    fn a_token_is_tagged_by_its_start() {
        // `Erbil's` is three tokens; an entity ending inside a token (here
        // after `Erbi`) tags the tokens that start inside it.
        let d = doc(
            "In Erbil's north.",
            &[("Erbi", Label::Gpe), ("north", Label::Loc)],
        );
        assert_eq!(
            to_conll(&d),
            "-DOCSTART- O\n\nIn O\nErbil B-GPE\n' O\ns O\nnorth B-LOC\n. O\n\n"
        );
    }

    #[test]
    fn adjacent_entities_each_begin() {
        let d = doc(
            "Iraq Syria talks",
            &[("Iraq", Label::Gpe), ("Syria", Label::Gpe)],
        );
        assert_eq!(
            to_conll(&d),
            "-DOCSTART- O\n\nIraq B-GPE\nSyria B-GPE\ntalks O\n\n"
        );
    }

    #[test]
    fn empty_document_is_only_the_header() {
        assert_eq!(to_conll(&doc("  \n", &[])), "-DOCSTART- O\n\n");
    }
}
