//! Screen-space clusters for maps with many markers: each incident joins the first cluster whose seed is
//! within [`theme::CLUSTER_SPACING`] of it, or seeds a new one. Seeds are at least that far apart and a
//! cluster's radius is at most half of it, so clusters never overlap; each shows its full count.

use std::collections::HashMap;

use egui::{Pos2, Vec2};

use super::theme;
use crate::model::group_thousands;
use crate::store::Store;

/// A group of incidents drawn as one counted circle.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// Where it is drawn (its first incident's place on screen).
    pub at: Pos2,
    /// How many incidents it holds.
    pub count: u32,
    /// Incidents per category code.
    pub per_category: Vec<u32>,
    /// The box around its incidents' places: west, south, east, north (degrees).
    pub bounds: [f32; 4],
}

impl Cluster {
    /// The category code with the most incidents (the lowest code on a tie).
    #[must_use]
    pub fn dominant(&self) -> usize {
        let most = self.per_category.iter().copied().max().unwrap_or(0);
        self.per_category.iter().position(|&n| n == most).unwrap_or(0)
    }

    /// The count as shown: `12,345`.
    #[must_use]
    pub fn label(&self) -> String {
        group_thousands(self.count as usize)
    }

    /// The radius that holds the count's text (`text_width` points wide), growing with the count, and never
    /// over half the spacing.
    #[must_use]
    pub fn radius(&self, text_width: f32) -> f32 {
        let grown = theme::MARKER_MIN_RADIUS + (self.count as f32).sqrt() * 0.9;
        grown.max(text_width / 2.0 + theme::CLUSTER_TEXT_MARGIN).min(theme::CLUSTER_SPACING / 2.0)
    }

    /// Up to `n` categories with the most incidents, most first (then by name), with their counts.
    #[must_use]
    pub fn top_categories(&self, names: &[String], n: usize) -> Vec<(String, u32)> {
        let mut ranked: Vec<(String, u32)> = self
            .per_category
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(code, count)| (names.get(code).cloned().unwrap_or_default(), *count))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        ranked.truncate(n);
        ranked
    }
}

/// Clusters of `located` incidents (store indices with a place) whose first place, projected by `project`,
/// lies in `inside` (the map's rectangle). Deterministic: incidents are taken in the given order.
pub fn cluster(
    store: &Store,
    located: &[u32],
    project: impl Fn([f32; 2]) -> Pos2,
    inside: egui::Rect,
) -> Vec<Cluster> {
    let spacing = theme::CLUSTER_SPACING;
    let categories = store.categories().len().max(1);
    let mut clusters: Vec<Cluster> = Vec::new();
    // Seeds by grid cell of the spacing's size: a seed within the spacing is in this cell or a neighbour.
    let mut grid: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    let cell_of = |at: Pos2| ((at.x / spacing).floor() as i32, (at.y / spacing).floor() as i32);
    for &i in located {
        let Some(&p) = store.points_of(i).first() else { continue };
        let at = project(p);
        if !inside.contains(at) {
            continue;
        }
        let (cx, cy) = cell_of(at);
        let near = (-1..=1)
            .flat_map(|dx| (-1..=1).map(move |dy| (cx + dx, cy + dy)))
            .filter_map(|key| grid.get(&key))
            .flatten()
            .copied()
            .filter(|&k| clusters[k].at.distance(at) < spacing)
            .min();
        let k = near.unwrap_or_else(|| {
            clusters.push(Cluster {
                at,
                count: 0,
                per_category: vec![0; categories],
                bounds: [p[0], p[1], p[0], p[1]],
            });
            grid.entry((cx, cy)).or_default().push(clusters.len() - 1);
            clusters.len() - 1
        });
        let c = &mut clusters[k];
        c.count += 1;
        if let Some(n) = c.per_category.get_mut(usize::from(store.category_of(i))) {
            *n += 1;
        }
        c.bounds =
            [c.bounds[0].min(p[0]), c.bounds[1].min(p[1]), c.bounds[2].max(p[0]), c.bounds[3].max(p[1])];
    }
    clusters
}

/// Where a click on a cluster should take the map: its box, widened a little so that a cluster of one
/// place still gets a sensible view.
#[must_use]
pub fn zoom_box(cluster: &Cluster) -> [f32; 4] {
    let [w, s, e, n] = cluster.bounds;
    let pad = Vec2::new((e - w).max(0.02) * 0.05, (n - s).max(0.02) * 0.05);
    [w - pad.x, (s - pad.y).max(-85.0), e + pad.x, (n + pad.y).min(85.0)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::synth;

    #[test]
    fn clusters_never_overlap_and_hold_every_incident_in_view() {
        let store = Store::new(synth::generate(20_000, 7));
        let located: Vec<u32> = (0..u32::try_from(store.len()).unwrap_or(0))
            .filter(|&i| !store.points_of(i).is_empty())
            .collect();
        // A plain equirectangular view of the data's box, 1000 x 500 points.
        let points: Vec<[f32; 2]> = located.iter().map(|&i| store.points_of(i)[0]).collect();
        let (west, east) = points.iter().fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[0]), b.max(p[0])));
        let (south, north) = points.iter().fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p[1]), b.max(p[1])));
        let project = |p: [f32; 2]| {
            Pos2::new((p[0] - west) / (east - west) * 1000.0, (north - p[1]) / (north - south) * 500.0)
        };
        let view = egui::Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 500.0));
        let clusters = cluster(&store, &located, project, view);
        let total: u32 = clusters.iter().map(|c| c.count).sum();
        let in_view = located.iter().filter(|&&i| view.contains(project(store.points_of(i)[0]))).count();
        assert_eq!(total as usize, in_view);
        // Even with the widest text, two clusters' circles do not overlap.
        for (k, a) in clusters.iter().enumerate() {
            for b in &clusters[k + 1..] {
                let gap = a.at.distance(b.at) - a.radius(1e6) - b.radius(1e6);
                assert!(gap >= -1e-3, "clusters at {:?} and {:?} overlap by {}", a.at, b.at, -gap);
            }
            assert_eq!(a.per_category.iter().sum::<u32>(), a.count);
        }
        assert!(clusters.len() > 10);
    }

    #[test]
    fn a_cluster_names_its_main_categories_and_its_box() {
        let c = Cluster {
            at: Pos2::ZERO,
            count: 6,
            per_category: vec![1, 3, 0, 2],
            bounds: [30.0, 50.0, 40.0, 56.0],
        };
        let names: Vec<String> = ["arrest", "attack", "bombing", "raid"].map(String::from).to_vec();
        assert_eq!(c.top_categories(&names, 2), [("attack".to_owned(), 3), ("raid".to_owned(), 2)]);
        assert_eq!(c.dominant(), 1);
        let [west, south, east, north] = zoom_box(&c);
        assert!(west < 30.0 && south < 50.0 && east > 40.0 && north > 56.0);
        assert_eq!(Cluster { count: 12_345, ..c }.label(), "12,345");
    }
}
