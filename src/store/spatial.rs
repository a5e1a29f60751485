//! A static k-d tree over points (in the manner of `kdbush`): built once, answers bounding-box queries.

/// Leaves hold up to this many points and are scanned linearly.
const NODE_SIZE: usize = 64;

/// A static 2-d tree over `(lon, lat)` points, each tagged with an incident index.
#[derive(Debug, Clone, Default)]
pub(crate) struct PointTree {
    ids: Vec<u32>,
    coords: Vec<[f32; 2]>,
}

impl PointTree {
    /// Builds the tree; `points` pairs an incident index with its `[lon, lat]`.
    pub(crate) fn build(mut points: Vec<(u32, [f32; 2])>) -> Self {
        let len = points.len();
        if len > 0 {
            sort_kd(&mut points, 0, len - 1, 0);
        }
        let (ids, coords) = points.into_iter().unzip();
        Self { ids, coords }
    }

    /// Calls `found` with the incident index of every point inside the box (edges included).
    pub(crate) fn within(&self, min: [f32; 2], max: [f32; 2], mut found: impl FnMut(u32)) {
        if self.ids.is_empty() {
            return;
        }
        let mut stack = vec![(0usize, self.ids.len() - 1, 0usize)];
        while let Some((left, right, axis)) = stack.pop() {
            if right - left <= NODE_SIZE {
                for i in left..=right {
                    let c = self.coords[i];
                    if c[0] >= min[0] && c[0] <= max[0] && c[1] >= min[1] && c[1] <= max[1] {
                        found(self.ids[i]);
                    }
                }
                continue;
            }
            let mid = usize::midpoint(left, right);
            let c = self.coords[mid];
            if c[0] >= min[0] && c[0] <= max[0] && c[1] >= min[1] && c[1] <= max[1] {
                found(self.ids[mid]);
            }
            let next = 1 - axis;
            if min[axis] <= c[axis] && mid > left {
                stack.push((left, mid - 1, next));
            }
            if max[axis] >= c[axis] {
                stack.push((mid + 1, right, next));
            }
        }
    }

    /// Bytes held by the tree.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.ids.capacity() * 4 + self.coords.capacity() * 8
    }
}

fn sort_kd(points: &mut [(u32, [f32; 2])], left: usize, right: usize, axis: usize) {
    if right - left <= NODE_SIZE {
        return;
    }
    let mid = usize::midpoint(left, right);
    points[left..=right].select_nth_unstable_by(mid - left, |a, b| a.1[axis].total_cmp(&b.1[axis]));
    let next = 1 - axis;
    if mid > left {
        sort_kd(points, left, mid - 1, next);
    }
    sort_kd(points, mid + 1, right, next);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_points_in_the_box() {
        let mut points = Vec::new();
        for i in 0..2000u32 {
            let f = i as f32;
            points.push((i, [(f * 7.3) % 360.0 - 180.0, (f * 3.1) % 180.0 - 90.0]));
        }
        let tree = PointTree::build(points.clone());
        let (min, max) = ([-20.0, -10.0], [40.0, 30.0]);
        let mut got = Vec::new();
        tree.within(min, max, |id| got.push(id));
        got.sort_unstable();
        let want: Vec<u32> = points
            .iter()
            .filter(|(_, c)| c[0] >= min[0] && c[0] <= max[0] && c[1] >= min[1] && c[1] <= max[1])
            .map(|(id, _)| *id)
            .collect();
        assert!(!want.is_empty());
        assert_eq!(got, want);
    }
}
