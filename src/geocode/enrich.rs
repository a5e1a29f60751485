//! Filling in imported incidents: coordinates for those that name a place but give none, and the
//! country and admin-1 region for those with coordinates but neither, so that every dataset can be
//! filtered by country and region.

use serde_json::Value;

use super::{Hint, How, area_at, place_within};
use crate::model::{Geometry, Incident, Position};

/// What [`enrich`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Enriched {
    /// Incidents given coordinates from their place name.
    pub geocoded: usize,
    /// Of those, how many were placed in each way: a single match, an ambiguous name (first candidate
    /// chosen), at the stated region, at the stated country.
    pub placed_by: PlacedBy,
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

/// Counts of geocoded incidents by how they were placed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlacedBy {
    /// One place of that name.
    pub matched: usize,
    /// Several places of that name: the first chosen.
    pub ambiguous: usize,
    /// No place of that name: the town its district is named after.
    pub district: usize,
    /// No place of that name in the stated country: at the stated region.
    pub region: usize,
    /// Neither place nor region: at the stated country.
    pub country: usize,
}

impl PlacedBy {
    fn count(&mut self, how: How) {
        match how {
            How::Match => self.matched += 1,
            How::Ambiguous(_) => self.ambiguous += 1,
            How::DistrictFallback => self.district += 1,
            How::RegionFallback => self.region += 1,
            How::CountryFallback => self.country += 1,
        }
    }

    /// Adds another count.
    pub fn add(&mut self, other: PlacedBy) {
        self.matched += other.matched;
        self.ambiguous += other.ambiguous;
        self.district += other.district;
        self.region += other.region;
        self.country += other.country;
    }
}

impl std::fmt::Display for PlacedBy {
    /// `12 matched, 2 ambiguous (first candidate chosen), 1 at their district's town, 3 at their region, 1 at
    /// their country`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} matched, {} ambiguous (first candidate chosen), {} at their district's town, {} at their region, \
             {} at their country",
            self.matched, self.ambiguous, self.district, self.region, self.country
        )
    }
}

fn add(mut a: Enriched, b: Enriched) -> Enriched {
    a.geocoded += b.geocoded;
    a.placed_by.add(b.placed_by);
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

/// What a record states about where its place is. A `country` property (a country column, ACLED's,
/// GTD's) is the country; otherwise the last part of the place is the country only when it is a country's
/// name (`…, Russia`): a two- or three-letter last part is as often a state (`San Francisco, CA`) and an
/// unknown one a region (`Orlando, Florida`), and both only rank the candidates, as a region would.
fn hint_of(incident: &Incident, parts: &[&str]) -> Hint {
    let stated_region = incident.extra.get_str("admin1");
    if let Some(country) = incident.extra.get_str("country") {
        let region = stated_region.or_else(|| (parts.len() >= 3).then(|| parts[1].to_owned()));
        return Hint { country: Some(country), region };
    }
    match parts.last().filter(|_| parts.len() >= 2) {
        Some(last) if last.chars().count() > 3 && super::country_code(last).is_some() => Hint {
            country: Some((*last).to_owned()),
            region: stated_region.or_else(|| (parts.len() >= 3).then(|| parts[1].to_owned())),
        },
        Some(last) => Hint { country: None, region: stated_region.or_else(|| Some((*last).to_owned())) },
        None => Hint { country: None, region: stated_region },
    }
}

/// `Krasnogorsk, Moscow Oblast, Russia` → the name `Krasnogorsk`, placed within the country and region the
/// record states (its `country` and `admin1`, else the last and second parts of the place), never abroad.
fn geocode_place(incident: &mut Incident, place_text: &str, done: &mut Enriched) {
    let parts: Vec<&str> = place_text.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    let Some(name) = parts.first() else { return };
    let hint = hint_of(incident, &parts);
    // The parts between the place and its region or country: districts, often named after their town.
    let region_key = hint.region.as_deref().map(crate::geocode::fold);
    let districts: Vec<&str> = parts
        .iter()
        .skip(1)
        .take(parts.len().saturating_sub(2))
        .filter(|p| region_key.as_deref() != Some(crate::geocode::fold(p).as_str()))
        .copied()
        .collect();
    let placed = match place_within(name, &districts, &hint) {
        Ok(placed) => placed,
        Err(why) => {
            done.review.push((incident.id.clone(), why));
            return;
        }
    };
    let best = &placed.candidate;
    match placed.how {
        How::Ambiguous(n) => done.review.push((
            incident.id.clone(),
            format!("place {name:?} is ambiguous ({n} candidates); chose {} — check it", best.label()),
        )),
        how @ (How::DistrictFallback | How::RegionFallback | How::CountryFallback) => done.review.push((
            incident.id.clone(),
            format!(
                "place {name:?} is not in the gazetteer; placed at {} ({})",
                best.label(),
                how.describe()
            ),
        )),
        How::Match => {}
    }
    incident.geometry = Geometry::Point(Position::lat_lon(best.lat, best.lon));
    incident.location_precision = Some(best.precision);
    let how = match placed.how {
        How::Match => format!("{} match", best.quality.name()),
        other => other.describe(),
    };
    incident.extra.insert("geocoded", Value::String(format!("{} ({how}, offline gazetteer)", best.label())));
    done.geocoded += 1;
    done.placed_by.count(placed.how);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EdtfDate;

    fn placed(place: &str) -> Incident {
        let mut incident = Incident::new("a", "A", EdtfDate::parse("2016").expect("date"), "attack");
        incident.place = Some(place.to_owned());
        enrich_incident(&mut incident);
        incident
    }

    #[test]
    fn a_us_state_after_the_town_is_no_country() {
        // As newsroom tables write places ("San Francisco, CA", "Orlando, Florida"): CA is not Canada, and
        // Florida is a state, not an unknown country that stops the look-up.
        for (place, country) in
            [("San Francisco, CA", "United States"), ("Orlando, Florida", "United States")]
        {
            let incident = placed(place);
            assert_eq!(incident.extra.get_str("country").as_deref(), Some(country), "{place}");
            assert_eq!(incident.location_precision, Some(crate::model::LocationPrecision::Town), "{place}");
        }
        // A country's name after the town is the country.
        let kaluga = placed("Kaluga, Russia");
        assert_eq!(kaluga.extra.get_str("country").as_deref(), Some("Russia"));
    }
}
