//! Prints the `boilerplate-block` model's feature rows for drafts, for the training script
//! (`scripts/bench/train_boilerplate.py`); not part of copydesk itself.
//!
//! usage:
//!   page_features stage1 FILE...          one row per non-blank line: FILE, line, N1 numbers
//!   page_features stage2 SCORES FILE...   the same with stage-2 rows, given stage-1 scores
//!                                          (a TSV of FILE, line, score for every row)
//!   page_features scores FILE...          FILE, line, stage-1 score, final probability
//!   page_features scores-with MODEL FILE...   the same with the model file MODEL
//!   page_features decisions MODEL FILE...  FILE, line, probability, keep|unsafe|safe, text
//!   page_features fix MODEL FILE...       rewrites each FILE as `copydesk check --fix` would,
//!                                          with the model file MODEL in place of the shipped
//!                                          one (to evaluate candidate models without a rebuild)
//!
//! Lines are 0-based draft lines; numbers are printed so that they parse back to the same f32.

use std::collections::HashMap;
use std::io::Write;
use std::sync::OnceLock;

use copydesk::config::Settings;
use copydesk::diagnostic::Diagnostic;
use copydesk::draft::{Draft, Format};
use copydesk::engine;
use copydesk::page::{self, features, model};
use copydesk::rules::{self, boilerplate_block, Context, RuleMeta};

/// The model `fix` mode runs with.
static CANDIDATE: OnceLock<model::Model> = OnceLock::new();

fn candidate_check(ctx: &Context) -> Vec<Diagnostic> {
    boilerplate_block::check_with(ctx, CANDIDATE.get().expect("model loaded"))
}

/// `boilerplate-block` with the candidate model: same name, so the engine treats it the same.
static CANDIDATE_RULE: RuleMeta = RuleMeta {
    name: "boilerplate-block",
    code: "CD106",
    summary: "boilerplate-block with a candidate model",
    default_severity: copydesk::diagnostic::Severity::Warning,
    default_enabled: true,
    style_pack: false,
    fix: rules::FixAvailability::Sometimes,
    unnecessary: true,
    source: "",
    check: candidate_check,
};

fn fix_files(model_path: &str, files: &[String]) {
    let text = std::fs::read_to_string(model_path).expect("read model");
    CANDIDATE.set(model::parse(&text).expect("valid model")).unwrap();
    assert_eq!(CANDIDATE_RULE.name, boilerplate_block::META.name);
    let rules: Vec<&'static RuleMeta> = rules::ALL
        .iter()
        .map(|r| if r.name == boilerplate_block::META.name { &CANDIDATE_RULE } else { *r })
        .collect();
    for file in files {
        let text = std::fs::read_to_string(file).expect("read draft");
        let out = engine::fix_with(&text, Format::Plain, &Settings::default(), &rules);
        std::fs::write(file, out.text).expect("write draft");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(mode) = args.first() else {
        eprintln!("usage: page_features stage1|stage2 SCORES|scores FILE...");
        std::process::exit(2);
    };
    if mode == "fix" {
        fix_files(&args[1], &args[2..]);
        return;
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let custom = (mode == "scores-with" || mode == "decisions").then(|| {
        model::parse(&std::fs::read_to_string(&args[1]).expect("read model")).expect("valid model")
    });
    let (scores, files): (HashMap<(String, usize), f32>, &[String]) = if custom.is_some() {
        (HashMap::new(), &args[2..])
    } else if mode == "stage2" {
        let text = std::fs::read_to_string(&args[1]).expect("read scores");
        let map = text
            .lines()
            .map(|l| {
                let mut p = l.split('\t');
                let f = p.next().unwrap().to_string();
                let line: usize = p.next().unwrap().parse().unwrap();
                let s: f32 = p.next().unwrap().parse().unwrap();
                ((f, line), s)
            })
            .collect();
        (map, &args[2..])
    } else {
        (HashMap::new(), &args[1..])
    };
    for file in files {
        let text = std::fs::read_to_string(file).expect("read draft");
        let draft = Draft::new(&text, Format::Plain);
        match mode.as_str() {
            "stage1" | "stage2" => {
                let page = features::Page::new(&draft);
                let (rows, n) = if mode == "stage1" {
                    (page.stage1.clone(), features::N1)
                } else {
                    let s: Vec<f32> = page.lines.iter().map(|&l| scores[&(file.clone(), l)]).collect();
                    (features::stage2(&page, &s), features::N2)
                };
                for (j, row) in rows.chunks_exact(n).enumerate() {
                    write!(out, "{file}\t{}", page.lines[j]).unwrap();
                    for x in row {
                        write!(out, "\t{x}").unwrap();
                    }
                    writeln!(out).unwrap();
                }
            }
            "scores" | "scores-with" => {
                let m = custom.as_ref().unwrap_or(&model::MODEL);
                let (page, verdicts) = page::classify_with(&draft, m);
                let first = m.stage1.predict_all(&page.stage1);
                for (v, s1) in verdicts.iter().zip(first) {
                    writeln!(out, "{file}\t{}\t{s1}\t{}", v.line, v.furniture).unwrap();
                }
            }
            "decisions" => {
                for (line, p, v) in boilerplate_block::decisions_with(&draft, custom.as_ref().unwrap()) {
                    writeln!(out, "{file}\t{line}\t{p:.3}\t{v}\t{}", draft.line_text(line)).unwrap();
                }
            }
            _ => panic!("unknown mode {mode}"),
        }
    }
}
