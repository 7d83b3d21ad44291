//! Whole-document extraction with the embedded data: every span lies on
//! char boundaries and slices the text to its `text`, entities are sorted
//! and disjoint, events point at existing entities, the JSON output agrees
//! with the byte spans (and `extract_json` writes it byte for byte), and
//! `explain` reports the same document.

#![no_main]

use dragoman::{Extractor, Meta};
use libfuzzer_sys::fuzz_target;

/// Publication dates, chosen by the first input byte: none, ordinary, leap
/// day, and the ends of the supported range.
const DATES: [Option<&str>; 5] = [
    None,
    Some("2025-03-16"),
    Some("2024-02-29"),
    Some("0000-01-01"),
    Some("9999-12-31"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let meta = match DATES[usize::from(first) % DATES.len()] {
        Some(d) => Meta::dated(d).expect("valid date"),
        None => Meta::default(),
    };
    let ex = Extractor::default();
    let doc = ex.extract(&text, &meta);
    let mut last = 0;
    for e in &doc.entities {
        assert!(
            e.span.start >= last && e.span.start < e.span.end,
            "{:?}",
            doc.entities
        );
        assert_eq!(&text[e.span.range()], e.text);
        last = e.span.end;
    }
    let mut last = 0;
    for s in &doc.sentences {
        assert!(s.start >= last && s.start < s.end);
        let _ = &text[s.range()];
        last = s.end;
    }
    let n = doc.entities.len();
    for ev in &doc.events {
        assert!(ev.trigger.start < ev.trigger.end);
        let _ = &text[ev.trigger.range()];
        assert!(ev.sentence < doc.sentences.len());
        assert!(ev.participants.iter().all(|p| p.entity < n));
        assert!(ev.places.iter().all(|&p| p < n));
        assert!(ev.attribution.is_none_or(|a| a < n));
    }
    // JSON: written without the document, the same bytes; character
    // offsets agree with byte offsets.
    let compact = dragoman::output::to_json(&doc);
    assert_eq!(ex.extract_json(&text, &meta), compact);
    let json: serde_json::Value = serde_json::from_str(&compact).expect("valid JSON");
    let chars: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    for (e, j) in doc
        .entities
        .iter()
        .zip(json["entities"].as_array().expect("entities"))
    {
        let s = j["start"].as_u64().expect("start") as usize;
        let t = j["end"].as_u64().expect("end") as usize;
        assert_eq!((chars[s], chars[t]), (e.span.start, e.span.end));
    }
    let exp = ex.explain(&text, &meta);
    assert_eq!(exp.document, doc);
    assert_eq!(exp.entities.len(), n);
    for l in &exp.lost {
        assert_eq!(&text[l.span.range()], l.text);
        assert!(l.lost_to.is_none_or(|i| i < n));
    }
});
