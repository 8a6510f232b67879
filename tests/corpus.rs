//! Every seed text linted with the default rules, findings snapshotted as
//! `short` lines (file name only, so snapshots do not depend on the machine).
//! A change here is a change in what users see on real MT output: review it.

use mtlint::report::short::write_short;
use mtlint::{Linter, Source};

#[test]
fn seeds() {
    let linter = Linter::new();
    insta::glob!("../seeds", "*.txt", |path| {
        let bytes = std::fs::read(path).expect("read seed");
        let name = path
            .file_name()
            .expect("a file")
            .to_string_lossy()
            .into_owned();
        let report = linter.check_source(Source::new(name, bytes));
        let mut out = Vec::new();
        write_short(&mut out, &[&report]).expect("write to memory");
        let findings = String::from_utf8(out).expect("UTF-8 output");
        insta::assert_snapshot!(findings);
    });
}
