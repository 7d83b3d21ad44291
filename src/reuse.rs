//! Buffers that a thread keeps from one document to the next, so that
//! the stages do not allocate their per-token tables afresh for each.
//!
//! A stage takes its buffers out of a thread-local slot, uses them, and
//! gives them back. A buffer sized for a huge document goes back to the
//! allocator instead, so that one such document does not pin its memory
//! to a thread.

use std::cell::Cell;
use std::thread::LocalKey;

/// Buffers sized for more tokens (or items) than this are not kept.
pub(crate) const KEEP_UP_TO: usize = 1 << 16;

/// The buffers in `slot`, or fresh ones (also while the thread is being
/// torn down).
pub(crate) fn take<T: Default>(slot: &'static LocalKey<Cell<T>>) -> T {
    slot.try_with(Cell::take).unwrap_or_default()
}

/// Gives `value` back to `slot` unless it was sized for more than
/// [`KEEP_UP_TO`] (`size`).
pub(crate) fn give_back<T>(slot: &'static LocalKey<Cell<T>>, value: T, size: usize) {
    if size <= KEEP_UP_TO {
        // Not during the thread's teardown: the value is then dropped.
        let _ = slot.try_with(|s| s.set(value));
    }
}
