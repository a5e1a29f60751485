//! Offline geocoding: place names to ranked candidates with coordinates and location precision, and
//! points to the admin-1 region and country around them. No network, no UI.
//!
//! Names match whatever their case, diacritics and punctuation (`Krasnogorsk`, `krasnogorsk`,
//! `Achkhoi-Martan`), and common transliteration variants match too (`Ekaterinburg`/`Yekaterinburg`/
//! `Jekaterinburg`, `Achkhoy`/`Achkhoi`, `-sk`/`-skiy`), ranked below exact spellings.

mod enrich;
pub mod gazetteer;
mod placement;

use std::collections::HashMap;
use std::sync::OnceLock;

pub use enrich::{Enriched, PlacedBy, enrich, enrich_incident};
pub use gazetteer::{Country, Gazetteer, Place, Region};
pub use placement::{How, Placement, country_code, place, place_within};

use crate::model::LocationPrecision;

/// How well a candidate's name matched the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    /// A transliteration variant (`Ekaterinburg` for `Yekaterinburg`).
    Variant,
    /// The same letters once case, diacritics and punctuation are set aside.
    Folded,
    /// The same spelling, ignoring case.
    Exact,
}

impl MatchQuality {
    /// `exact`, `folded` or `variant`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Folded => "folded",
            Self::Variant => "variant",
        }
    }
}

/// What kind of place a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A city, town or village.
    Populated,
    /// An admin-1 region.
    Region,
    /// A country (where a record that states only its country is placed).
    Country,
}

/// One answer to a look-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The place's name.
    pub name: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// How precisely the coordinates place it.
    pub precision: LocationPrecision,
    /// Country code (ISO 3166-1 alpha-2).
    pub country: String,
    /// Country name.
    pub country_name: String,
    /// The admin-1 region (for a region: its own name).
    pub admin1: Option<String>,
    /// Population, for populated places.
    pub population: Option<u32>,
    /// City or region.
    pub kind: PlaceKind,
    /// The spelling that matched.
    pub matched: String,
    /// How well it matched.
    pub quality: MatchQuality,
    /// Whether it fits the country or region hint.
    pub fits_hint: bool,
}

impl Candidate {
    /// The candidate as JSON: `name`, `lat`, `lon`, `precision`, `country`, `country_name`, `admin1`,
    /// `population`, `kind`, `matched`, `match`.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision.name(),
            "country": self.country,
            "country_name": self.country_name,
            "admin1": self.admin1,
            "population": self.population,
            "kind": match self.kind {
                PlaceKind::Populated => "populated place",
                PlaceKind::Region => "region",
                PlaceKind::Country => "country",
            },
            "matched": self.matched,
            "match": self.quality.name(),
        })
    }

    /// `Krasnogorsk, Moscow Oblast, Russia`.
    #[must_use]
    pub fn label(&self) -> String {
        let mut parts = vec![self.name.as_str()];
        if let Some(a) = self.admin1.as_deref().filter(|a| *a != self.name) {
            parts.push(a);
        }
        if self.country_name != self.name {
            parts.push(&self.country_name);
        }
        parts.join(", ")
    }
}

/// What narrows a look-up down: a country (code or name) and a region name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hint {
    /// `RU`, or `Russia`.
    pub country: Option<String>,
    /// `Moscow Oblast`.
    pub region: Option<String>,
}

/// Case, diacritics and punctuation set aside: lower-case ASCII letters and digits.
///
/// ```
/// use incident_atlas::geocode::fold;
/// assert_eq!(fold("Sant Julià de Lòria"), "santjuliadeloria");
/// assert_eq!(fold("Achkhoy-Martan"), "achkhoymartan");
/// assert_eq!(fold("Shamal Sina'"), "shamalsina");
/// ```
#[must_use]
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
            continue;
        }
        let folded = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
            'ď' | 'đ' | 'ð' => "d",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ə' => "e",
            'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
            'ĥ' | 'ħ' | 'ḥ' => "h",
            'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
            'ĵ' => "j",
            'ķ' => "k",
            'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
            'ñ' | 'ń' | 'ņ' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
            'ŕ' | 'ŗ' | 'ř' => "r",
            'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'ṣ' => "s",
            'ţ' | 'ť' | 'ŧ' | 'ț' | 'ṭ' => "t",
            'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
            'ŵ' => "w",
            'ý' | 'ÿ' | 'ŷ' => "y",
            'ź' | 'ż' | 'ž' => "z",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            'þ' => "th",
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

/// The folded name with common transliteration differences removed: `y` and `j` read as `i`, a leading
/// `ie` as `e`, `-skiy`/`-skii` as `-sk`, doubled letters as one.
///
/// ```
/// use incident_atlas::geocode::{fold, variant_key};
/// let key = |s: &str| variant_key(&fold(s));
/// assert_eq!(key("Yekaterinburg"), key("Ekaterinburg"));
/// assert_eq!(key("Jekaterinburg"), key("Ekaterinburg"));
/// assert_eq!(key("Achkhoi-Martan"), key("Achkhoy-Martan"));
/// assert_eq!(key("Krasnogorskiy"), key("Krasnogorsk"));
/// assert_eq!(key("Groznyy"), key("Grozny"));
/// ```
#[must_use]
pub fn variant_key(folded: &str) -> String {
    let mut s: String = folded.chars().map(|c| if matches!(c, 'y' | 'j') { 'i' } else { c }).collect();
    for (suffix, replacement) in [("skii", "sk"), ("skai", "sk"), ("ii", "i")] {
        if s.len() > suffix.len() + 2 && s.ends_with(suffix) {
            s.truncate(s.len() - suffix.len());
            s.push_str(replacement);
            break;
        }
    }
    if s.starts_with("ie") {
        s.remove(0);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// An index entry: a place or region, and the spelling that leads to it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    kind: PlaceKind,
    index: u32,
    /// 0 for the main name, k for alternate k-1.
    spelling: u8,
}

impl Entry {
    /// The spelling this entry stands for, among a place's name and its other names.
    fn spelling_of<'a>(self, name: &'a String, others: &'a [String]) -> &'a String {
        usize::from(self.spelling).checked_sub(1).and_then(|k| others.get(k)).unwrap_or(name)
    }
}

/// Names by their variant key.
fn index() -> &'static HashMap<String, Vec<Entry>> {
    static INDEX: OnceLock<HashMap<String, Vec<Entry>>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let g = Gazetteer::embedded();
        let mut map: HashMap<String, Vec<Entry>> = HashMap::with_capacity(g.places.len() * 4);
        let mut add = |name: &str, entry: Entry| {
            let key = variant_key(&fold(name));
            if !key.is_empty() {
                map.entry(key).or_default().push(entry);
            }
        };
        for (k, place) in g.places.iter().enumerate() {
            let index = u32::try_from(k).unwrap_or(u32::MAX);
            for (s, name) in std::iter::once(&place.name).chain(&place.alternates).enumerate() {
                let spelling = u8::try_from(s).unwrap_or(u8::MAX);
                add(name, Entry { kind: PlaceKind::Populated, index, spelling });
            }
        }
        for (k, region) in g.regions.iter().enumerate() {
            let index = u32::try_from(k).unwrap_or(u32::MAX);
            for (s, name) in std::iter::once(&region.name).chain(&region.aliases).enumerate() {
                let spelling = u8::try_from(s).unwrap_or(u8::MAX);
                add(name, Entry { kind: PlaceKind::Region, index, spelling });
            }
        }
        map
    })
}

/// Candidates for a place name, best first: by match quality, fit to the hint, cities before regions of
/// the same name, then population. Empty when nothing matches.
///
/// ```
/// use incident_atlas::geocode::{Hint, lookup};
/// let found = lookup("krasnogorsk", &Hint { country: Some("RU".into()), region: None });
/// assert_eq!(found[0].name, "Krasnogorsk");
/// assert_eq!(found[0].admin1.as_deref(), Some("Moscow Oblast"));
/// assert!(lookup("Qwxzplorbia", &Hint::default()).is_empty());
/// ```
#[must_use]
pub fn lookup(query: &str, hint: &Hint) -> Vec<Candidate> {
    let g = Gazetteer::embedded();
    let folded = fold(query);
    if folded.is_empty() {
        return Vec::new();
    }
    let lower = query.trim().to_lowercase();
    let Some(entries) = index().get(&variant_key(&folded)) else { return Vec::new() };
    let country_hint = hint.country.as_deref().and_then(country_code);
    let region_hint = hint.region.as_deref().map(|r| variant_key(&fold(r)));
    let mut best: HashMap<(bool, u32), Candidate> = HashMap::new();
    for entry in entries {
        let candidate = match entry.kind {
            PlaceKind::Populated => {
                let Some(place) = g.places.get(entry.index as usize) else { continue };
                let spelling = entry.spelling_of(&place.name, &place.alternates);
                let admin1 = g.admin1_name(place).map(str::to_owned);
                let region_fits = region_hint
                    .as_ref()
                    .is_some_and(|r| admin1.as_deref().is_some_and(|a| variant_key(&fold(a)) == *r));
                Candidate {
                    name: place.name.clone(),
                    lat: round5(place.lat),
                    lon: round5(place.lon),
                    precision: LocationPrecision::Town,
                    country: String::from_utf8_lossy(&place.country).into_owned(),
                    country_name: g.country_name(place.country).unwrap_or_default().to_owned(),
                    admin1,
                    population: Some(place.population),
                    kind: PlaceKind::Populated,
                    matched: spelling.clone(),
                    quality: quality(spelling, &lower, &folded),
                    fits_hint: country_hint.is_some_and(|c| c == place.country) || region_fits,
                }
            }
            // Countries are not in the name index: they are placed only as a stated country.
            PlaceKind::Country => continue,
            PlaceKind::Region => {
                let Some(region) = g.regions.get(entry.index as usize) else { continue };
                let spelling = entry.spelling_of(&region.name, &region.aliases);
                Candidate {
                    name: region.name.clone(),
                    lat: round5(region.lat),
                    lon: round5(region.lon),
                    precision: LocationPrecision::Region,
                    country: String::from_utf8_lossy(&region.country).into_owned(),
                    country_name: g.country_name(region.country).unwrap_or_default().to_owned(),
                    admin1: Some(region.name.clone()),
                    population: None,
                    kind: PlaceKind::Region,
                    matched: spelling.clone(),
                    quality: quality(spelling, &lower, &folded),
                    fits_hint: country_hint.is_some_and(|c| c == region.country),
                }
            }
        };
        let key = (entry.kind == PlaceKind::Region, entry.index);
        if best.get(&key).is_none_or(|b| candidate.quality > b.quality) {
            best.insert(key, candidate);
        }
    }
    let mut found: Vec<Candidate> = best.into_values().collect();
    found.sort_by(|a, b| {
        b.quality
            .cmp(&a.quality)
            .then(b.fits_hint.cmp(&a.fits_hint))
            .then((a.kind == PlaceKind::Region).cmp(&(b.kind == PlaceKind::Region)))
            .then(b.population.cmp(&a.population))
            .then(a.name.cmp(&b.name))
            .then(a.country.cmp(&b.country))
    });
    found
}

/// A stored coordinate as the decimal it was written as (five places, about a metre).
pub(crate) fn round5(v: f32) -> f64 {
    (f64::from(v) * 1e5).round() / 1e5
}

fn quality(spelling: &str, lower: &str, folded: &str) -> MatchQuality {
    if spelling.to_lowercase() == lower {
        MatchQuality::Exact
    } else if fold(spelling) == folded {
        MatchQuality::Folded
    } else {
        MatchQuality::Variant
    }
}

/// A country code from its GeoNames name, folded ("russia").
fn country_by_name(folded: &str) -> Option<[u8; 2]> {
    /// Country codes by folded name, made on first use (a look-up with a hint runs per imported row).
    static BY_NAME: OnceLock<HashMap<String, [u8; 2]>> = OnceLock::new();
    let g = Gazetteer::embedded();
    // Reversed, so that of two names folding alike the first listed wins, as a search would find it.
    let by_name = BY_NAME.get_or_init(|| g.countries.iter().rev().map(|c| (fold(&c.name), c.code)).collect());
    by_name.get(folded).copied()
}

/// A country by its name (as the basemap labels it: "Afghanistan", "Syria"): the name and its label point.
#[must_use]
pub fn country_at(name: &str) -> Option<(String, crate::model::Position)> {
    /// Basemap countries by folded name, made on first use.
    static BY_NAME: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let wanted = fold(name);
    if wanted.len() < 4 {
        return None;
    }
    let countries = &crate::basemap::data::embedded().countries;
    let by_name =
        BY_NAME.get_or_init(|| countries.iter().enumerate().rev().map(|(k, c)| (fold(&c.name), k)).collect());
    let c = countries.get(*by_name.get(&wanted)?)?;
    Some((c.name.clone(), crate::model::Position::lat_lon(round5(c.at[1]), round5(c.at[0]))))
}

/// The admin-1 region and country a point lies in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// Admin-1 region name.
    pub admin1: String,
    /// Country code.
    pub country: String,
    /// Country name.
    pub country_name: String,
}

/// Regions by 1-degree cell of their bounding box.
fn grid() -> &'static HashMap<(i16, i16), Vec<u32>> {
    static GRID: OnceLock<HashMap<(i16, i16), Vec<u32>>> = OnceLock::new();
    GRID.get_or_init(|| {
        let mut grid: HashMap<(i16, i16), Vec<u32>> = HashMap::new();
        for (k, region) in Gazetteer::embedded().regions.iter().enumerate() {
            let [w, s, e, n] = region.bbox;
            let (x0, x1, y0, y1) = (w.floor() as i16, e.floor() as i16, s.floor() as i16, n.floor() as i16);
            for x in x0..=x1 {
                for y in y0..=y1 {
                    grid.entry((x, y)).or_default().push(u32::try_from(k).unwrap_or(u32::MAX));
                }
            }
        }
        grid
    })
}

/// The admin-1 region (and so the country) containing `(lat, lon)`, if any (not at sea).
///
/// ```
/// use incident_atlas::geocode::area_at;
/// let area = area_at(43.17, 44.95).expect("on land");
/// assert_eq!((area.admin1.as_str(), area.country.as_str()), ("Ingush", "RU"));
/// assert!(area_at(0.0, -30.0).is_none(), "mid-Atlantic");
/// ```
#[must_use]
pub fn area_at(lat: f64, lon: f64) -> Option<Area> {
    let (x, y) = (lon as f32, lat as f32);
    let cell = (x.floor() as i16, y.floor() as i16);
    let gazetteer = Gazetteer::embedded();
    let region = grid()
        .get(&cell)?
        .iter()
        .map(|&k| k as usize)
        .filter_map(|k| gazetteer.regions.get(k).map(|r| (k, r)))
        .find(|(k, r)| {
            let [west, south, east, north] = r.bbox;
            (west..=east).contains(&x) && (south..=north).contains(&y) && contains(*k, x, y)
        })
        .map(|(_, r)| r)?;
    Some(Area {
        admin1: region.name.clone(),
        country: String::from_utf8_lossy(&region.country).into_owned(),
        country_name: gazetteer.country_name(region.country).unwrap_or_default().to_owned(),
    })
}

/// A region's ring as a `geo` polygon, with its bounding box (`[west, south, east, north]`) to rule most
/// rings out before walking their edges.
struct Ring {
    bbox: [f64; 4],
    polygon: geo::Polygon<f64>,
}

/// Every region's rings, made on first use.
fn polygons() -> &'static Vec<Vec<Ring>> {
    static POLYGONS: OnceLock<Vec<Vec<Ring>>> = OnceLock::new();
    POLYGONS.get_or_init(|| {
        Gazetteer::embedded()
            .regions
            .iter()
            .map(|r| {
                r.rings
                    .iter()
                    .map(|ring| {
                        let line: Vec<geo::Coord<f64>> = ring
                            .iter()
                            .map(|p| geo::coord! { x: f64::from(p[0]), y: f64::from(p[1]) })
                            .collect();
                        let bbox =
                            line.iter().fold([f64::MAX, f64::MAX, f64::MIN, f64::MIN], |[w, s, e, n], c| {
                                [w.min(c.x), s.min(c.y), e.max(c.x), n.max(c.y)]
                            });
                        Ring { bbox, polygon: geo::Polygon::new(geo::LineString::new(line), Vec::new()) }
                    })
                    .collect()
            })
            .collect()
    })
}

/// Whether a point is inside an odd number of the region's rings (so a ring inside another, such as a
/// city enclave within its province, is a hole), each tested with `geo`'s `Contains`.
fn contains(region: usize, x: f32, y: f32) -> bool {
    use geo::Contains as _;
    let (x, y) = (f64::from(x), f64::from(y));
    let point = geo::Point::new(x, y);
    let around = |ring: &&Ring| {
        let [west, south, east, north] = ring.bbox;
        (west..=east).contains(&x) && (south..=north).contains(&y)
    };
    polygons().get(region).is_some_and(|rings| {
        rings.iter().filter(around).filter(|ring| ring.polygon.contains(&point)).count() % 2 == 1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_rank_exact_first_and_hints_narrow() {
        let ekb = lookup("Ekaterinburg", &Hint::default());
        assert_eq!(ekb[0].name, "Yekaterinburg");
        assert!(ekb[0].population.is_some_and(|p| p > 1_000_000));
        let achkhoy = lookup("Achkhoi-Martan", &Hint::default());
        assert_eq!(achkhoy[0].name, "Achkhoy-Martan");
        assert_eq!(achkhoy[0].country, "RU");
        // Two Krasnogorsks in Russia: the larger (Moscow Oblast) first.
        let k = lookup("Krasnogorsk", &Hint::default());
        assert!(k.len() >= 2, "{k:?}");
        assert_eq!(k[0].admin1.as_deref(), Some("Moscow Oblast"));
        // A region by its Natural Earth name or its GeoNames name.
        let ingush = lookup("Ingushetiya", &Hint::default());
        assert!(ingush.iter().any(|c| c.kind == PlaceKind::Region && c.name == "Ingush"), "{ingush:?}");
        let sinai = lookup("Shamal Sina'", &Hint { country: Some("Egypt".into()), region: None });
        assert_eq!((sinai[0].kind, sinai[0].precision), (PlaceKind::Region, LocationPrecision::Region));
        // The hint puts the right Kaluga... and the right country's city first.
        let alexandria = lookup("Alexandria", &Hint { country: Some("US".into()), region: None });
        assert_eq!(alexandria[0].country, "US");
        assert_eq!(lookup("Alexandria", &Hint::default())[0].country, "EG");
    }

    #[test]
    fn a_city_inside_its_province_is_its_own_region() {
        let city = area_at(55.75, 37.62).expect("Moscow");
        let province = area_at(55.83, 37.33).expect("Krasnogorsk");
        assert_eq!(city.country, province.country);
        assert_ne!(city.admin1, province.admin1, "Moscow city is a hole in Moscow Oblast");
    }

    #[test]
    fn points_fall_in_their_region() {
        assert_eq!(area_at(55.8257, 37.3878).map(|a| a.country), Some("RU".into()));
        assert_eq!(area_at(30.17, 34.17).map(|a| a.admin1), Some("Shamal Sina'".into()));
        assert_eq!(area_at(34.5, 69.2).map(|a| a.country_name), Some("Afghanistan".into()));
    }
}
