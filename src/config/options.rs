//! Options: one configuration layer as written (a `copydesk.toml`, the editor's settings, or
//! CLI flags), validated while it is deserialized.
//!
//! Every field is optional (unset means "leave the lower layer's value"), unknown keys are
//! rejected, and values are checked against the rule registry ([`crate::rules::ALL`]) and the
//! [`Choice`] tables, so a parsed `Options` always applies cleanly
//! ([`Settings::apply`](super::Settings::apply)). Errors come back as [`ConfigError`]s naming
//! the key (`quotes.marks`, `rules.photo-credt`, `substitutions[1].replace`; array indices are
//! 0-based) and, for TOML, the 1-based line and column.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::error::{line_col, ConfigError, Origin};
use super::{Choice, QuoteMarks, RuleLevel, Style};
use crate::rules::{self, RuleMeta};

/// One configuration layer. The same keys serve `copydesk.toml` and the editor settings
/// (a JSON object: `{"style": "ap", "rules": {"photo-credit": "off"}, "quotes": {"marks":
/// "curly"}}`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// `style`: the house-style pack.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<Style>,
    /// `exclude`: globs of files not to check, relative to the layer's folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<Vec<GlobPattern>>,
    /// `[rules]`: rule name → level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rules: Option<BTreeMap<RuleName, RuleLevel>>,
    /// `[boilerplate]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boilerplate: Option<BoilerplateOptions>,
    /// `[[substitutions]]`: the desk's own find → replace entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substitutions: Option<Vec<SubstitutionOptions>>,
    /// `[names]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<NamesOptions>,
    /// `[quotes]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<QuotesOptions>,
}

/// `[boilerplate]`: the desk's own page-furniture lines.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateOptions {
    /// `phrases`: lines flagged by `web-boilerplate` when a line is only this phrase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phrases: Option<Vec<String>>,
}

/// One `[[substitutions]]` entry. Both fields are required; `find` may not be empty.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionOptions {
    /// The wording to flag (whole words).
    pub find: NonEmpty,
    /// The house wording that replaces it.
    pub replace: String,
}

/// `[names]`: the desk's names lists.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NamesOptions {
    /// `lists`: paths of names lists, relative to the layer's folder.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lists: Option<Vec<String>>,
}

/// `[quotes]`: house quotation marks.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuotesOptions {
    /// `marks`: `"curly"` or `"straight"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub marks: Option<QuoteMarks>,
}

/// A rule name checked against the registry when deserialized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RuleName(pub &'static str);

/// An `exclude` glob, checked to compile when deserialized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobPattern(pub String);

/// A string that may not be empty (or only white space).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NonEmpty(pub String);

impl std::ops::Deref for NonEmpty {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

/// Deserializes any [`Choice`] from its name; the error lists the names allowed.
struct ChoiceVisitor<T>(std::marker::PhantomData<T>);

impl<T: Choice> de::Visitor<'_> for ChoiceVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "one of {}", T::expected())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_name(v)
            .ok_or_else(|| E::custom(format!("\"{v}\" is not a {}; expected {}", T::WHAT, T::expected())))
    }
}

macro_rules! choice_serde {
    ($t:ty) => {
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(ChoiceVisitor::<$t>(std::marker::PhantomData))
            }
        }
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }
    };
}

choice_serde!(Style);
choice_serde!(RuleLevel);
choice_serde!(QuoteMarks);

impl<'de> Deserialize<'de> for RuleName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        match rules::by_name(&name) {
            Some(rule) => Ok(RuleName(rule.name)),
            None => Err(de::Error::custom(unknown_rule_message(&name))),
        }
    }
}

impl Serialize for RuleName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for GlobPattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let pattern = String::deserialize(d)?;
        if pattern.trim().is_empty() {
            return Err(de::Error::custom("an empty pattern would match nothing; remove it"));
        }
        for glob in super::expand_pattern(&pattern) {
            if let Err(e) = super::compile_glob(&glob) {
                return Err(de::Error::custom(format!("\"{pattern}\" is not a valid glob: {}", e.kind())));
            }
        }
        Ok(GlobPattern(pattern))
    }
}

impl Serialize for GlobPattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().is_empty() {
            return Err(de::Error::custom("may not be empty"));
        }
        Ok(NonEmpty(s))
    }
}

impl Serialize for NonEmpty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// `"x" is not a rule`, with the closest rule name when one is near.
pub(crate) fn unknown_rule_message(name: &str) -> String {
    match closest_rule(name) {
        Some(near) => format!("unknown rule \"{name}\"; did you mean \"{}\"? (`copydesk rules` lists them)", near.name),
        None => format!("unknown rule \"{name}\" (`copydesk rules` lists them)"),
    }
}

/// The registered rule whose name is closest to `name` by edit distance, if within a third
/// of the name's length (at least 2 edits allowed).
pub(crate) fn closest_rule(name: &str) -> Option<&'static RuleMeta> {
    let limit = (name.chars().count() / 3).max(2);
    rules::ALL
        .iter()
        .map(|r| (edit_distance(name, r.name), *r))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, r)| r)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Keys an editor may send in the `copydesk` section that belong to the editor extension,
/// not to the server (`copydesk.path`, `copydesk.trace.server`); [`Options::from_json`]
/// drops them instead of rejecting them.
pub const EDITOR_ONLY_KEYS: &[&str] = &["path", "trace"];

impl Options {
    /// Parses a `copydesk.toml`. `path` is how the file is named in errors.
    ///
    /// Errors: TOML syntax, unknown keys, wrong types, bad values — each a [`ConfigError`]
    /// with the file, the 1-based line and column of the offending key (unknown keys) or value,
    /// and the dotted key.
    pub fn from_toml(text: &str, path: &Path) -> Result<Options, ConfigError> {
        let origin = Origin::File(path.to_path_buf());
        let de = toml::Deserializer::new(text);
        serde_path_to_error::deserialize::<_, Options>(de).map_err(|e| {
            let key = key_of(e.path());
            let inner = e.into_inner();
            let (line, column) = match inner.span() {
                Some(span) => {
                    let (l, c) = line_col(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            let message = describe(key.as_deref(), inner.message(), "");
            ConfigError { origin, line, column, key, message }
        })
    }

    /// Parses the editor's settings: the JSON value of the `copydesk` configuration section
    /// (`null` means nothing set; `null` values inside mean "not set here"). The extension's
    /// own keys ([`EDITOR_ONLY_KEYS`]) are ignored. Errors name the key as the editor shows it
    /// (`copydesk.quotes.marks`); they carry no line.
    pub fn from_json(value: &serde_json::Value) -> Result<Options, ConfigError> {
        let mut value = value.clone();
        match &mut value {
            serde_json::Value::Null => return Ok(Options::default()),
            serde_json::Value::Object(map) => {
                for key in EDITOR_ONLY_KEYS {
                    map.remove(*key);
                }
            }
            other => {
                return Err(ConfigError::new(
                    Origin::EditorSettings,
                    format!("the `copydesk` settings must be an object, not {}", json_kind(other)),
                ))
            }
        }
        serde_path_to_error::deserialize::<_, Options>(value).map_err(|e| {
            let key = key_of(e.path());
            let message = describe(key.as_deref(), &e.inner().to_string(), "copydesk.");
            ConfigError { origin: Origin::EditorSettings, line: None, column: None, key, message }
        })
    }

    /// The layer for CLI flags: `--style NAME`. Errors name the flag and the values allowed.
    pub fn from_flags(style: Option<&str>) -> Result<Options, ConfigError> {
        let mut options = Options::default();
        if let Some(name) = style {
            let Some(style) = Style::from_name(name) else {
                return Err(ConfigError {
                    origin: Origin::CommandLine,
                    line: None,
                    column: None,
                    key: Some("style".into()),
                    message: format!("--style: \"{name}\" is not a style; expected {}", Style::expected()),
                });
            };
            options.style = Some(style);
        }
        Ok(options)
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The dotted key of a deserialization path (`quotes.marks`, `substitutions[1].find`), or
/// `None` at the top level.
fn key_of(path: &serde_path_to_error::Path) -> Option<String> {
    let key = path.to_string();
    (key != "." && !key.is_empty()).then_some(key)
}

/// One sentence naming the key: serde's and our own messages rephrased for people.
/// `prefix` is prepended to key names (`copydesk.` for editor settings).
fn describe(key: Option<&str>, raw: &str, prefix: &str) -> String {
    // TOML syntax errors span several lines ("invalid string\nexpected `\"`").
    let raw = raw.trim().replace('\n', "; ");
    let Some(key) = key else { return raw };
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let expected = rest.split_once("`, ").map(|(_, e)| e).unwrap_or("");
        let expected = expected.strip_suffix(|c: char| c == '.').unwrap_or(expected);
        let mut msg = format!("unknown key `{prefix}{key}`");
        if !expected.is_empty() {
            msg.push_str("; ");
            msg.push_str(expected);
        }
        return msg;
    }
    let mut msg = format!("`{prefix}{key}`: {raw}");
    // A wrong type where a Choice was expected: say which values are allowed.
    // (serde's own message may already list them: "expected one of …".)
    if raw.starts_with("invalid type") && !raw.contains("expected one of") {
        if let Some(expected) = allowed_values(key) {
            msg.push_str(&format!(" ({expected})"));
        }
    }
    msg
}

/// For keys that take a closed set of values, `expected "a", "b" or "c"`.
fn allowed_values(key: &str) -> Option<String> {
    let last = key.rsplit('.').next().unwrap_or(key);
    let expected = if key == "style" {
        Style::expected()
    } else if key == "quotes.marks" {
        QuoteMarks::expected()
    } else if key.starts_with("rules.") && rules::by_name(last).is_some() {
        RuleLevel::expected()
    } else {
        return None;
    };
    Some(format!("expected {expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn toml_err(text: &str) -> ConfigError {
        Options::from_toml(text, Path::new("copydesk.toml")).unwrap_err()
    }

    #[test]
    fn every_key_parses() {
        let text = r#"
style = "ap"
exclude = ["archive/**", "*.bak.md"]

[rules]
photo-credit = "off"
doubled-word = "error"

[boilerplate]
phrases = ["Subscribe to the Ledger"]

[[substitutions]]
find = "Ledger Newspapers"
replace = "Ledger Media"

[[substitutions]]
find = "e-mail"
replace = "email"

[names]
lists = ["desk-names.toml"]

[quotes]
marks = "straight"
"#;
        let o = Options::from_toml(text, Path::new("copydesk.toml")).unwrap();
        assert_eq!(o.style, Some(Style::Ap));
        let globs: Vec<&str> = o.exclude.as_ref().unwrap().iter().map(|g| g.0.as_str()).collect();
        assert_eq!(globs, ["archive/**", "*.bak.md"]);
        let rules = o.rules.as_ref().unwrap();
        assert_eq!(rules[&RuleName("photo-credit")], RuleLevel::Off);
        assert_eq!(rules[&RuleName("doubled-word")], RuleLevel::On(Severity::Error));
        assert_eq!(o.boilerplate.as_ref().unwrap().phrases.as_ref().unwrap(), &["Subscribe to the Ledger"]);
        let subs = o.substitutions.as_ref().unwrap();
        assert_eq!((subs[1].find.as_str(), subs[1].replace.as_str()), ("e-mail", "email"));
        assert_eq!(o.names.as_ref().unwrap().lists.as_ref().unwrap(), &["desk-names.toml"]);
        assert_eq!(o.quotes.as_ref().unwrap().marks, Some(QuoteMarks::Straight));
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        assert_eq!(Options::from_toml("", Path::new("c.toml")).unwrap(), Options::default());
        assert_eq!(Options::from_toml("# just a comment\n", Path::new("c.toml")).unwrap(), Options::default());
    }

    #[test]
    fn unknown_key_names_file_line_column_and_key() {
        let e = toml_err("style = \"ap\"\n\nstlye = \"ap\"\n");
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert_eq!(e.key.as_deref(), Some("stlye"));
        assert!(e.to_string().starts_with("copydesk.toml:3:1: unknown key `stlye`; expected one of `style`"), "{e}");
    }

    #[test]
    fn unknown_nested_key_names_its_table() {
        let e = toml_err("[quotes]\nmark = \"curly\"\n");
        assert_eq!(e.key.as_deref(), Some("quotes.mark"));
        assert_eq!(e.to_string(), "copydesk.toml:2:1: unknown key `quotes.mark`; expected `marks`");
        let e = toml_err("[[substitutions]]\nfind = \"a\"\nreplace = \"b\"\n\n[[substitutions]]\nfind = \"c\"\nrepalce = \"d\"\n");
        assert_eq!(e.key.as_deref(), Some("substitutions[1].repalce"));
        assert_eq!((e.line, e.column), (Some(7), Some(1)));
    }

    #[test]
    fn bad_values_name_the_key_and_the_values_allowed() {
        let e = toml_err("style = \"apx\"\n");
        assert_eq!(
            e.to_string(),
            "copydesk.toml:1:9: `style`: \"apx\" is not a style; expected \"none\", \"ap\" or \"international\""
        );
        let e = toml_err("[rules]\ndoubled-word = \"warn\"\n");
        assert_eq!(e.key.as_deref(), Some("rules.doubled-word"));
        assert_eq!((e.line, e.column), (Some(2), Some(16)));
        assert!(e.message.contains("\"off\", \"hint\", \"info\", \"warning\" or \"error\""), "{e}");
        let e = toml_err("[quotes]\nmarks = \"fancy\"\n");
        assert!(e.message.contains("expected \"curly\" or \"straight\""), "{e}");
        let e = toml_err("style = 3\n");
        assert!(e.message.starts_with("`style`: invalid type: integer `3`"), "{e}");
        assert!(e.message.contains("\"none\", \"ap\" or \"international\""), "{e}");
        assert_eq!(e.message.matches("\"international\"").count(), 1, "the allowed values once: {e}");
    }

    #[test]
    fn unknown_rule_is_an_error_with_a_suggestion() {
        let e = toml_err("[rules]\nphoto-credt = \"off\"\n");
        assert_eq!(e.key.as_deref(), Some("rules.photo-credt"));
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert!(e.message.contains("unknown rule \"photo-credt\"; did you mean \"photo-credit\"?"), "{e}");
        let e = toml_err("[rules]\nzzz = \"off\"\n");
        assert!(!e.message.contains("did you mean"), "{e}");
    }

    #[test]
    fn substitution_entries_need_both_fields_and_a_find() {
        let e = toml_err("[[substitutions]]\nfind = \"a\"\n");
        assert_eq!(e.key.as_deref(), Some("substitutions[0]"));
        assert!(e.message.contains("missing field `replace`"), "{e}");
        assert!(e.line.is_some(), "{e}");
        let e = toml_err("[[substitutions]]\nfind = \" \"\nreplace = \"b\"\n");
        assert_eq!(e.key.as_deref(), Some("substitutions[0].find"));
        assert!(e.message.contains("may not be empty"), "{e}");
    }

    #[test]
    fn bad_globs_are_errors() {
        let e = toml_err("exclude = [\"ok/**\", \"[abc\"]\n");
        assert_eq!(e.key.as_deref(), Some("exclude[1]"));
        assert!(e.message.contains("not a valid glob"), "{e}");
    }

    #[test]
    fn syntax_errors_have_a_position_and_one_line() {
        let e = toml_err("style = \"ap\"\nrules = [\n");
        assert!(e.line.is_some());
        assert!(!e.to_string().contains('\n'), "{e}");
        let e = toml_err("style = \"ap\"\nstyle = \"ap\"\n");
        assert_eq!(e.line, Some(2), "{e}");
    }

    #[test]
    fn editor_settings_use_the_same_keys() {
        let v = serde_json::json!({
            "style": "international",
            "rules": { "photo-credit": "hint" },
            "quotes": { "marks": null },
            "boilerplate": { "phrases": ["Sign up for the Ledger"] },
            "path": "/usr/bin/copydesk",
            "trace": { "server": "off" }
        });
        let o = Options::from_json(&v).unwrap();
        assert_eq!(o.style, Some(Style::International));
        assert_eq!(o.quotes, Some(QuotesOptions { marks: None }));
        assert_eq!(Options::from_json(&serde_json::Value::Null).unwrap(), Options::default());

        let e = Options::from_json(&serde_json::json!({ "quotes": { "mark": "curly" } })).unwrap_err();
        assert_eq!(e.to_string(), "editor settings: unknown key `copydesk.quotes.mark`; expected `marks`");
        let e = Options::from_json(&serde_json::json!({ "rules": { "photo-credit": "loud" } })).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("rules.photo-credit"));
        assert!(e.message.starts_with("`copydesk.rules.photo-credit`: \"loud\" is not a rule level"), "{e}");
        let e = Options::from_json(&serde_json::json!(["style"])).unwrap_err();
        assert!(e.message.contains("must be an object"), "{e}");
    }

    #[test]
    fn style_flag_is_checked() {
        assert_eq!(Options::from_flags(Some("ap")).unwrap().style, Some(Style::Ap));
        assert_eq!(Options::from_flags(None).unwrap(), Options::default());
        let e = Options::from_flags(Some("AP")).unwrap_err();
        assert_eq!(e.to_string(), "command line: --style: \"AP\" is not a style; expected \"none\", \"ap\" or \"international\"");
    }

    #[test]
    fn odd_input_is_an_error_never_a_panic() {
        for text in ["\u{0}", "[", "[[rules]]", "rules = 1", "style = [\"ap\"]", "exclude = \"x\"", "[names]\nlists = [1]",
            "\u{feff}style = \"ap\"", "style = \"ap\"\r\nstlye = 1\r\n", "a.b.c.d = 1", "[boilerplate]\nphrases = [[]]"]
        {
            let _ = Options::from_toml(text, Path::new("c.toml"));
        }
        for v in [serde_json::json!(1), serde_json::json!({"rules": []}), serde_json::json!({"style": {"a": 1}})] {
            assert!(Options::from_json(&v).is_err(), "{v}");
        }
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("photo-credt", "photo-credit"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("café", "cafe"), 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any text is a config file or an error with a position inside the text: never a panic.
        #[test]
        fn any_toml_text_parses_or_errs_without_panicking(
            text in "(style|exclude|rules|quotes|marks|names|lists|\\[|\\]|\\[\\[|=|\"|'|ap|off|doubled-word|\n|\r\n| |\\{|\\}|,|1|é|\u{2028}){0,40}"
        ) {
            if let Err(e) = Options::from_toml(&text, Path::new("c.toml")) {
                proptest::prop_assert!(!e.to_string().contains('\n'));
                if let Some(line) = e.line {
                    proptest::prop_assert!(line >= 1 && line <= text.split('\n').count());
                }
            }
        }

        #[test]
        fn any_json_settings_parse_or_err_without_panicking(json in proptest_json()) {
            let _ = Options::from_json(&json);
        }
    }

    fn proptest_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i32>().prop_map(serde_json::Value::from),
            "(ap|off|curly|x|doubled-word|\\[)".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(
                    "(style|rules|quotes|marks|names|lists|exclude|boilerplate|phrases|substitutions|find|replace|doubled-word|path)",
                    inner,
                    0..4
                )
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
