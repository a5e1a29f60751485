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

pub mod areas;
mod batch;
mod columns;
mod edit;
mod filter;
mod histogram;
mod query;
mod spatial;
pub mod synth;

pub use histogram::{BinEdges, BinUnit, Histogram};
pub use query::{AreaQuery, BBox, CategorySet, LocatedSplit, Query, ShownCount, TimeWindow};

use crate::model::{DatePrecision, Incident, UnixSeconds};
use std::collections::HashMap;

use filter::Filter;
use spatial::PointTree;

/// Incidents lasting longer than this (multi-year spans, open intervals) are kept in a separate list;
/// the time index looks back at most this far before a window's start for everything else.
const LONG_DURATION: i64 = 367 * 86_400;

/// The event store. Incident indices (`u32`) are positions in start-time order.
#[derive(Debug, Clone, Default)]
pub struct Store {
    /// The records, in the order they were given.
    incidents: Vec<Incident>,
    /// For each incident index (start-time order), its position in `incidents`.
    record: Vec<u32>,
    start: Vec<UnixSeconds>,
    end: Vec<UnixSeconds>,
    category: Vec<u16>,
    category_names: Vec<String>,
    casualties: Vec<u32>,
    date_precision: Vec<DatePrecision>,
    point_offsets: Vec<u32>,
    points: Vec<[f32; 2]>,
    /// Longest duration among incidents not in `long_ids`.
    lookback: i64,
    /// Incidents longer than [`LONG_DURATION`], ascending.
    long_ids: Vec<u32>,
    tree: PointTree,
    /// Where each incident's searchable text lies in `text` (start and end byte).
    text_spans: Vec<[usize; 2]>,
    /// Lower-cased title, place, description, notes and actors of every incident, each field ended by
    /// U+001F. Edits append; the bytes of replaced and removed incidents stay until the store compacts them.
    text: String,
    /// Bytes of `text` no incident uses any more.
    text_garbage: usize,
    /// Country and region of each incident, built on first use.
    areas: std::sync::OnceLock<areas::Areas>,
    /// Finds the area around a point for incidents whose properties name none.
    area_locator: Option<areas::AreaLocator>,
    /// The longest date as written, found on first use.
    longest_date: std::sync::OnceLock<String>,
}

impl Store {
    /// How many of `indices` fall in each category (indexed by category code, as [`Store::categories`]).
    #[must_use]
    pub fn category_counts(&self, indices: impl IntoIterator<Item = u32>) -> Vec<usize> {
        let mut counts = vec![0usize; self.category_names.len()];
        for i in indices {
            if let Some(c) = counts.get_mut(usize::from(self.category_of(i))) {
                *c += 1;
            }
        }
        counts
    }

    /// The country and region of every incident (built on first call, on every core), from its
    /// `country`/`admin1` properties or else from the area locator's answer for its first place.
    #[must_use]
    pub fn areas(&self) -> &areas::Areas {
        self.areas.get_or_init(|| areas::Areas::build(self, self.area_locator))
    }

    /// The store, placing incidents whose properties name no country in the area `locator` finds around
    /// their first place (without one they count as "no place"). The layer that knows the map gives it.
    #[must_use]
    pub fn with_area_locator(mut self, locator: areas::AreaLocator) -> Self {
        self.area_locator = Some(locator);
        self.areas = std::sync::OnceLock::new();
        self
    }

    /// The longest date as written among the incidents (`2015-10-31~` is longer than `2015`), of equal
    /// lengths the last in text order (so that the answer does not depend on the incidents' order); empty for an empty store. Views size a column of dates by it. Found on first call.
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let d = |s: &str| EdtfDate::parse(s).unwrap();
    /// let store = Store::new(vec![
    ///     Incident::new("a", "Bombing", d("2015-10-31~"), "bombing"),
    ///     Incident::new("b", "Statement", d("2016"), "statement"),
    /// ]);
    /// assert_eq!(store.longest_date_text(), "2015-10-31~");
    /// assert_eq!(Store::new(Vec::new()).longest_date_text(), "");
    /// ```
    #[must_use]
    pub fn longest_date_text(&self) -> &str {
        self.longest_date.get_or_init(|| {
            let dates = self.iter().map(|incident| incident.date.as_str());
            dates.fold("", |longest, date| if longer_date(date, longest) { date } else { longest }).to_owned()
        })
    }

    /// Builds the store. Incident indices follow start time (ties keep their input order); the records
    /// themselves stay where they are, reached through one index column.
    #[must_use]
    pub fn new(incidents: Vec<Incident>) -> Self {
        let mut keyed: Vec<(i64, i64, u32)> = incidents
            .iter()
            .enumerate()
            .map(|(i, inc)| {
                let iv = inc.date.interval();
                (iv.start, iv.end, u32::try_from(i).unwrap_or(u32::MAX))
            })
            .collect();
        keyed.sort_unstable();
        let n = keyed.len();
        let record: Vec<u32> = keyed.iter().map(|k| k.2).collect();
        let sorted = || record.iter().map(|&r| &incidents[r as usize]);

        let (category_names, codes) = intern_categories(sorted());
        let mut store = Store {
            start: keyed.iter().map(|k| k.0).collect(),
            end: keyed.iter().map(|k| k.1).collect(),
            category: codes,
            casualties: sorted().map(Incident::casualties).collect(),
            date_precision: sorted().map(|i| i.date.precision()).collect(),
            point_offsets: Vec::with_capacity(n + 1),
            text_spans: Vec::with_capacity(n),
            ..Store::default()
        };
        drop(keyed);
        store.category_names = category_names;

        let mut tree_points = Vec::with_capacity(n);
        store.points.reserve(n);
        store.point_offsets.push(0);
        for (i, inc) in sorted().enumerate() {
            let index = u32::try_from(i).unwrap_or(u32::MAX);
            for p in inc.geometry.positions() {
                let c = [p.lon as f32, p.lat as f32];
                store.points.push(c);
                tree_points.push((index, c));
            }
            store.point_offsets.push(u32::try_from(store.points.len()).unwrap_or(u32::MAX));
        }
        store.tree = PointTree::build(tree_points);

        for i in 0..n {
            let duration = store.end[i].saturating_sub(store.start[i]);
            if duration > LONG_DURATION {
                store.long_ids.push(u32::try_from(i).unwrap_or(u32::MAX));
            } else {
                store.lookback = store.lookback.max(duration);
            }
        }

        let text_len: usize = sorted()
            .map(|inc| {
                let fields =
                    [Some(&inc.title), inc.place.as_ref(), inc.description.as_ref(), inc.notes.as_ref()];
                fields.into_iter().flatten().chain(inc.actors.iter()).map(|f| f.len() + 1).sum::<usize>()
            })
            .sum();
        store.text.reserve(text_len);
        for inc in sorted() {
            let span = push_searchable_text(&mut store.text, inc);
            store.text_spans.push(span);
        }
        store.record = record;
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
        &self.incidents[self.record[index as usize] as usize]
    }

    /// All incidents, in start-time order.
    pub fn iter(&self) -> impl Iterator<Item = &Incident> + '_ {
        self.record.iter().map(|&r| &self.incidents[r as usize])
    }

    /// The index of the incident with this id, if any.
    #[must_use]
    pub fn find_id(&self, id: &str) -> Option<u32> {
        self.iter().position(|i| i.id == id).and_then(|i| u32::try_from(i).ok())
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
        self.window_matches(window, &Filter::new(self, &Query::default()))
    }

    /// Incidents with at least one place in the box, ascending.
    #[must_use]
    pub fn in_bbox(&self, bbox: &BBox) -> Vec<u32> {
        self.bbox_matches(bbox, &Filter::new(self, &Query::default()))
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
            self.window_matches(window, &filter)
        } else if let Some(bbox) = &query.bbox {
            self.bbox_matches(bbox, &filter)
        } else {
            Self::scan(0..self.len(), &filter)
        }
    }

    /// Whether one incident is among those [`Store::visible`] finds for the query: for keeping a list of
    /// shown incidents in step with an edit without searching again.
    #[must_use]
    pub fn accepts(&self, query: &Query, index: u32) -> bool {
        let i = index as usize;
        if i >= self.len() {
            return false;
        }
        let in_window = query.window.is_none_or(|w| self.end[i] > w.start && self.start[i] < w.end);
        in_window && Filter::new(self, query).accepts(index)
    }

    /// The first incident (in time order) starting at or after `t` that passes the query's other parts
    /// (its window is ignored): where playback goes when nothing is in view.
    ///
    /// ```
    /// # use incident_atlas::{model::*, store::*};
    /// let day = |d: &str| EdtfDate::parse(d).unwrap();
    /// let store = Store::new(vec![
    ///     Incident::new("a", "A", day("2001-05-01"), "attack"),
    ///     Incident::new("b", "B", day("2010-02-03"), "arrest"),
    ///     Incident::new("c", "C", day("2012-07-09"), "attack"),
    /// ]);
    /// let t = day("2005").interval().start;
    /// assert_eq!(store.first_starting_from(&Query::default(), t), Some(1));
    /// let attacks = Query { categories: Some(CategorySet::from_codes([store.category_code("attack").unwrap()])), ..Query::default() };
    /// assert_eq!(store.first_starting_from(&attacks, t), Some(2));
    /// assert_eq!(store.first_starting_from(&attacks, day("2013").interval().start), None);
    /// ```
    #[must_use]
    pub fn first_starting_from(&self, query: &Query, t: UnixSeconds) -> Option<u32> {
        let filter = Filter::new(self, &query.without_window());
        let from = self.start.partition_point(|&s| s < t);
        (from..self.len()).filter_map(|i| u32::try_from(i).ok()).find(|&i| filter.accepts(i))
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
        self.record.capacity() * 4
            + self.start.capacity() * 8
            + self.end.capacity() * 8
            + self.category.capacity() * 2
            + self.casualties.capacity() * 4
            + self.date_precision.capacity() * std::mem::size_of::<DatePrecision>()
            + self.point_offsets.capacity() * 4
            + self.points.capacity() * 8
            + self.long_ids.capacity() * 4
            + self.tree.heap_bytes()
    }

    /// Incidents overlapping the window and passing the filter, ascending. Everything that starts
    /// after `window.start - lookback` is scanned in place; longer incidents that started earlier come
    /// from `long_ids`, and since they start before every scanned one, the two parts concatenate in order.
    fn window_matches(&self, window: TimeWindow, filter: &Filter<'_>) -> Vec<u32> {
        let earliest = window.start.saturating_sub(self.lookback);
        let lo = self.start.partition_point(|&s| s <= earliest);
        let hi = self.start.partition_point(|&s| s < window.end);
        let lo_id = u32::try_from(lo).unwrap_or(u32::MAX);
        let mut found: Vec<u32> = self
            .long_ids
            .iter()
            .copied()
            .take_while(|&i| i < lo_id)
            .filter(|&i| self.end[i as usize] > window.start && filter.accepts(i))
            .collect();
        let scanned = Self::scan_where(lo..hi, filter, |i| self.end[i] > window.start);
        if found.is_empty() {
            return scanned;
        }
        found.extend(scanned);
        found
    }

    /// Incidents in `range` passing the filter, ascending.
    fn scan(range: std::ops::Range<usize>, filter: &Filter<'_>) -> Vec<u32> {
        Self::scan_where(range, filter, |_| true)
    }

    /// Incidents in `range` passing `extra` and the filter, ascending. The cheap tests use branch-free
    /// compaction (write every candidate, advance only past the kept ones): their outcome is
    /// unpredictable, and a mispredicted branch per incident would dominate the scan.
    fn scan_where(
        range: std::ops::Range<usize>,
        filter: &Filter<'_>,
        extra: impl Fn(usize) -> bool,
    ) -> Vec<u32> {
        let mut found = vec![0u32; range.len()];
        let mut len = 0;
        for i in range {
            found[len] = u32::try_from(i).unwrap_or(u32::MAX);
            len += usize::from(extra(i) & filter.cheap(i));
        }
        found.truncate(len);
        if filter.has_costly() {
            found.retain(|&i| filter.costly(i));
        }
        found
    }

    /// Incidents with a place in the box and passing the filter (whose own box is ignored), ascending.
    fn bbox_matches(&self, bbox: &BBox, filter: &Filter<'_>) -> Vec<u32> {
        let mut found = Vec::new();
        for (min, max) in bbox.parts() {
            self.tree.within(min, max, |i| found.push(i));
        }
        found.sort_unstable();
        found.dedup();
        found.retain(|&i| filter.cheap(i as usize) && filter.text_matches(i));
        found
    }
}

/// Category names, sorted, and each incident's code (its name's position in that list).
fn intern_categories<'a>(incidents: impl Iterator<Item = &'a Incident>) -> (Vec<String>, Vec<u16>) {
    // Datasets usually have a handful of categories: a linear scan of the names seen so far beats
    // hashing, and a map takes over when there are many.
    const LINEAR: usize = 32;
    let mut seen: Vec<&str> = Vec::new();
    let mut many: HashMap<&str, usize> = HashMap::new();
    let provisional: Vec<u16> = incidents
        .map(|inc| {
            let name = inc.category.as_str();
            let found = if seen.len() <= LINEAR {
                seen.iter().position(|&s| s == name)
            } else {
                many.get(name).copied()
            };
            let slot = found.unwrap_or_else(|| {
                seen.push(name);
                if seen.len() == LINEAR + 1 {
                    many.extend(seen.iter().enumerate().map(|(k, &s)| (s, k)));
                } else if seen.len() > LINEAR + 1 {
                    many.insert(name, seen.len() - 1);
                }
                seen.len() - 1
            });
            u16::try_from(slot).unwrap_or(u16::MAX)
        })
        .collect();
    let mut names: Vec<String> = seen.iter().map(|&s| s.to_owned()).collect();
    names.sort_unstable();
    let remap: Vec<u16> = seen
        .iter()
        .map(|s| names.iter().position(|n| n == s).and_then(|p| u16::try_from(p).ok()).unwrap_or(u16::MAX))
        .collect();
    let codes =
        provisional.into_iter().map(|c| remap.get(usize::from(c)).copied().unwrap_or(u16::MAX)).collect();
    (names, codes)
}

/// Whether `date` is longer than `than`, or as long and later in text order: how the store picks its
/// longest date.
fn longer_date(date: &str, than: &str) -> bool {
    (date.len(), date) > (than.len(), than)
}

/// Appends an incident's searchable fields to `text`, lower-cased, and gives where they lie.
fn push_searchable_text(text: &mut String, incident: &Incident) -> [usize; 2] {
    let start = text.len();
    let fields = [
        Some(&incident.title),
        incident.place.as_ref(),
        incident.description.as_ref(),
        incident.notes.as_ref(),
    ];
    let tags = incident.tags();
    for field in fields.into_iter().flatten().chain(incident.actors.iter()).chain(tags.iter()) {
        push_lowercase(text, field);
        text.push('\u{1f}');
    }
    [start, text.len()]
}

/// Appends `text` in lower case (a fast path for ASCII).
pub(crate) fn push_lowercase(out: &mut String, text: &str) {
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
