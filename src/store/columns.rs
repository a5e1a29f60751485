//! Operations on the store's columns, each one pass: values put in at many places, values taken out
//! at many places, an index as `u32`.

/// A column with new values put in at `finals` (ascending indices in the result), the old values in
/// their order around them.
pub(crate) fn merged<T: Copy>(old: &[T], finals: &[usize], new: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out = Vec::with_capacity(old.len() + finals.len());
    let mut from = 0;
    for (&at, value) in finals.iter().zip(new) {
        let take = at - out.len();
        out.extend_from_slice(&old[from..from + take]);
        from += take;
        out.push(value);
    }
    out.extend_from_slice(&old[from..]);
    out
}

/// Takes out the values at `gone` (ascending, distinct indices) in one pass.
pub(crate) fn without<T: Copy>(column: &mut Vec<T>, gone: &[usize]) {
    let Some(&first) = gone.first() else { return };
    let mut write = first;
    let mut next = 0;
    for read in first..column.len() {
        if gone.get(next) == Some(&read) {
            next += 1;
        } else {
            column[write] = column[read];
            write += 1;
        }
    }
    column.truncate(write);
}

/// An index or count as the store's `u32` (saturating: a store holds fewer than 2^32 incidents).
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
