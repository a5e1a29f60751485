//! The embedded Natural Earth and `GeoNames` data (built by `assets/build/build_basemap.py`), parsed once.

use std::sync::OnceLock;

use thiserror::Error;

/// The embedded basemap file.
static BASEMAP_BYTES: &[u8] = include_bytes!("../../assets/basemap/basemap.bin");

/// What a layer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerKind {
    /// Land polygons (outer rings and holes).
    Land,
    /// Borders between countries.
    Borders,
    /// Coastlines (country outlines shared with no other country).
    Coastlines,
    /// Outlines of admin-1 regions (provinces, oblasts, republics).
    Regions,
    /// Disputed borders, drawn dashed.
    Disputed,
    /// Lakes (1:50m), filled like the sea.
    Lakes,
}

/// Natural Earth scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scale {
    /// 1:110 million, for the whole world.
    Small,
    /// 1:50 million, for continents.
    Medium,
    /// 1:10 million, for regions and closer.
    Large,
}

impl Scale {
    /// The scale that suits a web-map zoom level.
    #[must_use]
    pub fn for_zoom(zoom: u8) -> Scale {
        match zoom {
            0..=2 => Scale::Small,
            3..=4 => Scale::Medium,
            _ => Scale::Large,
        }
    }
}

/// Rings of `[lon, y]` points, `y` being the Web Mercator ordinate in degrees (see [`super::mercator::ordinate_degrees`]),
/// with their bounding box in plain degrees `[min_lon, min_lat, max_lon, max_lat]`.
#[derive(Debug, Clone)]
pub struct Group {
    /// The rings (a polygon's outer ring and holes, or a single line).
    pub rings: Vec<Vec<[f32; 2]>>,
    /// Bounding box of all rings.
    pub bbox: [f32; 4],
}

/// One layer of one scale.
#[derive(Debug, Clone)]
pub struct Layer {
    /// What the layer holds.
    pub kind: LayerKind,
    /// Its Natural Earth scale.
    pub scale: Scale,
    /// Its geometry.
    pub groups: Vec<Group>,
}

/// A country label.
#[derive(Debug, Clone)]
pub struct CountryLabel {
    /// The country's name.
    pub name: String,
    /// Where the label goes `[lon, lat]` (centroid of the largest polygon).
    pub at: [f32; 2],
    /// Area in square degrees (bigger countries are labelled first).
    pub area: f32,
}

/// A city label.
#[derive(Debug, Clone)]
pub struct City {
    /// The city's name.
    pub name: String,
    /// Its position `[lon, lat]`.
    pub at: [f32; 2],
    /// Population (bigger cities are labelled first and at lower zooms).
    pub population: u32,
    /// ISO 3166 country code.
    pub country: [u8; 2],
}

/// The whole basemap.
#[derive(Debug, Clone, Default)]
pub struct Basemap {
    /// Geometry layers.
    pub layers: Vec<Layer>,
    /// Country labels, biggest first.
    pub countries: Vec<CountryLabel>,
    /// Cities, most populous first.
    pub cities: Vec<City>,
    /// Admin-1 region labels (reusing the country label type), biggest first.
    pub regions: Vec<CountryLabel>,
    /// The 1:10m layers simplified for middle zooms, made on first use.
    simplified: OnceLock<Vec<Layer>>,
}

/// Tolerance, in degrees, of the simplified 1:10m layers: about a third of a pixel at zoom 6.
pub const SIMPLIFY_DEGREES: f32 = 0.008;
/// The simplified 1:10m layers serve zooms up to this one; closer zooms use every point.
pub const SIMPLIFIED_UP_TO_ZOOM: u8 = 6;

/// A damaged basemap file (only possible if the embedded asset was built wrongly).
#[derive(Debug, Error, PartialEq, Eq)]
#[error("basemap data is damaged at byte {offset}: {what}")]
pub struct BasemapError {
    /// Where reading stopped.
    pub offset: usize,
    /// What was expected.
    pub what: &'static str,
}

impl Basemap {
    /// The layer of a kind at a scale, if present.
    #[must_use]
    pub fn layer(&self, kind: LayerKind, scale: Scale) -> Option<&Layer> {
        self.layers.iter().find(|l| l.kind == kind && l.scale == scale)
    }

    /// The 1:10m layer of a kind simplified with Ramer–Douglas–Peucker (`geo`) to
    /// [`SIMPLIFY_DEGREES`]: at zooms 5 and 6 it looks the same and draws faster.
    #[must_use]
    pub fn simplified_layer(&self, kind: LayerKind) -> Option<&Layer> {
        self.simplified
            .get_or_init(|| {
                self.layers
                    .iter()
                    .filter(|l| l.scale == Scale::Large)
                    .map(|l| simplify_layer(l, SIMPLIFY_DEGREES))
                    .collect()
            })
            .iter()
            .find(|l| l.kind == kind)
    }

    /// Parses a basemap file.
    ///
    /// # Errors
    /// A [`BasemapError`] naming the byte offset where the data stops making sense.
    pub fn parse(bytes: &[u8]) -> Result<Basemap, BasemapError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4, "magic")? != b"IABM" || r.u32("version")? != 2 {
            return Err(BasemapError { offset: 0, what: "an IABM version 2 header" });
        }
        let mut basemap = Basemap::default();
        for _ in 0..r.u32("layer count")? {
            let kind = match r.u8("layer kind")? {
                0 => LayerKind::Land,
                1 => LayerKind::Borders,
                2 => LayerKind::Coastlines,
                3 => LayerKind::Regions,
                4 => LayerKind::Disputed,
                5 => LayerKind::Lakes,
                _ => return Err(r.error("a layer kind from 0 to 5")),
            };
            let scale = match r.u8("scale")? {
                0 => Scale::Small,
                1 => Scale::Medium,
                2 => Scale::Large,
                _ => return Err(r.error("a scale of 0, 1 or 2")),
            };
            let mut groups = Vec::new();
            for _ in 0..r.u32("group count")? {
                let mut rings = Vec::new();
                let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
                for _ in 0..r.u32("ring count")? {
                    let n = r.u32("point count")? as usize;
                    let raw = r.take(n * 8, "points")?;
                    let ring: Vec<[f32; 2]> = raw
                        .chunks_exact(8)
                        .map(|c| {
                            [
                                f32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                                f32::from_le_bytes([c[4], c[5], c[6], c[7]]),
                            ]
                        })
                        .collect();
                    for p in &ring {
                        bbox = [bbox[0].min(p[0]), bbox[1].min(p[1]), bbox[2].max(p[0]), bbox[3].max(p[1])];
                    }
                    // Project once here, so that drawing a tile is linear arithmetic per point.
                    rings.push(
                        ring.into_iter().map(|p| [p[0], super::mercator::ordinate_degrees(p[1])]).collect(),
                    );
                }
                groups.push(Group { rings, bbox });
            }
            basemap.layers.push(Layer { kind, scale, groups });
        }
        for _ in 0..r.u32("country count")? {
            let name = r.string("country name")?;
            let at = [r.f32("longitude")?, r.f32("latitude")?];
            let area = r.f32("area")?;
            basemap.countries.push(CountryLabel { name, at, area });
        }
        for _ in 0..r.u32("city count")? {
            let name = r.string("city name")?;
            let at = [r.f32("longitude")?, r.f32("latitude")?];
            let population = r.u32("population")?;
            let code = r.take(2, "country code")?;
            basemap.cities.push(City { name, at, population, country: [code[0], code[1]] });
        }
        for _ in 0..r.u32("region count")? {
            let name = r.string("region name")?;
            let at = [r.f32("longitude")?, r.f32("latitude")?];
            let area = r.f32("area")?;
            basemap.regions.push(CountryLabel { name, at, area });
        }
        Ok(basemap)
    }
}

fn simplify_layer(layer: &Layer, epsilon: f32) -> Layer {
    use geo::{LineString, Simplify};
    let closed = layer.kind == LayerKind::Land;
    let groups = layer
        .groups
        .iter()
        .map(|g| {
            let rings = g
                .rings
                .iter()
                .map(|ring| {
                    let line: LineString<f32> = ring.iter().map(|p| (p[0], p[1])).collect();
                    line.simplify(epsilon).0.into_iter().map(|c| [c.x, c.y]).collect::<Vec<_>>()
                })
                .filter(|ring| ring.len() >= if closed { 4 } else { 2 })
                .collect();
            Group { rings, bbox: g.bbox }
        })
        .collect();
    Layer { kind: layer.kind, scale: layer.scale, groups }
}

/// The embedded basemap, parsed on first use. An empty basemap (and a logged error) if it is damaged.
pub fn embedded() -> &'static Basemap {
    static PARSED: OnceLock<Basemap> = OnceLock::new();
    PARSED.get_or_init(|| {
        Basemap::parse(BASEMAP_BYTES).unwrap_or_else(|e| {
            crate::say_err!("incident-atlas: {e}; the map is drawn without a basemap");
            Basemap::default()
        })
    })
}

/// The embedded basemap file as bytes (for benchmarks and the size budget).
#[must_use]
pub fn embedded_bytes() -> &'static [u8] {
    BASEMAP_BYTES
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, what: &'static str) -> BasemapError {
        BasemapError { offset: self.at, what }
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], BasemapError> {
        let end =
            self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| self.error(what))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u8(&mut self, what: &'static str) -> Result<u8, BasemapError> {
        Ok(self.take(1, what)?[0])
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, BasemapError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self, what: &'static str) -> Result<f32, BasemapError> {
        let b = self.take(4, what)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(&mut self, what: &'static str) -> Result<String, BasemapError> {
        let b = self.take(2, what)?;
        let n = usize::from(u16::from_le_bytes([b[0], b[1]]));
        let raw = self.take(n, what)?;
        String::from_utf8(raw.to_vec()).map_err(|_| self.error("UTF-8 text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_basemap_parses_with_every_layer() {
        let b = Basemap::parse(BASEMAP_BYTES).expect("parses");
        for scale in [Scale::Small, Scale::Medium, Scale::Large] {
            for kind in [LayerKind::Land, LayerKind::Borders, LayerKind::Coastlines] {
                assert!(b.layer(kind, scale).is_some_and(|l| !l.groups.is_empty()), "{kind:?} {scale:?}");
            }
        }
        assert!(b.countries.iter().any(|c| c.name == "Russia"));
        let points = |l: &Layer| l.groups.iter().flat_map(|g| &g.rings).map(Vec::len).sum::<usize>();
        let full = points(b.layer(LayerKind::Land, Scale::Large).expect("land"));
        let simple = points(b.simplified_layer(LayerKind::Land).expect("simplified land"));
        assert!(simple * 2 < full, "simplification keeps {simple} of {full} points");
        assert!(b.layer(LayerKind::Regions, Scale::Large).is_some_and(|l| l.groups.len() > 4_000));
        assert!(b.layer(LayerKind::Disputed, Scale::Large).is_some_and(|l| !l.groups.is_empty()));
        assert!(b.layer(LayerKind::Lakes, Scale::Medium).is_some_and(|l| l.groups.len() > 100));
        for name in ["Chechnya", "Ingush", "Dagestan"] {
            assert!(b.regions.iter().any(|r| r.name == name), "{name}");
        }
        let moscow = b.cities.iter().find(|c| c.name == "Moscow").expect("Moscow");
        assert!((moscow.at[1] - 55.75).abs() < 0.1 && moscow.population > 10_000_000);
    }

    #[test]
    fn damaged_data_is_an_error_not_a_panic() {
        assert!(Basemap::parse(b"").is_err());
        assert!(Basemap::parse(b"IABM\x02\x00\x00\x00\x05\x00\x00\x00").is_err());
        assert!(Basemap::parse(b"IABM\x01\x00\x00\x00\x00\x00\x00\x00").is_err(), "old version");
        let truncated = &BASEMAP_BYTES[..BASEMAP_BYTES.len() / 2];
        assert!(Basemap::parse(truncated).is_err());
    }
}
