//! Work done in parallel, results taken in order: each item's result is
//! handed to the caller as soon as it and every item before it are done,
//! with a bounded number of items started but not yet handed on. `check`
//! streams its output through this, so its memory is bounded by the window,
//! not by the number of files.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

/// The window `check` and the report writer use: four items a thread of
/// the current pool, enough that a slow item seldom idles the others, few
/// enough that memory stays a few items' worth.
pub fn default_window() -> usize {
    4 * rayon::current_num_threads()
}

/// Runs `work` on each item on the current rayon pool and hands each result
/// to `take`, in item order, on the calling thread. At most `window` items
/// (at least one) are being worked on or waiting to be taken at any time.
/// When `take` fails, no further item is started, the items under way are
/// finished and dropped, and the error is returned.
///
/// The calling thread waits for results: outside the pool (the binary's
/// main thread) it sleeps until one comes; on one of the pool's workers it
/// runs the pool's pending jobs meanwhile, so even a pool of one thread
/// gets through.
pub fn ordered<I, T, E>(
    items: impl IntoIterator<Item = I>,
    window: usize,
    work: impl Fn(I) -> T + Sync,
    take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    I: Send,
    T: Send,
{
    let limit = Limit::items(window);
    ordered_weighed(items, &limit, work, |_| 0, take)
}

/// How much [`ordered_weighed`] lets in at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    /// At most this many items (at least one) are being worked on or wait
    /// to be taken.
    pub items: usize,
    /// This many items (up to [`Limit::items`]) may always be under way or
    /// waiting: enough to keep every thread busy.
    pub always: usize,
    /// Beyond [`Limit::always`], a further item starts only when that many
    /// items plus one, each as heavy as the heaviest result so far, weigh
    /// no more than this. Until the first result is in, nothing starts
    /// beyond [`Limit::always`].
    pub weight: usize,
}

impl Limit {
    /// A limit on the number of items only.
    pub fn items(items: usize) -> Limit {
        Limit {
            items,
            always: items,
            weight: usize::MAX,
        }
    }
}

/// [`ordered`], with each result weighed by `weigh` (on the worker that
/// made it), so that a few results that each hold much memory fill the
/// window as many light ones do (see [`Limit`]).
pub fn ordered_weighed<I, T, E>(
    items: impl IntoIterator<Item = I>,
    limit: &Limit,
    work: impl Fn(I) -> T + Sync,
    weigh: impl Fn(&T) -> usize + Sync,
    take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    I: Send,
    T: Send,
{
    let stop = AtomicBool::new(false);
    let heaviest = AtomicUsize::new(0);
    let work = Weighed {
        work,
        weigh,
        heaviest: &heaviest,
    };
    rayon::in_place_scope(|scope| ordered_in(scope, items, limit, &work, &stop, take))
}

/// An item's work and how its result is weighed, with the heaviest weight
/// so far plus one (zero: no result yet).
pub(crate) struct Weighed<'a, W, G> {
    pub(crate) work: W,
    pub(crate) weigh: G,
    pub(crate) heaviest: &'a AtomicUsize,
}

/// [`ordered_weighed`], with the work spawned in `scope` (a test gives the
/// scope of a pool of its own). `stop` is set when `take` fails, so that
/// items not yet begun are skipped.
pub(crate) fn ordered_in<'s, I, T, E, W, G>(
    scope: &rayon::Scope<'s>,
    items: impl IntoIterator<Item = I>,
    limit: &Limit,
    work: &'s Weighed<'s, W, G>,
    stop: &'s AtomicBool,
    mut take: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    I: Send + 's,
    T: Send + 's,
    W: Fn(I) -> T + Sync,
    G: Fn(&T) -> usize + Sync,
{
    type Done<T> = (usize, std::thread::Result<Option<T>>);
    let window = limit.items.max(1);
    let may_start = |held: usize| {
        if held >= window {
            return false;
        }
        if held < limit.always {
            return true;
        }
        match work.heaviest.load(Ordering::Relaxed) {
            0 => false,
            heaviest => (held + 1).saturating_mul(heaviest - 1) <= limit.weight,
        }
    };
    let (send, receive) = mpsc::channel::<Done<T>>();
    let mut items = items.into_iter().enumerate();
    // Results that came before an earlier one, by index (fewer than `window`).
    let mut early: HashMap<usize, T> = HashMap::new();
    let (mut started, mut received, mut taken) = (0, 0, 0);
    loop {
        while may_start(started - taken) {
            let Some((i, item)) = items.next() else {
                break;
            };
            let send = send.clone();
            scope.spawn(move |_| {
                let done = panic::catch_unwind(AssertUnwindSafe(|| {
                    (!stop.load(Ordering::Relaxed)).then(|| (work.work)(item))
                }));
                if let Ok(Some(t)) = &done {
                    let weight = (work.weigh)(t);
                    work.heaviest
                        .fetch_max(weight.saturating_add(1), Ordering::Relaxed);
                }
                // The receiver outlives every job of the scope.
                let _ = send.send((i, done));
            });
            started += 1;
        }
        if taken == started {
            return Ok(());
        }
        let (i, done) = next(&receive);
        received += 1;
        if let Some(t) = done.unwrap_or_else(|payload| panic::resume_unwind(payload)) {
            early.insert(i, t);
        }
        while let Some(t) = early.remove(&taken) {
            taken += 1;
            if let Err(e) = take(t) {
                stop.store(true, Ordering::Relaxed);
                drop(early);
                // Each item under way reports once; its result is dropped.
                for _ in received..started {
                    let (_, done) = next(&receive);
                    if let Err(payload) = done {
                        panic::resume_unwind(payload);
                    }
                }
                return Err(e);
            }
        }
    }
}

/// The next result sent to `receive` (whose sender the caller holds).
fn next<T>(receive: &mpsc::Receiver<T>) -> T {
    const HELD: &str = "the sender held by the caller never disconnects";
    if rayon::current_thread_index().is_none() {
        return receive.recv().expect(HELD);
    }
    // A worker must not block: the job it waits for may be queued behind
    // it.
    loop {
        match receive.try_recv() {
            Ok(t) => return t,
            Err(mpsc::TryRecvError::Empty) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::thread::yield_now();
                }
            }
            Err(mpsc::TryRecvError::Disconnected) => panic!("{HELD}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Counts the items started and not yet taken and dropped, and the
    /// most there ever were.
    #[derive(Default)]
    struct Held {
        now: AtomicUsize,
        peak: AtomicUsize,
    }

    impl Held {
        fn start(&self) {
            let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
            self.peak.fetch_max(now, Ordering::SeqCst);
        }
    }

    /// An item's result; dropping it ends the item.
    struct Result<'a>(usize, &'a Held);

    impl Drop for Result<'_> {
        fn drop(&mut self) {
            self.1.now.fetch_sub(1, Ordering::SeqCst);
        }
    }

    /// `work` with results that weigh nothing.
    fn unweighed<T, W>(work: W) -> Weighed<'static, W, fn(&T) -> usize> {
        static NONE: AtomicUsize = AtomicUsize::new(0);
        Weighed {
            work,
            weigh: |_| 0,
            heaviest: &NONE,
        }
    }

    /// Runs `work` on `0..n` on `pool` with at most `window` items held;
    /// the items in the order they were taken.
    fn taken_in_order<'a, W>(
        pool: &rayon::ThreadPool,
        n: usize,
        window: usize,
        work: W,
    ) -> Vec<usize>
    where
        W: Fn(usize) -> Result<'a> + Sync,
    {
        let weighed = unweighed(work);
        let stop = AtomicBool::new(false);
        let mut taken = Vec::new();
        let done: std::result::Result<(), ()> = pool.in_place_scope(|s| {
            ordered_in(
                s,
                0..n,
                &Limit::items(window),
                &weighed,
                &stop,
                |r: Result| {
                    taken.push(r.0);
                    Ok(())
                },
            )
        });
        assert_eq!(done, Ok(()));
        taken
    }

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool")
    }

    /// Busy work that takes longer for earlier items, so later items tend
    /// to finish first.
    fn uneven(i: usize, n: usize) -> u64 {
        let mut x = i as u64;
        for k in 0..(n - i) * 2_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(k as u64);
        }
        std::hint::black_box(x)
    }

    #[test]
    fn results_are_taken_in_order_with_at_most_a_window_held() {
        let n = 120;
        for threads in [1, 2, 4] {
            let pool = pool(threads);
            for window in [1, 2, 3, 8] {
                let held = Held::default();
                let work = |i: usize| {
                    held.start();
                    uneven(i, n);
                    Result(i, &held)
                };
                let taken = taken_in_order(&pool, n, window, work);
                assert_eq!(taken, (0..n).collect::<Vec<_>>(), "{threads} {window}");
                let peak = held.peak.load(Ordering::SeqCst);
                assert!(peak <= window, "{peak} held, window {window}");
                assert_eq!(held.now.load(Ordering::SeqCst), 0);
            }
        }
    }

    /// The first item waits until every other item the window lets in has
    /// finished: they wait, in order, and no item beyond the window starts.
    #[test]
    fn a_slow_first_item_holds_the_window_full() {
        let pool = pool(4);
        let window = 4;
        let held = Held::default();
        let finished = AtomicUsize::new(0);
        let work = |i: usize| {
            held.start();
            if i == 0 {
                while finished.load(Ordering::SeqCst) < window - 1 {
                    std::thread::yield_now();
                }
            }
            finished.fetch_add(1, Ordering::SeqCst);
            Result(i, &held)
        };
        let taken = taken_in_order(&pool, 40, window, work);
        assert_eq!(taken, (0..40).collect::<Vec<_>>());
        assert_eq!(held.peak.load(Ordering::SeqCst), window);
    }

    /// Called on a worker of a pool of one thread, the caller runs the jobs.
    #[test]
    fn runs_on_a_pool_of_one_from_inside() {
        let n = 50;
        let held = Held::default();
        let mut taken = Vec::new();
        let done: std::result::Result<(), ()> = pool(1).install(|| {
            ordered(
                0..n,
                3,
                |i| {
                    held.start();
                    uneven(i, n);
                    Result(i, &held)
                },
                |r| {
                    taken.push(r.0);
                    Ok(())
                },
            )
        });
        assert_eq!(done, Ok(()));
        assert_eq!(taken, (0..n).collect::<Vec<_>>());
        assert!(held.peak.load(Ordering::SeqCst) <= 3);
    }

    /// When taking fails, the error comes back, nothing after is taken, and
    /// no item beyond the window is started.
    #[test]
    fn a_failed_take_stops_the_run() {
        for threads in [1, 3] {
            let pool = pool(threads);
            let started = AtomicUsize::new(0);
            let stop = AtomicBool::new(false);
            let work = |i: usize| {
                started.fetch_add(1, Ordering::SeqCst);
                uneven(i, 1000);
                i
            };
            let weighed = unweighed(&work);
            let mut taken = Vec::new();
            let done = pool.in_place_scope(|s| {
                ordered_in(s, 0..1000, &Limit::items(5), &weighed, &stop, |i| {
                    taken.push(i);
                    if i == 10 {
                        Err("closed")
                    } else {
                        Ok(())
                    }
                })
            });
            assert_eq!(done, Err("closed"));
            assert_eq!(taken, (0..=10).collect::<Vec<_>>());
            assert!(started.load(Ordering::SeqCst) <= 15, "{threads}");
        }
    }

    /// Results that weigh much hold the window to what the weight allows
    /// (here: three waiting or under way and one more, with the taker slow
    /// enough that every started item is done before each take); light
    /// ones fill it; before any result is in, only `always` start.
    #[test]
    fn heavy_results_narrow_the_window() {
        let pool = pool(2);
        for (weight, peak) in [(10, 4), (0, 8), (100, 2)] {
            let limit = Limit {
                items: 8,
                always: 2,
                weight: 45,
            };
            let held = Held::default();
            let (started, finished) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let pulled = AtomicUsize::new(0);
            let heaviest = AtomicUsize::new(0);
            let stop = AtomicBool::new(false);
            let (before_any, recorded) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let work = |i: usize| {
                held.start();
                started.fetch_add(1, Ordering::SeqCst);
                if i < 2 {
                    // The first two wait for each other, so no result is
                    // in for a while: nothing more begins meanwhile.
                    while started.load(Ordering::SeqCst) < 2 {
                        std::thread::yield_now();
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    before_any.fetch_max(started.load(Ordering::SeqCst), Ordering::SeqCst);
                    // Neither finishes before both have looked.
                    recorded.fetch_add(1, Ordering::SeqCst);
                    while recorded.load(Ordering::SeqCst) < 2 {
                        std::thread::yield_now();
                    }
                }
                finished.fetch_add(1, Ordering::SeqCst);
                Result(i, &held)
            };
            let weighed = Weighed {
                work: &work,
                weigh: |_: &Result| weight,
                heaviest: &heaviest,
            };
            let mut taken = Vec::new();
            let done: std::result::Result<(), ()> = pool.in_place_scope(|s| {
                // Every item handed out (counted as it is pulled, on this
                // thread) is done before each take.
                let items = (0..60).inspect(|_| {
                    pulled.fetch_add(1, Ordering::SeqCst);
                });
                ordered_in(s, items, &limit, &weighed, &stop, |r: Result| {
                    while finished.load(Ordering::SeqCst) < pulled.load(Ordering::SeqCst) {
                        std::thread::yield_now();
                    }
                    taken.push(r.0);
                    Ok(())
                })
            });
            assert_eq!(done, Ok(()));
            assert_eq!(taken, (0..60).collect::<Vec<_>>());
            assert_eq!(held.peak.load(Ordering::SeqCst), peak, "weight {weight}");
            assert_eq!(before_any.load(Ordering::SeqCst), 2);
            assert_eq!(heaviest.load(Ordering::SeqCst), weight + 1);
        }
    }
}
