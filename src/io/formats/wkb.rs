//! Well-known binary (OGC Simple Features WKB), the geometry encoding inside GeoPackage blobs and
//! GeoParquet columns: our points written as little-endian 2-D WKB, and any WKB read as its positions
//! (2-D, or the first two of 3-D and 4-D ISO coordinates), lines and areas then at the centre of theirs.

use crate::io::geometry::{Shape, located};
use crate::model::{Geometry, Position};

/// `[min_x, min_y, max_x, max_y]` (longitude, latitude) of a located geometry; `None` for no place.
#[must_use]
pub fn bounds(geometry: &Geometry) -> Option<[f64; 4]> {
    let points = geometry.positions();
    let first = points.first()?;
    Some(points.iter().fold([first.lon, first.lat, first.lon, first.lat], |b, p| {
        [b[0].min(p.lon), b[1].min(p.lat), b[2].max(p.lon), b[3].max(p.lat)]
    }))
}

/// A located geometry as little-endian WKB (`Point` or `MultiPoint`); `None` for no place.
///
/// ```
/// use incident_atlas::io::formats::wkb;
/// use incident_atlas::model::{Geometry, Position};
/// let point = Geometry::Point(Position::lat_lon(55.75, 37.62));
/// let bytes = wkb::write(&point).unwrap();
/// assert_eq!(bytes.len(), 21);
/// assert_eq!(wkb::read(&bytes).unwrap().0, point);
/// assert!(wkb::write(&Geometry::None).is_none());
/// ```
#[must_use]
pub fn write(geometry: &Geometry) -> Option<Vec<u8>> {
    let point = |out: &mut Vec<u8>, p: &Position| {
        out.push(1);
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&p.lon.to_le_bytes());
        out.extend_from_slice(&p.lat.to_le_bytes());
    };
    let mut out = Vec::with_capacity(32);
    match geometry {
        Geometry::None => return None,
        Geometry::Point(p) => point(&mut out, p),
        Geometry::MultiPoint(points) => {
            out.push(1);
            out.extend_from_slice(&4u32.to_le_bytes());
            out.extend_from_slice(&u32::try_from(points.len()).unwrap_or(u32::MAX).to_le_bytes());
            for p in points {
                point(&mut out, p);
            }
        }
    }
    Some(out)
}

/// Any WKB as ours: a point, points, or (for a line or area) the centre of its points with a warning.
///
/// # Errors
/// WKB that ends early, has an unknown type or byte order, nests too deep, or a position off the globe.
pub fn read(bytes: &[u8]) -> Result<(Geometry, Option<&'static str>), String> {
    let mut reader = Wkb { bytes, at: 0, positions: Vec::new() };
    let shape = match reader.geometry(0)? {
        1 => Shape::Point,
        4 => Shape::MultiPoint,
        _ => Shape::Other,
    };
    located(shape, reader.positions)
}

/// A WKB reader that collects every position (2-D, or the first two of 3-D and 4-D coordinates).
struct Wkb<'a> {
    bytes: &'a [u8],
    at: usize,
    positions: Vec<Position>,
}

impl Wkb<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let end =
            self.at.checked_add(N).filter(|&e| e <= self.bytes.len()).ok_or("the WKB ends too early")?;
        let mut out = [0; N];
        out.copy_from_slice(&self.bytes[self.at..end]);
        self.at = end;
        Ok(out)
    }

    fn number(&mut self, little: bool) -> Result<u32, String> {
        let b = self.take::<4>()?;
        Ok(if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    }

    fn coordinate(&mut self, little: bool) -> Result<f64, String> {
        let b = self.take::<8>()?;
        Ok(if little { f64::from_le_bytes(b) } else { f64::from_be_bytes(b) })
    }

    /// Reads one geometry; returns its 2-D type (1 Point … 7 GeometryCollection).
    fn geometry(&mut self, depth: usize) -> Result<u32, String> {
        if depth > 8 {
            return Err("geometries nested too deep".into());
        }
        let little = match self.take::<1>()? {
            [0] => false,
            [1] => true,
            [other] => return Err(format!("a WKB byte order of {other}")),
        };
        let code = self.number(little)?;
        // ISO WKB: 1000s for Z, 2000s for M, 3000s for ZM.
        let (kind, dims) = (code % 1000, 2 + usize::from(code / 1000 >= 1) + usize::from(code / 1000 == 3));
        let point = |me: &mut Self| -> Result<(), String> {
            let lon = me.coordinate(little)?;
            let lat = me.coordinate(little)?;
            for _ in 2..dims {
                me.coordinate(little)?;
            }
            // An empty point is written as NaN coordinates.
            if !(lon.is_nan() && lat.is_nan()) {
                me.positions.push(Position::lat_lon(lat, lon));
            }
            Ok(())
        };
        let count = |me: &mut Self| -> Result<usize, String> {
            let n = me.number(little)? as usize;
            // Each item takes at least 16 bytes: a count past what is left cannot be.
            if n > me.bytes.len().saturating_sub(me.at) / 16 + 1 {
                return Err(format!("a WKB count of {n} in {} bytes", me.bytes.len()));
            }
            Ok(n)
        };
        match kind {
            1 => point(self)?,
            2 => {
                for _ in 0..count(self)? {
                    point(self)?;
                }
            }
            3 => {
                for _ in 0..count(self)? {
                    for _ in 0..count(self)? {
                        point(self)?;
                    }
                }
            }
            4..=7 => {
                for _ in 0..count(self)? {
                    self.geometry(depth + 1)?;
                }
            }
            other => return Err(format!("a WKB geometry type {other}")),
        }
        Ok(kind)
    }
}
