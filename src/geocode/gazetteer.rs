//! The embedded gazetteer: GeoNames places of 5,000+ people with their alternate names, GeoNames admin-1
//! names, and Natural Earth admin-1 regions with outlines, parsed once on first use. The format is written
//! by `assets/build/build_gazetteer.py`.

use std::sync::OnceLock;

/// The gazetteer file, embedded in the binary.
static GAZETTEER_BYTES: &[u8] = include_bytes!("../../assets/gazetteer/gazetteer.bin");

/// A populated place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// Its name.
    pub name: String,
    /// Other spellings in Latin letters.
    pub alternates: Vec<String>,
    /// Latitude.
    pub lat: f32,
    /// Longitude.
    pub lon: f32,
    /// Population.
    pub population: u32,
    /// ISO 3166-1 alpha-2 country code.
    pub country: [u8; 2],
    /// GeoNames admin-1 code within the country ("47").
    pub admin1: String,
}

/// An admin-1 region (province, oblast, governorate).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Its name (Natural Earth).
    pub name: String,
    /// Other names (GeoNames, Yahoo).
    pub aliases: Vec<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: [u8; 2],
    /// Label point, inside the largest part.
    pub lat: f32,
    /// Label point longitude.
    pub lon: f32,
    /// Outline rings as `[lon, lat]`.
    pub rings: Vec<Vec<[f32; 2]>>,
    /// `[west, south, east, north]`.
    pub bbox: [f32; 4],
}

/// A country.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: [u8; 2],
    /// Its name (GeoNames: "Russia", "Ivory Coast").
    pub name: String,
    /// ISO 3166-1 alpha-3 code ("RUS").
    pub iso3: [u8; 3],
    /// ISO 3166-1 numeric code (643; 0 when none).
    pub numeric: u16,
    /// FIPS 10-4 code ("RS"), as GDELT writes countries.
    pub fips: [u8; 2],
    /// The centre of its largest polygon (NaN when unknown).
    pub lat: f32,
    /// Longitude of that centre.
    pub lon: f32,
}

/// The whole gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Countries, sorted by code.
    pub countries: Vec<Country>,
    /// "RU.47" → "Moscow Oblast", sorted by code.
    pub admin1: Vec<(String, String)>,
    /// Places, most populous first.
    pub places: Vec<Place>,
    /// Regions.
    pub regions: Vec<Region>,
}

/// Why the gazetteer could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the gazetteer is damaged at byte {at}: {what}")]
pub struct GazetteerError {
    at: usize,
    what: &'static str,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], GazetteerError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(GazetteerError { at: self.at, what: "it ends too early" })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }
    fn u8(&mut self) -> Result<u8, GazetteerError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, GazetteerError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, GazetteerError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn count(&mut self) -> Result<usize, GazetteerError> {
        usize::try_from(self.u32()?).map_err(|_| GazetteerError { at: self.at, what: "a count is too large" })
    }
    fn f32(&mut self) -> Result<f32, GazetteerError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn text(&mut self) -> Result<String, GazetteerError> {
        let n = usize::from(self.u16()?);
        let at = self.at;
        std::str::from_utf8(self.take(n)?)
            .map(str::to_owned)
            .map_err(|_| GazetteerError { at, what: "text is not UTF-8" })
    }
    fn code(&mut self) -> Result<[u8; 2], GazetteerError> {
        let b = self.take(2)?;
        Ok([b[0], b[1]])
    }
}

impl Gazetteer {
    /// Parses a gazetteer file.
    ///
    /// # Errors
    /// A [`GazetteerError`] for a file that is not a gazetteer or is cut short.
    pub fn parse(bytes: &[u8]) -> Result<Self, GazetteerError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(4)? != b"IAGZ" || r.u32()? != 2 {
            return Err(GazetteerError { at: 0, what: "not a version 2 gazetteer" });
        }
        let mut g = Gazetteer::default();
        for _ in 0..r.count()? {
            let (code, name) = (r.code()?, r.text()?);
            let iso3 = r.take(3)?;
            let (numeric, fips) = (r.u16()?, r.code()?);
            let (lat, lon) = (r.f32()?, r.f32()?);
            g.countries.push(Country {
                code,
                name,
                iso3: [iso3[0], iso3[1], iso3[2]],
                numeric,
                fips,
                lat,
                lon,
            });
        }
        for _ in 0..r.count()? {
            let code = r.text()?;
            g.admin1.push((code, r.text()?));
        }
        let places = r.count()?;
        g.places.reserve(places);
        for _ in 0..places {
            let name = r.text()?;
            let alternates = (0..r.u8()?).map(|_| r.text()).collect::<Result<_, _>>()?;
            let (lat, lon, population) = (r.f32()?, r.f32()?, r.u32()?);
            let country = r.code()?;
            let admin1 = r.text()?;
            g.places.push(Place { name, alternates, lat, lon, population, country, admin1 });
        }
        for _ in 0..r.count()? {
            let name = r.text()?;
            let aliases = (0..r.u8()?).map(|_| r.text()).collect::<Result<_, _>>()?;
            let country = r.code()?;
            let (lat, lon) = (r.f32()?, r.f32()?);
            let mut rings = Vec::new();
            let mut bbox = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for _ in 0..r.count()? {
                let n = r.count()?;
                let mut ring = Vec::with_capacity(n.min(1 << 16));
                for _ in 0..n {
                    let p = [r.f32()?, r.f32()?];
                    bbox = [bbox[0].min(p[0]), bbox[1].min(p[1]), bbox[2].max(p[0]), bbox[3].max(p[1])];
                    ring.push(p);
                }
                rings.push(ring);
            }
            g.regions.push(Region { name, aliases, country, lat, lon, rings, bbox });
        }
        Ok(g)
    }

    /// The embedded gazetteer, parsed on first use (tens of milliseconds).
    ///
    /// # Panics
    /// Never for the file built into the binary (a unit test reads it).
    #[must_use]
    pub fn embedded() -> &'static Gazetteer {
        static PARSED: OnceLock<Gazetteer> = OnceLock::new();
        PARSED.get_or_init(|| Gazetteer::parse(GAZETTEER_BYTES).unwrap_or_default())
    }

    /// A country's name from its code ("RU" → "Russia").
    #[must_use]
    pub fn country_name(&self, code: [u8; 2]) -> Option<&str> {
        self.country(code).map(|c| c.name.as_str())
    }

    /// A country by its ISO alpha-2 code.
    #[must_use]
    pub fn country(&self, code: [u8; 2]) -> Option<&Country> {
        self.countries.binary_search_by(|c| c.code.cmp(&code)).ok().map(|k| &self.countries[k])
    }

    /// A place's admin-1 name ("Moscow Oblast").
    #[must_use]
    pub fn admin1_name(&self, place: &Place) -> Option<&str> {
        let code = format!("{}.{}", String::from_utf8_lossy(&place.country), place.admin1);
        self.admin1.binary_search_by(|(c, _)| c.as_str().cmp(&code)).ok().map(|k| self.admin1[k].1.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_gazetteer_reads_whole() {
        let g = Gazetteer::parse(GAZETTEER_BYTES).expect("the embedded gazetteer parses");
        assert!(g.places.len() > 60_000, "{} places", g.places.len());
        assert!(g.regions.len() > 4_000, "{} regions", g.regions.len());
        assert_eq!(g.country_name(*b"RU"), Some("Russia"));
        let russia = g.country(*b"RU").expect("Russia");
        assert_eq!((&russia.iso3, russia.numeric, &russia.fips), (b"RUS", 643, b"RS"));
        // The centre of European Russia's largest polygon lies in Russia.
        assert!((40.0..75.0).contains(&russia.lat) && (30.0..180.0).contains(&russia.lon), "{russia:?}");
        let krasnogorsk =
            g.places.iter().find(|p| p.name == "Krasnogorsk" && p.population > 50_000).expect("place");
        assert_eq!(g.admin1_name(krasnogorsk), Some("Moscow Oblast"));
        assert!(Gazetteer::parse(&GAZETTEER_BYTES[..1000]).is_err(), "a cut file is an error, not a panic");
    }
}
