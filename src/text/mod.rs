//! The text layer: folding with an offset map, tokens and sentences.
//!
//! Everything later in the pipeline reads these three views of a document;
//! nothing re-reads the raw text to tokenise it again.

mod lexicon;
mod normalize;
mod sentences;
mod tokens;

pub(crate) use lexicon::Lexicon;
pub use normalize::{fold, Normalized};

/// The longest text, in bytes, that can be analysed: offsets are kept as
/// `u32` to halve the size of tokens and offset maps. Longer texts panic
/// (see [`crate::Extractor::extract`]); the command-line tool rejects them
/// as invalid input first.
pub const MAX_TEXT_LEN: usize = u32::MAX as usize;

/// Panics with a clear message when `text` is longer than [`MAX_TEXT_LEN`]:
/// its offsets would not fit the `u32` fields and would wrap silently.
pub(crate) fn check_len(text: &str) {
    assert!(
        text.len() <= MAX_TEXT_LEN,
        "dragoman analyses texts of at most {MAX_TEXT_LEN} bytes; this one has {}",
        text.len()
    );
}
pub(crate) use tokens::is_alphanumeric;
pub use tokens::{tokenize, tokenize_into, word_shape, Shape, Token};

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
    /// Each token's span in the folded text.
    pub folded: Vec<(u32, u32)>,
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
        sentences::split_into(text, &self.tokens, &mut self.sentences);
        self.norm.norm_spans(
            self.tokens.iter().map(|t| (t.start, t.end)),
            &mut self.folded,
        );
    }

    /// The folded text of token `i` (lower case, no diacritics).
    pub fn folded_token(&self, i: usize) -> &str {
        let (s, e) = self.folded[i];
        self.norm.as_str().get(s as usize..e as usize).unwrap_or("")
    }

    /// Sentence spans in bytes of the original text.
    pub fn sentence_spans(&self) -> Vec<Span> {
        self.sentence_span_iter().collect()
    }

    /// [`Analysis::sentence_spans`], one at a time.
    pub fn sentence_span_iter(&self) -> impl ExactSizeIterator<Item = Span> + '_ {
        self.sentences.iter().map(|&(a, b)| {
            Span::new(
                self.tokens[a].start as usize,
                self.tokens[b - 1].end as usize,
            )
        })
    }
}
