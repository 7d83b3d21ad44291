//! Embeds the shipped data files (gazetteers, lists, rules) in the library.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&root);
    embed(&root.join("gazetteers"), "gazetteers", "tsv", "embedded.rs");
    embed(
        &root.join("gazetteers/lists"),
        "gazetteers/lists",
        "txt",
        "embedded_lists.rs",
    );
    embed(&root.join("rules"), "rules", "rules", "embedded_rules.rs");
}

/// Writes `OUT_DIR/out` as an array of `(path, include_str!(…))` for every
/// `*.ext` file in `dir`, sorted by name.
fn embed(dir: &Path, prefix: &str, ext: &str, out_name: &str) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<String> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(&format!(".{ext}")))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("&[\n");
    for f in &files {
        let path = dir.join(f);
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            format!("{prefix}/{f}"),
            path.display().to_string()
        ));
    }
    out.push(']');
    let dest = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out_name);
    fs::write(dest, out).expect("write embedded.rs");
}
