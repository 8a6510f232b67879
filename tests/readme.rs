//! The README's rule table is the output of `mtlint rules --format markdown`,
//! so it cannot drift from the registry.

#[test]
fn readme_rule_table_matches_the_registry() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["rules", "--format", "markdown"])
        .output()
        .expect("run mtlint rules");
    let table = String::from_utf8(out.stdout).expect("utf8");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let start = readme.find("<!-- rules:start").expect("start marker");
    let start = start + readme[start..].find('\n').expect("newline") + 1;
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    assert_eq!(
        &readme[start..end],
        table,
        "README rule table is stale: refresh it with `cargo run -q -- rules --format markdown`"
    );
}
