//! Every shipped rule's examples hold.

#[test]
fn every_shipped_rule_example_holds() {
    let failures = dragoman::Extractor::default().check_rule_examples();
    let msg: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(
        failures.is_empty(),
        "{} failing rule examples:\n{}",
        failures.len(),
        msg.join("\n")
    );
}

#[test]
fn a_failing_example_is_reported() {
    let rules = "rule demo.wrong\n  match: name:(Cap) Dam\n  emit: FAC name\n  expect: \"the Mosul Dam\" => FAC \"Mosul Dam\"\n  reject: \"the Haditha Dam\"\n";
    let ex = dragoman::Extractor::builder()
        .default_data(false)
        .rules_str("demo.rules", rules)
        .build()
        .unwrap();
    let f = ex.check_rule_examples();
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(
        f[0].message.contains("expected FAC \"Mosul Dam\""),
        "{}",
        f[0]
    );
    assert!(f[1].message.contains("should not match"), "{}", f[1]);
    assert_eq!(f[0].line, 4);
}

/// Starts before an anchor are tried only where every token up to the
/// anchor can belong to the elements before it; a lower-case word inside a
/// gazetteer name belongs to the entity and does not stop the match, while
/// one outside it does.
#[test]
fn matches_before_an_anchor_reach_across_entities_not_across_other_words() {
    let gaz = "# source: test\n# licence: CC0-1.0\nid\tlabel\tname\taliases\tsubtype\tpopulation\ndez\tGPE\tDeir ez-Zor\t\tcity\t200000\n";
    let rules = "rule fac.test\n  match: name:((GPE | Cap) (Cap){0,2}) Dam\n  emit: FAC name\n  expect: \"near the Deir ez-Zor Tishreen Dam\" => FAC \"Deir ez-Zor Tishreen\"\n";
    let ex = dragoman::Extractor::builder()
        .default_data(false)
        .gazetteer_str("t.tsv", gaz)
        .rules_str("t.rules", rules)
        .build()
        .unwrap();
    assert!(ex.check_rule_examples().is_empty());
    let found = |text: &str| -> Vec<String> {
        ex.extract(text, &dragoman::Meta::default())
            .entities
            .iter()
            .filter(|e| e.label == dragoman::Label::Fac)
            .map(|e| e.text.clone())
            .collect()
    };
    assert_eq!(
        found("Water rose at the Deir ez-Zor Tishreen Dam."),
        ["Deir ez-Zor Tishreen"]
    );
    assert_eq!(found("Water rose at the new Tishreen Dam."), ["Tishreen"]);
    assert!(found("Water rose at the dam.").is_empty());
}
