//! The gazetteer loader: any bytes are either a valid gazetteer or a list
//! of diagnostics naming a line and column; it never panics. A valid one is
//! compiled and matched against its own text.

#![no_main]

use dragoman::{check_gazetteer, Extractor, Label, Meta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let diags = check_gazetteer("f.tsv", data);
    for d in &diags {
        assert_eq!(d.file, "f.tsv");
        assert!(d.line >= 1 && d.column >= 1, "{d}");
        let _ = d.to_string();
    }
    if !diags.is_empty() {
        return;
    }
    let ex = Extractor::builder()
        .default_data(false)
        .gazetteer_reader("f.tsv", data)
        .and_then(|b| b.build())
        .expect("a gazetteer that checks clean builds");
    let text = String::from_utf8_lossy(data);
    let doc = ex.extract(&text, &Meta::default());
    for e in &doc.entities {
        assert_eq!(&text[e.span.range()], e.text);
        // Dates are found in any text; every other entity comes from the
        // gazetteer (or is linked to one of its mentions) and has an id.
        assert!(
            e.id.is_some() || e.label == Label::Date,
            "an entity without an id: {e:?}"
        );
    }
});
