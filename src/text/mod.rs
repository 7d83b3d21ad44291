//! The text layer: folding with an offset map, tokens and sentences.
//!
//! Everything later in the pipeline reads these three views of a document;
//! nothing re-reads the raw text to tokenise it again.

mod normalize;
mod sentences;
mod tokens;

pub use normalize::{fold, Normalized};
pub use tokens::{tokenize, word_shape, Shape, Token};

use crate::document::Span;

/// The analysed text of one document.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// The folded text and its offset map.
    pub norm: Normalized,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// Sentences as half-open ranges of token indices.
    pub sentences: Vec<(usize, usize)>,
}

impl Analysis {
    /// Analyses `text`.
    pub fn new(text: &str) -> Analysis {
        let mut a = Analysis::default();
        a.analyse(text);
        a
    }

    /// Analyses `text`, reusing this value's buffers.
    pub fn analyse(&mut self, text: &str) {
        self.norm.fold_into(text);
        tokens::tokenize_into(text, &mut self.tokens);
        self.sentences = sentences::split(text, &self.tokens);
    }

    /// Sentence spans in bytes of the original text.
    pub fn sentence_spans(&self) -> Vec<Span> {
        self.sentences
            .iter()
            .map(|&(a, b)| {
                Span::new(
                    self.tokens[a].start as usize,
                    self.tokens[b - 1].end as usize,
                )
            })
            .collect()
    }
}
