//! A self-contained HTML page for reading one document: the text with its
//! entities highlighted and labelled, and a table of its events.
//!
//! The page needs nothing from the network (its style sheet and its few
//! lines of script are inline, and its content security policy forbids any
//! fetch). Each label has a colour from the Okabe–Ito palette, which readers
//! with colour-vision deficiencies can tell apart, and a visible tag after
//! the name, which also survives printing in black and white. Hovering a
//! name shows its canonical name and gazetteer id (or its date value). Each
//! sentence is a `<span class="sent" id="s3">`; clicking an event in the
//! table highlights its sentence and scrolls to it.
//!
//! ```
//! use dragoman::{Extractor, Meta};
//!
//! let doc = Extractor::default().extract("Talks in Baghdad & <elsewhere>.", &Meta::default());
//! let html = dragoman::output::to_html(&doc);
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains(r#"<mark class="ent l-gpe" title="Baghdad · geonames:98182">Baghdad"#));
//! assert!(html.contains("&amp; &lt;elsewhere&gt;"));
//! ```

use std::fmt::Write;

use crate::document::{Document, Entity, Label, Span};

/// The page for a document. Its title is the document's id, when it has one.
pub fn to_html(doc: &Document) -> String {
    let mut h = String::with_capacity(STYLE.len() + SCRIPT.len() + 4 * doc.text.len() + 4096);
    let title = doc.meta.id.as_deref();
    h.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
    );
    let _ = writeln!(
        h,
        "<meta name=\"generator\" content=\"dragoman {}\">",
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("<title>");
    match title {
        Some(t) => {
            escape(&mut h, t);
            h.push_str(" · dragoman");
        }
        None => h.push_str("dragoman"),
    }
    h.push_str("</title>\n<style>");
    h.push_str(STYLE);
    h.push_str("</style>\n</head>\n<body>\n<header>\n<h1>");
    escape(&mut h, title.unwrap_or("Entities and events"));
    h.push_str("</h1>\n<p class=\"meta\">");
    if let Some(d) = doc.meta.date {
        let _ = write!(h, "Dated {d} · ");
    }
    let (ne, nv) = (doc.entities.len(), doc.events.len());
    let _ = writeln!(
        h,
        "{ne} {} · {nv} {}</p>\n</header>",
        if ne == 1 { "entity" } else { "entities" },
        if nv == 1 { "event" } else { "events" },
    );
    legend(&mut h, doc);
    h.push_str("<article class=\"doc\">");
    text(&mut h, doc);
    h.push_str("</article>\n");
    events(&mut h, doc);
    let _ = writeln!(
        h,
        "<footer>Extracted by dragoman {}.</footer>",
        env!("CARGO_PKG_VERSION")
    );
    h.push_str("<script>");
    h.push_str(SCRIPT);
    h.push_str("</script>\n</body>\n</html>\n");
    h
}

/// What each label covers, for the legend.
fn describe(label: Label) -> &'static str {
    match label {
        Label::Person => "people",
        Label::Org => "organisations",
        Label::Gpe => "countries, cities, provinces",
        Label::Loc => "regions, rivers, seas",
        Label::Fac => "dams, bases, crossings",
        Label::Norp => "nationalities, peoples, groups",
        Label::Date => "dates",
    }
}

/// The CSS class of a label: `l-person`, `l-gpe` …
fn class(label: Label) -> String {
    format!("l-{}", label.as_str().to_ascii_lowercase())
}

fn legend(h: &mut String, doc: &Document) {
    h.push_str("<ul class=\"legend\" aria-label=\"Labels\">\n");
    for label in Label::ALL {
        let n = doc.entities.iter().filter(|e| e.label == label).count();
        let _ = writeln!(
            h,
            "<li><span class=\"tag {}\">{}</span> {} <span class=\"n\">{n}</span></li>",
            class(label),
            label.as_str(),
            describe(label)
        );
    }
    h.push_str("</ul>\n");
}

/// A highlighted stretch of the text: an entity or an event trigger.
struct Mark {
    span: Span,
    kind: MarkKind,
}

enum MarkKind {
    /// Index into the document's entities.
    Entity(usize),
    /// The event types this text triggers, comma-separated.
    Trigger(String),
}

/// Entities and the triggers that overlap no entity, in text order and
/// disjoint.
fn marks(doc: &Document) -> Vec<Mark> {
    let ents = doc.entities();
    let mut triggers: Vec<(Span, &'static str)> = doc
        .events()
        .iter()
        .map(|ev| (ev.trigger, ev.kind.as_str()))
        .collect();
    triggers.sort();
    triggers.dedup();
    let mut kept: Vec<Mark> = Vec::new();
    for (span, kind) in triggers {
        if let Some(Mark {
            span: last,
            kind: MarkKind::Trigger(kinds),
        }) = kept.last_mut()
        {
            if *last == span {
                kinds.push_str(", ");
                kinds.push_str(kind);
                continue;
            }
            if last.overlaps(&span) {
                continue;
            }
        }
        let i = ents.partition_point(|e| e.span.end <= span.start);
        if ents.get(i).is_some_and(|e| e.span.overlaps(&span)) {
            continue;
        }
        kept.push(Mark {
            span,
            kind: MarkKind::Trigger(kind.to_string()),
        });
    }
    let mut all: Vec<Mark> = ents
        .iter()
        .enumerate()
        .map(|(i, e)| Mark {
            span: e.span,
            kind: MarkKind::Entity(i),
        })
        .chain(kept)
        .collect();
    all.sort_by_key(|m| m.span);
    all
}

/// The text, with sentences wrapped and marks highlighted. A mark that
/// crosses a sentence boundary is cut there (the tag goes on its last piece),
/// so that elements nest.
fn text(h: &mut String, doc: &Document) {
    let marks = marks(doc);
    let mut w = TextWriter {
        h,
        doc,
        marks: &marks,
        next: 0,
    };
    let mut pos = 0;
    for (i, s) in doc.sentences().iter().enumerate() {
        w.range(pos, s.start);
        let _ = write!(w.h, "<span class=\"sent\" id=\"s{i}\">");
        w.range(s.start, s.end);
        w.h.push_str("</span>");
        pos = s.end;
    }
    w.range(pos, doc.text.len());
}

struct TextWriter<'a> {
    h: &'a mut String,
    doc: &'a Document,
    marks: &'a [Mark],
    /// The first mark not yet written to its end.
    next: usize,
}

impl TextWriter<'_> {
    /// Writes the text from byte `from` to byte `to` with its marks; a mark
    /// that goes on past `to` is left to the next call.
    fn range(&mut self, from: usize, to: usize) {
        let text = self.doc.text.as_str();
        let mut pos = from;
        while let Some(m) = self.marks.get(self.next).filter(|m| m.span.start < to) {
            let (a, b) = (m.span.start.max(pos), m.span.end.min(to));
            escape(self.h, &text[pos..a]);
            match &m.kind {
                // The white space between two sentences that a mark crosses.
                _ if text[a..b].trim().is_empty() => escape(self.h, &text[a..b]),
                MarkKind::Entity(i) => {
                    let e = &self.doc.entities[*i];
                    let _ = write!(self.h, "<mark class=\"ent {}\" title=\"", class(e.label));
                    escape(self.h, &entity_title(e));
                    self.h.push_str("\">");
                    escape(self.h, &text[a..b]);
                    if m.span.end <= to {
                        let _ = write!(self.h, "<span class=\"tag\">{}</span>", e.label);
                    }
                    self.h.push_str("</mark>");
                }
                MarkKind::Trigger(kinds) => {
                    self.h.push_str("<span class=\"trig\" title=\"");
                    escape(self.h, kinds);
                    self.h.push_str("\">");
                    escape(self.h, &text[a..b]);
                    self.h.push_str("</span>");
                }
            }
            pos = b;
            if m.span.end > to {
                break;
            }
            self.next += 1;
        }
        escape(self.h, &text[pos..to]);
    }
}

/// The hover text of an entity: its canonical name and id, or its value.
fn entity_title(e: &Entity) -> String {
    match (&e.value, &e.id, &e.canonical) {
        (Some(v), _, _) => v.clone(),
        (None, Some(id), Some(c)) => format!("{c} · {id}"),
        (None, Some(id), None) => id.to_string(),
        (None, None, _) if e.label == Label::Date => e.label.to_string(),
        (None, None, _) => format!("{} (not linked)", e.label),
    }
}

/// An empty cell of the events table.
const NONE: &str = "<span class=\"none\">—</span>";

fn events(h: &mut String, doc: &Document) {
    h.push_str("<section class=\"events\">\n<h2>Events</h2>\n");
    if doc.events.is_empty() {
        h.push_str("<p class=\"hint\">No events found.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<p class=\"hint\">Select a row to show its sentence in the text.</p>\n\
         <table>\n<thead><tr><th>Event</th><th>Trigger</th><th>Participants</th>\
         <th>Place</th><th>Date</th><th>Modality</th></tr></thead>\n<tbody>\n",
    );
    for ev in doc.events() {
        let _ = write!(
            h,
            "<tr data-s=\"s{}\" tabindex=\"0\"><td><b>{}</b>",
            ev.sentence, ev.kind
        );
        let codes = ev.codes();
        let codes: Vec<&str> = [codes.plover, codes.cameo].into_iter().flatten().collect();
        if !codes.is_empty() {
            let _ = write!(h, "<span class=\"code\">{}</span>", codes.join(" · "));
        }
        h.push_str("</td><td>");
        escape(h, &doc.text[ev.trigger.range()]);
        h.push_str("</td><td>");
        let participants = ev.participants.iter().filter_map(|p| {
            let e = doc.entities.get(p.entity)?;
            Some((e, Some(p.role.as_str())))
        });
        chips(h, participants);
        h.push_str("</td><td>");
        chips(
            h,
            ev.places
                .iter()
                .filter_map(|&p| Some((doc.entities.get(p)?, None))),
        );
        h.push_str("</td><td>");
        match &ev.date {
            Some(d) => escape(h, d),
            None => h.push_str(NONE),
        }
        let m = ev.modality.as_str();
        let _ = writeln!(
            h,
            "</td><td><span class=\"mod mod-{m}\">{m}</span></td></tr>"
        );
    }
    h.push_str("</tbody>\n</table>\n</section>\n");
}

/// Entities in their label's colour, one a line, each with its role if
/// given; a dash when there are none.
fn chips<'a>(h: &mut String, entities: impl Iterator<Item = (&'a Entity, Option<&'a str>)>) {
    let mut none = true;
    for (e, role) in entities {
        if !none {
            h.push_str("<br>");
        }
        none = false;
        let _ = write!(h, "<span class=\"chip {}\" title=\"", class(e.label));
        escape(h, &entity_title(e));
        h.push_str("\">");
        escape(h, &e.text);
        h.push_str("</span>");
        if let Some(role) = role {
            let _ = write!(h, " <span class=\"role\">{role}</span>");
        }
    }
    if none {
        h.push_str(NONE);
    }
}

/// Appends `s` with the characters that are special in HTML text and in
/// quoted attribute values escaped.
fn escape(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Colours: the Okabe–Ito palette (`--c`), a 30 % tint of it for the
/// background of a name (`--t`), and the tag's text colour with a contrast
/// of at least 4.5:1 (`--on`).
const STYLE: &str = r#"
:root{color-scheme:light;--ink:#1f2328;--muted:#59636e;--rule:#e4e4df;--paper:#fff;--bg:#f5f5f1;--sel:#dfe3ea;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans","DejaVu Sans",Arial,sans-serif;
--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Noto Serif","Liberation Serif","DejaVu Serif",Georgia,serif}
*{box-sizing:border-box}
html{background:var(--bg);-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0 auto;max-width:54rem;padding:2.25rem 1.5rem 3rem;color:var(--ink);font:15px/1.5 var(--sans)}
h1{font-size:1.55rem;line-height:1.25;margin:0 0 .2rem;font-weight:650;overflow-wrap:anywhere}
h2{font-size:1.1rem;margin:2.25rem 0 .15rem}
.meta,.hint,footer{color:var(--muted);margin:0}
.hint{font-size:.875rem;margin-bottom:.75rem}
.legend{display:flex;flex-wrap:wrap;gap:.45rem 1.1rem;margin:1.1rem 0 1rem;padding:0;list-style:none;font-size:.8125rem;color:var(--muted)}
.legend .n{color:var(--ink);font-weight:600;font-variant-numeric:tabular-nums}
.doc{display:block;background:var(--paper);border:1px solid var(--rule);border-radius:10px;padding:1.6rem 2rem;
white-space:pre-wrap;overflow-wrap:break-word;font:1.09rem/1.95 var(--serif)}
.ent,.chip{color:inherit;background:var(--t);border-radius:.25em;box-shadow:inset 0 -2px 0 var(--c);
-webkit-box-decoration-break:clone;box-decoration-break:clone;unicode-bidi:isolate}
.ent{padding:.12em .28em .08em;white-space:nowrap}
.chip{padding:.05em .3em}
.tag{display:inline-block;font:700 .62rem/1.35 var(--sans);letter-spacing:.05em;padding:0 .32em;margin-left:.35em;
border-radius:.25em;background:var(--c);color:var(--on,#000);vertical-align:.16em;-webkit-user-select:none;user-select:none}
.legend .tag{margin:0 .2em 0 0;vertical-align:.08em}
.l-person{--c:#E69F00;--t:#F8E2B2}
.l-org{--c:#0072B2;--t:#B2D5E8;--on:#fff}
.l-gpe{--c:#009E73;--t:#B2E2D5}
.l-loc{--c:#56B4E9;--t:#CCE8F8}
.l-fac{--c:#CC79A7;--t:#F0D7E5}
.l-norp{--c:#D55E00;--t:#F2CFB2}
.l-date{--c:#F0E442;--t:#FAF6BD}
.trig{text-decoration:underline dotted 2px var(--muted);text-underline-offset:.3em}
.sent{border-radius:.2em;transition:background-color .25s}
.sent.hl{background:var(--sel);box-shadow:0 0 0 .15em var(--sel);-webkit-box-decoration-break:clone;box-decoration-break:clone}
table{width:100%;border-collapse:collapse;background:var(--paper);border:1px solid var(--rule);font-size:.875rem}
th{text-align:left;font-weight:600;color:var(--muted);background:#fafaf8;border-bottom:1px solid var(--rule);padding:.55rem .7rem}
td{border-top:1px solid var(--rule);padding:.55rem .7rem;vertical-align:top;line-height:1.75}
tbody tr{cursor:pointer}
tbody tr:hover{background:#f3f4f6}
tbody tr.on{background:#eceff4;box-shadow:inset 3px 0 0 var(--ink)}
tbody tr:focus-visible{outline:2px solid #0072B2;outline-offset:-2px}
td b{font-weight:600}
.code{display:block;color:var(--muted);font-size:.75rem;line-height:1.4}
.role{color:var(--muted);font-size:.75rem;letter-spacing:.03em}
.none{color:var(--muted)}
.mod{font-size:.75rem;padding:.1em .45em;border-radius:1em;border:1px solid var(--rule);color:var(--muted)}
.mod-future,.mod-negated,.mod-hypothetical{color:var(--ink);border-color:var(--ink);font-weight:600}
footer{margin-top:2rem;font-size:.8125rem}
@media (max-width:40rem){body{padding:1.25rem .75rem}.doc{padding:1rem 1.1rem}}
@media print{html,body{background:#fff}body{max-width:none;padding:0}.doc{border:0;padding:0}tbody tr{break-inside:avoid}}
"#;

/// Selecting an event row highlights its sentence and scrolls to it;
/// selecting it again clears the highlight.
const SCRIPT: &str = r#"
(function () {
  var on = null;
  function pick(row) {
    var again = on === row;
    if (on) {
      on.classList.remove("on");
      var old = document.getElementById(on.getAttribute("data-s"));
      if (old) old.classList.remove("hl");
      on = null;
    }
    var s = document.getElementById(row.getAttribute("data-s"));
    if (again || !s) return;
    on = row;
    row.classList.add("on");
    s.classList.add("hl");
    s.scrollIntoView({ behavior: "smooth", block: "center" });
  }
  document.querySelectorAll("tr[data-s]").forEach(function (row) {
    row.addEventListener("click", function () { pick(row); });
    row.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(row); }
    });
  });
  document.documentElement.classList.add("js");
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::EventType;
    use crate::output::testing::{doc, event};

    #[test]
    fn a_name_across_a_sentence_break_is_cut_and_tagged_once() {
        let d = doc(
            "Then Fuad\n\nHussein left.",
            &[("Fuad\n\nHussein", Label::Person)],
        );
        assert_eq!(d.sentences.len(), 2);
        let mut h = String::new();
        text(&mut h, &d);
        assert_eq!(
            h,
            "<span class=\"sent\" id=\"s0\">Then <mark class=\"ent l-person\" title=\"PERSON (not \
             linked)\">Fuad</mark></span>\n\n<span class=\"sent\" id=\"s1\"><mark class=\"ent \
             l-person\" title=\"PERSON (not linked)\">Hussein<span class=\"tag\">PERSON</span>\
             </mark> left.</span>"
        );
    }

    #[test]
    fn triggers_are_marked_unless_they_overlap_a_name() {
        let mut d = doc(
            "Iraq met Syria.",
            &[("Iraq", Label::Gpe), ("Syria", Label::Gpe)],
        );
        d.events = vec![
            event(&d, EventType::Meeting, "met"),
            event(&d, EventType::Visit, "met"),
            event(&d, EventType::Meeting, "met"),
            event(&d, EventType::Attack, "Syria"),
        ];
        let m = marks(&d);
        assert_eq!(m.len(), 3);
        assert!(matches!(&m[1].kind, MarkKind::Trigger(k) if k == "meeting, visit"));
    }

    #[test]
    fn escapes_text_and_attributes() {
        let mut s = String::new();
        escape(&mut s, r#"<a href="x">'Tom' & Jerry</a>"#);
        assert_eq!(
            s,
            "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; Jerry&lt;/a&gt;"
        );
    }
}
