#!/usr/bin/env python3
"""Side-by-side throughput: `dragoman extract --input jsonl` against spaCy's
rule-based EntityRuler on the same corpus.

The corpus is made from the project's sample articles (examples/data/*.txt),
paragraphs shuffled with a fixed seed, written as JSONL. spaCy gets a blank
English pipeline with an EntityRuler holding phrase patterns (LOWER) for the
Latin-script names of dragoman's gazetteers, up to --patterns of them.

    pip install spacy
    cargo build --release
    python3 tools/bench/compare_spacy.py --mb 20 --patterns 40000

Prints MB/s for each and the ratio. spaCy does only dictionary lookup here;
dragoman also runs its rules, dates, linking and events and writes JSON.
"""
import argparse
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def corpus(mb):
    paras = []
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "data", "*.txt"))):
        paras += [p.strip() for p in open(path, encoding="utf-8").read().split("\n\n") if p.strip()]
    rng = random.Random(7)
    docs, size = [], 0
    while size < mb * 1_000_000:
        doc = "\n\n".join(rng.choice(paras) for _ in range(4))
        docs.append(doc)
        size += len(doc.encode("utf-8"))
    return docs


def names(limit):
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "gazetteers", "*.tsv"))):
        header = None
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells))
            for n in [row.get("name", "")] + row.get("aliases", "").split("|"):
                if n and n.isascii():
                    out.append((row["label"], n))
    random.Random(1).shuffle(out)
    return out[:limit]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--patterns", type=int, default=40000)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "dragoman"))
    args = ap.parse_args()
    docs = corpus(args.mb)
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i, d in enumerate(docs):
            f.write(json.dumps({"id": str(i), "text": d, "date": "2025-03-10"}) + "\n")
        path = f.name
    print(f"corpus: {len(docs)} documents, {size:.1f} MB")

    t = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run([args.bin, "extract", "--input", "jsonl", path], stdout=null, check=False)
    dr = time.perf_counter() - t
    print(f"dragoman extract --input jsonl (all cores, JSON out): {size / dr:.1f} MB/s")
    t = time.perf_counter()
    with open(os.devnull, "wb") as null:
        subprocess.run([args.bin, "extract", "--input", "jsonl", path], stdout=null, check=False,
                       env={**os.environ, "RAYON_NUM_THREADS": "1"})
    dr1 = time.perf_counter() - t
    print(f"dragoman extract --input jsonl (1 thread, JSON out): {size / dr1:.1f} MB/s")

    try:
        import spacy
    except ImportError:
        sys.exit("spaCy is not installed: pip install spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    pats = [{"label": l, "pattern": n} for l, n in names(args.patterns)]
    t = time.perf_counter()
    ruler.add_patterns(pats)
    print(f"spaCy EntityRuler: {len(pats)} phrase patterns loaded in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    n = 0
    for doc in nlp.pipe(docs, batch_size=256):
        n += len(doc.ents)
    sp = time.perf_counter() - t
    print(f"spaCy EntityRuler (1 process): {size / sp:.2f} MB/s, {n} entities")
    print(f"ratio dragoman (1 thread) / spaCy: {sp / dr1:.0f}x; all cores: {sp / dr:.0f}x")
    os.unlink(path)


if __name__ == "__main__":
    main()
