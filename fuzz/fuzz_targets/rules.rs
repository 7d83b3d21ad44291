//! The rule-file parser and compiler: any file either builds or is rejected
//! with diagnostics that name a line and column; it never panics. A file
//! that builds has its examples run and is used on its own text.

#![no_main]

use dragoman::{Extractor, Meta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match Extractor::builder()
        .default_data(false)
        .rules_str("f.rules", src)
        .build()
    {
        Err(e) => {
            assert!(
                !e.diagnostics().is_empty(),
                "an error without diagnostics: {e}"
            );
            for d in e.diagnostics() {
                assert_eq!(d.file, "f.rules");
                assert!(d.line >= 1 && d.column >= 1, "{d}");
                let _ = d.to_string();
            }
        }
        Ok(ex) => {
            let _ = ex.check_rule_examples();
            let doc = ex.extract(src, &Meta::default());
            for e in &doc.entities {
                assert_eq!(&src[e.span.range()], e.text);
            }
            for ev in &doc.events {
                let _ = &src[ev.trigger.range()];
            }
        }
    }
});
