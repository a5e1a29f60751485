//! The `stats` report.

use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::utc_text;
use crate::model::{DatePrecision, Geometry, Incident};
use crate::store::Store;

/// What `stats` reports of a dataset: counts, time span, categories, precisions and the properties this
/// program does not know (each list sorted by name, or by precision from finest).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    incidents: usize,
    /// First and last day (UTC), when any incident has a bounded date.
    span: Option<(String, String)>,
    points: usize,
    multipoints: usize,
    killed: (u64, usize),
    injured: (u64, usize),
    categories: BTreeMap<String, usize>,
    date_precisions: Vec<(String, usize)>,
    intervals: usize,
    qualified: usize,
    location_precisions: Vec<(String, usize)>,
    unknown_properties: BTreeMap<String, usize>,
}

impl Summary {
    /// The summary of `incidents`.
    #[must_use]
    pub fn of(incidents: &[Incident]) -> Self {
        let store = Store::new(incidents.to_vec());
        let span = store.time_span().map(|s| (day(&utc_text(s.start)), day(&utc_text(s.end - 1))));
        let figure = |get: fn(&Incident) -> Option<u32>| {
            (
                incidents.iter().filter_map(get).map(u64::from).sum(),
                incidents.iter().filter(|i| get(i).is_some()).count(),
            )
        };
        let mut dates: Vec<(DatePrecision, usize)> = Vec::new();
        for i in incidents {
            let p = i.date.precision();
            match dates.iter_mut().find(|(q, _)| *q == p) {
                Some((_, n)) => *n += 1,
                None => dates.push((p, 1)),
            }
        }
        dates.sort_by_key(|(p, _)| *p as usize);
        let mut locs: Vec<(usize, String, usize)> = Vec::new();
        for i in incidents.iter().filter(|i| i.geometry.is_located()) {
            let (rank, name) = i
                .location_precision
                .map_or((99, "(not given)".to_owned()), |p| (p as usize, p.name().to_owned()));
            match locs.iter_mut().find(|(_, n, _)| *n == name) {
                Some((_, _, c)) => *c += 1,
                None => locs.push((rank, name, 1)),
            }
        }
        locs.sort();
        Summary {
            incidents: incidents.len(),
            span,
            points: incidents.iter().filter(|i| matches!(i.geometry, Geometry::Point(_))).count(),
            multipoints: incidents.iter().filter(|i| matches!(i.geometry, Geometry::MultiPoint(_))).count(),
            killed: figure(|i| i.killed),
            injured: figure(|i| i.injured),
            categories: counts(incidents.iter().map(|i| i.category.clone())),
            date_precisions: dates.into_iter().map(|(p, n)| (p.name().to_owned(), n)).collect(),
            intervals: incidents.iter().filter(|i| i.date.is_interval()).count(),
            qualified: incidents.iter().filter(|i| i.date.is_uncertain() || i.date.is_approximate()).count(),
            location_precisions: locs.into_iter().map(|(_, name, n)| (name, n)).collect(),
            unknown_properties: counts(incidents.iter().flat_map(|i| i.extra.keys())),
        }
    }

    /// The plain-text table, headed by the file's name.
    #[must_use]
    pub fn text(&self, file: &str) -> String {
        let mut out = format!("{file}\n");
        let line = |out: &mut String, label: &str, value: String| {
            let _ = writeln!(out, "  {label:<22}{value}");
        };
        let located = self.points + self.multipoints;
        let span = self.span.as_ref().map_or_else(|| "none".to_owned(), |(a, b)| format!("{a} to {b}"));
        line(&mut out, "incidents", self.incidents.to_string());
        line(&mut out, "time span", span);
        line(
            &mut out,
            "located",
            format!("{located} ({} Point, {} MultiPoint)", self.points, self.multipoints),
        );
        line(&mut out, "unlocated", format!("{}", self.incidents - located));
        line(&mut out, "killed", format!("{} (in {} incidents with a figure)", self.killed.0, self.killed.1));
        line(
            &mut out,
            "injured",
            format!("{} (in {} incidents with a figure)", self.injured.0, self.injured.1),
        );
        section(&mut out, "categories", &self.categories);
        let _ = writeln!(out, "date precision");
        for (p, n) in &self.date_precisions {
            let _ = writeln!(out, "  {p:<22}{n}");
        }
        let _ = writeln!(out, "  {:<22}{}", "(intervals)", self.intervals);
        let _ = writeln!(out, "  {:<22}{}", "(uncertain or circa)", self.qualified);
        let _ = writeln!(out, "location precision");
        for (name, n) in &self.location_precisions {
            let _ = writeln!(out, "  {name:<22}{n}");
        }
        section(&mut out, "unknown properties (kept)", &self.unknown_properties);
        out
    }

    /// The same as one JSON object (the README gives its fields).
    #[must_use]
    pub fn json(&self, file: &str) -> Value {
        let pairs = |list: &[(String, usize)]| -> Map<String, Value> {
            list.iter().map(|(k, n)| (k.clone(), json!(n))).collect()
        };
        let map = |m: &BTreeMap<String, usize>| -> Map<String, Value> {
            m.iter().map(|(k, n)| (k.clone(), json!(n))).collect()
        };
        json!({
            "file": file,
            "incidents": self.incidents,
            "time_span": self.span.as_ref().map(|(a, b)| json!({"first": a, "last": b})),
            "located": {"point": self.points, "multipoint": self.multipoints},
            "unlocated": self.incidents - self.points - self.multipoints,
            "killed": {"total": self.killed.0, "incidents_with_a_figure": self.killed.1},
            "injured": {"total": self.injured.0, "incidents_with_a_figure": self.injured.1},
            "categories": map(&self.categories),
            "date_precision": pairs(&self.date_precisions),
            "intervals": self.intervals,
            "uncertain_or_circa": self.qualified,
            "location_precision": pairs(&self.location_precisions),
            "unknown_properties": map(&self.unknown_properties),
        })
    }
}

fn day(utc: &str) -> String {
    utc.get(..10).unwrap_or(utc).to_owned()
}

fn counts(names: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for n in names {
        *counts.entry(n).or_default() += 1;
    }
    counts
}

fn section(out: &mut String, title: &str, counts: &BTreeMap<String, usize>) {
    let _ = writeln!(out, "{title}");
    if counts.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (name, n) in counts {
        let _ = writeln!(out, "  {name:<22}{n}");
    }
}
