//! The command-line contract: exit codes, JSON shape, JSONL batches.

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

/// Starts dragoman with all three standard streams piped.
fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dragoman")
}

fn dragoman(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = spawn(args);
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
fn the_number_of_threads_changes_nothing_in_the_output() {
    // More records than a chunk (512), bad ones among them, from standard
    // input: read on a thread of the pool when `--threads` is given.
    let mut input = String::new();
    for i in 0..1200 {
        match i % 7 {
            0 => input.push_str("not json\n"),
            k => input.push_str(&format!(
                "{{\"id\":{i},\"text\":\"Talks {k} in Erbil with Mazloum Abdi on Friday.\"}}\n"
            )),
        }
    }
    let run = |extra: &[&str]| {
        let mut args = vec!["extract", "--input", "jsonl", "--date", "2025-03-20"];
        args.extend_from_slice(extra);
        let o = dragoman(&args, input.as_bytes());
        assert_eq!(
            o.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        stdout(&o)
    };
    let all_cores = run(&[]);
    assert_eq!(all_cores.lines().count(), 1200);
    assert_eq!(run(&["--threads", "1"]), all_cores);
    assert_eq!(run(&["--threads", "3"]), all_cores);
    let o = dragoman(&["extract", "--input", "jsonl", "--threads", "0"], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--threads"));
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
        "--threads",
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

#[test]
fn jsonl_bad_types_dates_and_huge_lines() {
    let huge_text = "Talks in Erbil went on. ".repeat(40_000); // ~1 MB of text
    let huge_garbage = "x".repeat(16 << 20); // a 16 MB line that is not JSON
    let lines: Vec<String> = vec![
        r#"{"id":"ok1","text":"Protests in Basra.","date":"2025-01-02"}"#.into(),
        r#"{"id":true,"text":"x"}"#.into(),
        r#"{"id":["a"],"text":"x"}"#.into(),
        r#"{"id":"t-null","text":null}"#.into(),
        r#"{"id":"t-num","text":12}"#.into(),
        r#"{"id":"t-obj","text":{"body":"Erbil"}}"#.into(),
        r#"{"id":"d-num","text":"Erbil.","date":20250102}"#.into(),
        r#"{"id":"d-feb30","text":"Erbil.","date":"2025-02-30"}"#.into(),
        r#"{"id":"d-slash","text":"Erbil.","date":"02/01/2025"}"#.into(),
        r#"{"id":"d-empty","text":"Erbil.","date":""}"#.into(),
        r#"["Erbil"]"#.into(),
        r#""Erbil""#.into(),
        r#"{"id":"trailing","text":"Erbil."} junk"#.into(),
        huge_garbage,
        format!(r#"{{"id":"huge","text":"{huge_text}","date":"2025-03-01"}}"#),
        r#"{"id":"crlf","text":"Talks in Amman."}"#.to_string() + "\r",
        r#"{"id":9007199254740993,"text":"Duhok."}"#.into(),
    ];
    let input = lines.join("\n") + "\n";
    let o = dragoman(&["extract", "--input", "jsonl"], input.as_bytes());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("13 record(s) failed"), "{err}");
    let out: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(out.len(), lines.len(), "one output line per input line");
    // (output index, wanted id, message fragment) for every bad record.
    let bad: &[(usize, serde_json::Value, &str)] = &[
        (
            1,
            serde_json::Value::Null,
            "\"id\" must be a string or number",
        ),
        (
            2,
            serde_json::Value::Null,
            "\"id\" must be a string or number",
        ),
        (3, "t-null".into(), "\"text\" must be a string"),
        (4, "t-num".into(), "\"text\" must be a string"),
        (5, "t-obj".into(), "\"text\" must be a string"),
        (6, "d-num".into(), "\"date\" must be a string"),
        (7, "d-feb30".into(), "no such day"),
        (8, "d-slash".into(), "expected YYYY-MM-DD"),
        (9, "d-empty".into(), "expected YYYY-MM-DD"),
        (10, serde_json::Value::Null, "expected a JSON object"),
        (11, serde_json::Value::Null, "expected a JSON object"),
        (12, serde_json::Value::Null, "not JSON"),
        (13, serde_json::Value::Null, "not JSON"),
    ];
    for (i, id, fragment) in bad {
        let l = &out[*i];
        assert_eq!(l["line"], i + 1, "{l}");
        assert_eq!(&l["id"], id, "{l}");
        let msg = l["error"]
            .as_str()
            .unwrap_or_else(|| panic!("no error in {l}"));
        assert!(msg.starts_with(&format!("line {}: ", i + 1)), "{msg}");
        assert!(
            msg.contains(fragment),
            "line {}: {msg:?} lacks {fragment:?}",
            i + 1
        );
        // An error line never echoes the (possibly huge) input.
        assert!(l.to_string().len() < 300, "{} bytes", l.to_string().len());
    }
    assert_eq!(out[0]["entities"][0]["text"], "Basra");
    assert_eq!(out[14]["id"], "huge");
    assert_eq!(
        out[14]["entities"].as_array().unwrap().len(),
        40_000,
        "every Erbil in the huge record"
    );
    assert_eq!(out[15]["id"], "crlf");
    assert_eq!(out[15]["entities"][0]["text"], "Amman");
    assert_eq!(out[16]["id"], "9007199254740993");
}

/// Spawns dragoman with `input` on standard input, reads `keep` bytes of its
/// output, closes the pipe and returns the exit code and standard error.
fn closed_pipe(args: &[&str], input: Vec<u8>, keep: usize) -> (Option<i32>, String) {
    use std::io::Read;
    let mut child = spawn(args);
    let mut stdin = child.stdin.take().expect("stdin");
    // Feed the input from another thread: the child stops reading when its
    // output fails, and the writer must not block the test then.
    let feeder = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut buf = vec![0; keep];
    stdout
        .read_exact(&mut buf)
        .expect("some output before closing");
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().expect("wait");
    feeder.join().unwrap();
    (status.code(), err)
}

#[test]
fn a_closed_output_pipe_ends_quietly() {
    // `dragoman extract --input jsonl big.jsonl | head -1`
    let line = r#"{"id":"x","text":"Fuad Hussein met Asaad al-Shibani in Baghdad on Friday.","date":"2025-03-16"}"#;
    let big = format!("{line}\n").repeat(20_000).into_bytes();
    let (code, err) = closed_pipe(&["extract", "--input", "jsonl"], big.clone(), 100);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.is_empty(), "nothing on standard error: {err}");
    assert_eq!(code, Some(0));
    // The same from a file.
    let path = std::env::temp_dir().join(format!("dragoman-big-{}.jsonl", std::process::id()));
    std::fs::write(&path, &big).unwrap();
    let (code, err) = closed_pipe(
        &["extract", "--input", "jsonl", path.to_str().unwrap()],
        Vec::new(),
        100,
    );
    std::fs::remove_file(&path).ok();
    assert!(err.is_empty(), "nothing on standard error: {err}");
    assert_eq!(code, Some(0));
    // One large document, indented JSON.
    let text = "Talks in Erbil and Duhok. ".repeat(4_000).into_bytes();
    let (code, err) = closed_pipe(&["extract", "--date", "2025-03-16"], text.clone(), 10);
    assert!(err.is_empty(), "{err}");
    assert_eq!(code, Some(0));
    let (code, err) = closed_pipe(&["explain"], text, 10);
    assert!(err.is_empty(), "{err}");
    assert_eq!(code, Some(0));
    // `dragoman check DIR | head -1`, DIR holding several valid files.
    let dir = std::env::temp_dir().join(format!("dragoman-cli-pipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..20 {
        std::fs::write(
            dir.join(format!("g{i:02}.tsv")),
            format!("# source: t\n# licence: CC0-1.0\nid\tlabel\tname\np{i}\tGPE\tPlace {i}\n"),
        )
        .unwrap();
    }
    let (code, err) = closed_pipe(&["check", dir.to_str().unwrap()], Vec::new(), 1);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(code, Some(0), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Peak resident memory (VmHWM, in kB) of `dragoman extract --input jsonl`
/// over `n` small documents, sampled from /proc while it runs. It uses a
/// one-entry gazetteer instead of the embedded data: the run is faster in a
/// debug build, and the peak is the batch machinery's own, not ~50 MB of
/// compiled data that would hide its growth.
fn peak_rss_kb(n: usize, gazetteer: &std::path::Path) -> u64 {
    use std::io::{BufRead, BufReader};
    // Small documents, so that the run measures the batch, not extraction.
    let texts = [
        "Talks in Erbil.",
        "Hussein met Shibani.",
        "Drones hit Kobani.",
        "وصل إلى بغداد.",
        "",
        "Amman, Monday.",
    ];
    let mut input = Vec::new();
    for i in 0..n {
        let doc =
            serde_json::json!({"id": i, "text": texts[i % texts.len()], "date": "2025-03-16"});
        input.extend_from_slice(doc.to_string().as_bytes());
        input.push(b'\n');
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args([
            "extract",
            "--input",
            "jsonl",
            "--no-default-data",
            "--gazetteer",
        ])
        .arg(gazetteer)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn dragoman");
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || BufReader::new(stdout).lines().count());
    let status = format!("/proc/{pid}/status");
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status) {
            if let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    feeder.join().unwrap().unwrap();
    assert_eq!(reader.join().unwrap(), n, "one output line per document");
    assert!(peak > 0, "no VmHWM read from {status}");
    peak
}

/// A JSONL batch streams: peak memory does not grow with the number of
/// documents (200k documents stay within 1.5x the peak of 50k).
#[test]
fn large_batches_stream_in_bounded_memory() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc");
        return;
    }
    let gaz = std::env::temp_dir().join(format!("dragoman-stream-{}.tsv", std::process::id()));
    std::fs::write(
        &gaz,
        "# source: test\n# licence: CC0-1.0\nid\tlabel\tname\nerbil\tGPE\tErbil\nkobani\tGPE\tKobani\n",
    )
    .unwrap();
    let small = peak_rss_kb(50_000, &gaz);
    let large = peak_rss_kb(200_000, &gaz);
    std::fs::remove_file(&gaz).ok();
    eprintln!("peak RSS: 50k docs {small} kB, 200k docs {large} kB");
    assert!(
        (large as f64) < 1.5 * small as f64,
        "peak memory grew from {small} kB to {large} kB"
    );
}

#[test]
fn jsonl_invalid_utf8_names_the_byte_unless_lossy() {
    let input =
        b"{\"id\":\"a\",\"text\":\"Erbil \xff and Duhok\"}\n{\"id\":\"b\",\"text\":\"Amman\"}\n";
    let o = dragoman(&["extract", "--input", "jsonl"], input);
    assert_eq!(o.status.code(), Some(3));
    let out = stdout(&o);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["error"], "line 1: not valid UTF-8 at byte 24");
    let o = dragoman(&["extract", "--input", "jsonl", "--lossy"], input);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["id"], "a");
    assert_eq!(first["entities"][1]["text"], "Duhok");
    // Text mode: the offset of the first invalid byte, past multi-byte text.
    let o = dragoman(
        &["extract"],
        "Türkiye’s \u{200f}"
            .as_bytes()
            .iter()
            .chain(b"\xc3(")
            .copied()
            .collect::<Vec<u8>>()
            .as_slice(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("at byte 16"), "{err}");
}

#[test]
fn spacy_entity_ruler_patterns_load_as_gazetteers() {
    let dir = std::env::temp_dir().join(format!("dragoman-spacy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("patterns.jsonl");
    std::fs::write(
        &good,
        concat!(
            "{\"label\": \"ORG\", \"pattern\": \"Tigris Rowing Club\", \"id\": \"trc\"}\n",
            "{\"label\": \"ORG\", \"pattern\": [{\"ORTH\": \"TRC\"}], \"id\": \"trc\"}\n",
            "{\"label\": \"PRODUCT\", \"pattern\": \"Zab Cola\"}\n",
        ),
    )
    .unwrap();
    let path = good.to_str().unwrap();
    // The unsupported label is an error naming its line ...
    let o = dragoman(&["extract", "--gazetteer", path], b"x");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("patterns.jsonl:3:1: unsupported label"),
        "{err}"
    );
    // ... and skipped on request; the rest links to one id.
    let o = dragoman(
        &[
            "extract",
            "--gazetteer",
            path,
            "--skip-unsupported",
            "--format",
            "jsonl",
        ],
        b"The Tigris Rowing Club (TRC) won. TRC celebrated.",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["id"].as_str())
        .collect();
    assert_eq!(ids, ["trc", "trc", "trc"]);
    std::fs::remove_dir_all(&dir).ok();
}
