//! The benchmark corpus, shared by `benches/extract.rs` and
//! `examples/throughput.rs` (included there by path).

/// The sample articles, 30 KB in all. How much text there is matters, not
/// only how much is generated from it: the processor's branch predictors
/// learn a corpus cycled from a few kilobytes. Generated from the first
/// four samples alone (3.6 KB), the corpus ran 1.6 times as fast as one
/// generated the same way from 25 KB of real news articles.
const SAMPLES: [&str; 16] = [
    include_str!("../../examples/data/abqaiq-khurais-attack.txt"),
    include_str!("../../examples/data/abraham-accords-signing.txt"),
    include_str!("../../examples/data/ain-al-asad-missile-attack.txt"),
    include_str!("../../examples/data/amman-summit-cancelled.txt"),
    include_str!("../../examples/data/assad-government-falls.txt"),
    include_str!("../../examples/data/beirut-port-explosion.txt"),
    include_str!("../../examples/data/iraq-turkey.txt"),
    include_str!("../../examples/data/israel-lebanon-maritime-border.txt"),
    include_str!("../../examples/data/kirkuk-ceyhan-pipeline-halt.txt"),
    include_str!("../../examples/data/kurdistan-independence-referendum.txt"),
    include_str!("../../examples/data/lebanon-ceasefire.txt"),
    include_str!("../../examples/data/operation-peace-spring-pause.txt"),
    include_str!("../../examples/data/pope-francis-iraq-visit.txt"),
    include_str!("../../examples/data/red-sea.txt"),
    include_str!("../../examples/data/sample.txt"),
    include_str!("../../examples/data/saudi-iran-beijing-agreement.txt"),
];

/// Documents of `paras` paragraphs each, `total` bytes in all, made by
/// shuffling the samples' paragraphs with a fixed seed.
pub fn corpus(paras: usize, total: usize) -> Vec<String> {
    let pool: Vec<&str> = SAMPLES
        .iter()
        .flat_map(|s| s.split("\n\n"))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        // xorshift64*: a deterministic shuffle without a dependency.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        seed.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut docs = Vec::new();
    let mut size = 0;
    while size < total {
        let doc: Vec<&str> = (0..paras)
            .map(|_| pool[(next() % pool.len() as u64) as usize])
            .collect();
        let doc = doc.join("\n\n");
        size += doc.len();
        docs.push(doc);
    }
    docs
}
