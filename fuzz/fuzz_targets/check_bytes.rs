//! Arbitrary bytes through the library's check entry point, every rule on:
//! no panic; the invariants of `tests/support` (shared with the invariant,
//! adversarial and fix-safety tests, so both check the same thing): the
//! source keeps its bytes; every span, label and fix edit is inside the text
//! on char boundaries; each round of fixes splices exactly the accepted
//! edits, keeps the BOM and the line-ending style; fixing converges.
#![no_main]

#[path = "../../tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = support::check(&support::ALL, "fuzz.txt", data);
    support::fix_until_stable(&support::ALL, &report.source.text, true, 10);
});
