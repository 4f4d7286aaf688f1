//! The VS Code settings schema in editors/vscode/package.json is generated from the
//! configuration types and the rule registry (`copydesk::config::schema`); this test fails when
//! the file has drifted. To regenerate the block:
//!
//! ```sh
//! cargo run -- schema --write editors/vscode/package.json
//! # or
//! UPDATE_SCHEMA=1 cargo test --test schema
//! ```

use std::path::Path;

use copydesk::config::schema::update_package_json;

#[test]
fn vscode_settings_schema_is_generated_from_the_config_types() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode/package.json");
    let current = std::fs::read_to_string(&path).expect("editors/vscode/package.json");
    let generated = update_package_json(&current).expect("package.json has the copydesk.server block");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    assert!(
        current == generated,
        "editors/vscode/package.json's settings schema is stale; run \
         `cargo run -- schema --write editors/vscode/package.json` (or UPDATE_SCHEMA=1 cargo test --test schema)"
    );
}
