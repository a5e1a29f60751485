//! A fixed-size set of incident indices, used to merge and deduplicate query results.

/// A set of `u32` indices below a fixed capacity, one bit each.
#[derive(Debug, Clone)]
pub(crate) struct IndexBitset {
    words: Vec<u64>,
}

impl IndexBitset {
    /// An empty set for indices below `capacity`.
    pub(crate) fn new(capacity: usize) -> Self {
        Self { words: vec![0; capacity.div_ceil(64)] }
    }

    /// Adds an index.
    pub(crate) fn insert(&mut self, index: u32) {
        let i = index as usize;
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// The members in ascending order.
    pub(crate) fn to_sorted_vec(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.words.iter().map(|w| w.count_ones() as usize).sum());
        for (w, &word) in self.words.iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let bit = bits.trailing_zeros();
                // Indices come from u32 values, so they fit back into u32.
                out.push(u32::try_from(w * 64).unwrap_or(u32::MAX) + bit);
                bits &= bits - 1;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_sorted_and_deduplicated() {
        let mut set = IndexBitset::new(200);
        for i in [130, 5, 64, 5, 199, 0] {
            set.insert(i);
        }
        assert_eq!(set.to_sorted_vec(), vec![0, 5, 64, 130, 199]);
    }
}
