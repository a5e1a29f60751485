//! Lists that the rows of one export repeat again and again (the same source, the same pair of
//! actors), kept once and shared between the records instead of copied into each.

use std::collections::HashSet;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Distinct lists remembered at most; past this, new lists are no longer remembered (a column of
/// values that never repeat would only fill the set).
const MAX_REMEMBERED: usize = 100_000;

/// A set of lists handed out as shared slices: equal lists give the same allocation.
///
/// ```
/// use incident_atlas::io::shared::SharedLists;
/// use std::sync::Arc;
///
/// let actors = SharedLists::default();
/// let a = actors.share(vec!["Islamic State".to_owned()]);
/// let b = actors.share(vec!["Islamic State".to_owned()]);
/// assert!(Arc::ptr_eq(&a, &b));
/// ```
#[derive(Debug)]
pub struct SharedLists<T> {
    known: Mutex<HashSet<Arc<[T]>>>,
}

impl<T> Default for SharedLists<T> {
    fn default() -> Self {
        Self { known: Mutex::new(HashSet::new()) }
    }
}

/// A clone starts empty: the set is only a memory of what was handed out.
impl<T> Clone for SharedLists<T> {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl<T: Hash + Eq> SharedLists<T> {
    /// The shared copy of `list`: one already handed out if equal, else a new one (remembered while
    /// there is room).
    pub fn share(&self, list: Vec<T>) -> Arc<[T]> {
        let Ok(mut known) = self.known.lock() else { return list.into() };
        if let Some(same) = known.get(list.as_slice()) {
            return Arc::clone(same);
        }
        let shared: Arc<[T]> = list.into();
        if known.len() < MAX_REMEMBERED {
            known.insert(Arc::clone(&shared));
        }
        shared
    }
}
