//! A geometry read from a file as ours: what every reader (WKT, WKB, tables, imports) turns a file's
//! shapes into, checked to be latitudes and longitudes.

use crate::model::{Geometry, Position};

/// What a geometry read from a file was, before it becomes ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A point.
    Point,
    /// Several points.
    MultiPoint,
    /// A line, an area or a collection.
    Other,
}

/// A geometry read from a file as ours: a point, points, or (for a line or area) the centre of its points
/// with a warning; none for no positions. Every position is checked to be a latitude and longitude.
///
/// # Errors
/// The first position that is not one.
pub fn located(shape: Shape, positions: Vec<Position>) -> Result<(Geometry, Option<&'static str>), String> {
    for p in &positions {
        crate::io::import::values::check_lat_lon(p.lat, p.lon).map_err(|(_, message)| message)?;
    }
    Ok(match (shape, positions.as_slice()) {
        (_, []) => (Geometry::None, None),
        (Shape::Point, [p]) => (Geometry::Point(*p), None),
        (Shape::MultiPoint, _) => (Geometry::MultiPoint(positions), None),
        (_, points) => (
            Position::centre(points).map_or(Geometry::None, Geometry::Point),
            Some("a line or polygon: placed at the centre of its points"),
        ),
    })
}
