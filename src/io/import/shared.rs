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
/// use incident_atlas::io::import::shared::SharedLists;
/// use std::sync::Arc;
///
/// let actors = SharedLists::default();
/// let a = actors.share(vec!["Islamic State".to_owned()]);
/// let b = actors.share(vec!["Islamic State".to_owned()]);
/// assert!(Arc::ptr_eq(&a, &b));
/// let c = actors.share_arc(Arc::from(vec!["Islamic State".to_owned()]));
/// assert!(Arc::ptr_eq(&a, &c));
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
        match known.get(list.as_slice()) {
            Some(same) => Arc::clone(same),
            None => remember(&mut known, list.into()),
        }
    }

    /// [`SharedLists::share`] for a list that is already a shared slice: an equal one handed out
    /// before, or else this one itself (nothing is copied).
    pub fn share_arc(&self, list: Arc<[T]>) -> Arc<[T]> {
        let Ok(mut known) = self.known.lock() else { return list };
        match known.get(&*list) {
            Some(same) => Arc::clone(same),
            None => remember(&mut known, list),
        }
    }
}

/// Remembers a new list while there is room, and gives it back.
fn remember<T: Hash + Eq>(known: &mut HashSet<Arc<[T]>>, shared: Arc<[T]>) -> Arc<[T]> {
    if known.len() < MAX_REMEMBERED {
        known.insert(Arc::clone(&shared));
    }
    shared
}
