//! `--select` / `--ignore`: which rules a run uses, by name (or code), from the registry.

use std::sync::Arc;

use crate::config::{RuleLevel, Settings};
use crate::rules::{self, RuleMeta};

/// A rule name (or code) on the command line that is not in the registry.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownRule {
    /// What the user typed.
    pub given: String,
    /// Names close to it, best first (may be empty).
    pub suggestions: Vec<&'static str>,
    /// Where it was given: `--select`, `--ignore` or `explain`.
    pub flag: &'static str,
}

/// Looks a rule up by kebab-case name or by code (`CD102`), ignoring ASCII case.
pub fn find(name: &str) -> Option<&'static RuleMeta> {
    let name = name.trim();
    rules::ALL
        .iter()
        .copied()
        .find(|r| r.name.eq_ignore_ascii_case(name) || r.code.eq_ignore_ascii_case(name))
}

/// Rule names that look like `given` (a typo, a missing or extra hyphen, a fragment), best
/// first, at most three.
pub fn suggest(given: &str) -> Vec<&'static str> {
    let given = given.trim().to_ascii_lowercase();
    let mut scored: Vec<(f64, &'static str)> = rules::ALL
        .iter()
        .map(|r| {
            let mut score = strsim::jaro_winkler(&given, r.name);
            if given.len() >= 3 && (r.name.contains(given.as_str()) || given.contains(r.name)) {
                score = score.max(0.9);
            }
            (score, r.name)
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Every name given, split on commas (the flags are repeatable and take comma-separated
/// lists), resolved to registry entries. The first unknown name is an error.
pub fn resolve(names: &[String], flag: &'static str) -> Result<Vec<&'static RuleMeta>, UnknownRule> {
    let mut out: Vec<&'static RuleMeta> = Vec::new();
    for name in names.iter().flat_map(|n| n.split(',')).map(str::trim).filter(|n| !n.is_empty()) {
        let Some(rule) = find(name) else {
            return Err(UnknownRule { given: name.to_string(), suggestions: suggest(name), flag });
        };
        if !out.iter().any(|r| r.name == rule.name) {
            out.push(rule);
        }
    }
    Ok(out)
}

/// The rules a run uses, from `--select` and `--ignore`.
#[derive(Debug)]
pub struct Selection {
    /// In registry order: with `--select`, exactly those named; else every rule; minus the
    /// `--ignore`d ones.
    rules: Vec<&'static RuleMeta>,
    /// The rules named by `--select`, which run even when off by default or configured off.
    selected: Vec<&'static RuleMeta>,
}

impl Selection {
    /// The rules to run (each still subject to the settings' on/off and severity).
    pub fn rules(&self) -> &[&'static RuleMeta] {
        &self.rules
    }

    /// `settings` with every `--select`ed rule switched on at its configured or default
    /// severity: a rule named on the command line runs. The same `Arc` when nothing changes.
    pub fn apply(&self, settings: &Arc<Settings>) -> Arc<Settings> {
        let off: Vec<&&RuleMeta> = self.selected.iter().filter(|r| settings.level(r).is_none()).collect();
        if off.is_empty() {
            return settings.clone();
        }
        let mut changed = Settings::clone(settings);
        for rule in off {
            changed.rules.insert(rule.name.to_string(), RuleLevel::On(rule.default_severity));
        }
        Arc::new(changed)
    }
}

/// Resolves `--select` and `--ignore` (each a list of comma-separated names or codes).
pub fn selection(select: &[String], ignore: &[String]) -> Result<Selection, UnknownRule> {
    let selected = resolve(select, "--select")?;
    let ignored = resolve(ignore, "--ignore")?;
    let rules = rules::ALL
        .iter()
        .copied()
        .filter(|r| selected.is_empty() || selected.iter().any(|s| s.name == r.name))
        .filter(|r| !ignored.iter().any(|s| s.name == r.name))
        .collect();
    Ok(Selection { rules, selected })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rules: &[&RuleMeta]) -> Vec<&'static str> {
        rules.iter().map(|r| r.name).collect()
    }

    #[test]
    fn select_takes_commas_repeats_and_codes_in_registry_order() {
        let select = vec!["doubled-word,web-boilerplate".to_string(), "CD101".to_string()];
        let got = selection(&select, &[]).unwrap();
        assert_eq!(names(got.rules()), ["duplicated-dateline", "web-boilerplate", "doubled-word"]);
    }

    #[test]
    fn ignore_removes_from_all_or_from_the_selection() {
        let got = selection(&[], &["doubled-word".to_string()]).unwrap();
        assert_eq!(got.rules().len(), rules::ALL.len() - 1);
        assert!(!names(got.rules()).contains(&"doubled-word"));
        let got = selection(&["doubled-word,photo-credit".into()], &["photo-credit".into()]).unwrap();
        assert_eq!(names(got.rules()), ["doubled-word"]);
    }

    #[test]
    fn a_selected_rule_that_is_off_runs() {
        let mut settings = Settings::default();
        settings.rules.insert("doubled-word".into(), RuleLevel::Off);
        let settings = Arc::new(settings);
        let got = selection(&["doubled-word".into()], &[]).unwrap();
        assert!(got.apply(&settings).level(&rules::doubled_word::META).is_some());
        // Nothing to switch on: the same settings.
        let got = selection(&["photo-credit".into()], &[]).unwrap();
        assert!(Arc::ptr_eq(&got.apply(&settings), &settings));
    }

    #[test]
    fn unknown_names_are_errors_with_suggestions() {
        let err = selection(&["doubled-words".into()], &[]).unwrap_err();
        assert_eq!((err.given.as_str(), err.flag), ("doubled-words", "--select"));
        assert_eq!(err.suggestions.first(), Some(&"doubled-word"));
        let err = selection(&[], &["boilerplate".into()]).unwrap_err();
        assert!(err.suggestions.contains(&"web-boilerplate"), "{err:?}");
        assert!(suggest("zzzz").is_empty());
    }
}
