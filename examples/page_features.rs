//! Prints the `boilerplate-block` model's feature rows for drafts, for the training script
//! (`scripts/bench/train_boilerplate.py`); not part of copydesk itself.
//!
//! usage:
//!   page_features stage1 FILE...          one row per non-blank line: FILE, line, N1 numbers
//!   page_features stage2 SCORES FILE...   the same with stage-2 rows, given stage-1 scores
//!                                          (a TSV of FILE, line, score for every row)
//!   page_features scores FILE...          FILE, line, stage-1 score, final probability
//!
//! Lines are 0-based draft lines; numbers are printed so that they parse back to the same f32.

use std::collections::HashMap;
use std::io::Write;

use copydesk::draft::{Draft, Format};
use copydesk::page::{self, features, model};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(mode) = args.first() else {
        eprintln!("usage: page_features stage1|stage2 SCORES|scores FILE...");
        std::process::exit(2);
    };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let (scores, files): (HashMap<(String, usize), f32>, &[String]) = if mode == "stage2" {
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
            "scores" => {
                let (page, verdicts) = page::classify(&draft);
                let first = model::MODEL.stage1.predict_all(&page.stage1);
                for (v, s1) in verdicts.iter().zip(first) {
                    writeln!(out, "{file}\t{}\t{s1}\t{}", v.line, v.furniture).unwrap();
                }
            }
            _ => panic!("unknown mode {mode}"),
        }
    }
}
