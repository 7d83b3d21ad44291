//! The command-line contract: exit codes, JSON shape, JSONL batches.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn dragoman(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dragoman");
    // The tool may exit before reading its input (a usage error), which
    // closes the pipe.
    match child.stdin.take().expect("stdin").write_all(stdin) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("write stdin: {e}"),
        _ => {}
    }
    child.wait_with_output().expect("wait for dragoman")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

#[test]
fn extract_writes_the_contract_json() {
    let text = "Talks in Baghdad with Türkiye’s envoy.";
    let o = dragoman(&["extract", "--date", "2025-03-14"], text.as_bytes());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON object");
    let ents = v["entities"].as_array().expect("entities array");
    assert!(v["events"].is_array());
    let chars: Vec<char> = text.chars().collect();
    let mut labels = Vec::new();
    for e in ents {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let (bs, be) = (
            e["byte_start"].as_u64().unwrap() as usize,
            e["byte_end"].as_u64().unwrap() as usize,
        );
        let by_chars: String = chars[s..t].iter().collect();
        assert_eq!(by_chars, e["text"].as_str().unwrap());
        assert_eq!(&text[bs..be], e["text"].as_str().unwrap());
        labels.push((
            e["text"].as_str().unwrap().to_string(),
            e["label"].as_str().unwrap().to_string(),
        ));
    }
    assert!(
        labels.contains(&("Baghdad".into(), "GPE".into())),
        "{labels:?}"
    );
    assert!(
        labels.contains(&("Türkiye".into(), "GPE".into())),
        "{labels:?}"
    );
}

#[test]
fn extract_reads_a_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/sample.txt");
    let o = dragoman(
        &["extract", "--date", "2025-03-10", "--format", "jsonl", path],
        b"",
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("\"Mazloum Abdi\""), "{out}");
}

#[test]
fn invalid_utf8_is_an_error_naming_the_offset() {
    let o = dragoman(&["extract"], b"Erbil \xff\xfe and Duhok");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("byte 6"), "{err}");
    let o = dragoman(&["extract", "--lossy"], b"Erbil \xff\xfe and Duhok");
    assert!(o.status.success());
    assert!(stdout(&o).contains("Duhok"));
}

#[test]
fn bad_date_and_missing_file_are_one_line_errors() {
    let o = dragoman(&["extract", "--date", "2025-02-30"], b"x");
    assert_eq!(o.status.code(), Some(2));
    let o = dragoman(&["extract", "/no/such/file.txt"], b"");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("/no/such/file.txt"));
}

#[test]
fn jsonl_batch_reports_bad_lines_and_keeps_order() {
    let input = concat!(
        "{\"id\":\"a\",\"text\":\"Protests in Basra.\",\"date\":\"2025-01-02\"}\n",
        "not json\n",
        "{\"id\":\"c\"}\n",
        "{\"id\":\"d\",\"text\":\"Erbil.\",\"date\":\"yesterday\"}\n",
        "{\"id\":7,\"text\":42}\n",
        "\n",
        "{\"id\":\"f\",\"text\":\"Talks in Amman.\"}\n",
    );
    let mut bytes = input.as_bytes().to_vec();
    bytes.extend_from_slice(b"{\"id\":\"g\",\"text\":\"\xff\"}\n");
    let o = dragoman(&["extract", "--input", "jsonl"], &bytes);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["entities"][0]["text"], "Basra");
    for (i, want_line) in [(1, 2), (2, 3), (3, 4), (4, 5), (6, 8)] {
        assert!(lines[i]["error"].is_string(), "line {i}: {}", lines[i]);
        assert_eq!(lines[i]["line"], want_line);
    }
    assert_eq!(lines[2]["id"], "c");
    assert_eq!(lines[5]["id"], "f");
    assert_eq!(lines[5]["entities"][0]["text"], "Amman");
}

#[test]
fn user_gazetteers_and_no_default_data() {
    let dir = std::env::temp_dir().join(format!("dragoman-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("mine.tsv");
    std::fs::write(
        &good,
        "# source: test\n# licence: CC0-1.0\nid\tlabel\tname\nzab\tLOC\tGreat Zab River\n",
    )
    .unwrap();
    let o = dragoman(
        &[
            "extract",
            "--no-default-data",
            "--gazetteer",
            good.to_str().unwrap(),
        ],
        b"The Great Zab River near Erbil.",
    );
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["entities"].as_array().unwrap().len(), 1);
    assert_eq!(v["entities"][0]["id"], "zab");

    let bad = dir.join("bad.tsv");
    std::fs::write(
        &bad,
        "# source: test\n# licence: CC0-1.0\nid\tlabel\tname\nx\tPLACE\tX\n\tGPE\tY\n",
    )
    .unwrap();
    let o = dragoman(&["check", bad.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.tsv:4:3: unknown label"), "{err}");
    assert!(err.contains("bad.tsv:5:1: empty id"), "{err}");
    let o = dragoman(&["check", good.to_str().unwrap()], b"");
    assert!(o.status.success());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn help_explains_every_option() {
    let o = dragoman(&["extract", "--help"], b"");
    let help = stdout(&o);
    for opt in [
        "--date",
        "--input",
        "--format",
        "--gazetteer",
        "--no-default-data",
        "--lossy",
        "--id",
    ] {
        assert!(help.contains(opt), "{opt} missing from help");
    }
}

#[test]
fn every_format_writes_one_document() {
    let text = "Fuad Hussein met Asaad al-Shibani in Baghdad.";
    for (format, starts) in [
        ("json", "{\n"),
        ("jsonl", "{\"entities\""),
        ("conll", "-DOCSTART- O\n\nFuad B-PERSON\n"),
        ("brat", "T1\tPERSON 0 12\tFuad Hussein\n"),
        ("displacy", "{\"text\":"),
        ("html", "<!DOCTYPE html>"),
    ] {
        let o = dragoman(&["extract", "--format", format], text.as_bytes());
        assert!(
            o.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let out = stdout(&o);
        assert!(out.starts_with(starts), "{format}: {out}");
        assert!(
            out.ends_with('\n') && !out.ends_with("\n\n\n"),
            "{format}: {out:?}"
        );
    }
}

#[test]
fn jsonl_input_with_conll_and_displacy_keeps_one_document_per_record() {
    let input = "{\"id\":\"a\",\"text\":\"Talks in Basra.\"}\nnot json\n{\"id\":\"c\",\"text\":\"Erbil.\"}\n";
    let o = dragoman(
        &["extract", "--input", "jsonl", "--format", "conll"],
        input.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(
        stdout(&o),
        "-DOCSTART- O\n\nTalks O\nin O\nBasra B-GPE\n. O\n\n\
         -DOCSTART- O\n\n\
         -DOCSTART- O\n\nErbil B-GPE\n. O\n\n"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("\"line\":2"), "{err}");

    let o = dragoman(
        &["extract", "--input", "jsonl", "--format", "displacy"],
        input.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(3));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["title"], "a");
    assert_eq!(lines[0]["ents"][0]["label"], "GPE");
    assert_eq!(lines[1]["line"], 2);
    assert_eq!(lines[2]["title"], "c");
}

#[test]
fn brat_and_html_refuse_jsonl_input() {
    for format in ["brat", "html"] {
        let o = dragoman(
            &["extract", "--input", "jsonl", "--format", format],
            b"{\"text\":\"Erbil.\"}\n",
        );
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(o.stdout.is_empty());
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(&format!("--format {format}")), "{err}");
        assert!(err.contains("--input jsonl"), "{err}");
    }
}
