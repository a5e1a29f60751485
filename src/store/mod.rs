//! The event store: incidents in struct-of-arrays columns, sorted by start time, with a time index,
//! a spatial index and query functions. Read-only once built; no UI.
//!
//! ```
//! use incident_atlas::model::{EdtfDate, Geometry, Incident, Position};
//! use incident_atlas::store::{BBox, Query, Store};
//!
//! let mut a = Incident::new("a", "Raid in Kaluga", EdtfDate::parse("2024-03-07").unwrap(), "raid");
//! a.geometry = Geometry::Point(Position::lat_lon(54.51, 36.26));
//! let b = Incident::new("b", "Speech", EdtfDate::parse("2014").unwrap(), "statement");
//! let store = Store::new(vec![a, b]);
//!
//! let march_2024 = Query::window(1_709_251_200, 1_711_929_600);
//! assert_eq!(store.visible(&march_2024), vec![1]); // sorted by time: "b" (2014) is index 0
//! assert_eq!(store.shown(&march_2024).to_string(), "1 of 2 shown");
//! let russia = BBox { min_lon: 20.0, min_lat: 40.0, max_lon: 60.0, max_lat: 70.0 };
//! assert_eq!(store.in_bbox(&russia), vec![1]);
//! ```

mod bitset;
mod histogram;
mod query;
mod spatial;
pub mod synth;

use std::collections::BTreeMap;

pub use histogram::{BinEdges, Histogram};
pub use query::{BBox, CategorySet, LocatedSplit, Query, ShownCount, TimeWindow, group_thousands};

use crate::model::{DatePrecision, Incident, UnixSeconds};
use bitset::IndexBitset;
use spatial::PointTree;

/// Incidents shorter than each limit share a time-index class; the last class holds the rest
/// (multi-year and open intervals) and is scanned linearly.
const CLASS_LIMITS: [i64; 4] = [86_400 + 1, 32 * 86_400, 367 * 86_400, 11 * 366 * 86_400];

#[derive(Debug, Clone, Default)]
struct TimeClass {
    /// Longest duration in this class, in seconds.
    max_duration: i64,
    /// Members, ascending (and therefore in start-time order).
    ids: Vec<u32>,
}

/// The event store. Incident indices (`u32`) are positions in start-time order.
#[derive(Debug, Clone, Default)]
pub struct Store {
    incidents: Vec<Incident>,
    start: Vec<UnixSeconds>,
    end: Vec<UnixSeconds>,
    category: Vec<u16>,
    category_names: Vec<String>,
    casualties: Vec<u32>,
    date_precision: Vec<DatePrecision>,
    point_offsets: Vec<u32>,
    points: Vec<[f32; 2]>,
    time_classes: Vec<TimeClass>,
    long_ids: Vec<u32>,
    tree: PointTree,
    text_offsets: Vec<usize>,
    text: String,
}

impl Store {
    /// Builds the store; incidents are reordered by start time (ties keep their input order).
    #[must_use]
    pub fn new(incidents: Vec<Incident>) -> Self {
        let mut keyed: Vec<(i64, i64, usize)> = incidents
            .iter()
            .enumerate()
            .map(|(i, inc)| {
                let iv = inc.date.interval();
                (iv.start, iv.end, i)
            })
            .collect();
        keyed.sort_unstable();
        let mut slots: Vec<Option<Incident>> = incidents.into_iter().map(Some).collect();
        let incidents: Vec<Incident> = keyed.iter().filter_map(|&(_, _, i)| slots[i].take()).collect();
        let n = incidents.len();

        let category_names: Vec<String> = {
            let mut names: Vec<&str> = incidents.iter().map(|i| i.category.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            names.into_iter().map(str::to_owned).collect()
        };
        let codes: BTreeMap<&str, u16> = category_names
            .iter()
            .enumerate()
            .map(|(i, name)| (name.as_str(), u16::try_from(i).unwrap_or(u16::MAX)))
            .collect();

        let mut store = Store {
            start: keyed.iter().map(|k| k.0).collect(),
            end: keyed.iter().map(|k| k.1).collect(),
            category: incidents
                .iter()
                .map(|i| codes.get(i.category.as_str()).copied().unwrap_or(0))
                .collect(),
            casualties: incidents.iter().map(Incident::casualties).collect(),
            date_precision: incidents.iter().map(|i| i.date.precision()).collect(),
            point_offsets: Vec::with_capacity(n + 1),
            text_offsets: Vec::with_capacity(n + 1),
            ..Store::default()
        };
        drop(codes);
        store.category_names = category_names;

        let mut tree_points = Vec::with_capacity(n);
        store.point_offsets.push(0);
        for (i, inc) in incidents.iter().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            for p in inc.geometry.positions() {
                #[allow(clippy::cast_possible_truncation)]
                let c = [p.lon as f32, p.lat as f32];
                store.points.push(c);
                tree_points.push((index, c));
            }
            store.point_offsets.push(u32::try_from(store.points.len()).unwrap_or(u32::MAX));
        }
        store.tree = PointTree::build(tree_points);

        store.time_classes = CLASS_LIMITS.iter().map(|_| TimeClass::default()).collect();
        for i in 0..n {
            let duration = store.end[i].saturating_sub(store.start[i]);
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            match CLASS_LIMITS.iter().position(|&limit| duration <= limit) {
                Some(c) => {
                    let class = &mut store.time_classes[c];
                    class.max_duration = class.max_duration.max(duration);
                    class.ids.push(index);
                }
                None => store.long_ids.push(index),
            }
        }

        store.text_offsets.push(0);
        for inc in &incidents {
            let fields = [Some(&inc.title), inc.place.as_ref(), inc.description.as_ref(), inc.notes.as_ref()];
            for field in fields.into_iter().flatten().chain(inc.actors.iter()) {
                push_lowercase(&mut store.text, field);
                store.text.push('\u{1f}');
            }
            store.text_offsets.push(store.text.len());
        }
        store.incidents = incidents;
        store
    }

    /// Number of incidents.
    #[must_use]
    pub fn len(&self) -> usize {
        self.incidents.len()
    }

    /// Whether the store holds no incidents.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.incidents.is_empty()
    }

    /// The incident at an index. Panics if the index is out of range (indices come from this store).
    #[must_use]
    pub fn incident(&self, index: u32) -> &Incident {
        &self.incidents[index as usize]
    }

    /// All incidents, in start-time order.
    #[must_use]
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// The index of the incident with this id, if any.
    #[must_use]
    pub fn find_id(&self, id: &str) -> Option<u32> {
        self.incidents.iter().position(|i| i.id == id).and_then(|i| u32::try_from(i).ok())
    }

    /// Category names, sorted; an incident's category code is a position in this list.
    #[must_use]
    pub fn categories(&self) -> &[String] {
        &self.category_names
    }

    /// The category code of a name, if any incident has that category.
    #[must_use]
    pub fn category_code(&self, name: &str) -> Option<u16> {
        self.category_names.iter().position(|c| c == name).and_then(|i| u16::try_from(i).ok())
    }

    /// The category code of an incident.
    #[must_use]
    pub fn category_of(&self, index: u32) -> u16 {
        self.category[index as usize]
    }

    /// The UTC interval `[start, end)` of an incident's date.
    #[must_use]
    pub fn interval_of(&self, index: u32) -> TimeWindow {
        TimeWindow { start: self.start[index as usize], end: self.end[index as usize] }
    }

    /// How finely an incident's date is known.
    #[must_use]
    pub fn date_precision_of(&self, index: u32) -> DatePrecision {
        self.date_precision[index as usize]
    }

    /// An incident's places as `[lon, lat]` (empty when unlocated).
    #[must_use]
    pub fn points_of(&self, index: u32) -> &[[f32; 2]] {
        let i = index as usize;
        &self.points[self.point_offsets[i] as usize..self.point_offsets[i + 1] as usize]
    }

    /// The span from the earliest known start to the latest known end, ignoring open ends.
    #[must_use]
    pub fn time_span(&self) -> Option<TimeWindow> {
        let start = self.start.iter().copied().find(|&s| s != crate::model::UNBOUNDED_PAST)?;
        let end = self.end.iter().copied().filter(|&e| e != crate::model::UNBOUNDED_FUTURE).max()?;
        Some(TimeWindow { start, end })
    }

    /// Incidents whose date overlaps the window, ascending (time order).
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let y2016 = Incident::new("y", "Arrests", EdtfDate::parse("2016").unwrap(), "arrest");
    /// let store = Store::new(vec![y2016]);
    /// let june_2016 = EdtfDate::parse("2016-06").unwrap().interval();
    /// assert_eq!(store.in_window(june_2016), vec![0]);
    /// ```
    #[must_use]
    pub fn in_window(&self, window: TimeWindow) -> Vec<u32> {
        self.window_matches(window, |_| true)
    }

    /// Incidents with at least one place in the box, ascending.
    #[must_use]
    pub fn in_bbox(&self, bbox: &BBox) -> Vec<u32> {
        self.bbox_matches(bbox, |_| true)
    }

    /// Incidents whose category is in the set, ascending.
    #[must_use]
    pub fn by_categories(&self, set: &CategorySet) -> Vec<u32> {
        self.visible(&Query { categories: Some(set.clone()), ..Query::default() })
    }

    /// Incidents whose text contains every word of `text` (case-insensitive), ascending.
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let mut a = Incident::new("a", "Concert hall attack", EdtfDate::parse("2024-03-22").unwrap(), "attack");
    /// a.place = Some("Krasnogorsk".into());
    /// let store = Store::new(vec![a]);
    /// assert_eq!(store.matching_text("HALL krasno"), vec![0]);
    /// assert!(store.matching_text("kabul").is_empty());
    /// ```
    #[must_use]
    pub fn matching_text(&self, text: &str) -> Vec<u32> {
        self.visible(&Query { text: Some(text.to_owned()), ..Query::default() })
    }

    /// Incidents matching every part of the query, ascending (time order).
    #[must_use]
    pub fn visible(&self, query: &Query) -> Vec<u32> {
        let filter = Filter::new(self, query);
        if let Some(window) = query.window {
            self.window_matches(window, |i| filter.accepts(i))
        } else if let Some(bbox) = &query.bbox {
            let inner = Filter { bbox_parts: None, ..filter };
            self.bbox_matches(bbox, |i| inner.accepts(i))
        } else {
            (0..u32::try_from(self.len()).unwrap_or(u32::MAX)).filter(|&i| filter.accepts(i)).collect()
        }
    }

    /// How many incidents the query shows, of how many.
    #[must_use]
    pub fn shown(&self, query: &Query) -> ShownCount {
        ShownCount { shown: self.visible(query).len(), total: self.len() }
    }

    /// How many of the given incidents have a place, and how many do not.
    #[must_use]
    pub fn located_split(&self, indices: &[u32]) -> LocatedSplit {
        let located = indices.iter().filter(|&&i| !self.points_of(i).is_empty()).count();
        LocatedSplit { located, unlocated: indices.len() - located }
    }

    /// Bytes held by the query columns and indexes, excluding text (titles, descriptions, records).
    #[must_use]
    pub fn index_bytes(&self) -> usize {
        self.start.capacity() * 8
            + self.end.capacity() * 8
            + self.category.capacity() * 2
            + self.casualties.capacity() * 4
            + self.date_precision.capacity() * std::mem::size_of::<DatePrecision>()
            + self.point_offsets.capacity() * 4
            + self.points.capacity() * 8
            + self.time_classes.iter().map(|c| c.ids.capacity() * 4).sum::<usize>()
            + self.long_ids.capacity() * 4
            + self.tree.heap_bytes()
    }

    fn window_matches(&self, window: TimeWindow, accepts: impl Fn(u32) -> bool) -> Vec<u32> {
        let mut parts: Vec<Vec<u32>> = Vec::with_capacity(self.time_classes.len() + 1);
        for class in &self.time_classes {
            let earliest = window.start.saturating_sub(class.max_duration);
            let lo = class.ids.partition_point(|&i| self.start[i as usize] <= earliest);
            let hi = class.ids.partition_point(|&i| self.start[i as usize] < window.end);
            if lo < hi {
                parts.push(
                    class.ids[lo..hi]
                        .iter()
                        .copied()
                        .filter(|&i| self.end[i as usize] > window.start && accepts(i))
                        .collect(),
                );
            }
        }
        parts.push(
            self.long_ids
                .iter()
                .copied()
                .filter(|&i| {
                    let i_us = i as usize;
                    self.start[i_us] < window.end && self.end[i_us] > window.start && accepts(i)
                })
                .collect(),
        );
        parts.retain(|p| !p.is_empty());
        match parts.len() {
            0 => Vec::new(),
            1 => parts.pop().unwrap_or_default(),
            _ => {
                let mut set = IndexBitset::new(self.len());
                for i in parts.iter().flatten() {
                    set.insert(*i);
                }
                set.to_sorted_vec()
            }
        }
    }

    fn bbox_matches(&self, bbox: &BBox, accepts: impl Fn(u32) -> bool) -> Vec<u32> {
        let mut found = Vec::new();
        for (min, max) in bbox.parts() {
            self.tree.within(min, max, |i| found.push(i));
        }
        found.sort_unstable();
        found.dedup();
        found.retain(|&i| accepts(i));
        found
    }
}

/// A query prepared for testing one incident at a time.
#[derive(Debug, Clone)]
struct Filter<'a> {
    store: &'a Store,
    categories: Option<&'a CategorySet>,
    bbox_parts: Option<Vec<([f32; 2], [f32; 2])>>,
    words: Vec<String>,
    min_casualties: u32,
}

impl<'a> Filter<'a> {
    fn new(store: &'a Store, query: &'a Query) -> Self {
        let mut lower = String::new();
        push_lowercase(&mut lower, query.text.as_deref().unwrap_or_default());
        Filter {
            store,
            categories: query.categories.as_ref(),
            bbox_parts: query.bbox.as_ref().map(BBox::parts),
            words: lower.split_whitespace().map(str::to_owned).collect(),
            min_casualties: query.min_casualties.unwrap_or(0),
        }
    }

    fn accepts(&self, index: u32) -> bool {
        let i = index as usize;
        if let Some(set) = self.categories
            && !set.contains(self.store.category[i]) {
                return false;
            }
        if self.store.casualties[i] < self.min_casualties {
            return false;
        }
        if let Some(parts) = &self.bbox_parts {
            let inside = |c: &[f32; 2]| {
                parts
                    .iter()
                    .any(|(min, max)| c[0] >= min[0] && c[0] <= max[0] && c[1] >= min[1] && c[1] <= max[1])
            };
            if !self.store.points_of(index).iter().any(inside) {
                return false;
            }
        }
        if !self.words.is_empty() {
            let text = &self.store.text[self.store.text_offsets[i]..self.store.text_offsets[i + 1]];
            if !self.words.iter().all(|w| text.contains(w.as_str())) {
                return false;
            }
        }
        true
    }
}

fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        let from = out.len();
        out.push_str(text);
        out[from..].make_ascii_lowercase();
    } else {
        out.extend(text.chars().flat_map(char::to_lowercase));
    }
}

#[cfg(test)]
mod tests;
