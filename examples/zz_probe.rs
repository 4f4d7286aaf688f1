use std::time::Instant;
use copydesk::{config::Settings, draft::{Draft, Format}, incremental};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let re = regex::Regex::new(r#"(?i)\b(?:https?://|www\.)[^\s<>"“”]+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b"#).unwrap();
    let re2 = regex::Regex::new(r#"(?i)(?:https?://|www\.)[^\s<>"“”]+"#).unwrap();
    for _ in 0..3 {
        let t = Instant::now(); let d = Draft::new(&text, Format::Markdown); let a = t.elapsed(); drop(d);
        let t = Instant::now(); let n = re.find_iter(&text).count(); let b = t.elapsed();
        let t = Instant::now(); let n2 = re2.find_iter(&text).count(); let b2 = t.elapsed();
        let t = Instant::now(); let n3 = pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::all()).into_offset_iter().count(); let c = t.elapsed();
        let mut cache = incremental::Cache::default();
        let s = Settings::default();
        incremental::check(&text, Format::Markdown, &s, copydesk::rules::ALL, &mut cache);
        let t = Instant::now(); incremental::check(&text, Format::Markdown, &s, copydesk::rules::ALL, &mut cache); let e = t.elapsed();
        println!("draft {a:?} url {b:?} ({n}) url-no-b {b2:?} ({n2}) md {c:?} ({n3}) incremental-reuse-all {e:?}");
    }
}
