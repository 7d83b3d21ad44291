//! Reading gazetteer files (see `gazetteers/README.md` for the format).

use rustc_hash::FxHashMap;
use std::sync::Arc;

use super::Entry;
use crate::document::Label;
use crate::error::Diagnostic;

/// Columns with a meaning of their own; any other column is a free attribute.
const KNOWN: &[&str] = &[
    "id",
    "label",
    "name",
    "aliases",
    "subtype",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "attrs",
];

/// Collects diagnostics for one file.
pub(crate) struct Reporter<'a> {
    pub file: &'a str,
    pub out: Vec<Diagnostic>,
}

impl Reporter<'_> {
    pub fn error(&mut self, line: usize, line_text: &str, byte_col: usize, message: String) {
        let column = line_text
            .get(..byte_col.min(line_text.len()))
            .map_or(1, |p| p.chars().count() + 1);
        self.out.push(Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            message,
            source_line: line_text.to_string(),
        });
    }
}

/// Splits `bytes` into lines, reporting lines that are not UTF-8.
pub(crate) fn lines<'b>(bytes: &'b [u8], rep: &mut Reporter<'_>) -> Vec<(usize, &'b str)> {
    let mut out = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let raw = if i == 0 {
            raw.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(raw)
        } else {
            raw
        };
        match std::str::from_utf8(raw) {
            Ok(s) => out.push((i + 1, s)),
            Err(e) => {
                let good = std::str::from_utf8(&raw[..e.valid_up_to()]).unwrap_or("");
                let shown = String::from_utf8_lossy(raw).into_owned();
                let col = good.len();
                let mut d = Diagnostic {
                    file: rep.file.to_string(),
                    line: i + 1,
                    column: good.chars().count() + 1,
                    message: format!("invalid UTF-8 at byte {} of the line", col),
                    source_line: shown,
                };
                d.column = d.column.max(1);
                rep.out.push(d);
            }
        }
    }
    out
}

/// Parses the comment header block; returns whether `source:` and `licence:`
/// lines were present.
pub(crate) fn check_header(lines: &[(usize, &str)], what: &str, rep: &mut Reporter<'_>) -> usize {
    let mut source = false;
    let mut licence = false;
    let mut first_data = lines.len();
    for (idx, (_, line)) in lines.iter().enumerate() {
        let t = line.trim();
        if let Some(c) = t.strip_prefix('#') {
            let c = c.trim_start().to_ascii_lowercase();
            source |= c.starts_with("source:");
            licence |= c.starts_with("licence:") || c.starts_with("license:");
        } else if !t.is_empty() {
            first_data = idx;
            break;
        }
    }
    let (ln, text) = lines
        .get(first_data)
        .or(lines.last())
        .copied()
        .unwrap_or((1, ""));
    if !source {
        rep.error(
            ln,
            text,
            0,
            format!("{what} has no `# source:` line before its first entry"),
        );
    }
    if !licence {
        rep.error(
            ln,
            text,
            0,
            format!("{what} has no `# licence:` line before its first entry"),
        );
    }
    first_data
}

/// Parses a gazetteer file. Entries that have errors are left out; every error
/// is reported.
pub(crate) fn parse(file: &str, bytes: &[u8], rep: &mut Reporter<'_>) -> Vec<Entry> {
    let origin: Arc<str> = Arc::from(file);
    let all = lines(bytes, rep);
    let first = check_header(&all, "gazetteer", rep);
    let mut rest = all.iter().skip(first).filter(|(_, l)| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    });
    let (hline, header) = match rest.next() {
        Some(&(n, l)) => (n, l),
        None => {
            let (n, l) = all.last().copied().unwrap_or((1, ""));
            rep.error(
                n,
                l,
                0,
                "missing column header line (expected `id\tlabel\tname…`)".into(),
            );
            return Vec::new();
        }
    };
    let columns: Vec<&str> = header.split('\t').map(str::trim).collect();
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    let mut col_start = 0;
    for (i, c) in columns.iter().enumerate() {
        if c.is_empty() {
            rep.error(
                hline,
                header,
                col_start,
                format!("column {} has no name", i + 1),
            );
        } else if index.insert(c, i).is_some() {
            rep.error(
                hline,
                header,
                col_start,
                format!("column `{c}` appears twice"),
            );
        }
        col_start += header.split('\t').nth(i).map_or(0, str::len) + 1;
    }
    for req in ["id", "label", "name"] {
        if !index.contains_key(req) {
            rep.error(
                hline,
                header,
                0,
                format!("column header lacks the required `{req}` column"),
            );
        }
    }
    let (Some(&ci), Some(&cl), Some(&cn)) =
        (index.get("id"), index.get("label"), index.get("name"))
    else {
        return Vec::new();
    };
    let get = |k: &str| index.get(k).copied();
    let (ca, cs, cc, cad, clat, clon, cpop, cattr) = (
        get("aliases"),
        get("subtype"),
        get("country"),
        get("admin1"),
        get("lat"),
        get("lon"),
        get("population"),
        get("attrs"),
    );
    let extra: Vec<(usize, &str)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !KNOWN.contains(c))
        .map(|(i, c)| (i, *c))
        .collect();

    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    let mut out = Vec::new();
    // Cells and their byte offsets in the line.
    let mut cells: Vec<(usize, &str)> = Vec::with_capacity(columns.len());
    for &(ln, line) in rest {
        cells.clear();
        let mut off = 0;
        for cell in line.split('\t') {
            cells.push((off, cell));
            off += cell.len() + 1;
        }
        if cells.len() != columns.len() {
            let at = if cells.len() > columns.len() {
                cells[columns.len()].0
            } else {
                line.len()
            };
            rep.error(
                ln,
                line,
                at,
                format!(
                    "expected {} tab-separated columns, found {}",
                    columns.len(),
                    cells.len()
                ),
            );
            continue;
        }
        let cell = |i: usize| cells[i].1.trim();
        let at = |i: usize| cells[i].0;
        let before = rep.out.len();
        for (i, what) in [(ci, "id"), (cl, "label"), (cn, "name")] {
            if cell(i).is_empty() {
                rep.error(ln, line, at(i), format!("empty {what}"));
            }
        }
        let label = match cell(cl) {
            "" => None,
            l => match l.parse::<Label>() {
                Ok(Label::Date) => {
                    rep.error(ln, line, at(cl), "DATE is not a gazetteer label".into());
                    None
                }
                Ok(l) => Some(l),
                Err(m) => {
                    rep.error(ln, line, at(cl), m);
                    None
                }
            },
        };
        let id = cell(ci);
        if !id.is_empty() {
            if let Some(prev) = seen.get(id) {
                rep.error(
                    ln,
                    line,
                    at(ci),
                    format!("duplicate id `{id}` (first on line {prev})"),
                );
            } else {
                seen.insert(id, ln);
            }
        }
        let coord = |c: Option<usize>, lim: f64, what: &str, rep: &mut Reporter<'_>| {
            let i = c?;
            let v = cell(i);
            if v.is_empty() {
                return None;
            }
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() <= lim => Some(x),
                _ => {
                    rep.error(
                        ln,
                        line,
                        at(i),
                        format!("bad {what} {v:?}: expected a number from -{lim} to {lim}"),
                    );
                    None
                }
            }
        };
        let lat = coord(clat, 90.0, "latitude", rep);
        let lon = coord(clon, 180.0, "longitude", rep);
        let population = cpop.and_then(|i| {
            let v = cell(i);
            if v.is_empty() {
                return None;
            }
            v.parse::<u64>()
                .map_err(|_| {
                    rep.error(
                        ln,
                        line,
                        at(i),
                        format!("bad population {v:?}: expected a whole number"),
                    )
                })
                .ok()
        });
        let mut attrs = Vec::new();
        if let Some(i) = cattr {
            let mut o = at(i) + (cells[i].1.len() - cells[i].1.trim_start().len());
            for part in cell(i).split(';') {
                let p = part.trim();
                if !p.is_empty() {
                    match p.split_once('=') {
                        Some((k, v)) if !k.trim().is_empty() => {
                            attrs.push((k.trim().to_string(), v.trim().to_string()))
                        }
                        _ => rep.error(
                            ln,
                            line,
                            o + (part.len() - part.trim_start().len()),
                            format!("bad attribute {p:?}: expected key=value"),
                        ),
                    }
                }
                o += part.len() + 1;
            }
        }
        for &(i, name) in &extra {
            if !cell(i).is_empty() {
                attrs.push((name.to_string(), cell(i).to_string()));
            }
        }
        let mut aliases = Vec::new();
        if let Some(i) = ca {
            let mut o = at(i);
            for a in cells[i].1.split('|') {
                let t = a.trim();
                if t.is_empty() {
                    if !cell(i).is_empty() {
                        rep.error(ln, line, o, "empty alias between `|` separators".into());
                    }
                } else if !aliases.iter().any(|x: &String| x == t) {
                    aliases.push(t.to_string());
                }
                o += a.len() + 1;
            }
        }
        if let Some(i) = cc {
            let c = cell(i);
            let iso = c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase());
            if !c.is_empty() && !iso {
                rep.error(
                    ln,
                    line,
                    at(i),
                    format!("bad country {c:?}: expected an ISO 3166-1 alpha-2 code such as IQ"),
                );
            }
        }
        if rep.out.len() > before {
            continue;
        }
        let Some(label) = label else { continue };
        let opt = |c: Option<usize>| c.map(cell).filter(|s| !s.is_empty()).map(str::to_string);
        out.push(Entry {
            id: Arc::from(id),
            label,
            name: Arc::from(cell(cn)),
            aliases,
            subtype: opt(cs),
            country: opt(cc),
            admin1: opt(cad),
            lat,
            lon,
            population,
            attrs,
            file: origin.clone(),
            line: ln,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "# source: test\n# licence: CC0-1.0\nid\tlabel\tname\taliases\tlat\tattrs\n";

    fn run(body: &str) -> (Vec<Entry>, Vec<Diagnostic>) {
        let text = format!("{HEAD}{body}");
        let mut rep = Reporter {
            file: "t.tsv",
            out: Vec::new(),
        };
        let e = parse("t.tsv", text.as_bytes(), &mut rep);
        (e, rep.out)
    }

    #[test]
    fn reads_entries() {
        let (e, d) = run("baghdad\tGPE\tBaghdad\tبغداد|Bagdad\t33.3\tkind=capital; x=y\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(e.len(), 1);
        assert_eq!(&*e[0].name, "Baghdad");
        assert_eq!(e[0].aliases, ["بغداد", "Bagdad"]);
        assert_eq!(e[0].lat, Some(33.3));
        assert_eq!(e[0].attrs.len(), 2);
        assert_eq!(e[0].line, 4);
    }

    #[test]
    fn reports_every_fault_with_its_position() {
        let table: &[(&str, usize, usize, &str)] = &[
            (
                "a\tGPE\tA\t\t1\n",
                4,
                11,
                "expected 6 tab-separated columns, found 5",
            ),
            ("\tGPE\tA\t\t\t\n", 4, 1, "empty id"),
            ("a\tCITY\tA\t\t\t\n", 4, 3, "unknown label"),
            ("a\tGPE\tA\t\t99.5\t\n", 4, 10, "bad latitude"),
            ("a\tGPE\tA\tB||C\t\t\n", 4, 11, "empty alias"),
            ("a\tGPE\tA\t\t\tnovalue\n", 4, 11, "bad attribute"),
            (
                "a\tGPE\tA\t\t\t\na\tGPE\tB\t\t\t\n",
                5,
                1,
                "duplicate id `a`",
            ),
        ];
        for (body, line, col, msg) in table {
            let (_, d) = run(body);
            assert_eq!(d.len(), 1, "{body:?}: {d:?}");
            assert_eq!(
                (d[0].line, d[0].column),
                (*line, *col),
                "{body:?}: {}",
                d[0]
            );
            assert!(d[0].message.contains(msg), "{body:?}: {}", d[0].message);
        }
    }

    #[test]
    fn reports_all_errors_not_only_the_first() {
        let (e, d) = run("\tGPE\tA\t\t\t\nb\tXX\tB\t\t\t\nc\tGPE\tC\t\t\t\n");
        assert_eq!(d.len(), 2);
        assert_eq!(e.len(), 1);
    }

    #[test]
    fn requires_source_and_licence() {
        let mut rep = Reporter {
            file: "t.tsv",
            out: Vec::new(),
        };
        parse("t.tsv", b"id\tlabel\tname\n", &mut rep);
        assert_eq!(rep.out.len(), 2);
        assert!(rep.out[0].message.contains("source"));
    }

    #[test]
    fn reports_invalid_utf8() {
        let mut bytes = HEAD.as_bytes().to_vec();
        bytes.extend_from_slice(b"a\tGPE\tA\xff\t\t\t\n");
        let mut rep = Reporter {
            file: "t.tsv",
            out: Vec::new(),
        };
        parse("t.tsv", &bytes, &mut rep);
        assert_eq!(rep.out.len(), 1);
        assert_eq!((rep.out[0].line, rep.out[0].column), (4, 8));
    }
}
