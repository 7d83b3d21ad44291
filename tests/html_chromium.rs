//! The HTML page in a real browser: headless Chromium renders the sample
//! article, its DOM holds the highlighted names and shows that the page's
//! script ran, and a screenshot comes out as a PNG.
//!
//! Without a `chromium` binary on `PATH` the test is skipped with a notice,
//! unless the `CI` environment variable is set: CI installs Chromium
//! (`.ci/run`), so there a missing browser is a failure.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dragoman::{Extractor, Meta};

/// The Chromium binary on `PATH`, if any.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A directory of its own under the system temporary directory.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("dragoman-chromium-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Runs headless Chromium on a file with extra arguments, with a fresh
/// profile and nothing that reaches the network; returns its standard
/// output. Fails if it runs longer than two minutes or exits with an error.
fn run_chromium(bin: &Path, profile: &Path, page: &Path, extra: &[&str]) -> String {
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).map(|_| s)
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium {extra:?} did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = out.join().unwrap().expect("chromium's output is UTF-8");
    let err = err.join().unwrap().unwrap_or_default();
    assert!(
        status.success(),
        "chromium {extra:?} failed: {status}\n{err}"
    );
    out
}

#[test]
fn chromium_renders_the_page() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but there is no chromium on PATH (.ci/run installs it)"
        );
        // Written past the test harness's capture, so that it is seen.
        let _ = writeln!(
            std::io::stderr(),
            "html_chromium: SKIPPED, no chromium on PATH (install Debian's `chromium`)"
        );
        return;
    };
    let text = include_str!("../examples/data/sample.txt");
    let doc = Extractor::default().extract(text, &Meta::dated("2025-03-10").unwrap());
    assert!(doc.entities().len() > 10 && !doc.events().is_empty());
    let tmp = TempDir::new();
    let page = tmp.0.join("sample.html");
    std::fs::write(&page, dragoman::output::to_html(&doc)).unwrap();

    let dom = run_chromium(&bin, &tmp.0.join("profile-dom"), &page, &["--dump-dom"]);
    // The script ran: it marks the root element when it has set up the rows.
    assert!(dom.contains(r#"<html lang="en" class="js">"#), "{dom}");
    for e in doc.entities() {
        let marked = format!(">{}<span class=\"tag\">{}</span></mark>", e.text, e.label);
        assert!(dom.contains(&marked), "{marked} not in the DOM");
    }
    assert_eq!(
        dom.matches("<mark class=\"ent ").count(),
        doc.entities().len()
    );
    assert_eq!(
        dom.matches("<span class=\"sent\"").count(),
        doc.sentences().len()
    );
    assert_eq!(dom.matches("<tr data-s=").count(), doc.events().len());

    let png = tmp.0.join("sample.png");
    run_chromium(
        &bin,
        &tmp.0.join("profile-png"),
        &page,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1200,1600",
        ],
    );
    let bytes = std::fs::read(&png).expect("chromium wrote the screenshot");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    // The IHDR chunk: width and height, big-endian, at bytes 16..24.
    let dim = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    assert_eq!((dim(16), dim(20)), (1200, 1600));
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());
}
