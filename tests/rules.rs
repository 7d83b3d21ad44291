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
