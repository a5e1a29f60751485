//! Where an incident happened: geometry and how precisely the place is known.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// A WGS 84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    /// Longitude in degrees, −180 to 180 (east positive).
    pub lon: f64,
    /// Latitude in degrees, −90 to 90 (north positive).
    pub lat: f64,
}

impl Position {
    /// A position from latitude and longitude, in that order (the order people say them).
    #[must_use]
    pub fn lat_lon(lat: f64, lon: f64) -> Self {
        Self { lon, lat }
    }

    /// The mean of some positions (where a line or polygon is placed when only a point can be shown), or
    /// `None` for none.
    ///
    /// ```
    /// use incident_atlas::model::Position;
    /// let c = Position::centre(&[Position::lat_lon(45.0, 10.0), Position::lat_lon(47.0, 12.0)]).unwrap();
    /// assert_eq!((c.lat, c.lon), (46.0, 11.0));
    /// // Across the antimeridian: east of Fiji's 180th meridian, not in the middle of the globe.
    /// let fiji = Position::centre(&[Position::lat_lon(-17.0, 179.0), Position::lat_lon(-17.0, -179.5)]).unwrap();
    /// assert_eq!(fiji.lon, 179.75);
    /// ```
    #[must_use]
    pub fn centre(points: &[Position]) -> Option<Position> {
        if points.is_empty() {
            return None;
        }
        let n = points.len() as f64;
        let (west, east) =
            points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(w, e), p| (w.min(p.lon), e.max(p.lon)));
        // Points on both sides of the antimeridian (Fiji, Chukotka, the Aleutians) spread over more than
        // half the globe: their centre is taken with the western longitudes one turn on (+360°), then
        // brought back into -180…180, not in the middle of the other hemisphere.
        let across = east - west > 180.0;
        let lon =
            points.iter().map(|p| if across && p.lon < 0.0 { p.lon + 360.0 } else { p.lon }).sum::<f64>() / n;
        let lon = if lon > 180.0 { lon - 360.0 } else { lon };
        Some(Position::lat_lon(points.iter().map(|p| p.lat).sum::<f64>() / n, lon))
    }
}

/// The geometry of an incident: one place, several places, or none (timeline only).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Geometry {
    /// No known place: the incident is shown on the timeline only.
    #[default]
    None,
    /// One place.
    Point(Position),
    /// One event in several places (e.g. a plot against three cities).
    MultiPoint(Vec<Position>),
}

impl Geometry {
    /// All positions of the geometry (empty for [`Geometry::None`]).
    #[must_use]
    pub fn positions(&self) -> &[Position] {
        match self {
            Geometry::None => &[],
            Geometry::Point(p) => std::slice::from_ref(p),
            Geometry::MultiPoint(ps) => ps,
        }
    }

    /// Whether the incident has at least one place.
    #[must_use]
    pub fn is_located(&self) -> bool {
        !self.positions().is_empty()
    }
}

/// How precisely the place of an incident is known; drawn as an uncertainty ring.
///
/// | precision  | meaning                                   | radius   |
/// |------------|-------------------------------------------|----------|
/// | `exact`    | surveyed or GPS point                     | 10 m     |
/// | `site`     | the building, venue, station or crash site | 100 m    |
/// | `town`     | somewhere in a town or city               | 5 km     |
/// | `district` | a district or county                      | 25 km    |
/// | `region`   | a province, oblast or republic            | 150 km   |
/// | `country`  | only the country is known                 | 500 km   |
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LocationPrecision {
    /// A surveyed point.
    Exact,
    /// The building, venue, station or crash site.
    Site,
    /// Somewhere in a town or city.
    Town,
    /// A district or county.
    District,
    /// A province, oblast or republic.
    Region,
    /// Only the country.
    Country,
}

impl LocationPrecision {
    /// Every precision, finest first.
    pub const ALL: [LocationPrecision; 6] =
        [Self::Exact, Self::Site, Self::Town, Self::District, Self::Region, Self::Country];

    /// The default uncertainty radius in metres (see the table on the type).
    ///
    /// ```
    /// use incident_atlas::model::LocationPrecision;
    /// assert_eq!(LocationPrecision::Town.radius_m(), 5_000.0);
    /// ```
    #[must_use]
    pub fn radius_m(self) -> f64 {
        match self {
            Self::Exact => 10.0,
            Self::Site => 100.0,
            Self::Town => 5_000.0,
            Self::District => 25_000.0,
            Self::Region => 150_000.0,
            Self::Country => 500_000.0,
        }
    }

    /// The name used in files (`"town"`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Site => "site",
            Self::Town => "town",
            Self::District => "district",
            Self::Region => "region",
            Self::Country => "country",
        }
    }
}

impl fmt::Display for LocationPrecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A location precision name that is not one of the six known ones.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown location precision \"{0}\" (expected exact, site, town, district, region or country)")]
pub struct UnknownPrecision(pub String);

impl FromStr for LocationPrecision {
    type Err = UnknownPrecision;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|p| p.name() == s).ok_or_else(|| UnknownPrecision(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_radii_grow() {
        for pair in LocationPrecision::ALL.windows(2) {
            assert!(pair[0].radius_m() < pair[1].radius_m());
        }
        for p in LocationPrecision::ALL {
            assert_eq!(p.name().parse::<LocationPrecision>(), Ok(p));
        }
        assert!("village".parse::<LocationPrecision>().is_err());
    }

    #[test]
    fn geometry_positions() {
        assert!(!Geometry::None.is_located());
        let g = Geometry::MultiPoint(vec![Position::lat_lon(1.0, 2.0), Position::lat_lon(3.0, 4.0)]);
        assert_eq!(g.positions().len(), 2);
        assert_eq!(g.positions()[0], Position::lat_lon(1.0, 2.0));
    }
}
