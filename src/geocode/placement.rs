//! Placing a name the way the record that names it allows: when a record states its country (name, ISO
//! alpha-2, alpha-3 or numeric code) a place outside that country is never chosen; among the places inside,
//! the one in the stated admin-1 region comes first, then the most populous. When nothing of that name lies
//! inside, the record goes to its stated region (precision `region`) or country (precision `country`),
//! never to a same-named place abroad.

use super::{Candidate, Gazetteer, Hint, MatchQuality, PlaceKind, fold, lookup, variant_key};
use crate::model::LocationPrecision;

/// How a name was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// One place of that name (in the stated country and region, when stated).
    Match,
    /// Several equally good places: the first (in the stated region, else the most populous) was chosen.
    Ambiguous(usize),
    /// No place of that name in the stated country, but one named as its district (an ACLED `admin2` or
    /// `admin3`, usually named after its main town): that town, at district precision.
    DistrictFallback,
    /// No place of that name in the stated country: the stated region's centre.
    RegionFallback,
    /// No place of that name nor the stated region: the stated country's centre.
    CountryFallback,
}

impl How {
    /// `match`, `ambiguous (3 candidates)`, `region fallback`, `country fallback`.
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            Self::Match => "match".into(),
            Self::Ambiguous(n) => format!("ambiguous ({n} candidates)"),
            Self::DistrictFallback => "district fallback".into(),
            Self::RegionFallback => "region fallback".into(),
            Self::CountryFallback => "country fallback".into(),
        }
    }
}

/// Where a name was placed, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The place (or region, or country) chosen.
    pub candidate: Candidate,
    /// How it was chosen.
    pub how: How,
}

/// Places `name` within what `hint` states, as described in the module documentation.
///
/// ```
/// use incident_atlas::geocode::{Hint, How, place};
/// // "Biba" is a town in Egypt; a row in Burkina Faso never lands there.
/// let hint = Hint { country: Some("Burkina Faso".into()), region: None };
/// let placed = place("Biba", &hint).unwrap();
/// assert_eq!((placed.candidate.country.as_str(), placed.how), ("BF", How::CountryFallback));
/// assert_eq!(place("Kaluga", &Hint::default()).unwrap().candidate.country, "RU");
/// ```
///
/// # Errors
/// Why nothing could be placed: the name is unknown and no country was stated, or the stated country is
/// not one this program knows.
pub fn place(name: &str, hint: &Hint) -> Result<Placement, String> {
    let stated = hint.country.as_deref().map(str::trim).filter(|c| !c.is_empty());
    let country = match stated {
        Some(text) => Some(country_code(text).ok_or_else(|| {
            format!("the stated country {text:?} is not one this program knows; {name:?} was not placed")
        })?),
        None => None,
    };
    let region = hint.region.as_deref().map(|r| variant_key(&fold(r))).filter(|r| !r.is_empty());
    let in_region = |c: &Candidate| {
        region.as_ref().is_some_and(|r| c.admin1.as_deref().is_some_and(|a| variant_key(&fold(a)) == *r))
    };
    let mut inside: Vec<Candidate> = lookup(name, &Hint { country: None, region: None })
        .into_iter()
        .filter(|c| country.is_none_or(|code| c.country.as_bytes() == code))
        .collect();
    // The stated region first, then the better spelling, places before regions, then the most populous.
    inside.sort_by(|a, b| {
        in_region(b)
            .cmp(&in_region(a))
            .then(b.quality.cmp(&a.quality))
            .then((a.kind != PlaceKind::Populated).cmp(&(b.kind != PlaceKind::Populated)))
            .then(b.population.cmp(&a.population))
    });
    if let Some(first) = inside.first() {
        let rivals = inside
            .iter()
            .skip(1)
            .filter(|c| {
                c.quality == first.quality && c.kind == first.kind && in_region(c) == in_region(first)
            })
            .count();
        let how = if rivals == 0 { How::Match } else { How::Ambiguous(rivals + 1) };
        let mut candidate = first.clone();
        candidate.fits_hint = country.is_some() || in_region(first);
        return Ok(Placement { candidate, how });
    }
    let Some(code) = country else {
        return Err(format!(
            "place {name:?} is not in the gazetteer and no country is stated; no coordinates"
        ));
    };
    if let Some(region_name) = hint.region.as_deref().filter(|_| region.is_some()) {
        let region_found = lookup(region_name, &Hint::default())
            .into_iter()
            .find(|c| c.kind == PlaceKind::Region && c.country.as_bytes() == code);
        if let Some(mut candidate) = region_found.or_else(|| admin1_centre(code, region_name)) {
            candidate.fits_hint = true;
            return Ok(Placement { candidate, how: How::RegionFallback });
        }
    }
    country_candidate(code)
        .map(|candidate| Placement { candidate, how: How::CountryFallback })
        .ok_or_else(|| format!("place {name:?} is not in the gazetteer and its country has no known centre"))
}

/// [`place`], and when that falls back to a region or country, the first of `districts` (the names a
/// record gives between its place and its region, such as ACLED's `admin3` and `admin2`) that is a town
/// inside the stated country and region, at district precision.
///
/// ```
/// use incident_atlas::geocode::{Hint, How, place_within};
/// use incident_atlas::model::LocationPrecision;
/// let hint = Hint { country: Some("Russia".into()), region: Some("Kaluga Oblast".into()) };
/// let placed = place_within("Qwxzplorbia", &["Kaluga"], &hint).unwrap();
/// assert_eq!((placed.candidate.name.as_str(), placed.how), ("Kaluga", How::DistrictFallback));
/// assert_eq!(placed.candidate.precision, LocationPrecision::District);
/// ```
///
/// # Errors
/// As [`place`].
pub fn place_within(name: &str, districts: &[&str], hint: &Hint) -> Result<Placement, String> {
    let placed = place(name, hint)?;
    if !matches!(placed.how, How::RegionFallback | How::CountryFallback) {
        return Ok(placed);
    }
    let region = hint.region.as_deref().map(|r| variant_key(&fold(r)));
    for district in districts {
        let Ok(found) = place(district, hint) else { continue };
        let in_region = region
            .as_ref()
            .is_none_or(|r| found.candidate.admin1.as_deref().is_some_and(|a| variant_key(&fold(a)) == *r));
        if matches!(found.how, How::Match) && found.candidate.kind == PlaceKind::Populated && in_region {
            let mut candidate = found.candidate;
            candidate.precision = LocationPrecision::District;
            return Ok(Placement { candidate, how: How::DistrictFallback });
        }
    }
    Ok(placed)
}

/// A GeoNames admin-1 region with no outline of its own (Burkina Faso's thirteen regions, where Natural
/// Earth outlines provinces): the population-weighted centre of the gazetteer's places in it.
fn admin1_centre(code: [u8; 2], region: &str) -> Option<Candidate> {
    let g = Gazetteer::embedded();
    let wanted = variant_key(&fold(region));
    let prefix = format!("{}.", String::from_utf8_lossy(&code));
    let (admin1_code, name) = g
        .admin1
        .iter()
        .find(|(c, n)| c.starts_with(&prefix) && variant_key(&fold(n)) == wanted)
        .map(|(c, n)| (&c[prefix.len()..], n))?;
    let (mut lat, mut lon, mut weight) = (0.0_f64, 0.0_f64, 0.0_f64);
    for place in g.places.iter().filter(|p| p.country == code && p.admin1 == admin1_code) {
        let w = f64::from(place.population.max(1));
        lat += f64::from(place.lat) * w;
        lon += f64::from(place.lon) * w;
        weight += w;
    }
    let country = g.country(code)?;
    (weight > 0.0).then(|| Candidate {
        name: name.clone(),
        lat: (lat / weight * 1e5).round() / 1e5,
        lon: (lon / weight * 1e5).round() / 1e5,
        precision: LocationPrecision::Region,
        country: String::from_utf8_lossy(&code).into_owned(),
        country_name: country.name.clone(),
        admin1: Some(name.clone()),
        population: None,
        kind: PlaceKind::Region,
        matched: name.clone(),
        quality: MatchQuality::Exact,
        fits_hint: true,
    })
}

/// A country as a candidate: the centre of its largest polygon, at country precision.
fn country_candidate(code: [u8; 2]) -> Option<Candidate> {
    let country = Gazetteer::embedded().country(code)?;
    (country.lat.is_finite() && country.lon.is_finite()).then(|| Candidate {
        name: country.name.clone(),
        lat: super::round5(country.lat),
        lon: super::round5(country.lon),
        precision: LocationPrecision::Country,
        country: String::from_utf8_lossy(&country.code).into_owned(),
        country_name: country.name.clone(),
        admin1: None,
        population: None,
        kind: PlaceKind::Country,
        matched: country.name.clone(),
        quality: MatchQuality::Exact,
        fits_hint: true,
    })
}

/// Country names as reports write them that differ from GeoNames' (folded), with their ISO code.
const REPORTED_NAMES: [(&str, &str); 33] = [
    ("democraticrepublicofcongo", "CD"),
    ("drcongo", "CD"),
    ("drc", "CD"),
    ("congokinshasa", "CD"),
    ("zaire", "CD"),
    ("republicofcongo", "CG"),
    ("congobrazzaville", "CG"),
    ("peoplesrepublicofthecongo", "CG"),
    ("cotedivoire", "CI"),
    ("russianfederation", "RU"),
    ("syrianarabrepublic", "SY"),
    ("iranislamicrepublicof", "IR"),
    ("republicofkorea", "KR"),
    ("korearepublicof", "KR"),
    ("democraticpeoplesrepublicofkorea", "KP"),
    ("laopdr", "LA"),
    ("laopeoplesdemocraticrepublic", "LA"),
    ("burma", "MM"),
    ("czechrepublic", "CZ"),
    ("slovakrepublic", "SK"),
    ("macedonia", "MK"),
    ("palestine", "PS"),
    ("stateofpalestine", "PS"),
    ("westbankandgaza", "PS"),
    ("westbankandgazastrip", "PS"),
    ("occupiedpalestinianterritory", "PS"),
    ("unitedstatesofamerica", "US"),
    ("usa", "US"),
    ("uk", "GB"),
    ("greatbritain", "GB"),
    ("swaziland", "SZ"),
    ("bosniaherzegovina", "BA"),
    ("vaticancity", "VA"),
];

/// A country's ISO alpha-2 code from a code (alpha-2, alpha-3 or numeric) or a name (GeoNames' or a form
/// reports use: "Democratic Republic of Congo", "Russian Federation").
///
/// ```
/// use incident_atlas::geocode::country_code;
/// assert_eq!(country_code("RUS"), Some(*b"RU"));
/// assert_eq!(country_code("643"), Some(*b"RU"));
/// assert_eq!(country_code("Democratic Republic of Congo"), Some(*b"CD"));
/// assert_eq!(country_code("Atlantis"), None);
/// ```
#[must_use]
pub fn country_code(text: &str) -> Option<[u8; 2]> {
    let gazetteer = Gazetteer::embedded();
    let trimmed = text.trim();
    let upper = trimmed.to_ascii_uppercase();
    match upper.as_bytes() {
        [a, b] if gazetteer.country([*a, *b]).is_some() => return Some([*a, *b]),
        [a, b, c] if a.is_ascii_alphabetic() => {
            if let Some(country) = gazetteer.countries.iter().find(|k| k.iso3 == [*a, *b, *c]) {
                return Some(country.code);
            }
        }
        _ => {}
    }
    if let Ok(numeric) = trimmed.parse::<u16>() {
        return gazetteer.countries.iter().find(|k| k.numeric == numeric && numeric > 0).map(|k| k.code);
    }
    let folded = fold(trimmed);
    super::country_by_name(&folded).or_else(|| {
        REPORTED_NAMES.iter().find(|(name, _)| *name == folded).map(|(_, code)| {
            let bytes = code.as_bytes();
            [bytes[0], bytes[1]]
        })
    })
}
