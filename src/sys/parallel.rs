//! Work split over every core with scoped threads: the one place that decides how many threads CPU-bound
//! work uses and how it is divided.

/// Threads for CPU-bound work: every core, at most eight.
#[must_use]
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get).clamp(1, 8)
}

/// Runs `work` on one contiguous chunk of `items` per worker, each on its own thread, and returns the
/// results in chunk order; `work` gets the position of its chunk's first item too. A panic in a worker is
/// passed on, not swallowed.
pub fn chunks_mut<T: Send, R: Send>(items: &mut [T], work: impl Fn(usize, &mut [T]) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(workers()).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks_mut(chunk)
            .enumerate()
            .map(|(k, part)| {
                super::threads::spawn_scoped(scope, &format!("cpu-{k}"), move || work(k * chunk, part))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// `f(i)` for every `i` in `0..n`, in order, computed on every core.
///
/// ```
/// let squares = incident_atlas::sys::parallel::map_indices(5, |i| i * i);
/// assert_eq!(squares, vec![0, 1, 4, 9, 16]);
/// ```
pub fn map_indices<R: Send + Default + Clone>(n: usize, f: impl Fn(usize) -> R + Sync) -> Vec<R> {
    let mut out = vec![R::default(); n];
    chunks_mut(&mut out, |first, part| {
        for (j, slot) in part.iter_mut().enumerate() {
            *slot = f(first + j);
        }
    });
    out
}
