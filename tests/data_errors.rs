//! Malformed data files: every kind of fault is reported as `file:line:col`
//! with a message and a caret under the fault, and `dragoman check` prints
//! every fault of a file, not only the first.

use std::process::Command;

use dragoman::{check_gazetteer, Diagnostic, Extractor};

const GAZ_HEAD: &str = "# source: test\n# licence: CC0-1.0\nid\tlabel\tname\taliases\tlat\tlon\n";

/// The faults of a gazetteer made of `GAZ_HEAD` and `body` (line 4 on).
fn gaz_errors(body: &[u8]) -> Vec<Diagnostic> {
    let mut bytes = GAZ_HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(body);
    check_gazetteer("t.tsv", &bytes)
}

/// The faults of a rule file built on its own.
fn rule_errors(src: &str) -> Vec<Diagnostic> {
    match Extractor::builder()
        .default_data(false)
        .rules_str("t.rules", src)
        .build()
    {
        Ok(_) => Vec::new(),
        Err(e) => e.diagnostics().to_vec(),
    }
}

/// Checks that the first fault is at `line:col` with `fragment` in its
/// message, and that it prints with its position and a caret under the
/// column.
fn expect_fault(
    what: &str,
    diags: &[Diagnostic],
    file: &str,
    line: usize,
    col: usize,
    fragment: &str,
) {
    let Some(d) = diags.first() else {
        panic!("{what}: no fault reported");
    };
    assert_eq!(d.file, file, "{what}");
    assert_eq!((d.line, d.column), (line, col), "{what}: {d}");
    assert!(
        d.message.contains(fragment),
        "{what}: {:?} lacks {fragment:?}",
        d.message
    );
    let shown = d.to_string();
    let mut lines = shown.lines();
    assert_eq!(
        lines.next(),
        Some(format!("{file}:{line}:{col}: {}", d.message).as_str()),
        "{what}"
    );
    assert!(
        lines.next().is_some_and(|l| l.starts_with("  | ")),
        "{what}: no source line in\n{shown}"
    );
    assert_eq!(
        lines.next(),
        Some(format!("  | {}^", " ".repeat(col - 1)).as_str()),
        "{what}: caret not under column {col} in\n{shown}"
    );
}

#[test]
fn gazetteer_faults_name_their_position() {
    let table: &[(&str, &[u8], usize, usize, &str)] = &[
        (
            "too few columns",
            b"a\tGPE\tA\t\t1\n",
            4,
            11,
            "expected 6 tab-separated columns, found 5",
        ),
        (
            "too many columns",
            b"a\tGPE\tA\t\t1\t2\textra\n",
            4,
            14,
            "expected 6 tab-separated columns, found 7",
        ),
        ("empty id", b"\tGPE\tA\t\t\t\n", 4, 1, "empty id"),
        ("empty name", b"a\tGPE\t\t\t\t\n", 4, 7, "empty name"),
        ("blank name", b"a\tGPE\t   \t\t\t\n", 4, 7, "empty name"),
        ("empty label", b"a\t\tA\t\t\t\n", 4, 3, "empty label"),
        (
            "unknown label",
            b"a\tCITY\tA\t\t\t\n",
            4,
            3,
            "unknown label \"CITY\"",
        ),
        (
            "lower-case label",
            b"a\tgpe\tA\t\t\t\n",
            4,
            3,
            "unknown label \"gpe\"",
        ),
        (
            "DATE label",
            b"a\tDATE\tA\t\t\t\n",
            4,
            3,
            "DATE is not a gazetteer label",
        ),
        (
            "duplicate id",
            b"a\tGPE\tA\t\t\t\nb\tGPE\tB\t\t\t\na\tGPE\tC\t\t\t\n",
            6,
            1,
            "duplicate id `a` (first on line 4)",
        ),
        (
            "latitude out of range",
            b"a\tGPE\tA\t\t95\t10\n",
            4,
            10,
            "bad latitude \"95\"",
        ),
        (
            "longitude out of range",
            b"a\tGPE\tA\t\t10\t-181\n",
            4,
            13,
            "bad longitude \"-181\"",
        ),
        (
            "latitude not a number",
            b"a\tGPE\tA\t\tnorth\t10\n",
            4,
            10,
            "bad latitude",
        ),
        (
            "latitude NaN",
            b"a\tGPE\tA\t\tNaN\t10\n",
            4,
            10,
            "bad latitude",
        ),
        (
            "longitude infinite",
            b"a\tGPE\tA\t\t10\tinf\n",
            4,
            13,
            "bad longitude",
        ),
        (
            "empty alias",
            b"a\tGPE\tA\tB||C\t\t\n",
            4,
            11,
            "empty alias",
        ),
        (
            "invalid UTF-8",
            b"a\tGPE\tBa\xffghdad\t\t\t\n",
            4,
            9,
            "invalid UTF-8 at byte 8 of the line",
        ),
        (
            "invalid UTF-8 after non-ASCII",
            b"a\tGPE\t\xc3\xbc\xc3\xbc\xe2\x82\t\t\t\n",
            4,
            9,
            "invalid UTF-8",
        ),
        (
            "column after non-ASCII text",
            "a\tGPE\tTürkiye\tTürk\t91\t\n".as_bytes(),
            4,
            20,
            "bad latitude",
        ),
    ];
    for (what, body, line, col, fragment) in table {
        let d = gaz_errors(body);
        assert_eq!(d.len(), 1, "{what}: {d:?}");
        expect_fault(what, &d, "t.tsv", *line, *col, fragment);
    }
}

#[test]
fn gazetteer_header_faults() {
    let d = check_gazetteer("t.tsv", b"id\tlabel\tname\na\tGPE\tA\n");
    assert_eq!(d.len(), 2, "{d:?}");
    expect_fault("no source", &d, "t.tsv", 1, 1, "no `# source:` line");
    expect_fault("no licence", &d[1..], "t.tsv", 1, 1, "no `# licence:` line");
    let d = check_gazetteer(
        "t.tsv",
        b"# source: x\n# licence: y\nid\tlabel\tnom\na\tGPE\tA\n",
    );
    expect_fault(
        "missing column",
        &d,
        "t.tsv",
        3,
        1,
        "lacks the required `name` column",
    );
    let d = check_gazetteer("t.tsv", b"# source: x\n# licence: y\nid\tlabel\tname\tid\n");
    expect_fault(
        "repeated column",
        &d,
        "t.tsv",
        3,
        15,
        "column `id` appears twice",
    );
    let d = check_gazetteer("t.tsv", b"# source: x\n# licence: y\n");
    // At the end of the file: the empty line after the last newline, which
    // has no text to show under a caret.
    assert_eq!((d[0].line, d[0].column), (3, 1), "{d:?}");
    assert!(d[0].message.contains("missing column header line"), "{d:?}");
}

#[test]
fn duplicate_ids_across_files_show_the_line() {
    let a = format!("{GAZ_HEAD}erbil\tGPE\tErbil\t\t\t\n");
    let b = format!("{GAZ_HEAD}x\tGPE\tX\t\t\t\nerbil\tGPE\tHewler\t\t\t\n");
    let err = Extractor::builder()
        .default_data(false)
        .gazetteer_str("a.tsv", &a)
        .gazetteer_str("b.tsv", &b)
        .build()
        .unwrap_err();
    let d = err.diagnostics();
    assert_eq!(d.len(), 1, "{err}");
    expect_fault(
        "cross-file duplicate",
        d,
        "b.tsv",
        5,
        1,
        "duplicate id `erbil` (first in a.tsv:4)",
    );
    assert!(d[0].source_line.contains("Hewler"));
}

/// A rule around one faulty line: `rule r` on line 1, then `lines`.
fn rule(lines: &str) -> String {
    format!("rule r\n{lines}")
}

#[test]
fn rule_faults_name_their_position() {
    let ok_tail = "  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n";
    let table: Vec<(&str, String, usize, usize, &str)> = vec![
        (
            "unterminated literal",
            rule(&format!("  match: x:Cap \"met\n{ok_tail}")),
            2,
            16,
            "unterminated literal: expected a closing `\"`",
        ),
        (
            "unterminated exact literal",
            rule(&format!("  match: x:Cap 'Met\n{ok_tail}")),
            2,
            16,
            "unterminated literal: expected a closing `'`",
        ),
        (
            "unterminated regex",
            rule(&format!("  match: x:Cap /[0-9]+\n{ok_tail}")),
            2,
            16,
            "unterminated regex",
        ),
        (
            "unterminated repetition",
            rule(&format!("  match: x:Cap{{1,3\n{ok_tail}")),
            2,
            15,
            "unterminated `{`",
        ),
        (
            "unterminated group",
            rule(&format!("  match: x:(Cap met\n{ok_tail}")),
            2,
            20,
            "expected `)`",
        ),
        (
            "unterminated example",
            rule("  match: x:Cap said\n  emit: PERSON x\n  expect: \"X said => PERSON\n"),
            4,
            11,
            "unterminated example sentence",
        ),
        (
            "unterminated rule: no emit",
            "rule r\n  match: x:Cap\n".to_string(),
            1,
            1,
            "rule `r` has no `emit:` line",
        ),
        (
            "unterminated rule: no match",
            "rule r\n\nrule s\n  match: x:Cap\n  emit: PERSON x\n  expect: \"X\" => PERSON \"X\"\n"
                .to_string(),
            1,
            1,
            "rule `r` has no `match:` line",
        ),
        (
            "unterminated rule: no example",
            "rule r\n  match: x:Cap\n  emit: PERSON x\n".to_string(),
            1,
            1,
            "rule `r` has no `expect:` example",
        ),
        (
            "unknown list",
            rule(&format!("  match: @titles x:Cap\n{ok_tail}")),
            2,
            10,
            "unknown list `@titles`",
        ),
        (
            "unknown list inside a group",
            rule(&format!("  match: x:(Cap (of | @places))\n{ok_tail}")),
            2,
            23,
            "unknown list `@places`",
        ),
        (
            "unknown list after non-ASCII",
            rule(&format!("  match: \"Erbîl\" x:Cap @nolist\n{ok_tail}")),
            2,
            24,
            "unknown list `@nolist`",
        ),
        (
            "unknown list on a continuation line",
            rule(&format!("  match: x:Cap\n    (said | @nolist)\n{ok_tail}")),
            3,
            13,
            "unknown list `@nolist`",
        ),
        (
            "unterminated literal on a continuation line",
            rule(&format!("  match: x:Cap\n    said \"to\n{ok_tail}")),
            3,
            10,
            "unterminated literal",
        ),
        (
            "unknown capture in emit",
            rule("  match: name:Cap said\n  emit: PERSON who\n  expect: \"X said\" => PERSON \"X\"\n"),
            3,
            16,
            "unknown capture `who` in `emit:`: the pattern captures name",
        ),
        (
            "unknown capture in an event role",
            rule("  match: a:PERSON met\n  emit: event meeting agent=a counterpart=b\n  expect: \"X met\" => meeting\n"),
            3,
            43,
            "unknown capture `b`",
        ),
        (
            "unknown label in a pattern",
            rule(&format!("  match: x:Cap CITY\n{ok_tail}")),
            2,
            16,
            "unknown label `CITY`",
        ),
        (
            "unknown label in emit",
            rule("  match: x:Cap\n  emit: TOWN x\n  expect: \"x\" => PERSON \"x\"\n"),
            3,
            9,
            "unknown label \"TOWN\"",
        ),
        (
            "unknown event type",
            rule("  match: trigger:met\n  emit: event picnic\n  expect: \"x\" => picnic\n"),
            3,
            9,
            "unknown event type `picnic`",
        ),
        (
            "unknown key",
            rule(&format!(
                "  match: x:Cap said\n  priority: 1\n  emits: PERSON x\n{ok_tail}"
            )),
            4,
            3,
            "expected one of `match`",
        ),
        (
            "bad repetition",
            rule(&format!("  match: x:Cap{{3,1}}\n{ok_tail}")),
            2,
            15,
            "bad repetition",
        ),
        (
            "duplicate rule id",
            format!("rule r\n  match: x:Cap said\n{ok_tail}\nrule r\n  match: x:Cap said\n{ok_tail}"),
            6,
            1,
            "duplicate rule id `r` (first in t.rules:1)",
        ),
        (
            "stray line",
            "rules r\n".to_string(),
            1,
            1,
            "expected `rule ID` or `list NAME: …`",
        ),
        (
            "empty list",
            "list empty:  \n".to_string(),
            1,
            14,
            "list `empty` has no entries",
        ),
    ];
    for (what, src, line, col, fragment) in &table {
        let d = rule_errors(src);
        expect_fault(what, &d, "t.rules", *line, *col, fragment);
    }
}

#[test]
fn word_list_without_header() {
    let dir = temp_dir("list");
    let path = dir.join("places.txt");
    std::fs::write(&path, "Erbil\nDuhok\n").unwrap();
    let err = Extractor::builder()
        .default_data(false)
        .list_file(&path)
        .unwrap()
        .build()
        .unwrap_err();
    let file = path.display().to_string();
    expect_fault(
        "list header",
        err.diagnostics(),
        &file,
        1,
        1,
        "list has no `# source:` line",
    );
    std::fs::remove_dir_all(&dir).ok();
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let dir =
        std::env::temp_dir().join(format!("dragoman-data-errors-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn check(paths: &[&std::path::Path]) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .arg("check")
        .args(paths)
        .output()
        .expect("run dragoman check");
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Every `file:line:col:` heading of `check`'s output, in order, and the
/// number of caret lines.
fn headings(stderr: &str, file: &str) -> (Vec<String>, usize) {
    let heads = stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{file}:")))
        .map(|l| l.splitn(4, ':').take(3).collect::<Vec<_>>().join(":"))
        .collect();
    let carets = stderr
        .lines()
        .filter(|l| l.starts_with("  | ") && l.trim_end().ends_with('^') && l[4..].trim() == "^")
        .count();
    (heads, carets)
}

#[test]
fn check_reports_every_fault_of_a_file_with_carets() {
    let dir = temp_dir("check");
    let gaz = dir.join("bad.tsv");
    let mut bytes = GAZ_HEAD.as_bytes().to_vec();
    bytes.extend_from_slice(
        b"a\tGPE\tA\t\t1\n\
          \tGPE\tB\t\t\t\n\
          c\tCITY\tC\t\t\t\n\
          d\tGPE\t\t\t\t\n\
          e\tGPE\tE\t\t95\t10\n\
          e\tGPE\tE2\t\t\t\n\
          g\tGPE\tG\xff\t\t\t\n\
          ok\tGPE\tFine\t\t\t\n",
    );
    std::fs::write(&gaz, &bytes).unwrap();
    let (code, _, err) = check(&[&gaz]);
    assert_eq!(code, Some(1), "{err}");
    let file = gaz.display().to_string();
    let (heads, carets) = headings(&err, &file);
    let want: Vec<String> = ["4:11", "5:1", "6:3", "7:7", "8:10", "9:1", "10:8"]
        .iter()
        .map(|p| format!("{file}:{p}"))
        .collect();
    assert_eq!(heads, want, "{err}");
    assert_eq!(carets, 7, "one caret per fault:\n{err}");
    assert!(err.contains("7 error(s) in 1 file(s) checked"), "{err}");

    let rules = dir.join("bad.rules");
    let mut src =
        b"rule a\n  match: x:Cap \"met\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n\n\
rule b\n  match: @nolist x:Cap\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n\n\
rule c\n  match: name:Cap met\n  emit: PERSON who\n  expect: \"x\" => PERSON \"x\"\n\n\
rule d\n  match: x:Cap CITY\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n\n\
rule e\n  match: x:Cap\n"
            .to_vec();
    src.extend_from_slice(b"\nrule f\n  match: x:Cap \"Erb\xffl\"\n  emit: PERSON x\n  expect: \"x\" => PERSON \"x\"\n");
    std::fs::write(&rules, &src).unwrap();
    let (code, _, err) = check(&[&rules]);
    assert_eq!(code, Some(1), "{err}");
    let file = rules.display().to_string();
    let (heads, carets) = headings(&err, &file);
    // Invalid UTF-8 anywhere in a rule file stops it being parsed: it is
    // reported alone, at its position.
    assert_eq!(heads, [format!("{file}:25:20")], "{err}");
    assert_eq!(carets, 1, "{err}");
    assert!(err.contains("invalid UTF-8"), "{err}");

    // Without the invalid byte, every other fault is reported.
    let src = String::from_utf8_lossy(&src).replace('\u{fffd}', "i");
    std::fs::write(&rules, &src).unwrap();
    let (code, _, err) = check(&[&rules]);
    assert_eq!(code, Some(1), "{err}");
    let (heads, carets) = headings(&err, &file);
    let want: Vec<String> = ["2:16", "7:10", "13:16", "17:16", "21:1"]
        .iter()
        .map(|p| format!("{file}:{p}"))
        .collect();
    assert_eq!(heads, want, "{err}");
    assert_eq!(carets, 5, "{err}");

    // Both files at once: the faults of both, and the total.
    let (code, _, err) = check(&[&gaz, &rules]);
    assert_eq!(code, Some(1));
    assert!(err.contains("12 error(s) in 2 file(s) checked"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_accepts_the_shipped_data() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, out, err) = check(&[&root.join("gazetteers"), &root.join("rules")]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.lines().all(|l| l.ends_with(": ok")), "{out}");
}
