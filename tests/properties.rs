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

/// Every output format slices the text to what it annotates.
fn check_formats(text: &str) {
    use dragoman::output;
    let doc = Extractor::default().extract(text, &Meta::default());
    let chars: Vec<char> = text.chars().collect();
    let slice = |s: usize, e: usize| chars[s..e].iter().collect::<String>();
    // brat: character offsets, fragments joined by a space, one line each.
    let ann = output::to_brat_ann(&doc);
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "{line:?}");
        let (_, offsets) = f[1].split_once(' ').unwrap();
        let pieces: Vec<String> = offsets
            .split(';')
            .map(|p| {
                let (s, e) = p.split_once(' ').unwrap();
                slice(s.parse().unwrap(), e.parse().unwrap())
            })
            .collect();
        assert_eq!(pieces.join(" "), f[2], "{line:?}");
    }
    // displaCy: character offsets.
    let v: serde_json::Value = serde_json::from_str(&output::to_displacy(&doc)).unwrap();
    for (j, e) in v["ents"].as_array().unwrap().iter().zip(&doc.entities) {
        let (s, t) = (j["start"].as_u64().unwrap(), j["end"].as_u64().unwrap());
        assert_eq!(slice(s as usize, t as usize), e.text);
    }
    // CoNLL: one line per token.
    let tokens = dragoman::text::Analysis::new(text).tokens.len();
    let conll = output::to_conll(&doc);
    assert_eq!(conll.lines().filter(|l| !l.is_empty()).count(), tokens + 1);
    // HTML: every entity marked (in pieces when it crosses sentences).
    let html = output::to_html(&doc);
    assert!(html.matches("<mark class=\"ent ").count() >= doc.entities.len());
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

    #[test]
    fn every_format_slices_the_text(text in newsy()) {
        check_formats(&text);
    }
}
