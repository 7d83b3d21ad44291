//! The tokenizer and sentence splitter: tokens are non-empty, in order,
//! disjoint and on char boundaries; sentences cover every token exactly once;
//! reusing an `Analysis` for another text gives what a fresh one gives.

#![no_main]

use dragoman::text::Analysis;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let an = Analysis::new(text);
    let mut last = 0;
    for t in &an.tokens {
        let (s, e) = (t.start as usize, t.end as usize);
        assert!(
            last <= s && s < e && e <= text.len(),
            "token {s}..{e} after {last}"
        );
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        let _ = t.text(text);
        last = e;
    }
    let mut next = 0;
    for &(a, b) in &an.sentences {
        assert_eq!(a, next, "sentences leave a gap or overlap");
        assert!(a < b, "empty sentence");
        next = b;
    }
    assert_eq!(next, an.tokens.len(), "sentences do not cover every token");
    for s in an.sentence_spans() {
        assert!(s.start < s.end && s.end <= text.len());
        let _ = &text[s.range()];
    }
    // Buffer reuse: analyse a half of the text with a used Analysis.
    let mut cut = text.len() / 2;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut reused = an;
    reused.analyse(&text[cut..]);
    let fresh = Analysis::new(&text[cut..]);
    assert_eq!(reused.tokens, fresh.tokens);
    assert_eq!(reused.sentences, fresh.sentences);
    assert_eq!(reused.norm.as_str(), fresh.norm.as_str());
});
