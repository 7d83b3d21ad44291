//! Properties that hold for any input text.

use dragoman::{Extractor, Meta};
use proptest::prelude::*;

/// Text built from pieces that exercise folding, tokenising and matching.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Baghdad",
        "Türkiye",
        "Kirkuk–Baniyas",
        "al-Sharaa",
        "SDF",
        "Raqqa's",
        "بغداد",
        "أربيل",
        "e\u{301}",
        "\u{200F}",
        "\u{200D}",
        "İ",
        "ß",
        "—",
        "“",
        "”",
        "’",
        " ",
        "  ",
        "\n",
        "\n\n",
        ".",
        "U.S.",
        "Gen.",
        "…",
        "🇮🇶",
        "👍🏽",
        "\u{0}",
        "\r\n",
        "שלום",
        "Москва",
        "北京",
        "Qamişlo",
        "Syrian Democratic Forces",
        "Iraq",
        "x",
        "3.5",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn check(text: &str) {
    let ex = Extractor::default();
    let doc = ex.extract(text, &Meta::default());
    let mut last_end = 0;
    for e in &doc.entities {
        assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        assert!(e.span.start < e.span.end, "empty entity {e:?}");
        assert_eq!(&text[e.span.range()], e.text);
        assert!(
            e.span.start >= last_end,
            "entities overlap or are unsorted: {:?}",
            doc.entities
        );
        last_end = e.span.end;
    }
    for s in &doc.sentences {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start < s.end);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_is_handled(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn news_like_strings_are_handled(text in newsy()) {
        check(&text);
    }

    #[test]
    fn output_is_deterministic(text in newsy()) {
        let ex = Extractor::default();
        let a = ex.extract(&text, &Meta::default());
        let b = ex.extract(&text, &Meta::default());
        prop_assert_eq!(a, b);
    }
}
