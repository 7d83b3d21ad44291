//! One-shot throughput report: full pipeline single-threaded (owned
//! documents with `extract`, and read in place with `extract_with`) and on
//! all cores (`extract_batch_map`, and `extract_batch_with` read in place),
//! the floor (a bare aho-corasick pass of every
//! gazetteer name over the folded text), their ratio, the build time and peak
//! memory.
//!
//! ```text
//! cargo run --release --example throughput                 # generated 20 MB corpus
//! cargo run --release --example throughput -- corpus.jsonl # {"text": …} per line
//! cargo run --release --example throughput -- article.txt  # paragraphs of a text file
//! cargo run --release --example throughput -- --quick      # 2 MB, for CI
//! ```

use std::time::Instant;

use dragoman::text::Normalized;
use dragoman::{Extractor, Meta};

/// The benchmarks' corpus generator.
#[path = "../benches/common/mod.rs"]
mod common;

fn load(path: &str) -> std::io::Result<Vec<String>> {
    let data = std::fs::read_to_string(path)?;
    if path.ends_with(".jsonl") {
        Ok(data
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_string))
            .collect())
    } else {
        Ok(data
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(str::to_string)
            .collect())
    }
}

/// Peak resident memory of this process in MB (Linux), if known.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1);
    let docs = match arg.as_deref() {
        Some("--quick") => common::corpus(4, 2 << 20),
        Some(path) => load(path)?,
        None => common::corpus(4, 20 << 20),
    };
    let bytes: usize = docs.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!("corpus: {} documents, {:.1} MB", docs.len(), mb);

    let before = rss_mb().unwrap_or(0.0);
    let t = Instant::now();
    let ex = Extractor::builder().build()?;
    let build = t.elapsed();
    let after = rss_mb().unwrap_or(0.0);
    println!(
        "build: {:.0} ms, {:.0} MB resident for the default data ({} entries, {} names, {} keys)",
        build.as_secs_f64() * 1e3,
        after - before,
        ex.gazetteer().entries().len(),
        ex.gazetteer().name_count(),
        ex.gazetteer().key_count()
    );

    let meta = Meta::dated("2025-03-10")?;
    let folded: Vec<String> = docs
        .iter()
        .map(|d| Normalized::new(d).as_str().to_string())
        .collect();
    let ac = ex.gazetteer().build_automaton()?;
    // The corpus in rounds of about 1 MB. Measures that are compared (the
    // pipeline and the floor; one thread and all cores) take turns round by
    // round, so that a change in the machine's load during the run (shared
    // machines vary by 10-20% over seconds) falls on both alike.
    let mut rounds: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut from, mut size) = (0, 0);
    for (i, d) in docs.iter().enumerate() {
        size += d.len();
        if size >= 1 << 20 || i + 1 == docs.len() {
            rounds.push(from..i + 1);
            (from, size) = (i + 1, 0);
        }
    }

    let (mut single, mut borrowed, mut floor) = (0.0, 0.0, 0.0);
    let (mut entities, mut events, mut hits) = (0, 0, 0);
    let (mut entities_read, mut events_read) = (0, 0);
    for r in &rounds {
        let t = Instant::now();
        for d in &docs[r.clone()] {
            let doc = ex.extract(d, &meta);
            entities += doc.entities.len();
            events += doc.events.len();
        }
        single += t.elapsed().as_secs_f64();
        // The same documents read in place, with no Document made.
        let t = Instant::now();
        for d in &docs[r.clone()] {
            ex.extract_with(d, &meta, |doc| {
                entities_read += doc.entities().len();
                events_read += doc.events().len();
            });
        }
        borrowed += t.elapsed().as_secs_f64();
        let t = Instant::now();
        hits += folded[r.clone()]
            .iter()
            .map(|f| ac.find_iter(f.as_str()).count())
            .sum::<usize>();
        floor += t.elapsed().as_secs_f64();
    }
    println!(
        "pipeline, 1 thread: {:.1} MB/s, {:.0} docs/s ({entities} entities, {events} events)",
        mb / single,
        docs.len() as f64 / single
    );
    assert_eq!((entities_read, events_read), (entities, events));
    println!(
        "pipeline read in place (extract_with), 1 thread: {:.1} MB/s, {:.0} docs/s",
        mb / borrowed,
        docs.len() as f64 / borrowed
    );
    println!(
        "floor (bare automaton pass): {:.1} MB/s ({hits} raw matches)",
        mb / floor
    );
    println!("pipeline / floor: {:.1}%", 100.0 * floor / single);

    // Batches of 512 documents, as a stream would be processed (the
    // command-line tool reads 512 lines at a time), each document reduced
    // to what is kept (here its counts) on the thread that made it. The
    // same batches run on a pool of one thread and on a pool of all cores,
    // taking turns by 4 MB rather than 1: a pool left idle for a turn puts
    // its threads to sleep, and waking them (the scheduler first places a
    // woken thread beside the one that woke it) cost the pool of two
    // threads 10-30% of turns of 1 MB (1.33-1.66x against 1.90-1.92x),
    // which a stream that keeps its pool busy does not pay.
    let turns: Vec<std::ops::Range<usize>> = rounds
        .chunks(4)
        .map(|c| c[0].start..c[c.len() - 1].end)
        .collect();
    let inputs: Vec<(String, Meta)> = docs.iter().map(|d| (d.clone(), meta.clone())).collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pools = [
        rayon::ThreadPoolBuilder::new().num_threads(1).build()?,
        rayon::ThreadPoolBuilder::new().num_threads(cores).build()?,
    ];
    // [pool][owned documents, read in place]
    let mut times = [[0.0; 2]; 2];
    let mut counts = [[(0, 0); 2]; 2];
    for r in &turns {
        for (k, pool) in pools.iter().enumerate() {
            for read_in_place in [false, true] {
                let t = Instant::now();
                let (n, m) = pool.install(|| {
                    inputs[r.clone()]
                        .chunks(512)
                        .flat_map(|chunk| {
                            if read_in_place {
                                ex.extract_batch_with(chunk, |d| {
                                    (d.entities().len(), d.events().len())
                                })
                            } else {
                                ex.extract_batch_map(chunk, |d| (d.entities.len(), d.events.len()))
                            }
                        })
                        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y))
                });
                let j = usize::from(read_in_place);
                times[k][j] += t.elapsed().as_secs_f64();
                counts[k][j] = (counts[k][j].0 + n, counts[k][j].1 + m);
            }
        }
    }
    for c in counts.iter().flatten() {
        assert_eq!(
            *c,
            (entities, events),
            "batch and single-threaded results differ"
        );
    }
    // Against the plain loops above as well: on a shared machine the pool
    // of one thread, taking turns with the pool of all cores, has at times
    // run 10-15% below the plain loop of owned documents (and at times
    // not), which flatters the ratio against it.
    for (j, (what, plain)) in [
        ("extract_batch_map", single),
        ("extract_batch_with (read in place)", borrowed),
    ]
    .iter()
    .enumerate()
    {
        println!(
            "pipeline, {what}, 512 documents a batch: 1 thread {:.1} MB/s, {cores} threads {:.1} MB/s ({:.2}x; {:.2}x the plain loop)",
            mb / times[0][j],
            mb / times[1][j],
            times[0][j] / times[1][j],
            plain / times[1][j]
        );
    }
    if let Some(p) = peak_rss_mb() {
        println!("peak memory: {p:.0} MB");
    }
    Ok(())
}
