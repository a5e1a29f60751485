//! A third-party decoder's panic on damaged input, turned into an error.
//!
//! Our own code returns errors for bad input; some crates still assert on it. parquet 59 panics on a
//! dictionary page whose index bit width is over 32 (apache/arrow-rs#10722, fixed in parquet 60, which we
//! cannot take yet: its writer marks float statistics with an order pyarrow 26 ignores). [`contained`]
//! runs such a decoder so that its panic becomes an `Err` with the panic's message, and [`quiet_panics`]
//! keeps the panic hook from printing for those contained panics, while every other panic is reported as
//! before.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`contained`] calls are running on this thread.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    /// The message of the last contained panic on this thread.
    static MESSAGE: Cell<Option<String>> = const { Cell::new(None) };
}

/// Runs `decode`, returning the message of any panic inside it as the error.
///
/// # Errors
/// The panic's message (shortened to its first line), when `decode` panicked.
pub fn contained<T>(decode: impl FnOnce() -> T) -> Result<T, String> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let outcome = panic::catch_unwind(AssertUnwindSafe(decode));
    DEPTH.with(|d| d.set(d.get() - 1));
    outcome.map_err(|payload| {
        let message = MESSAGE
            .with(Cell::take)
            .or_else(|| payload_text(payload.as_ref()))
            .unwrap_or_else(|| "unknown failure".to_owned());
        message.lines().next().unwrap_or_default().chars().take(200).collect()
    })
}

/// Installs a panic hook that is silent for panics inside [`contained`] (their message becomes its error)
/// and hands every other panic to the hook that was installed before. Installed once, however often it
/// is called.
pub fn quiet_panics() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                MESSAGE.with(|m| m.set(payload_text(info.payload())));
            } else {
                before(info);
            }
        }));
    });
}

/// A panic's message: `panic!` gives a `&str` or a `String`.
fn payload_text(payload: &(dyn Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_its_message_and_a_value_passes_through() {
        quiet_panics();
        assert_eq!(contained(|| 7), Ok(7));
        let failed: Result<(), String> = contained(|| panic!("assertion failed: num_bits <= 32\nmore"));
        assert_eq!(failed, Err("assertion failed: num_bits <= 32".to_owned()));
        let formatted: Result<(), String> = contained(|| panic!("bit width {} too wide", 40));
        assert_eq!(formatted, Err("bit width 40 too wide".to_owned()));
        assert_eq!(DEPTH.with(Cell::get), 0);
    }
}
