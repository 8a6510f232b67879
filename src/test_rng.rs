//! Random numbers for the tests that compare a fast path with its
//! reference on generated inputs: xorshift64 from a fixed seed, so every
//! run generates the same inputs and a failure reproduces.

/// A generator of numbers below its argument: `next(n)` is in `0..n`
/// (`n > 0`).
pub(crate) fn below(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    }
}

/// A text of up to `most - 1` pieces drawn from `pieces` by `next` (see
/// [`below`]): the usual input of a fast-path-against-reference test.
pub(crate) fn text_of(
    next: &mut impl FnMut(usize) -> usize,
    pieces: &[&str],
    most: usize,
) -> String {
    (0..next(most))
        .map(|_| pieces[next(pieces.len())])
        .collect()
}
