fn main() {
    let linter = mtlint::Linter::new();
    let _ = linter;
}
