//! docs/rules.md is generated from the rule registry; this test fails when the committed file
//! is stale. Run `UPDATE_DOCS=1 cargo test --test docs` to rewrite it.

use std::path::Path;

#[test]
fn rules_md_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = copydesk::docs::rules_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let first_difference = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .map_or_else(|| actual.lines().count().min(expected.lines().count()) + 1, |i| i + 1);
        panic!(
            "docs/rules.md is stale (first difference at line {first_difference}); \
             run `UPDATE_DOCS=1 cargo test --test docs` and commit the result"
        );
    }
}

#[test]
fn every_rule_section_is_linked_by_its_exact_name() {
    let md = copydesk::docs::rules_markdown();
    for rule in copydesk::rules::ALL {
        let anchor = format!("<a id=\"{}\"></a>", rule.name);
        assert!(md.contains(&anchor), "{} has no anchor", rule.name);
        assert!(md.contains(&format!("](#{})", rule.name)), "{} is not in the index table", rule.name);
        assert!(md.contains(&rule.docs().lines().next().unwrap_or_default().to_string()), "{} docs missing", rule.name);
    }
}

#[test]
fn the_language_server_links_to_the_generated_anchors() {
    // The LSP's codeDescription links and the CLI's SARIF helpUri must point at the same file,
    // whose anchors this crate generates.
    assert_eq!(copydesk::lsp::convert::RULES_DOC_BASE, copydesk::rules::DOCS_URL);
    for rule in copydesk::rules::ALL {
        let uri = copydesk::lsp::convert::rule_doc_uri(rule.name).expect("a valid URI");
        assert_eq!(uri.as_str(), rule.docs_url());
    }
}
