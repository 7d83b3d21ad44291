//! Throughput of extraction in bytes per second: the whole pipeline on short
//! and long articles, each stage alone, the floor (one bare aho-corasick pass
//! of all gazetteer names), and building the default extractor, whose heap
//! memory (held, and at the peak of the build) is counted and printed.
//!
//! The corpus is generated from the project's own sample articles
//! (`examples/data/*.txt`), cycled and shuffled at paragraph level. Every
//! timed loop asserts the number of entities (or matches) it produced, so a
//! regression cannot look faster by doing less.
//!
//! `cargo bench --bench extract` runs it; `cargo bench --bench extract --
//! --test` runs every benchmark once (CI's short mode).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use dragoman::stages;
use dragoman::text::{Analysis, Normalized};
use dragoman::{Extractor, Meta};

mod common;
use common::corpus;

/// The system allocator, counting live and peak heap bytes while `ON` is
/// set (only around the build's memory measurement: the timed loops pay
/// one relaxed load per allocation).
struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    if ON.load(Relaxed) {
        let now = LIVE.fetch_add(delta, Relaxed) + delta;
        PEAK.fetch_max(now, Relaxed);
    }
}

// SAFETY: every call is passed on unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            count(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        count(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn bytes(docs: &[String]) -> u64 {
    docs.iter().map(|d| d.len() as u64).sum()
}

/// Entities and events found in `docs`, summed: what every pipeline
/// benchmark must find again inside its timed loop.
type Found = (usize, usize);

fn sum(found: impl Iterator<Item = Found>) -> Found {
    found.fold((0, 0), |(e, v), (a, b)| (e + a, v + b))
}

fn counts(doc: &dragoman::Document) -> Found {
    (doc.entities.len(), doc.events.len())
}

fn pipeline(c: &mut Criterion) {
    let ex = Extractor::default();
    let meta = Meta::dated("2025-03-10").expect("valid date");
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    for (name, paras) in [("short_articles", 3), ("long_articles", 40)] {
        let docs = corpus(paras, 5 << 20);
        let expected = sum(docs.iter().map(|d| counts(&ex.extract(d, &meta))));
        assert!(expected.0 > 0 && expected.1 > 0);
        g.throughput(Throughput::Bytes(bytes(&docs)));
        g.bench_function(name, |b| {
            b.iter(|| {
                let n = sum(docs.iter().map(|d| counts(&ex.extract(d, &meta))));
                assert_eq!(n, expected);
            })
        });
        // The same extraction read in place: no Document is made.
        g.bench_function(format!("{name}_borrowed"), |b| {
            b.iter(|| {
                let n = sum(docs.iter().map(|d| {
                    ex.extract_with(d, &meta, |doc| (doc.entities().len(), doc.events().len()))
                }));
                assert_eq!(n, expected);
            })
        });
    }
    let docs = corpus(3, 5 << 20);
    let inputs: Vec<(String, Meta)> = docs.iter().map(|d| (d.clone(), meta.clone())).collect();
    let expected = sum(docs.iter().map(|d| counts(&ex.extract(d, &meta))));
    g.throughput(Throughput::Bytes(bytes(&docs)));
    g.bench_function("batch_all_cores", |b| {
        b.iter(|| {
            // Documents are reduced on the threads that made them.
            let n = sum(ex.extract_batch_map(&inputs, |d| counts(&d)).into_iter());
            assert_eq!(n, expected);
        })
    });
    g.finish();
}

fn stages_alone(c: &mut Criterion) {
    let ex = Extractor::default();
    let meta = Meta::dated("2025-03-10").expect("valid date");
    let docs = corpus(3, 2 << 20);
    let analyses: Vec<Analysis> = docs.iter().map(|d| Analysis::new(d)).collect();
    let words: Vec<stages::Words> = analyses.iter().map(|a| stages::word_ids(&ex, a)).collect();
    let gaz: Vec<stages::Mentions> = (0..docs.len())
        .map(|i| stages::gazetteer(&ex, &docs[i], &analyses[i], &words[i]))
        .collect();
    let rules: Vec<stages::Mentions> = (0..docs.len())
        .map(|i| stages::entity_rules(&ex, &docs[i], &analyses[i], &gaz[i], &words[i]))
        .collect();
    let dates: Vec<stages::Mentions> = (0..docs.len())
        .map(|i| stages::dates(&docs[i], &analyses[i], &words[i], &meta))
        .collect();
    let kept: Vec<stages::Mentions> = (0..docs.len())
        .map(|i| stages::resolve(vec![gaz[i].clone(), rules[i].clone(), dates[i].clone()]))
        .collect();
    let linked: Vec<stages::Mentions> = (0..docs.len())
        .map(|i| stages::link(&ex, &docs[i], &analyses[i], &words[i], kept[i].clone()))
        .collect();
    let count = |v: &[stages::Mentions]| v.iter().map(stages::Mentions::len).sum::<usize>();

    let mut g = c.benchmark_group("stages");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes(&docs)));
    let folded_len: usize = analyses.iter().map(|a| a.norm.as_str().len()).sum();
    g.bench_function("normalise", |b| {
        let mut n = Normalized::default();
        b.iter(|| {
            let mut total = 0;
            for d in &docs {
                n.fold_into(d);
                total += n.as_str().len();
            }
            assert_eq!(total, folded_len);
        })
    });
    let tokens: usize = analyses.iter().map(|a| a.tokens.len()).sum();
    g.bench_function("tokens_and_sentences", |b| {
        b.iter(|| {
            let n: usize = docs.iter().map(|d| Analysis::new(d).tokens.len()).sum();
            assert_eq!(n, tokens);
        })
    });
    let n_words: usize = words.iter().map(stages::Words::len).sum();
    g.bench_function("word_ids", |b| {
        b.iter(|| {
            let n: usize = analyses
                .iter()
                .map(|a| stages::word_ids(&ex, a).len())
                .sum();
            assert_eq!(n, n_words);
        })
    });
    let n_gaz = count(&gaz);
    g.bench_function("gazetteer", |b| {
        b.iter(|| {
            // Given the word ids, shared with the rules.
            let n: usize = (0..docs.len())
                .map(|i| stages::gazetteer(&ex, &docs[i], &analyses[i], &words[i]).len())
                .sum();
            assert_eq!(n, n_gaz);
        })
    });
    let n_rules = count(&rules);
    g.bench_function("entity_rules", |b| {
        b.iter(|| {
            let n: usize = (0..docs.len())
                .map(|i| {
                    stages::entity_rules(&ex, &docs[i], &analyses[i], &gaz[i], &words[i]).len()
                })
                .sum();
            assert_eq!(n, n_rules);
        })
    });
    let n_dates = count(&dates);
    g.bench_function("dates", |b| {
        b.iter(|| {
            let n: usize = (0..docs.len())
                .map(|i| stages::dates(&docs[i], &analyses[i], &words[i], &meta).len())
                .sum();
            assert_eq!(n, n_dates);
        })
    });
    let n_linked = count(&linked);
    g.bench_function("resolve_and_link", |b| {
        b.iter(|| {
            let n: usize = (0..docs.len())
                .map(|i| {
                    let k =
                        stages::resolve(vec![gaz[i].clone(), rules[i].clone(), dates[i].clone()]);
                    stages::link(&ex, &docs[i], &analyses[i], &words[i], k).len()
                })
                .sum();
            assert_eq!(n, n_linked);
        })
    });
    let n_event_rules: usize = (0..docs.len())
        .map(|i| stages::event_rule_matches(&ex, &docs[i], &analyses[i], &linked[i], &words[i]))
        .sum();
    g.bench_function("event_rules_alone", |b| {
        b.iter(|| {
            let n: usize = (0..docs.len())
                .map(|i| {
                    stages::event_rule_matches(&ex, &docs[i], &analyses[i], &linked[i], &words[i])
                })
                .sum();
            assert_eq!(n, n_event_rules);
        })
    });
    let n_events: usize = (0..docs.len())
        .map(|i| stages::events(&ex, &docs[i], &analyses[i], &linked[i], &words[i]))
        .sum();
    g.bench_function("events", |b| {
        b.iter(|| {
            let n: usize = (0..docs.len())
                .map(|i| stages::events(&ex, &docs[i], &analyses[i], &linked[i], &words[i]))
                .sum();
            assert_eq!(n, n_events);
        })
    });
    // The floor: one bare pass of every gazetteer name over the folded text.
    let ac = ex
        .gazetteer()
        .build_automaton()
        .expect("the default keys fit one automaton");
    let floor_hits: usize = analyses
        .iter()
        .map(|a| ac.find_iter(a.norm.as_str()).count())
        .sum();
    g.bench_function("floor_bare_automaton", |b| {
        b.iter(|| {
            let n: usize = analyses
                .iter()
                .map(|a| ac.find_iter(a.norm.as_str()).count())
                .sum();
            assert_eq!(n, floor_hits);
        })
    });
    g.finish();
}

fn build(c: &mut Criterion) {
    // The memory of the default extractor: heap bytes it holds once built,
    // and the most live at once while building.
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ON.store(true, Relaxed);
    let ex = Extractor::builder().build().expect("embedded data builds");
    let held = LIVE.load(Relaxed);
    let peak = PEAK.load(Relaxed);
    drop(ex);
    ON.store(false, Relaxed);
    let mb = |b: isize| b as f64 / (1 << 20) as f64;
    println!(
        "build/default_extractor memory: {:.1} MiB of heap held, {:.1} MiB at the peak of the build",
        mb(held),
        mb(peak)
    );
    // A guard against a data or index change that multiplies the memory.
    assert!(
        held < 64 << 20,
        "the default extractor holds {:.1} MiB",
        mb(held)
    );

    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("default_extractor_cold", |b| {
        b.iter(|| {
            let ex = Extractor::builder().build().expect("embedded data builds");
            assert!(black_box(ex.gazetteer().entries().len()) > 10_000);
        })
    });
    g.finish();
}

criterion_group!(benches, pipeline, stages_alone, build);
criterion_main!(benches);
