//! Reading spaCy EntityRuler pattern files (JSONL) as gazetteers.
//!
//! Each line is `{"label": …, "pattern": …, "id": …}`. A phrase pattern (a
//! string) is a name; a token pattern (a list of token objects) is a name
//! when every token has only `LOWER`, `ORTH` or `TEXT` with a string value.
//! Patterns sharing an `id` become one entry whose aliases are the other
//! patterns; patterns without one get an id made from their text. Labels
//! must be PERSON, ORG, GPE, LOC, FAC or NORP.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::{load::Reporter, Entry};
use crate::document::Label;

/// Whether the bytes look like a spaCy pattern file rather than a TSV.
pub(crate) fn looks_like_spacy(name: &str, bytes: &[u8]) -> bool {
    name.ends_with(".jsonl")
        || bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'{')
}

/// Parses a pattern file. Unsupported patterns are errors, unless `skip`,
/// when they are left out silently.
pub(crate) fn parse(file: &str, bytes: &[u8], rep: &mut Reporter<'_>, skip: bool) -> Vec<Entry> {
    let origin: Arc<str> = Arc::from(file);
    let mut out: Vec<Entry> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (ln, line) in super::load::lines(bytes, rep) {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let v: Value = match serde_json::from_str(t) {
            Ok(v) => v,
            Err(e) => {
                rep.error(ln, line, 0, format!("not a JSON object: {e}"));
                continue;
            }
        };
        let (label, name) = match pattern(&v) {
            Ok(x) => x,
            Err(msg) if skip => {
                let _ = msg;
                continue;
            }
            Err(msg) => {
                rep.error(
                    ln,
                    line,
                    0,
                    format!("{msg} (use --skip-unsupported to leave such patterns out)"),
                );
                continue;
            }
        };
        let id = match v.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            _ => crate::entities::slug(&name),
        };
        match by_id.get(&id) {
            Some(&k) if out[k].label == label => {
                if *out[k].name != *name && !out[k].aliases.contains(&name) {
                    out[k].aliases.push(name);
                }
            }
            Some(_) => rep.error(ln, line, 0, format!("id `{id}` is used with two labels")),
            None => {
                by_id.insert(id.clone(), out.len());
                out.push(Entry {
                    id: Arc::from(id.as_str()),
                    label,
                    name: Arc::from(name.as_str()),
                    aliases: Vec::new(),
                    subtype: None,
                    country: None,
                    admin1: None,
                    lat: None,
                    lon: None,
                    population: None,
                    attrs: vec![("source".into(), "spacy-pattern".into())],
                    file: origin.clone(),
                    line: ln,
                });
            }
        }
    }
    out
}

/// The label and name of one pattern object.
fn pattern(v: &Value) -> Result<(Label, String), String> {
    let label = v
        .get("label")
        .and_then(Value::as_str)
        .ok_or("missing \"label\"")?;
    let label = match label.parse::<Label>() {
        Ok(Label::Date) | Err(_) => {
            return Err(format!(
                "unsupported label {label:?}: dragoman uses PERSON, ORG, GPE, LOC, FAC, NORP"
            ))
        }
        Ok(l) => l,
    };
    let name = match v.get("pattern") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Array(tokens)) if !tokens.is_empty() => {
            let mut words = Vec::new();
            for tok in tokens {
                let obj = tok
                    .as_object()
                    .ok_or("a token pattern must be a list of objects")?;
                if obj.len() != 1 {
                    return Err(
                        "unsupported token pattern: each token may have only LOWER, ORTH or TEXT"
                            .into(),
                    );
                }
                let (k, val) = obj.iter().next().ok_or("empty token object")?;
                match (k.as_str(), val) {
                    ("LOWER" | "ORTH" | "TEXT", Value::String(s)) => words.push(s.clone()),
                    _ => {
                        return Err(format!(
                            "unsupported token attribute {k:?}: only LOWER, ORTH and TEXT with a string are supported"
                        ))
                    }
                }
            }
            join_tokens(&words)
        }
        _ => return Err("missing or empty \"pattern\"".into()),
    };
    Ok((label, name))
}

/// Joins token texts the way they are written: no space before punctuation
/// such as `-` or `'s`, and none after a hyphen.
fn join_tokens(words: &[String]) -> String {
    let mut out = String::new();
    for w in words {
        let glue = out.ends_with('-') || w.starts_with(['-', '\'', '’', ',', '.']);
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str, skip: bool) -> (Vec<Entry>, Vec<crate::error::Diagnostic>) {
        let mut rep = Reporter {
            file: "p.jsonl",
            out: Vec::new(),
        };
        let e = parse("p.jsonl", src.as_bytes(), &mut rep, skip);
        (e, rep.out)
    }

    #[test]
    fn phrase_and_token_patterns() {
        let src = r#"{"label": "ORG", "pattern": "Syrian Democratic Forces", "id": "sdf"}
{"label": "ORG", "pattern": [{"ORTH": "SDF"}], "id": "sdf"}
{"label": "GPE", "pattern": [{"LOWER": "deir"}, {"LOWER": "ez"}, {"ORTH": "-"}, {"LOWER": "zor"}]}
"#;
        let (e, d) = run(src, false);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(e.len(), 2);
        assert_eq!(&*e[0].id, "sdf");
        assert_eq!(e[0].aliases, ["SDF"]);
        assert_eq!(&*e[1].name, "deir ez-zor");
    }

    #[test]
    fn unsupported_patterns_are_reported_with_their_line() {
        let src = r#"{"label": "ORG", "pattern": "Hamas"}
{"label": "PRODUCT", "pattern": "iPhone"}
{"label": "ORG", "pattern": [{"LOWER": "the"}, {"POS": "PROPN"}]}
not json
"#;
        let (e, d) = run(src, false);
        assert_eq!(e.len(), 1);
        let lines: Vec<usize> = d.iter().map(|x| x.line).collect();
        assert_eq!(lines, [2, 3, 4]);
        assert!(d[0].message.contains("unsupported label"));
        let (e, d) = run(&src.replace("not json\n", ""), true);
        assert_eq!((e.len(), d.len()), (1, 0));
    }
}
