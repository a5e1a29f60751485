//! The `stats` report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::model::utc_text;
use crate::model::{DatePrecision, Geometry, Incident};
use crate::store::Store;

/// A plain-text summary of a dataset: counts, time span, categories, places, precisions and any
/// properties this program does not know.
#[must_use]
pub fn report(file: &Path, incidents: &[Incident]) -> String {
    let store = Store::new(incidents.to_vec());
    let mut out = format!("{}\n", file.display());
    let line = |out: &mut String, label: &str, value: String| {
        let _ = writeln!(out, "  {label:<22}{value}");
    };
    let points = incidents.iter().filter(|i| matches!(i.geometry, Geometry::Point(_))).count();
    let multi = incidents.iter().filter(|i| matches!(i.geometry, Geometry::MultiPoint(_))).count();
    let span = store.time_span().map_or_else(
        || "none".to_owned(),
        |s| format!("{} to {}", day(&utc_text(s.start)), day(&utc_text(s.end - 1))),
    );
    let killed: u64 = incidents.iter().filter_map(|i| i.killed).map(u64::from).sum();
    let with_killed = incidents.iter().filter(|i| i.killed.is_some()).count();
    let injured: u64 = incidents.iter().filter_map(|i| i.injured).map(u64::from).sum();
    let with_injured = incidents.iter().filter(|i| i.injured.is_some()).count();

    line(&mut out, "incidents", incidents.len().to_string());
    line(&mut out, "time span", span);
    line(&mut out, "located", format!("{} ({points} Point, {multi} MultiPoint)", points + multi));
    line(&mut out, "unlocated", format!("{}", incidents.len() - points - multi));
    line(&mut out, "killed", format!("{killed} (in {with_killed} incidents with a figure)"));
    line(&mut out, "injured", format!("{injured} (in {with_injured} incidents with a figure)"));

    section(&mut out, "categories", incidents.iter().map(|i| i.category.clone()));
    let order = |p: DatePrecision| p as usize;
    let mut dates: Vec<(DatePrecision, usize)> = Vec::new();
    for i in incidents {
        let p = i.date.precision();
        match dates.iter_mut().find(|(q, _)| *q == p) {
            Some((_, n)) => *n += 1,
            None => dates.push((p, 1)),
        }
    }
    dates.sort_by_key(|(p, _)| order(*p));
    let _ = writeln!(out, "date precision");
    for (p, n) in dates {
        let _ = writeln!(out, "  {:<22}{n}", p.name());
    }
    let intervals = incidents.iter().filter(|i| i.date.is_interval()).count();
    let qualified = incidents.iter().filter(|i| i.date.is_uncertain() || i.date.is_approximate()).count();
    let _ = writeln!(out, "  {:<22}{intervals}", "(intervals)");
    let _ = writeln!(out, "  {:<22}{qualified}", "(uncertain or circa)");
    let _ = writeln!(out, "location precision");
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
    for (_, name, n) in locs {
        let _ = writeln!(out, "  {name:<22}{n}");
    }
    section(&mut out, "unknown properties (kept)", incidents.iter().flat_map(|i| i.extra.keys()));
    out
}

fn day(utc: &str) -> String {
    utc.get(..10).unwrap_or(utc).to_owned()
}

fn section(out: &mut String, title: &str, names: impl Iterator<Item = String>) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for n in names {
        *counts.entry(n).or_default() += 1;
    }
    let _ = writeln!(out, "{title}");
    if counts.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for (name, n) in counts {
        let _ = writeln!(out, "  {name:<22}{n}");
    }
}
