//! Throughput of extraction, in bytes per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dragoman::{Extractor, Meta};

const SAMPLE: &str = include_str!("../examples/data/sample.txt");

fn corpus(target: usize) -> String {
    let mut s = String::with_capacity(target + SAMPLE.len());
    while s.len() < target {
        s.push_str(SAMPLE);
        s.push_str("\n\n");
    }
    s
}

fn bench_extract(c: &mut Criterion) {
    let ex = Extractor::default();
    let meta = Meta::dated("2025-03-10").expect("valid date");
    let text = corpus(1 << 20);
    let expected = ex.extract(&text, &meta).entities.len();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("sample_1MB", |b| {
        b.iter(|| {
            let doc = ex.extract(&text, &meta);
            assert_eq!(doc.entities.len(), expected);
        })
    });
    g.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
