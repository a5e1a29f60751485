//! Named threads. Every thread this program starts has a name, so that a panic message, a debugger or
//! `top -H` says which job it is; `std::thread::spawn` is banned by the lint configuration in favour of
//! these two.

use std::thread::{Builder, JoinHandle, Scope, ScopedJoinHandle};

/// Starts a named, detached-or-joined thread running `work`.
///
/// # Panics
/// When the operating system cannot start a thread, as [`std::thread::spawn`] does.
pub fn spawn<T: Send + 'static>(name: &str, work: impl FnOnce() -> T + Send + 'static) -> JoinHandle<T> {
    Builder::new()
        .name(name.to_owned())
        .spawn(work)
        .unwrap_or_else(|e| panic!("the system could not start the thread {name:?}: {e}"))
}

/// Starts a named thread inside `scope` running `work`.
///
/// # Panics
/// When the operating system cannot start a thread, as [`Scope::spawn`] does.
pub fn spawn_scoped<'scope, T: Send + 'scope>(
    scope: &'scope Scope<'scope, '_>,
    name: &str,
    work: impl FnOnce() -> T + Send + 'scope,
) -> ScopedJoinHandle<'scope, T> {
    Builder::new()
        .name(name.to_owned())
        .spawn_scoped(scope, work)
        .unwrap_or_else(|e| panic!("the system could not start the thread {name:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_carry_their_names() {
        let name = spawn("atlas-test", || std::thread::current().name().map(str::to_owned)).join();
        assert_eq!(name.ok().flatten().as_deref(), Some("atlas-test"));
        let scoped = std::thread::scope(|s| {
            spawn_scoped(s, "atlas-scoped", || std::thread::current().name().map(str::to_owned)).join()
        });
        assert_eq!(scoped.ok().flatten().as_deref(), Some("atlas-scoped"));
    }
}
