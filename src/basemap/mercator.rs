//! Web Mercator (EPSG:3857), the projection of every web map and of walkers: the one place that turns
//! latitudes and longitudes into map coordinates and back. The world is a unit square here: `x` runs from
//! 0 (180° W) to 1 (180° E) and `y` from 0 (the top, about 85.05° N) to 1 (the bottom); latitudes beyond
//! [`MAX_LATITUDE`] are clamped to it.

use std::f64::consts::{PI, TAU};

/// The latitude, in degrees, at which Web Mercator's square world ends (`atan(sinh(π))`).
pub const MAX_LATITUDE: f64 = 85.051_128_779_806_59;

/// The unit-square position `(x, y)` of a place.
///
/// ```
/// use incident_atlas::basemap::mercator::{from_unit, unit};
/// assert_eq!(unit(0.0, 0.0), (0.5, 0.5));
/// let (x, y) = unit(55.75, 37.62);
/// let (lat, lon) = from_unit(x, y);
/// assert!((lat - 55.75).abs() < 1e-9 && (lon - 37.62).abs() < 1e-9);
/// ```
#[must_use]
pub fn unit(lat: f64, lon: f64) -> (f64, f64) {
    ((lon + 180.0) / 360.0, 0.5 - ordinate(lat) / TAU)
}

/// The place `(lat, lon)` at a unit-square position.
#[must_use]
pub fn from_unit(x: f64, y: f64) -> (f64, f64) {
    let lat = ((0.5 - y) * TAU).sinh().atan().to_degrees();
    (lat, x * 360.0 - 180.0)
}

/// The Mercator ordinate of a latitude in degrees: equal to the latitude at the equator, growing faster
/// towards the poles, 180 at [`MAX_LATITUDE`]. The basemap stores its points this way, so that a tile is
/// drawn with a scale and an offset.
///
/// ```
/// use incident_atlas::basemap::mercator::ordinate_degrees;
/// assert_eq!(ordinate_degrees(0.0), 0.0);
/// assert!((ordinate_degrees(85.0511) - 180.0).abs() < 0.01);
/// ```
#[must_use]
pub fn ordinate_degrees(lat: f32) -> f32 {
    (ordinate(f64::from(lat)) * 180.0 / PI) as f32
}

/// `ln(tan(π/4 + φ/2))` of a latitude in degrees, clamped to the square world: 0 at the equator, ±π at
/// its edges.
fn ordinate(lat: f64) -> f64 {
    lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians().sin().atanh()
}
