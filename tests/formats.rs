//! Every output format, parsed back and checked against the text: offsets
//! slice the text to the annotated strings, in bytes for the crate and in
//! characters for brat and displaCy.

use std::collections::{HashMap, HashSet};

use dragoman::output::{to_brat_ann, to_brat_txt, to_conll, to_displacy, to_html};
use dragoman::{Document, Extractor, Meta};

/// Texts written for these tests: multi-byte names (Turkish letters, Arabic
/// script, a curly apostrophe), a name broken over two lines, markup.
const TEXTS: [&str; 4] = [
    "Turkish Foreign Minister Hakan Fidan met his Iraqi counterpart Fuad Hussein in Ankara \
     on Tuesday, and the two ministers will visit Erbil next week.",
    "Officials in Şanlıurfa and أربيل said Kurdish security forces arrested three suspects \
     near Qamişlo on 3 March. Türkiye’s army shelled Tal Rifaat.",
    "Iraqi Prime Minister Mohammed Shia\nal-Sudani met Jordan's King Abdullah II in Amman.\n\n\
     The two leaders did not sign a deal with\nEgypt.",
    "Protesters in Basra chanted <script>alert('x')</script> & \"slogans\" outside the Iraqi \
     parliament.",
];

fn docs() -> Vec<Document> {
    let ex = Extractor::default();
    TEXTS
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let meta = Meta::dated("2025-03-14").unwrap().with_id(format!("t{i}"));
            ex.extract(t, &meta)
        })
        .collect()
}

/// The text of characters `start..end`.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn the_texts_have_entities_and_events_to_write() {
    let docs = docs();
    for d in &docs {
        assert!(!d.entities().is_empty(), "{}", d.text);
    }
    assert!(docs.iter().map(|d| d.events().len()).sum::<usize>() >= 3);
    assert!(docs[2].entities().iter().any(|e| e.text.contains('\n')));
}

#[test]
fn conll_tokens_are_the_texts_tokens_and_tags_are_the_entities() {
    for d in docs() {
        let out = to_conll(&d);
        let an = dragoman::text::Analysis::new(&d.text);
        let body = out
            .strip_prefix("-DOCSTART- O\n\n")
            .expect("-DOCSTART- header and a blank line");
        assert!(body.ends_with("\n\n"), "{out:?}");
        // Sentences, each a list of (token, tag).
        let sentences: Vec<Vec<(&str, &str)>> = body
            .trim_end_matches('\n')
            .split("\n\n")
            .map(|s| {
                s.lines()
                    .map(|l| l.split_once(' ').expect("TOKEN TAG"))
                    .collect()
            })
            .collect();
        let sizes: Vec<usize> = an.sentences.iter().map(|&(a, b)| b - a).collect();
        assert_eq!(
            sentences.iter().map(Vec::len).collect::<Vec<_>>(),
            sizes,
            "{}",
            d.text
        );
        let lines: Vec<(&str, &str)> = sentences.into_iter().flatten().collect();
        let tokens: Vec<&str> = an.tokens.iter().map(|t| t.text(&d.text)).collect();
        assert_eq!(lines.iter().map(|(t, _)| *t).collect::<Vec<_>>(), tokens);
        // B-/I- runs, as byte spans of the tokens they cover.
        let mut spans: Vec<(usize, usize, String)> = Vec::new();
        for (i, (_, tag)) in lines.iter().enumerate() {
            let tok = an.tokens[i];
            if let Some(label) = tag.strip_prefix("B-") {
                spans.push((tok.start as usize, tok.end as usize, label.to_string()));
            } else if let Some(label) = tag.strip_prefix("I-") {
                let last = spans.last_mut().expect("I- after B-");
                assert_eq!(last.2, label, "I- continues its B- label");
                assert!(lines[i - 1].1 != "O", "I- directly after B-/I-");
                last.1 = tok.end as usize;
            } else {
                assert_eq!(*tag, "O");
            }
        }
        let want: Vec<(usize, usize, String)> = d
            .entities()
            .iter()
            .map(|e| (e.span.start, e.span.end, e.label.to_string()))
            .collect();
        assert_eq!(spans, want, "{}", d.text);
    }
}

/// One parsed text-bound line of a brat `.ann` file.
struct TextBound {
    label: String,
    frags: Vec<(usize, usize)>,
    text: String,
}

#[test]
fn brat_offsets_slice_the_txt_and_events_refer_to_existing_ids() {
    for d in docs() {
        let txt = to_brat_txt(&d);
        assert_eq!(txt, d.text);
        let ann = to_brat_ann(&d);
        let mut tbs: HashMap<String, TextBound> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut events: Vec<(String, String)> = Vec::new();
        let mut refs: Vec<String> = Vec::new();
        for line in ann.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let id = fields[0].to_string();
            assert!(!tbs.contains_key(&id), "duplicate id {id}");
            match id.chars().next() {
                Some('T') => {
                    assert_eq!(fields.len(), 3, "{line:?}");
                    let (label, offsets) = fields[1].split_once(' ').expect("LABEL OFFSETS");
                    let frags = offsets
                        .split(';')
                        .map(|f| {
                            let (s, e) = f.split_once(' ').expect("START END");
                            (s.parse().unwrap(), e.parse().unwrap())
                        })
                        .collect();
                    order.push(id.clone());
                    tbs.insert(
                        id,
                        TextBound {
                            label: label.to_string(),
                            frags,
                            text: fields[2].to_string(),
                        },
                    );
                }
                Some('E') => {
                    assert_eq!(fields.len(), 2, "{line:?}");
                    events.push((id, fields[1].to_string()));
                }
                Some('A') => {
                    let parts: Vec<&str> = fields[1].split(' ').collect();
                    assert_eq!(parts[0], "Modality");
                    assert!(["future", "negated", "hypothetical"].contains(&parts[2]));
                    refs.push(parts[1].to_string());
                }
                Some('#') => {
                    let (kind, target) = fields[1].split_once(' ').unwrap();
                    assert_eq!(kind, "AnnotatorNotes");
                    assert_eq!(fields.len(), 3, "{line:?}");
                    refs.push(target.to_string());
                }
                _ => panic!("unexpected line {line:?}"),
            }
        }
        // Every text-bound annotation: its character offsets slice the text
        // to its text (fragments joined by a space).
        for tb in tbs.values() {
            let pieces: Vec<String> = tb.frags.iter().map(|&(s, e)| chars(txt, s, e)).collect();
            assert_eq!(pieces.join(" "), tb.text);
            assert!(!tb.text.contains(['\n', '\t', '\r']));
        }
        // The entities, in order, are the first text-bound lines.
        let ents: Vec<(String, String)> = order
            .iter()
            .take(d.entities().len())
            .map(|id| (tbs[id].label.clone(), tbs[id].text.clone()))
            .collect();
        let want: Vec<(String, String)> = d
            .entities()
            .iter()
            .map(|e| {
                (
                    e.label.to_string(),
                    e.text.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        assert_eq!(ents, want);
        // Events: `type:Ttrigger Role:Tn …`, all ids existing, roles unique.
        assert_eq!(events.len(), d.events().len());
        let mut event_ids = HashSet::new();
        for (id, body) in &events {
            let mut args = body.split(' ');
            let (ty, trigger) = args.next().unwrap().split_once(':').unwrap();
            assert_eq!(
                tbs[trigger].label, ty,
                "the trigger is labelled with the type"
            );
            let mut roles = HashSet::new();
            for arg in args {
                let (role, target) = arg.split_once(':').expect("Role:Tn");
                assert!(roles.insert(role), "role {role} twice in {body}");
                assert!(role.starts_with(|c: char| c.is_ascii_uppercase()));
                assert!(tbs.contains_key(target), "{target} in {body}");
            }
            event_ids.insert(id.clone());
        }
        for r in refs {
            assert!(tbs.contains_key(&r) || event_ids.contains(&r), "{r}");
        }
    }
}

#[test]
fn brat_writes_roles_and_modality() {
    let docs = docs();
    let ann = to_brat_ann(&docs[0]);
    // Hakan Fidan is T2, Fuad Hussein T4, Ankara T5 (after two nationalities).
    assert!(
        ann.contains("\tmeeting:T8 Agent:T2 Counterpart:T4 Place:T5\n"),
        "{ann}"
    );
    let ann = to_brat_ann(&docs[2]);
    assert!(
        ann.contains("\tPERSON 21 34;35 44\tMohammed Shia al-Sudani\n"),
        "{ann}"
    );
    assert!(ann.contains("\tModality E2 negated\n"), "{ann}");
}

#[test]
fn displacy_offsets_are_characters_that_slice_the_text() {
    for d in docs() {
        let v: serde_json::Value = serde_json::from_str(&to_displacy(&d)).unwrap();
        let text = v["text"].as_str().unwrap();
        assert_eq!(text, d.text);
        assert_eq!(v["title"].as_str(), d.meta.id.as_deref());
        let ents = v["ents"].as_array().unwrap();
        assert_eq!(ents.len(), d.entities().len());
        for (j, e) in ents.iter().zip(d.entities()) {
            let (s, t) = (j["start"].as_u64().unwrap(), j["end"].as_u64().unwrap());
            assert_eq!(chars(text, s as usize, t as usize), e.text);
            assert_eq!(j["label"], e.label.as_str());
        }
    }
    let d = Extractor::default().extract("Erbil.", &Meta::default());
    assert!(to_displacy(&d).ends_with(",\"title\":null}"));
}

/// Undoes the escaping of [`to_html`].
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn html_is_balanced_marks_every_entity_and_fetches_nothing() {
    let open_close = regex::Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>").unwrap();
    let mark = regex::Regex::new(
        r#"<mark class="ent l-([a-z]+)" title="[^"<>]*">([^<]*)<span class="tag">([A-Z]+)</span></mark>"#,
    )
    .unwrap();
    for d in docs() {
        let html = to_html(&d);
        // Raw text elements hold no tags; check the rest nests.
        let style = html.find("<style>").unwrap()..html.find("</style>").unwrap();
        let script = html.find("<script>").unwrap()..html.find("</script>").unwrap();
        let mut stack: Vec<String> = Vec::new();
        for c in open_close.captures_iter(&html) {
            let at = c.get(0).unwrap().start();
            if (style.start < at && at < style.end) || (script.start < at && at < script.end) {
                continue;
            }
            let name = c[2].to_ascii_lowercase();
            if matches!(name.as_str(), "meta" | "br") {
                continue;
            }
            if c[1].is_empty() {
                stack.push(name);
            } else {
                assert_eq!(stack.pop().as_deref(), Some(name.as_str()), "at byte {at}");
            }
        }
        assert!(stack.is_empty(), "unclosed {stack:?}");
        // Each entity, in order, in a mark with its label's class and tag.
        let marked: Vec<(String, String)> = mark
            .captures_iter(&html)
            .map(|c| {
                assert_eq!(c[1].to_ascii_uppercase(), c[3]);
                (unescape(&c[2]), c[3].to_string())
            })
            .collect();
        let want: Vec<(String, String)> = d
            .entities()
            .iter()
            .map(|e| (e.text.clone(), e.label.to_string()))
            .collect();
        assert_eq!(marked, want);
        // Sentences are spans with ids, and the page is self-contained.
        for i in 0..d.sentences().len() {
            assert!(html.contains(&format!("<span class=\"sent\" id=\"s{i}\">")));
        }
        for bad in [
            "http://", "https://", "src=", "href=", "url(", "@import", "//cdn",
        ] {
            assert!(!html.contains(bad), "{bad} in the page");
        }
    }
}

#[test]
fn html_escapes_markup_in_the_text() {
    let html = to_html(&docs()[3]);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(html.contains(
        "chanted &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;slogans&quot;"
    ));
    let d = Extractor::default().extract(
        "Talks in Erbil.",
        &Meta::default().with_id("a </title><script>x()</script>"),
    );
    let html = to_html(&d);
    assert_eq!(html.matches("<script").count(), 1);
    assert!(
        html.contains("<title>a &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt; · dragoman</title>")
    );
}

#[test]
fn html_lists_events_with_their_sentences() {
    let d = &docs()[0];
    let html = to_html(d);
    let rows: Vec<&str> = html
        .match_indices("<tr data-s=\"s")
        .map(|(i, _)| &html[i..])
        .collect();
    assert_eq!(rows.len(), d.events().len());
    assert!(rows[0].starts_with("<tr data-s=\"s0\" tabindex=\"0\"><td><b>meeting</b>"));
    let row = &rows[0][..rows[0].find("</tr>").unwrap()];
    assert!(
        row.contains("Hakan Fidan</span> <span class=\"role\">agent</span>"),
        "{row}"
    );
    assert!(row.contains("Ankara</span>"), "{row}");
    assert!(
        row.contains("<span class=\"mod mod-asserted\">asserted</span>"),
        "{row}"
    );
}
