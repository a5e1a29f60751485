//! Global Terrorism Database exports (CSV, columns found by header name): `eventid`, `iyear`/`imonth`/
//! `iday` (0 means unknown: month or year precision; `approxdate` kept), `country_txt`, `provstate`,
//! `city`, `latitude`/`longitude`, `specificity` (1 the town's own coordinates … 5 the country's),
//! `summary`, `attacktype1_txt`, `targtype1_txt`, `gname`, `nkill`, `nwound`, `scite1..3`. Columns not
//! mapped to an incident field are kept, non-empty, in `extra`.

use crate::io::import::shared::SharedLists;
use crate::io::import::table::{Converted, Header, Row, other_columns};
use crate::io::import::values::{parse_count, parse_lat_lon};
use crate::model::{EdtfDate, Geometry, Incident, LocationPrecision, Position, Source};

/// Columns whose presence marks a GTD export.
pub const SIGNATURE: [&str; 4] = ["eventid", "iyear", "imonth", "iday"];

/// Column positions of a GTD file.
#[derive(Debug, Clone)]
pub struct Gtd {
    id: usize,
    year: usize,
    month: Option<usize>,
    day: Option<usize>,
    approx: Option<usize>,
    place: Vec<usize>,
    city: Option<usize>,
    country: Option<usize>,
    provstate: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    specificity: Option<usize>,
    summary: Option<usize>,
    attack: Option<usize>,
    group: Option<usize>,
    killed: Option<usize>,
    wounded: Option<usize>,
    citations: Vec<usize>,
    kept: Vec<(usize, String)>,
    file: String,
    actor_lists: SharedLists<String>,
}

/// Our category for GTD's `attacktype1_txt`.
fn category(attack: &str) -> String {
    let lower = attack.to_lowercase();
    match lower.as_str() {
        "bombing/explosion" => "bombing".into(),
        "armed assault" | "unarmed assault" | "facility/infrastructure attack" => "attack".into(),
        "assassination" => "assassination".into(),
        "hostage taking (kidnapping)" | "hostage taking (barricade incident)" => "hostage taking".into(),
        "hijacking" => "hijacking".into(),
        _ => lower,
    }
}

impl Gtd {
    /// Finds GTD's columns in a header.
    ///
    /// # Errors
    /// When `eventid` or `iyear` is missing.
    pub fn new(header: &Header, file: &str) -> Result<Self, String> {
        let find = |name: &str| header.find(&[name]);
        let id = find("eventid").ok_or("not a GTD export: no eventid column")?;
        let year = find("iyear").ok_or("not a GTD export: no iyear column")?;
        let citations: Vec<usize> = ["scite1", "scite2", "scite3"].iter().filter_map(|n| find(n)).collect();
        let place: Vec<usize> = ["city", "provstate", "country_txt"].iter().filter_map(|n| find(n)).collect();
        let gtd = Self {
            id,
            year,
            month: find("imonth"),
            day: find("iday"),
            approx: find("approxdate"),
            city: find("city"),
            country: find("country_txt"),
            provstate: None,
            lat: find("latitude"),
            lon: find("longitude"),
            specificity: find("specificity"),
            summary: find("summary"),
            attack: find("attacktype1_txt"),
            group: find("gname"),
            killed: find("nkill"),
            wounded: find("nwound"),
            citations,
            place,
            kept: Vec::new(),
            file: file.to_owned(),
            actor_lists: SharedLists::default(),
        };
        let mapped =
            [gtd.month, gtd.day, gtd.lat, gtd.lon, gtd.summary, gtd.group, gtd.killed, gtd.wounded, gtd.city];
        let used: Vec<usize> = [gtd.id, gtd.year]
            .into_iter()
            .chain(mapped.into_iter().flatten())
            .chain(gtd.citations.clone())
            .collect();
        // GTD's own numeric `country` and `region` codes are not ISO codes or names: they are kept under
        // names that say so, and `country` and `admin1` hold the country's and province's names.
        let kept = other_columns(&header.names, &used)
            .map(|(k, name)| {
                let name = name.to_lowercase();
                let renamed = match name.as_str() {
                    "country" => "gtd_country_code".to_owned(),
                    "region" => "gtd_region_code".to_owned(),
                    _ => name,
                };
                (k, renamed)
            })
            .collect();
        Ok(Self { kept, provstate: find("provstate"), ..gtd })
    }

    /// One row as an incident.
    ///
    /// # Errors
    /// The field at fault and what is wrong, for a row that cannot become an incident.
    pub fn convert(&self, row: &Row) -> Converted {
        let err = |field: &str, message: String| (field.to_owned(), message);
        let number = |k: Option<usize>, field: &str| -> Result<u32, (String, String)> {
            parse_count(row.get(k)).map_err(|e| err(field, e)).map(|n| n.unwrap_or(0))
        };
        let year = number(Some(self.year), "iyear")?;
        if !(1..=2100).contains(&year) {
            return Err(err("iyear", format!("{year} is not a year")));
        }
        let (month, day) = (number(self.month, "imonth")?, number(self.day, "iday")?);
        let text = match (month, day) {
            (0, _) => format!("{year:04}"),
            (m, 0) => format!("{year:04}-{m:02}"),
            (m, d) => format!("{year:04}-{m:02}-{d:02}"),
        };
        if month > 12 {
            return Err(err("imonth", format!("{month} is not a month (1–12, or 0 for unknown)")));
        }
        let field = "iday";
        let date = EdtfDate::parse(&text).map_err(|e| err(field, e.to_string()))?;
        let attack = row.get(self.attack).unwrap_or("Unknown");
        let city = row.get(self.city).filter(|c| !c.eq_ignore_ascii_case("unknown"));
        let country = row.get(self.country);
        let title = match (city, country) {
            (Some(c), Some(k)) => format!("{attack} in {c}, {k}"),
            (Some(c), None) | (None, Some(c)) => format!("{attack} in {c}"),
            (None, None) => attack.to_owned(),
        };
        let id = row.get(Some(self.id)).map_or_else(|| format!("gtd-line-{}", row.line), str::to_owned);
        let mut incident = Incident::new(id.clone(), title, date, category(attack));
        let mut warnings = Vec::new();
        if let Some((lat, lon)) = parse_lat_lon(row.get(self.lat), row.get(self.lon))? {
            incident.geometry = Geometry::Point(Position::lat_lon(lat, lon));
            incident.location_precision = Some(match row.get(self.specificity) {
                Some("1") | None => LocationPrecision::Town,
                Some("2" | "3") => LocationPrecision::District,
                Some("4") => LocationPrecision::Region,
                Some("5") => LocationPrecision::Country,
                Some(other) => {
                    warnings.push((
                        "specificity".to_owned(),
                        format!("{other:?} is not 1 to 5; taken as a town"),
                    ));
                    LocationPrecision::Town
                }
            });
        }
        let place: Vec<&str> = self
            .place
            .iter()
            .filter_map(|&k| row.get(Some(k)))
            .filter(|p| !p.eq_ignore_ascii_case("unknown"))
            .collect();
        incident.place = (!place.is_empty()).then(|| place.join(", "));
        incident.actors = self.actor_lists.share(
            row.get(self.group).filter(|g| *g != "Unknown").map(|g| vec![g.to_owned()]).unwrap_or_default(),
        );
        incident.killed = parse_count(row.get(self.killed)).map_err(|e| err("nkill", e))?;
        incident.injured = parse_count(row.get(self.wounded)).map_err(|e| err("nwound", e))?;
        incident.description = row.get(self.summary).map(str::to_owned);
        if let Some(approx) = row.get(self.approx) {
            incident.notes = Some(format!("GTD approximate date: {approx}"));
        }
        let mut sources: Vec<Source> = self
            .citations
            .iter()
            .filter_map(|&k| row.get(Some(k)))
            .map(|citation| Source {
                publisher: "GTD citation".into(),
                title: citation.to_owned(),
                url: None,
                published: None,
                quote: None,
            })
            .collect();
        if sources.is_empty() {
            sources.push(Source {
                publisher: "Global Terrorism Database".into(),
                title: format!("GTD event {id} ({})", self.file),
                url: None,
                published: None,
                quote: None,
            });
        }
        incident.sources = sources.into();
        let known = |k: Option<usize>| row.get(k).filter(|v| !v.eq_ignore_ascii_case("unknown"));
        let stated = [("country", known(self.country)), ("admin1", known(self.provstate))]
            .into_iter()
            .filter_map(|(key, value)| value.map(|v| (key, v)));
        let kept = self.kept.iter().filter_map(|(k, name)| row.get(Some(*k)).map(|v| (name.as_str(), v)));
        incident.extra = crate::model::Properties::from_text_pairs(stated.chain(kept));
        Ok((incident, warnings))
    }
}
