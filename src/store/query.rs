//! What a view asks the store for: a time window, a box on the map, categories, text, casualties.

use std::fmt;

use crate::model::{TimeInterval, UnixSeconds, group_thousands};

/// A half-open time window `[start, end)` in UTC Unix seconds.
pub type TimeWindow = TimeInterval;

/// A longitude/latitude box in degrees, edges included. When `min_lon > max_lon` the box crosses
/// the antimeridian (e.g. from 170° to −170°).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// Western edge, degrees.
    pub min_lon: f64,
    /// Southern edge, degrees.
    pub min_lat: f64,
    /// Eastern edge, degrees.
    pub max_lon: f64,
    /// Northern edge, degrees.
    pub max_lat: f64,
}

impl BBox {
    /// Whether a point lies inside the box (edges included, antimeridian handled).
    ///
    /// ```
    /// use incident_atlas::store::BBox;
    /// let pacific = BBox { min_lon: 170.0, min_lat: -10.0, max_lon: -170.0, max_lat: 10.0 };
    /// assert!(pacific.contains(175.0, 0.0));
    /// assert!(pacific.contains(-175.0, 0.0));
    /// assert!(!pacific.contains(0.0, 0.0));
    /// ```
    #[must_use]
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let lon_in = if self.min_lon <= self.max_lon {
            lon >= self.min_lon && lon <= self.max_lon
        } else {
            lon >= self.min_lon || lon <= self.max_lon
        };
        lon_in && lat >= self.min_lat && lat <= self.max_lat
    }

    /// The box as one or two non-wrapping parts, as `([min_lon, min_lat], [max_lon, max_lat])` in f32.
    pub(crate) fn parts(&self) -> Vec<([f32; 2], [f32; 2])> {
        let f = |v: f64| v as f32;
        if self.min_lon <= self.max_lon {
            vec![([f(self.min_lon), f(self.min_lat)], [f(self.max_lon), f(self.max_lat)])]
        } else {
            vec![
                ([f(self.min_lon), f(self.min_lat)], [180.0, f(self.max_lat)]),
                ([-180.0, f(self.min_lat)], [f(self.max_lon), f(self.max_lat)]),
            ]
        }
    }
}

/// A set of category codes (see [`crate::store::Store::categories`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CategorySet {
    member: Vec<bool>,
}

impl CategorySet {
    /// A set holding the given category codes.
    #[must_use]
    pub fn from_codes(codes: impl IntoIterator<Item = u16>) -> Self {
        let mut set = Self::default();
        for c in codes {
            set.insert(c);
        }
        set
    }

    /// Adds a category code.
    pub fn insert(&mut self, code: u16) {
        let i = usize::from(code);
        if self.member.len() <= i {
            self.member.resize(i + 1, false);
        }
        self.member[i] = true;
    }

    /// Removes a category code.
    pub fn remove(&mut self, code: u16) {
        if let Some(m) = self.member.get_mut(usize::from(code)) {
            *m = false;
        }
    }

    /// Whether the code is in the set.
    #[must_use]
    pub fn contains(&self, code: u16) -> bool {
        self.member.get(usize::from(code)).copied().unwrap_or(false)
    }
}

/// A query over the store. Every part is optional; an empty query matches everything.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    /// Incidents whose date interval overlaps this window ("2016" overlaps any window inside 2016).
    pub window: Option<TimeWindow>,
    /// Incidents with at least one place inside this box (unlocated incidents never match).
    pub bbox: Option<BBox>,
    /// Incidents whose category is in this set.
    pub categories: Option<CategorySet>,
    /// Case-insensitive text found in title, place, actors, description or notes.
    pub text: Option<String>,
    /// Incidents with at least this many killed plus injured.
    pub min_casualties: Option<u32>,
    /// Incidents in this country (and region, when given).
    pub area: Option<AreaQuery>,
}

/// A country, and optionally one of its admin-1 regions, by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AreaQuery {
    /// Country name ("Russia").
    pub country: String,
    /// Region name ("Moscow Oblast").
    pub region: Option<String>,
}

impl Query {
    /// The same query without its time window (the timeline's histogram shows all of time).
    #[must_use]
    pub fn without_window(&self) -> Query {
        Query { window: None, ..self.clone() }
    }

    /// A query for a time window only.
    #[must_use]
    pub fn window(start: UnixSeconds, end: UnixSeconds) -> Query {
        Query { window: Some(TimeWindow { start, end }), ..Query::default() }
    }
}

/// "N of M shown".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShownCount {
    /// Incidents that match the query.
    pub shown: usize,
    /// All incidents in the store.
    pub total: usize,
}

impl fmt::Display for ShownCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {} shown", group_thousands(self.shown), group_thousands(self.total))
    }
}

/// Located (on the map) and unlocated (timeline only) counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LocatedSplit {
    /// Incidents with at least one place.
    pub located: usize,
    /// Incidents without a place.
    pub unlocated: usize,
}
