//! Filling in imported incidents: coordinates for those that name a place but give none, and the
//! country and admin-1 region for those with coordinates but neither, so that every dataset can be
//! filtered by country and region.

use serde_json::Value;

use super::{Candidate, Hint, area_at, lookup};
use crate::model::{Geometry, Incident, Position};

/// What [`enrich`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enriched {
    /// Incidents given coordinates from their place name.
    pub geocoded: usize,
    /// Incidents given a country and region from their coordinates.
    pub placed_in_area: usize,
    /// Notes for review, one per incident: ambiguous names (with the choice made) and names not found.
    pub review: Vec<(String, String)>,
}

/// Geocodes incidents that have a place name but no coordinates (marking each with `extra.geocoded`),
/// and gives located incidents without `country`/`admin1` those of the region around their first place.
/// Runs on every core.
pub fn enrich(incidents: &mut [Incident]) -> Enriched {
    crate::sys::parallel::chunks_mut(incidents, |_, part| {
        part.iter_mut().map(enrich_incident).fold(Enriched::default(), add)
    })
    .into_iter()
    .fold(Enriched::default(), add)
}

fn add(mut a: Enriched, b: Enriched) -> Enriched {
    a.geocoded += b.geocoded;
    a.placed_in_area += b.placed_in_area;
    a.review.extend(b.review);
    a
}

/// [`enrich`] for one incident (for importers that fill in each record as they make it).
pub fn enrich_incident(incident: &mut Incident) -> Enriched {
    let mut done = Enriched::default();
    if !incident.geometry.is_located()
        && let Some(place) = incident.place.clone()
    {
        geocode_place(incident, &place, &mut done);
    }
    if let Some(first) = incident.geometry.positions().first().copied()
        && !incident.extra.contains_key("country")
        && let Some(area) = area_at(first.lat, first.lon)
    {
        let region_known = incident.extra.contains_key("admin1");
        incident.extra.insert("country", Value::String(area.country_name));
        if !region_known {
            incident.extra.insert("admin1", Value::String(area.admin1));
        }
        done.placed_in_area += 1;
    }
    done
}

/// `Krasnogorsk, Moscow Oblast, Russia` → the name `Krasnogorsk`, region hint `Moscow Oblast`, country
/// hint `Russia`.
fn geocode_place(incident: &mut Incident, place: &str, done: &mut Enriched) {
    let parts: Vec<&str> = place.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    let Some(name) = parts.first() else { return };
    let hint = Hint {
        country: (parts.len() >= 2).then(|| parts[parts.len() - 1].to_owned()),
        region: (parts.len() >= 3).then(|| parts[1].to_owned()),
    };
    let found = lookup(name, &hint);
    let Some(best) = found.first() else {
        done.review
            .push((incident.id.clone(), format!("place {place:?} is not in the gazetteer; no coordinates")));
        return;
    };
    let rivals = found.iter().skip(1).filter(|c| same_rank(c, best)).count();
    if rivals > 0 {
        done.review.push((
            incident.id.clone(),
            format!(
                "place {name:?} is ambiguous ({} candidates); chose {} — check it",
                rivals + 1,
                best.label()
            ),
        ));
    }
    incident.geometry = Geometry::Point(Position::lat_lon(best.lat, best.lon));
    incident.location_precision = Some(best.precision);
    incident.extra.insert(
        "geocoded",
        Value::String(format!("{} ({} match, offline gazetteer)", best.label(), best.quality.name())),
    );
    done.geocoded += 1;
}

/// Whether two candidates are equally good answers (so the first is a guess).
fn same_rank(a: &Candidate, b: &Candidate) -> bool {
    a.quality == b.quality && a.fits_hint == b.fits_hint && a.kind == b.kind && !b.fits_hint
}
