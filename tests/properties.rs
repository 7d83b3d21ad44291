//! Properties that hold for any input text.

use dragoman::{Document, Extractor, Meta};
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
    let mut last_end = 0;
    for s in &doc.sentences {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start < s.end && s.end <= text.len());
        assert!(s.start >= last_end, "sentences overlap or are unsorted");
        last_end = s.end;
    }
    check_events(text, &doc);
}

/// Every event points at existing entities and its trigger lies in the
/// text on char boundaries, inside its sentence.
fn check_events(text: &str, doc: &Document) {
    let n = doc.entities.len();
    let mut last = 0;
    for ev in &doc.events {
        let t = ev.trigger;
        assert!(t.start < t.end && t.end <= text.len(), "trigger {t:?}");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(t.start >= last, "events out of text order");
        last = t.start;
        let s = doc.sentences[ev.sentence];
        assert!(
            s.start <= t.start && t.end <= s.end,
            "trigger {t:?} outside {s:?}"
        );
        for p in &ev.participants {
            assert!(p.entity < n, "participant {} of {n} entities", p.entity);
        }
        for &p in &ev.places {
            assert!(p < n, "place {p} of {n} entities");
            assert!(
                ev.participants.iter().all(|x| x.entity != p),
                "entity {p} is both a place and a participant"
            );
        }
        if let Some(a) = ev.attribution {
            assert!(a < n, "attribution {a} of {n} entities");
        }
    }
}

/// News-like sentences with actors, places, dates and triggers, so that
/// events and their arguments are exercised.
fn eventful() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Fuad Hussein",
        "Asaad al-Shibani",
        "Mazloum Abdi",
        "the SDF",
        "Syrian Democratic Forces (SDF)",
        "Iraq",
        "Turkey",
        "Iraqi",
        "Rudaw",
        "met",
        "visited",
        "signed an agreement with",
        "attacked",
        "arrested",
        "deployed troops to",
        "accused",
        "cancelled a meeting with",
        "formed a committee in",
        "held talks between",
        "in Baghdad",
        "in Erbil",
        "near Kobani",
        "on Friday",
        "on 14 April",
        "last week",
        "will",
        "did not",
        "according to",
        "told",
        "and",
        ",",
        ".",
        "\n\n",
        "“",
        "”",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.join(" "))
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
    fn event_sentences_are_handled(text in eventful()) {
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

    #[test]
    fn json_without_a_document_is_the_documents_json(
        text in prop_oneof![newsy(), eventful(), any::<String>()],
        id in prop::option::of("[a-z0-9\"\\\\\u{1}é]{0,6}"),
        dated in any::<bool>(),
    ) {
        let ex = Extractor::default();
        let mut meta = if dated { Meta::dated("2025-03-14").unwrap() } else { Meta::default() };
        meta.id = id;
        let want = dragoman::output::to_json(&ex.extract(&text, &meta));
        prop_assert_eq!(ex.extract_json(&text, &meta), want);
    }
}

/// What `extract_with` lends its closure says what `extract` returns:
/// the same document when copied out, entity by entity, sentence by
/// sentence, and the same JSON.
fn check_borrowed(ex: &Extractor, text: &str, meta: &Meta) -> Result<(), TestCaseError> {
    let owned = ex.extract(text, meta);
    ex.extract_with(text, meta, |doc| {
        prop_assert_eq!(doc.text(), text);
        prop_assert_eq!(doc.meta(), meta);
        prop_assert_eq!(doc.sentences().collect::<Vec<_>>(), owned.sentences.clone());
        prop_assert_eq!(doc.entities().len(), owned.entities.len());
        for (i, (b, e)) in doc.entities().zip(&owned.entities).enumerate() {
            prop_assert!(b == *e, "entity {}: {:?} against {:?}", i, b, e);
            prop_assert!(doc.entity(i).is_some_and(|x| x == *e));
        }
        prop_assert!(doc.entity(owned.entities.len()).is_none());
        prop_assert_eq!(doc.events(), &owned.events[..]);
        prop_assert_eq!(doc.to_json(), dragoman::output::to_json(&owned));
        prop_assert_eq!(doc.to_document(), owned.clone());
        Ok(())
    })
}

proptest! {
    #[test]
    fn a_borrowed_document_is_the_owned_one(
        text in prop_oneof![newsy(), eventful(), any::<String>()],
        dated in any::<bool>(),
    ) {
        let ex = Extractor::default();
        let meta = if dated { Meta::dated("2025-03-14").unwrap() } else { Meta::default() };
        check_borrowed(&ex, &text, &meta.with_id("d1"))?;
    }
}

/// The sample articles of `examples/data`, in file-name order, with their
/// paths.
fn sample_articles() -> Vec<(std::path::PathBuf, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 16, "{files:?}");
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (f, text)
        })
        .collect()
}

/// The same on every sample article, whose entities have gazetteer ids,
/// local ids, alternatives and date values.
#[test]
fn a_borrowed_document_is_the_owned_one_on_the_samples() {
    let ex = Extractor::default();
    let meta = Meta::dated("2025-03-20").unwrap();
    let mut alternatives = 0;
    for (_, text) in sample_articles() {
        check_borrowed(&ex, &text, &meta).unwrap();
        alternatives += ex.extract_with(&text, &meta, |d| {
            d.entities().map(|e| e.alternatives().len()).sum::<usize>()
        });
    }
    // The samples exercise the alternatives the comparison reads.
    assert!(alternatives > 0);
}

/// In batches, on the worker threads, the documents read in place are
/// the owned ones, in input order; an extraction inside the closure (the
/// thread's buffers then being in use) gives what it gives outside.
#[test]
fn batches_read_in_place_are_the_owned_batches() {
    let ex = Extractor::default();
    let mut inputs: Vec<(String, Meta)> = Vec::new();
    for (_, text) in sample_articles() {
        for para in text.split("\n\n") {
            let meta = Meta::dated("2025-03-20")
                .unwrap()
                .with_id(inputs.len().to_string());
            inputs.push((para.to_string(), meta));
        }
    }
    let owned = ex.extract_batch_map(&inputs, |d| dragoman::output::to_json(&d));
    let read = ex.extract_batch_with(&inputs, |d| d.to_json());
    assert_eq!(read, owned);
    let nested = ex.extract_batch_with(&inputs, |d| {
        (d.to_document(), ex.extract(d.text(), d.meta()))
    });
    for (inner, outer) in nested {
        assert_eq!(inner, outer);
    }
}

/// `extract_json` writes what `to_json` writes of `extract`'s document on
/// every sample article, dated or not: their entities have gazetteer ids,
/// local ids, alternatives and date values, and their events arguments.
#[test]
fn json_without_a_document_on_the_samples() {
    let ex = Extractor::default();
    let (mut alternatives, mut locals, mut values, mut events) = (0, 0, 0, 0);
    for (f, text) in sample_articles() {
        for meta in [
            Meta::dated("2025-03-14").unwrap().with_id("s\"1"),
            Meta::default(),
        ] {
            let doc = ex.extract(&text, &meta);
            assert_eq!(
                ex.extract_json(&text, &meta),
                dragoman::output::to_json(&doc),
                "{f:?}"
            );
            alternatives += doc
                .entities
                .iter()
                .filter(|e| !e.alternatives.is_empty())
                .count();
            locals += doc
                .entities
                .iter()
                .filter(|e| e.id.as_deref().is_some_and(|i| i.starts_with("local:")))
                .count();
            values += doc.entities.iter().filter(|e| e.value.is_some()).count();
            events += doc.events.len();
        }
    }
    assert!(
        alternatives > 0 && locals > 0 && values > 0 && events > 0,
        "{alternatives} {locals} {values} {events}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// `extract_batch` gives the same documents, in input order, on one
    /// thread and on two, and the same as extracting one by one.
    #[test]
    fn batches_are_deterministic_across_thread_counts(
        texts in prop::collection::vec(prop_oneof![newsy(), eventful()], 1..24)
    ) {
        let ex = Extractor::default();
        let date = Meta::dated("2025-03-16").unwrap();
        let inputs: Vec<(String, Meta)> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| (t, date.clone().with_id(i.to_string())))
            .collect();
        let pool = |n| rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
        let one = pool(1).install(|| ex.extract_batch(&inputs));
        let two = pool(2).install(|| ex.extract_batch(&inputs));
        prop_assert_eq!(&one, &two);
        let each: Vec<Document> = inputs.iter().map(|(t, m)| ex.extract(t, m)).collect();
        prop_assert_eq!(&one, &each);
    }
}

/// The same input gives byte-identical output in separate processes (each
/// with its own hash seeds and thread scheduling).
#[test]
fn output_is_identical_across_processes() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let text = include_str!("../examples/data/sample.txt").repeat(3);
    let input: String = text
        .split("\n\n")
        .enumerate()
        .map(|(i, p)| {
            serde_json::json!({"id": i, "text": p, "date": "2025-03-10"}).to_string() + "\n"
        })
        .collect();
    let run = |threads: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dragoman"))
            .args(["extract", "--input", "jsonl"])
            .env("RAYON_NUM_THREADS", threads)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn dragoman");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let first = run("1");
    assert!(!first.is_empty());
    assert_eq!(first, run("2"));
    assert_eq!(first, run("2"));
}

proptest! {
    /// Publication dates from any string: a date or an error, never a panic.
    #[test]
    fn any_date_string_parses_or_fails(s in any::<String>()) {
        let _ = Meta::dated(&s);
    }

    #[test]
    fn date_like_strings_parse_or_fail(s in "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9é-]{8,12}") {
        if let Ok(m) = Meta::dated(&s) {
            prop_assert_eq!(m.date.unwrap().to_string(), s);
        }
    }
}
