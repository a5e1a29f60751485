//! Work on its own thread (loading, importing, exporting) whose result the app picks up on a later
//! frame, so that the window keeps drawing meanwhile.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A result being worked out on another thread.
#[derive(Debug)]
pub struct Background<T> {
    receiver: Receiver<T>,
}

impl<T: Send + 'static> Background<T> {
    /// Runs `work` on a new thread called `name`; `wake` is called when its result is ready (to ask for a frame).
    pub fn start(
        name: &str,
        work: impl FnOnce() -> T + Send + 'static,
        wake: impl FnOnce() + Send + 'static,
    ) -> Self {
        let (sender, receiver) = channel();
        crate::sys::threads::spawn(name, move || {
            // The app may have been closed meanwhile; then nobody needs the result.
            let _ = sender.send(work());
            wake();
        });
        Self { receiver }
    }

    /// The result once ready (`None` while the work goes on); `lost()` stands in for it when the worker
    /// ended without one.
    pub fn poll(&self, lost: impl FnOnce() -> T) -> Option<T> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(lost()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_arrives_and_a_lost_worker_is_reported() {
        let (woken_in, woken) = channel();
        let job = Background::start("test", || 42, move || woken_in.send(()).unwrap_or_default());
        woken.recv().expect("woken");
        assert_eq!(job.poll(|| 0), Some(42));
        let lost: Background<i32> = Background::start("test", || panic!("worker fails on purpose"), || {});
        let started = std::time::Instant::now();
        let mut outcome = None;
        while outcome.is_none() && started.elapsed().as_secs() < 10 {
            std::thread::sleep(std::time::Duration::from_millis(10));
            outcome = lost.poll(|| -1);
        }
        assert_eq!(outcome, Some(-1));
    }
}
