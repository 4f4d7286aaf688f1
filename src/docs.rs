//! Generated documentation: docs/rules.md, built from the rule registry ([`rules::ALL`]) and
//! each rule's `//!` doc comment. `tests/docs.rs` fails when the file in the repository is
//! stale; `UPDATE_DOCS=1 cargo test --test docs` rewrites it.
//!
//! Every rule's section starts with an explicit anchor, `<a id="rule-name"></a>`, whose id is
//! exactly the rule name: the language server's `codeDescription` links and SARIF `helpUri`s
//! point at `docs/rules.md#rule-name` ([`RuleMeta::docs_url`]).

use crate::rules::{self, RuleMeta};

/// The first line of the generated file, which also tells people not to edit it.
pub const GENERATED_NOTE: &str =
    "<!-- GENERATED from the rule registry (src/rules/) by `UPDATE_DOCS=1 cargo test --test docs`. Do not edit by hand. -->";

/// The whole of docs/rules.md: an index table of all rules, then one section per rule in
/// registry order.
pub fn rules_markdown() -> String {
    let mut out = String::new();
    out.push_str(GENERATED_NOTE);
    out.push_str("\n\n# copydesk rules\n\n");
    out.push_str(
        "Every rule copydesk has, generated from the registry. **Default** is `on` for rules that \
         run with no configuration, `pack` for rules a house-style pack (`style = \"ap\"` or \
         `\"international\"` in `copydesk.toml`) turns on, and `off` for rules that run only when \
         configured. **Fix** says whether the rule's fix is `safe` (applied by `copydesk check \
         --fix` and the editor's fix-all), `unsafe` (offered as a quick fix only), `sometimes` \
         (safe or unsafe depending on context) or `none`. `copydesk rules` prints the same table \
         and `copydesk explain RULE` a rule's section.\n\n",
    );
    out.push_str("| Rule | Code | Severity | Default | Fix | Summary |\n|---|---|---|---|---|---|\n");
    for rule in rules::ALL {
        out.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} | {3} | {4} | {5} |\n",
            rule.name,
            rule.code,
            rule.default_severity.as_str(),
            rule.default_state(),
            rule.fix.as_str(),
            table_cell(rule.summary)
        ));
    }
    for rule in rules::ALL {
        out.push('\n');
        out.push_str(&rule_section(rule));
    }
    out
}

/// One rule's section: anchor, heading, a metadata table, then its docs with their headings
/// moved one level down (under the rule's `##`).
pub fn rule_section(rule: &RuleMeta) -> String {
    let mut out = format!("<a id=\"{0}\"></a>\n\n## {0}\n\n", rule.name);
    out.push_str("| Code | Default severity | Default | Fix | Faded in editors |\n|---|---|---|---|---|\n");
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} |\n\n",
        rule.code,
        rule.default_severity.as_str(),
        rule.default_state(),
        rule.fix.as_str(),
        if rule.unnecessary { "yes" } else { "no" }
    ));
    out.push_str(&demote_headings(&rule.docs()));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Escapes `|` so text can sit in a Markdown table cell.
fn table_cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Adds one `#` to every ATX heading outside fenced code blocks.
fn demote_headings(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut fence: Option<&str> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(f), Some(m)) if f == m => fence = None,
            _ => {}
        }
        if fence.is_none() && marker.is_none() && line.starts_with('#') {
            out.push('#');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_move_down_except_in_code() {
        let md = "Intro.\n## What it flags\n```text\n# not a heading\n```\n### Deeper\n";
        assert_eq!(demote_headings(md), "Intro.\n### What it flags\n```text\n# not a heading\n```\n#### Deeper\n");
    }

    #[test]
    fn every_rule_has_an_anchor_that_is_exactly_its_name() {
        let md = rules_markdown();
        for rule in rules::ALL {
            assert_eq!(md.matches(&format!("<a id=\"{}\"></a>", rule.name)).count(), 1, "{}", rule.name);
            assert!(rule.docs_url().ends_with(&format!("docs/rules.md#{}", rule.name)));
        }
    }
}
