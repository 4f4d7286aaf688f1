//! docs/style-packs.md is generated from the pack data (`copydesk::style::docs`); this test
//! fails when it is stale. Regenerate with `UPDATE_DOCS=1 cargo test --test style_docs`.

use std::path::Path;

#[test]
fn style_packs_doc_is_generated_from_the_data_and_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/style-packs.md");
    let want = copydesk::style::docs();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write docs/style-packs.md");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/style-packs.md is stale or missing: run `UPDATE_DOCS=1 cargo test --test style_docs` and commit it"
    );
}

#[test]
fn the_doc_lists_every_pack_entry() {
    let doc = copydesk::style::docs();
    for (_, pack) in copydesk::style::packs() {
        assert!(doc.contains(&format!("## {}", pack.name)), "{}", pack.name);
        for e in &pack.substitution {
            assert!(doc.contains(&format!("`{}`", e.find)), "{}: {}", pack.name, e.find);
        }
    }
    for pair in copydesk::style::SPELLING.iter() {
        assert!(doc.contains(&pair.british) && doc.contains(&pair.american), "{}", pair.british);
    }
}
