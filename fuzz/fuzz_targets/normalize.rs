//! The normaliser: folding any text, and mapping offsets both ways between
//! the original and the folded text, always lands on char boundaries.

#![no_main]

use dragoman::text::{fold, Normalized};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let n = Normalized::new(text);
    let folded = n.as_str();
    // Every original char boundary maps to a folded char boundary, in order,
    // and back to an original boundary at or before it (a character dropped
    // by folding maps back to the character it is attached to). Marks at the
    // very start attach to nothing: they map to folded offset 0, whose
    // original start is the first character kept.
    let mut prev = 0;
    for o in text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
    {
        let f = n.norm_offset(o);
        assert!(f <= folded.len(), "norm_offset({o}) = {f} past the end");
        assert!(
            folded.is_char_boundary(f),
            "norm_offset({o}) = {f} inside a char"
        );
        assert!(f >= prev, "norm_offset not monotonic at {o}");
        prev = f;
        let back = n.orig_start(f);
        assert!(back <= o || f == 0, "orig_start(norm_offset({o})) = {back}");
        assert!(text.is_char_boundary(back));
    }
    // Every folded char boundary maps to original char boundaries, and every
    // folded character to an original span that slices.
    let bounds: Vec<usize> = folded
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(folded.len()))
        .collect();
    let mut prev = (0, 0);
    for &f in &bounds {
        let (s, e) = (n.orig_start(f), n.orig_end(f));
        assert!(s <= text.len() && e <= text.len());
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        assert!(
            s >= prev.0 && e >= prev.1,
            "orig offsets not monotonic at {f}"
        );
        prev = (s, e);
        assert!(
            n.norm_offset(s) <= f,
            "norm_offset(orig_start({f})) past {f}"
        );
    }
    for w in bounds.windows(2) {
        let (s, e) = n.to_orig(w[0], w[1]);
        assert!(
            s <= e && e <= text.len(),
            "to_orig({}, {}) = ({s}, {e})",
            w[0],
            w[1]
        );
        let _ = &text[s..e];
    }
    let (s, e) = n.to_orig(0, folded.len());
    let _ = &text[s..e];
    let _ = fold(text);
});
