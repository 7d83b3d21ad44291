//! Adversarial inputs: huge, degenerate, multi-script and malformed text.
//!
//! Every case asserts that extraction does not panic, that every span lies on
//! `char` boundaries and slices the text to exactly its `text`, that event
//! indices point at existing entities, and that the time taken is bounded.
//! Time is never compared with an absolute number: each case's cost per byte
//! is compared with the cost per byte of ordinary news text measured in the
//! same run, with a wide margin, so that a slow or busy machine does not fail
//! the tests but a quadratic blow-up (thousands of times slower at these
//! sizes) does.
//!
//! Timings seen on the 2-core development machine are printed with
//! `cargo test --test adversarial -- --nocapture`.

use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use dragoman::{Document, Extractor, Meta};

/// News-like text written for these tests: names, titles, places, dates,
/// events, quotes and a dateline, in several paragraphs.
const NEWS: &str = "\
ERBIL, Kurdistan Region - Iraqi Foreign Minister Fuad Hussein met his Syrian counterpart \
Asaad al-Shibani in Baghdad on Friday to discuss border security and the return of refugees, \
the ministry said in a statement.\n\n\
The two ministers held talks on the Kirkuk–Baniyas pipeline and on water sharing from the \
Tigris and Euphrates. “We agreed to form a joint committee,” Hussein told reporters after the \
meeting, adding that a delegation would visit Damascus next week.\n\n\
Separately, the Syrian Democratic Forces (SDF) said Turkish drones attacked a village near \
Kobani on Thursday, killing two civilians. SDF commander Mazloum Abdi accused Ankara of \
undermining the ceasefire agreed in March 2025.\n\n\
In Sulaimani, security forces arrested three suspects on Wednesday, according to Rudaw. \
Jordan and Lebanon signed an agreement on electricity trade, while Iran postponed a planned \
meeting with the International Atomic Energy Agency in Vienna.\n\n\
The U.S. Army deployed additional troops to the al-Tanf base, a Pentagon spokesman said. \
Prime Minister Mohammed Shia al-Sudani is expected to travel to Ankara on 14 April.\n\n";

/// The cases of this file share the machine with each other (the test
/// harness runs two at a time here); the linearity test, which compares two
/// timings, takes this lock exclusively so that no other case runs during it.
static TIMING: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    TIMING.read().unwrap_or_else(|e| e.into_inner())
}

fn exclusive() -> RwLockWriteGuard<'static, ()> {
    TIMING.write().unwrap_or_else(|e| e.into_inner())
}

fn extractor() -> &'static Extractor {
    static EX: OnceLock<Extractor> = OnceLock::new();
    EX.get_or_init(Extractor::default)
}

/// Every invariant a document must satisfy, whatever its text.
fn check_doc(text: &str, doc: &Document) {
    assert_eq!(doc.text, text);
    let mut last_end = 0;
    for e in &doc.entities {
        let s = e.span;
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "entity span {s:?} not on char boundaries"
        );
        assert!(s.start < s.end && s.end <= text.len(), "bad span {s:?}");
        assert_eq!(
            &text[s.range()],
            e.text,
            "entity text differs from its span"
        );
        assert!(
            s.start >= last_end,
            "entities overlap or are unsorted at {s:?}"
        );
        last_end = s.end;
    }
    let mut last_end = 0;
    for s in &doc.sentences {
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert!(s.start < s.end && s.end <= text.len() && s.start >= last_end);
        last_end = s.end;
    }
    let n = doc.entities.len();
    for ev in &doc.events {
        let t = ev.trigger;
        assert!(t.start < t.end && t.end <= text.len(), "bad trigger {t:?}");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(ev.sentence < doc.sentences.len());
        for p in &ev.participants {
            assert!(p.entity < n, "participant {} of {n} entities", p.entity);
        }
        for &p in &ev.places {
            assert!(p < n, "place {p} of {n} entities");
        }
        if let Some(a) = ev.attribution {
            assert!(a < n, "attribution {a} of {n} entities");
        }
    }
}

/// Extracts, checks the invariants and returns the document and the time.
fn run(text: &str) -> (Document, Duration) {
    let t = Instant::now();
    let doc = extractor().extract(text, &Meta::dated("2025-03-16").unwrap());
    let took = t.elapsed();
    check_doc(text, &doc);
    (doc, took)
}

/// The minimum over `runs` extractions of `text`.
fn min_time(text: &str, runs: usize) -> Duration {
    (0..runs)
        .map(|_| run(text).1)
        .min()
        .unwrap_or(Duration::MAX)
}

/// `piece` repeated until the text has at least `bytes` bytes.
fn repeat_to(piece: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + piece.len());
    while s.len() < bytes {
        s.push_str(piece);
    }
    s
}

/// Nanoseconds per byte for ordinary news text, measured once per run (the
/// best of several runs over 256 KiB).
fn news_ns_per_byte() -> f64 {
    static NS: OnceLock<f64> = OnceLock::new();
    *NS.get_or_init(|| {
        let text = repeat_to(NEWS, 256 * 1024);
        let best = min_time(&text, 3);
        best.as_nanos() as f64 / text.len() as f64
    })
}

/// How many times the cost per byte of news text an adversarial input may
/// take. Degenerate inputs are usually cheaper than news; the margin absorbs
/// a busy machine and the different mix of work, and is still far below
/// what a quadratic pass would cost at these sizes.
const MARGIN: f64 = 25.0;

/// Runs one adversarial case, checks its invariants and that its cost per
/// byte stays within `MARGIN` of news text. Returns the document.
fn case(name: &str, text: &str) -> Document {
    let base = news_ns_per_byte();
    let _shared = shared();
    let (doc, took) = run(text);
    let per_byte = took.as_nanos() as f64 / text.len().max(1) as f64;
    // Tiny inputs cost a fixed overhead that has nothing to do with size.
    let allowed = MARGIN * base * text.len() as f64 + 50_000_000.0;
    eprintln!(
        "{name}: {} bytes in {:.3} s ({per_byte:.1} ns/byte; news {base:.1} ns/byte), {} entities, {} events",
        text.len(),
        took.as_secs_f64(),
        doc.entities.len(),
        doc.events.len()
    );
    assert!(
        (took.as_nanos() as f64) < allowed,
        "{name}: {:.3} s for {} bytes is more than {MARGIN}x the cost of news text \
         ({base:.1} ns/byte)",
        took.as_secs_f64(),
        text.len()
    );
    doc
}

#[test]
fn empty_and_blank_input() {
    for text in ["", " ", "\n", "\r\n", "\t \u{a0}\u{3000}", ".", "\u{feff}"] {
        let (doc, _) = run(text);
        assert!(doc.entities.is_empty() && doc.events.is_empty(), "{text:?}");
    }
}

/// One giant word of `bytes` bytes, and a stream of words glued by
/// punctuation (one endless sentence of names and triggers) of `glued_bytes`,
/// with no white space at all.
fn no_whitespace(bytes: usize, glued_bytes: usize) {
    let word = repeat_to("BaghdadIraq2025Erbil", bytes);
    case(
        &format!("no whitespace, one word, {} MB", bytes >> 20),
        &word,
    );
    drop(word);
    let glued = repeat_to(
        "Baghdad,Erbil.Iraq-Syria;met(talks)\"Ankara\"/",
        glued_bytes,
    );
    let doc = case(
        &format!(
            "no whitespace, glued by punctuation, {} MB",
            glued_bytes >> 20
        ),
        &glued,
    );
    assert!(!doc.entities.is_empty());
}

#[test]
fn five_megabytes_without_whitespace() {
    no_whitespace(5 << 20, 1 << 20);
}

/// The 50 MB case: the giant word takes about 15 s in a debug build (the
/// one `cargo test` uses) and 1.3 s in a release build; the glued stream,
/// one sentence of six million entities, takes minutes in a debug build and
/// about 30 s in a release build. Run it with `cargo test --release --test
/// adversarial -- --ignored`.
#[test]
#[ignore = "50 MB: minutes in a debug build; run with --release -- --ignored"]
fn fifty_megabytes_without_whitespace() {
    no_whitespace(50 << 20, 50 << 20);
}

#[test]
fn ten_megabyte_single_line() {
    let line = repeat_to(&NEWS.replace('\n', " "), 10 << 20);
    assert!(!line.contains('\n'));
    let doc = case("10 MB single line", &line);
    assert!(doc.entities.len() > 10_000 && !doc.events.is_empty());
}

#[test]
fn one_gazetteer_name_a_million_times() {
    let text = "Baghdad ".repeat(1_000_000);
    let doc = case("\"Baghdad \" x 1e6", &text);
    assert_eq!(doc.entities.len(), 1_000_000);
    assert!(doc.entities.iter().all(|e| e.text == "Baghdad"));
}

/// Every entry of every list in the shipped event rules.
fn trigger_words() -> Vec<String> {
    let rules = include_str!("../rules/events.rules");
    let mut out = Vec::new();
    for line in rules.lines() {
        let Some(rest) = line.strip_prefix("list ") else {
            continue;
        };
        let Some((_, entries)) = rest.split_once(':') else {
            continue;
        };
        out.extend(
            entries
                .split('|')
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty()),
        );
    }
    out
}

#[test]
fn every_trigger_word_densely() {
    let words = trigger_words();
    assert!(words.len() > 100, "{} trigger words", words.len());
    // All of them in one endless sentence, then with names between them.
    let plain = repeat_to(&format!("{} ", words.join(" ")), 1 << 20);
    case("every trigger word, one sentence, 1 MB", &plain);
    let named: Vec<String> = words
        .iter()
        .map(|w| format!("Fuad Hussein {w} Baghdad on Friday"))
        .collect();
    let named = repeat_to(&format!("{} ", named.join(" and ")), 1 << 20);
    case("every trigger word between names, 1 MB", &named);
    let short = "met attacked signed arrested deployed visited accused cancelled established ";
    let doc = case("nine triggers x 20000", &short.repeat(20_000));
    assert!(!doc.events.is_empty());
}

#[test]
fn repeated_punctuation() {
    for p in ["((((", "....", "----"] {
        case(&format!("{p:?} x 1e6"), &p.repeat(1_000_000));
    }
    for p in [
        "))))", "\"\"\"\"", "''''", "&&&&", "....\n", ". . ", "?!", "…", "“”", "().", "-.-", "//",
        "@#", "\u{2014}", "!?.\n\n",
    ] {
        case(&format!("{p:?} repeated"), &repeat_to(p, 512 * 1024));
    }
}

#[test]
fn many_scripts_and_invisible_characters() {
    let pieces = [
        // Arabic, with harakat and tatweel.
        "وصل وزير الخارجية فؤاد حسين إلى بغداد يوم الجمعة. كُرْدِسْتَان بـــغداد ",
        // Hebrew.
        "שר החוץ נפגש בירושלים עם עמיתו. ",
        // Kurdish: Sorani (Arabic script) and Kurmanji (Latin).
        "سەرۆکی هەرێمی کوردستان لە هەولێر پێشوازی لە شاندێک کرد. ",
        "Serokê Herêma Kurdistanê li Hewlêrê pêşwaziya şandeke kir. Qamişlo û Kobanî, çiya. ",
        // Turkish dotted and dotless i.
        "İstanbul'da Dışişleri Bakanı Hakan Fidan, Irak'ın başkenti Bağdat'ta görüştü. ISPARTA ığdır ",
        // Cyrillic and CJK.
        "Министр иностранных дел встретился в Москве. ",
        "外交部长在北京会见了伊拉克外长。東京で会談した。서울에서 회담했다. ",
        // Direction marks, joiners, combining marks.
        "\u{200F}Baghdad\u{200F} \u{200E}Erbil\u{200E} Ba\u{200D}ghdad Er\u{200C}bil ",
        "B\u{301}a\u{308}g\u{327}hdad Fu\u{0323}ad Hus\u{0331}sein ",
        // Emoji: skin tones, ZWJ families, flags, keycaps, variation selectors.
        "👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇮🇶🇸🇾 1️⃣ ❤️ 👩🏿‍🚀 ",
        // Isolates and embeddings around names.
        "\u{2067}Mosul\u{2069} \u{202B}Raqqa\u{202C} \u{2066}Damascus\u{2069} ",
        // English news between them.
        "Fuad Hussein met Asaad al-Shibani in Baghdad on Friday. ",
    ];
    let mixed: String = pieces.concat();
    let doc = case("mixed scripts, once", &mixed);
    assert!(
        doc.entities.iter().any(|e| e.text == "Fuad Hussein"),
        "{:?}",
        doc.entities
    );
    case("mixed scripts, 1 MB", &repeat_to(&mixed, 1 << 20));
    // Each piece alone, repeated, and one base letter with a huge tail of
    // combining marks (zalgo text).
    for p in pieces {
        case("one script, repeated", &repeat_to(p, 256 * 1024));
    }
    let zalgo = format!("Baghdad{} Erbil", "\u{301}\u{334}\u{35c}".repeat(100_000));
    case("100k combining marks on one letter", &zalgo);
    let joiners = format!("Erbil {} Duhok", "\u{200D}\u{200F}\u{FE0F}".repeat(100_000));
    case("300k joiners and marks between names", &joiners);
}

#[test]
fn nul_bytes_and_control_characters() {
    let controls: String = (0u8..0x20)
        .map(char::from)
        .chain(['\u{7f}', '\u{80}', '\u{85}', '\u{9c}', '\u{9f}'])
        .collect();
    let text =
        format!("Baghdad\0Erbil \0\0 Fuad Hussein\x07met\x1b[31mMosul\x1b[0m {controls} Kirkuk");
    let doc = case("NUL and control characters", &text);
    assert!(doc.entities.iter().any(|e| e.text == "Kirkuk"));
    case("NUL bytes x 4e6", &"\0".repeat(4_000_000));
    case(
        "controls repeated",
        &repeat_to(&format!("{controls}Baghdad "), 512 * 1024),
    );
}

#[test]
fn html_left_in_scraped_text() {
    let html = "<html><head><title>Iraq &amp; Syria</title><script>var x = \"Baghdad\"; \
        if (a < b && c > d) { alert('Erbil'); }</script><style>p{color:red}</style></head>\
        <body><p>Fuad Hussein met Asaad al-Shibani in <b>Baghdad</b> on Friday.</p>\
        <p>Talks&nbsp;in&nbsp;Erbil &#8211; Kirkuk&#x2013;Baniyas &lt;p&gt; &quot;SDF&quot;</p>\
        <a href=\"https://example.com/?a=1&amp;b=2\">Damascus</a><br/><!-- Mosul --></body></html>";
    let doc = case("HTML page", html);
    assert!(doc.entities.iter().any(|e| e.text == "Fuad Hussein"));
    case("HTML page, 1 MB", &repeat_to(html, 1 << 20));
    case("unclosed tags", &"<p><div><script>".repeat(50_000));
    case(
        "HTML entities",
        &"&amp;&lt;&gt;&#x41;&#65;&nbsp;".repeat(30_000),
    );
}

#[test]
fn windows_and_old_mac_line_endings() {
    let crlf = NEWS.replace('\n', "\r\n");
    let doc_crlf = case("CRLF news", &crlf);
    let (doc_lf, _) = run(NEWS);
    // The same entities, shifted by the extra carriage returns.
    let lf: Vec<_> = doc_lf.entities.iter().map(|e| (&e.text, e.label)).collect();
    let cr: Vec<_> = doc_crlf
        .entities
        .iter()
        .map(|e| (&e.text, e.label))
        .collect();
    assert_eq!(lf, cr);
    assert_eq!(doc_lf.sentences.len(), doc_crlf.sentences.len());
    case("lone CR", &NEWS.replace('\n', "\r"));
    case("CRLF x 1e6", &"\r\n".repeat(1_000_000));
    case("Baghdad CR CR LF x 1e5", &"Baghdad\r\r\n".repeat(100_000));
}

#[test]
fn parenthesised_acronyms_and_names_repeated() {
    // Constructions that make later stages look back: acronyms learned from
    // parentheses, surnames linked to earlier full names, `between A and B`.
    let text = repeat_to(
        "The Syrian Democratic Forces (SDF) and the Popular Mobilization Forces (PMF) met. \
         Mazloum Abdi said Abdi would attend. Talks between Iraq and Syria and Jordan and Lebanon began. ",
        1 << 20,
    );
    case("acronyms, surnames and coordination, 1 MB", &text);
    let one_sentence = repeat_to("Syrian Democratic Forces (SDF) and Abdi and ", 1 << 20);
    case("acronyms in one endless sentence, 1 MB", &one_sentence);
}

/// Extraction time grows linearly: 16 times the text takes less than 32
/// times as long. The two sizes are timed alternately, alone (see
/// `TIMING`), and the best of several runs of each is compared, so that a
/// busy moment of the machine does not count against one size only.
///
/// The bound is twice the linear ratio because wall time on a shared
/// machine is not exact: a linear pipeline measures 16.6–17.1 here, and a
/// CI host under load once measured 21.3, since the large text misses the
/// cache where the small one does not. A quadratic pass is far beyond the
/// bound: before 590e229 removed them, this test gave a ratio of 48, and
/// the quadratic part grows 256-fold with the text. A measurement over
/// the bound is repeated, up to three times, before the test fails.
#[test]
fn extraction_time_is_linear() {
    let small = repeat_to(NEWS, 32 * 1024);
    let large = small.repeat(16);
    let _alone = exclusive();
    // Warm up (first use builds the extractor and touches the allocator).
    run(&small);
    run(&large);
    let mut ratios = Vec::new();
    for _ in 0..3 {
        let (mut t1, mut t16) = (Duration::MAX, Duration::MAX);
        for _ in 0..6 {
            t1 = t1.min(min_time(&small, 2));
            t16 = t16.min(run(&large).1);
        }
        let ratio = t16.as_secs_f64() / t1.as_secs_f64();
        eprintln!(
            "linearity: {} bytes in {:.4} s, 16x in {:.4} s, ratio {ratio:.2}",
            small.len(),
            t1.as_secs_f64(),
            t16.as_secs_f64()
        );
        if ratio < 32.0 {
            return;
        }
        ratios.push(ratio);
    }
    panic!("16x the text took {ratios:.1?} times as long in three measurements");
}
