//! Arbitrary text through the `mtlint.toml` parser: no panic; an error
//! renders, and its span lies in the text; a valid configuration yields
//! levels a linter accepts or rejects cleanly, and its queries and filters
//! run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::config::{render_error, Config};
use mtlint::{Error, Linter};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("/fuzz/project/mtlint.toml");
    match Config::parse(path, text) {
        Err(e) => {
            if let Error::Config {
                span: Some(span),
                text: t,
                ..
            } = &e
            {
                assert!(
                    span.start <= span.end && span.end <= t.len(),
                    "error span {span:?} outside its file ({} bytes)",
                    t.len()
                );
            }
            let _ = render_error(&e);
        }
        Ok(config) => {
            for p in [
                "/fuzz/project/a.txt",
                "/fuzz/project/docs/b.md",
                "c",
                "/elsewhere/d.txt",
                "",
            ] {
                let p = Path::new(p);
                let _ = config.levels_for(Some(p));
                let _ = config.is_included(p);
                let _ = config.walk_selects(p);
            }
            let _ = config.describe();
            let _ = Linter::with_levels(&config.levels_for(None));
            let sample = "The the minister said “yes” &amp; left.\r\n\u{FEFF}é";
            let mut diagnostics = Linter::new().check_text("s.txt", sample).diagnostics;
            config.filter_ignored(sample, &mut diagnostics);
        }
    }
});
