//! Which column plays which part of an incident, found from the column's name and its values together:
//! a name that says `lat` only counts when the values are latitudes, a column named `day` is a day of the
//! month and not a date, and a date column's day/month order is read from all its sampled values. What
//! the user names always wins. Every choice comes with its reason, for the report and the import dialog.

use std::collections::BTreeMap;

use super::dates::{ColumnOrder, DateFormat, Order, parse_date};
use super::mapping::{Choice, Codes, Mapping, Overrides, Part};
use super::table::{Samples, normalise};

/// Names (normalised: lower case, no spaces, underscores, dashes or dots) that say a part outright.
const EXACT_NAMES: [(Part, &[&str]); 22] = [
    (
        Part::Id,
        &["id", "eventid", "globaleventid", "uid", "identifier", "incidentid", "recordid", "objectid"],
    ),
    (Part::Title, &["title", "name", "headline", "event", "label", "subject", "eventname", "incidentname"]),
    (
        Part::Source,
        &["source", "sources", "publisher", "reference", "outlet", "media", "sourcename", "newssource"],
    ),
    (
        Part::Date,
        &[
            "date",
            "eventdate",
            "datetime",
            "time",
            "timestamp",
            "startdate",
            "start",
            "begin",
            "when",
            "published",
            "sqldate",
            "datestart",
            "starttime",
            "eventtime",
            "occurredat",
            "occurred",
            "timeutc",
            "utctime",
            "dateutc",
            "incidentdate",
            "dateofincident",
            "deathdate",
            "dateofdeath",
            "datereported",
            "reportdate",
            "dateoccurred",
        ],
    ),
    (Part::EndDate, &["enddate", "end", "until", "dateend", "endtime", "stop", "finish"]),
    // A time of day in a column of its own: these names only count when the values are times (`16:20`),
    // so a `time` column of whole timestamps is still a date.
    (
        Part::Time,
        &[
            "time",
            "timeofday",
            "hour",
            "localtime",
            "eventtime",
            "starttime",
            "timeutc",
            "utctime",
            "clock",
            "heure",
            "hora",
        ],
    ),
    (Part::Year, &["year", "iyear", "yr"]),
    (Part::Month, &["month", "imonth", "mon"]),
    (Part::Day, &["day", "iday", "dayofmonth"]),
    (Part::Lat, &["latitude", "lat", "y", "latdd", "decimallatitude", "geolat", "latitud", "широта"]),
    (
        Part::Lon,
        &[
            "longitude",
            "lon",
            "lng",
            "long",
            "x",
            "londd",
            "decimallongitude",
            "geolon",
            "geolong",
            "longitud",
            "долгота",
        ],
    ),
    (Part::Geometry, &["geometry", "geom", "wkt", "thegeom", "shape", "geojson"]),
    (Part::Precision, &["locationprecision", "geoprecision", "precision", "whereprec"]),
    (
        Part::Place,
        &[
            "place",
            "location",
            "city",
            "town",
            "address",
            "locality",
            "placename",
            "site",
            "village",
            "municipality",
            "where",
            "locationname",
            "settlement",
            "wherecoordinates",
        ],
    ),
    (
        Part::Country,
        &[
            "country",
            "countrytxt",
            "countryname",
            "nation",
            "iso3",
            "iso2",
            "countrycode",
            "pays",
            "pais",
            "страна",
        ],
    ),
    (
        Part::Region,
        &[
            "admin1",
            "adm1",
            "state",
            "province",
            "provstate",
            "oblast",
            "governorate",
            "subdivision",
            "admin1name",
            "statename",
        ],
    ),
    (
        Part::Category,
        &[
            "category",
            "type",
            "eventtype",
            "kind",
            "class",
            "incidenttype",
            "attacktype",
            "cause",
            "typeofviolence",
        ],
    ),
    (
        Part::Description,
        &["description", "notes", "summary", "details", "text", "comment", "comments", "narrative", "desc"],
    ),
    (Part::Killed, &["killed", "fatalities", "deaths", "dead", "nkill", "numkilled", "best"]),
    (Part::Injured, &["injured", "wounded", "nwound", "injuries", "numinjured"]),
    (
        Part::Actors,
        &[
            "actors",
            "actor",
            "perpetrator",
            "perpetrators",
            "group",
            "actor1",
            "actor2",
            "gname",
            "actor1name",
            "actor2name",
            "sidea",
            "sideb",
        ],
    ),
    (Part::Url, &["url", "link", "sourceurl", "href", "website", "articleurl", "permalink"]),
];

/// The names that say `part` outright.
fn exact_names(part: Part) -> &'static [&'static str] {
    EXACT_NAMES.iter().find(|(p, _)| *p == part).map_or(&[], |(_, names)| names)
}

/// Ends (or starts) of names that hint at a part: `begintrip_lat`, `death_date`, `date_start`,
/// `actiongeo_fullname`.
fn name_hints(part: Part) -> &'static [&'static str] {
    match part {
        Part::Date => &["date", "time", "timestamp", "datetime"],
        Part::Lat => &["latitude", "lat"],
        Part::Lon => &["longitude", "lng", "lon", "long"],
        Part::Place => &["fullname", "placename", "city", "location", "address"],
        Part::Url => &["url"],
        _ => &[],
    }
}

/// How well a name says a part: 3 outright, 2 by a hint at its end or start, 0 not at all.
fn name_score(part: Part, name: &str) -> u8 {
    let whole = normalise(name);
    // A dotted path (`gps_data.lat`) is also judged by its last step.
    let last = name.rsplit('.').next().map(normalise).unwrap_or_default();
    if exact_names(part).iter().any(|n| normalise(n) == whole || normalise(n) == last) {
        return 3;
    }
    // A Shapefile's `.dbf` cuts names at 10 characters (`descriptio`, `location_p`): such a name that
    // begins a longer exact name says the part as well.
    let lower = name.to_ascii_lowercase();
    if name.chars().count() == 10
        && exact_names(part).iter().any(|n| n.len() > 10 && n.to_ascii_lowercase().starts_with(&lower))
    {
        return 3;
    }
    let hinted = name_hints(part).iter().any(|h| {
        let at_end = whole.ends_with(h) && whole.len() > h.len();
        let date_first = part == Part::Date && whole.starts_with(h) && whole.len() > h.len();
        at_end || date_first
    });
    if hinted { 2 } else { 0 }
}

/// What the values of a column are like, as far as a part cares.
fn values_fit(part: Part, values: &[String]) -> Fit {
    // A number's missing-value markers (R's NA, pandas' NaN) say nothing for or against a numeric part.
    let numeric =
        matches!(part, Part::Lat | Part::Lon | Part::Killed | Part::Injured | Part::Year | Part::Day);
    let counted = || values.iter().filter(move |v| !(numeric && super::values::missing(v)));
    let share = |ok: &dyn Fn(&str) -> bool| {
        let good = counted().filter(|v| ok(v)).count();
        Fit { good, of: counted().count() }
    };
    let number = |v: &str| v.replace(',', ".").parse::<f64>().ok().filter(|f| f.is_finite());
    match part {
        Part::Date | Part::EndDate => share(&|v| parse_date(v, &DateFormat::Auto).is_ok()),
        Part::Time => share(&|v| super::dates::time_of_day(v).is_some()),
        // Our precisions by name: a numeric code (ACLED's geo_precision 1–3, UCDP's where_prec 1–7) means
        // something different in each source, so such a column stays under `extra`.
        Part::Precision => share(&|v| v.to_lowercase().parse::<crate::model::LocationPrecision>().is_ok()),
        Part::Lat => share(&|v| number(v).is_some_and(|f| (-90.0..=90.0).contains(&f))),
        Part::Lon => share(&|v| number(v).is_some_and(|f| (-180.0..=180.0).contains(&f))),
        Part::Killed | Part::Injured => share(&|v| number(v).is_some_and(|f| f >= 0.0 && f.fract() == 0.0)),
        Part::Year => share(&|v| v.parse::<u32>().is_ok_and(|y| (1..=2100).contains(&y))),
        Part::Month => {
            share(&|v| v.parse::<u32>().is_ok_and(|m| m <= 12) || super::dates::month_number(v).is_some())
        }
        Part::Day => share(&|v| v.parse::<u32>().is_ok_and(|d| d <= 31)),
        Part::Url => share(&|v| v.starts_with("http://") || v.starts_with("https://")),
        // A source's name starts with a letter or digit (USGS's `sources` is a list of network codes,
        // `,ci,`) and is not a link.
        Part::Source => share(&|v| {
            v.chars().next().is_some_and(char::is_alphanumeric)
                && !(v.starts_with("http://") || v.starts_with("https://"))
        }),
        // WKT of any kind (a line or area is placed at the centre of its points) or GeoJSON text.
        Part::Geometry => share(&|v| {
            const KINDS: [&str; 5] = ["POINT", "LINESTRING", "POLYGON", "MULTI", "GEOMETRYCOLLECTION"];
            let upper = v.trim_start().to_ascii_uppercase();
            upper.starts_with('{') || KINDS.iter().any(|kind| upper.starts_with(kind))
        }),
        _ => share(&|_| true),
    }
}

/// How many sampled values suit a part, of how many.
#[derive(Debug, Clone, Copy)]
struct Fit {
    good: usize,
    of: usize,
}

impl Fit {
    /// Nearly all values suit, and there are some.
    fn nearly_all(self) -> bool {
        self.of > 0 && self.good * 10 >= self.of * 9
    }
}

/// The parts in the order they are given columns: the ones whose values are easiest to recognise first.
const ORDER: [Part; 22] = [
    Part::Date,
    Part::EndDate,
    Part::Time,
    Part::Lat,
    Part::Lon,
    Part::Geometry,
    Part::Id,
    Part::Killed,
    Part::Injured,
    Part::Url,
    Part::Source,
    Part::Country,
    Part::Region,
    Part::Place,
    Part::Precision,
    Part::Title,
    Part::Category,
    Part::Description,
    Part::Actors,
    Part::Year,
    Part::Month,
    Part::Day,
];

/// Finds each part's column among `names` from names and `samples`; what `overrides` name wins, and a name
/// there that is no column is an error.
///
/// # Errors
/// `--lat "y2": no such field (fields: …)`.
pub fn detect(names: &[String], samples: &Samples, overrides: &Overrides) -> Result<Mapping, String> {
    let mut mapping = Mapping {
        date_format: overrides.date_format.clone(),
        default_date: overrides.default_date.clone(),
        codes: overrides.codes,
        ..Mapping::default()
    };
    let mut taken = vec![false; names.len()];
    let choice = |part: Part, k: usize, reason: String| Choice {
        part,
        field: names[k].clone(),
        sample: samples.of(k).first().map(|v| crate::sys::terminal::excerpt(v, 40)),
        reason,
    };
    for (part, given) in &overrides.columns {
        for name in given {
            let k = find(names, name).ok_or_else(|| {
                format!(
                    "--{} {name:?}: no such field (fields: {})",
                    part.flag(),
                    super::mapping::field_list(names)
                )
            })?;
            taken[k] = true;
            if *part == Part::Actors && mapping.fields.contains_key(part) {
                mapping.more_actors.push(k);
            } else {
                mapping.fields.insert(*part, k);
            }
            let by = overrides.named_by.map_or_else(|| format!("named by --{}", part.flag()), str::to_owned);
            mapping.report.push(choice(*part, k, by));
        }
    }
    if !overrides.only_named {
        for part in ORDER {
            if mapping.fields.contains_key(&part) {
                continue;
            }
            for (k, reason) in choose(part, names, samples, &taken) {
                taken[k] = true;
                match mapping.fields.entry(part) {
                    std::collections::btree_map::Entry::Vacant(slot) => {
                        slot.insert(k);
                    }
                    std::collections::btree_map::Entry::Occupied(_) => mapping.more_actors.push(k),
                }
                mapping.report.push(choice(part, k, reason));
            }
        }
        // No name says where the coordinates are: two columns side by side whose values are them.
        let located = [Part::Lat, Part::Lon, Part::Geometry].iter().any(|p| mapping.fields.contains_key(p));
        if !located && let Some((lat, lon, n)) = coordinate_pair(samples, &taken) {
            for (part, k) in [(Part::Lat, lat), (Part::Lon, lon)] {
                taken[k] = true;
                mapping.fields.insert(part, k);
                let what = if part == Part::Lat { "latitudes" } else { "longitudes" };
                let reason =
                    format!("{n} of {n} values are {what} with decimals, beside the other coordinate");
                mapping.report.push(choice(part, k, reason));
            }
        }
        // A lone latitude or longitude (a `long` column of numbers beside a geometry, found in
        // FlatGeobuf's own test data) places nothing: the column stays the record's own, in `extra`.
        for (part, other) in [(Part::Lat, Part::Lon), (Part::Lon, Part::Lat)] {
            let guessed = !overrides.columns.contains_key(&part);
            if guessed && !mapping.fields.contains_key(&other) && mapping.fields.remove(&part).is_some() {
                mapping.report.retain(|c| c.part != part);
            }
        }
        // A date from year, month and day columns needs no date column, and a lone `day` is no date.
        if mapping.fields.contains_key(&Part::Date) {
            for part in [Part::Year, Part::Month, Part::Day] {
                if mapping.fields.remove(&part).is_some() {
                    mapping.report.retain(|c| c.part != part);
                }
            }
        }
    }
    decide_date_order(&mut mapping, names, samples);
    Ok(mapping)
}

/// The column a user's name stands for, compared as [`normalise`] does.
fn find(names: &[String], name: &str) -> Option<usize> {
    let wanted = normalise(name);
    names.iter().position(|n| n == name).or_else(|| names.iter().position(|n| normalise(n) == wanted))
}

/// The columns (none, or one; several for actors) a part takes, with the reason.
fn choose(part: Part, names: &[String], samples: &Samples, taken: &[bool]) -> Vec<(usize, String)> {
    let mut scored: Vec<(u8, usize, Fit)> = names
        .iter()
        .enumerate()
        .filter(|(k, _)| !taken[*k])
        // Only a column whose name says or hints the part has its values judged here (a date parse of
        // every sampled value of every column, for each part, was most of a small import's time).
        .map(|(k, name)| (name_score(part, name), k))
        .filter(|&(score, _)| score > 0)
        .map(|(score, k)| (score, k, values_fit(part, samples.of(k))))
        // A name that says the part outright is taken unless none of its values fit (bad values are
        // then reported row by row); a hint needs nearly all values to fit, and so does a time of day
        // (a `time` column of whole timestamps is a date).
        .filter(|(score, _, fit)| match part {
            Part::Time => *score == 3 && fit.nearly_all(),
            _ => *score == 3 && (fit.good > 0 || fit.of == 0) || *score == 2 && fit.nearly_all(),
        })
        .collect();
    // The best name first; among equals, the column that comes first.
    scored.sort_by_key(|(score, k, _)| (std::cmp::Reverse(*score), *k));
    let reason = |score: u8, fit: Fit| {
        let said = if score == 3 { "its name says so" } else { "its name hints so" };
        match part {
            Part::Date | Part::EndDate if fit.of > 0 => {
                format!("{said}; {} of {} values read as dates", fit.good, fit.of)
            }
            Part::Lat
            | Part::Lon
            | Part::Killed
            | Part::Injured
            | Part::Time
            | Part::Url
            | Part::Year
            | Part::Month
            | Part::Day
                if fit.of > 0 =>
            {
                format!("{said}; {} of {} values fit", fit.good, fit.of)
            }
            _ => said.to_owned(),
        }
    };
    let mut chosen: Vec<(usize, String)> = match part {
        Part::Actors => scored.iter().map(|&(s, k, fit)| (k, reason(s, fit))).collect(),
        _ => scored.first().map(|&(s, k, fit)| (k, reason(s, fit))).into_iter().collect(),
    };
    if chosen.is_empty() {
        chosen.extend(by_values_alone(part, names, samples, taken));
    }
    chosen
}

/// A column found by its values when no name says the part: dates written as dates (not bare numbers
/// that could be ids), and links.
fn by_values_alone(
    part: Part,
    names: &[String],
    samples: &Samples,
    taken: &[bool],
) -> Option<(usize, String)> {
    let written_as_date = |v: &String| {
        !v.bytes().all(|b| b.is_ascii_digit())
            && parse_date(v, &DateFormat::Auto).is_ok_and(|d| d.as_str().len() >= 10)
    };
    (0..names.len()).filter(|&k| !taken[k]).find_map(|k| {
        let values = samples.of(k);
        let fit = match part {
            Part::Date => {
                Fit { good: values.iter().filter(|v| written_as_date(v)).count(), of: values.len() }
            }
            Part::Url => values_fit(Part::Url, values),
            _ => return None,
        };
        fit.nearly_all().then(|| {
            let what = if part == Part::Date { "dates" } else { "links" };
            (k, format!("{} of {} values are {what}", fit.good, fit.of))
        })
    })
}

/// A latitude column and a longitude column side by side (in either order), found by their values alone:
/// at least three sampled values each, every one a number within range, nearly all with decimals (two
/// columns of whole numbers are codes, not coordinates). Gives the latitude's and longitude's columns and
/// how many values were looked at.
fn coordinate_pair(samples: &Samples, taken: &[bool]) -> Option<(usize, usize, usize)> {
    let numbers = |k: usize| -> Option<Vec<f64>> {
        let values: Vec<&String> = samples.of(k).iter().filter(|v| !super::values::missing(v)).collect();
        let decimals = values.iter().filter(|v| v.contains('.')).count();
        let parsed: Vec<f64> =
            values.iter().map(|v| v.parse::<f64>().ok().filter(|f| f.is_finite())).collect::<Option<_>>()?;
        (parsed.len() >= 3 && decimals * 10 >= parsed.len() * 9).then_some(parsed)
    };
    let within = |values: &[f64], limit: f64| values.iter().all(|f| f.abs() <= limit);
    (0..taken.len().saturating_sub(1)).filter(|&k| !taken[k] && !taken[k + 1]).find_map(|k| {
        let (first, second) = (numbers(k)?, numbers(k + 1)?);
        if within(&first, 90.0) && within(&second, 180.0) {
            Some((k, k + 1, first.len().min(second.len())))
        } else if within(&second, 90.0) && within(&first, 180.0) {
            Some((k + 1, k, first.len().min(second.len())))
        } else {
            None
        }
    })
}

/// Decides the day/month order of the date columns from their sampled values (unless the user gave a
/// format), and says what was decided or what could not be.
fn decide_date_order(mapping: &mut Mapping, names: &[String], samples: &Samples) {
    if mapping.date_format != DateFormat::Auto {
        return;
    }
    let mut orders: BTreeMap<Order, usize> = BTreeMap::new();
    for part in [Part::Date, Part::EndDate] {
        let Some(k) = mapping.get(part) else { continue };
        let name = &names[k];
        match ColumnOrder::of(samples.of(k).iter().map(String::as_str)) {
            ColumnOrder::NotNumeric => {}
            ColumnOrder::Shown(order, n, example) => {
                *orders.entry(order).or_default() += n;
                mapping.notes.push(format!(
                    "{} values are {}: {example} reads only that way",
                    part.name(),
                    describe(order)
                ));
            }
            ColumnOrder::Ambiguous(example) => mapping.warnings.push(format!(
                "column {name:?}: every date reads both ways ({example} could be day first or month first); \
                 read day first. Give --date-format month-first if the file is month first"
            )),
            ColumnOrder::Mixed { day_first, month_first } => {
                *orders.entry(Order::DayFirst).or_default() += day_first.0;
                *orders.entry(Order::MonthFirst).or_default() += month_first.0;
                mapping.warnings.push(format!(
                    "column {name:?} mixes orders: {} dates only read day first (such as {}) and {} only month \
                     first (such as {}); the rows that do not fit the more common order are skipped",
                    day_first.0, day_first.1, month_first.0, month_first.1
                ));
            }
        }
    }
    let chosen = orders.into_iter().max_by_key(|&(order, n)| (n, order == Order::DayFirst));
    mapping.date_format = match chosen {
        Some((Order::MonthFirst, _)) => DateFormat::MonthFirst,
        Some((Order::DayFirst, _)) => DateFormat::DayFirst,
        None => DateFormat::Auto,
    };
}

fn describe(order: Order) -> &'static str {
    match order {
        Order::DayFirst => "day first (dd/mm/yyyy)",
        Order::MonthFirst => "month first (mm/dd/yyyy)",
    }
}

/// A fixed mapping by column names, with code tables: for formats whose columns are known (GDELT).
#[must_use]
pub fn named(columns: &[(Part, &str)], codes: Codes, named_by: &'static str) -> Overrides {
    let mut overrides =
        Overrides { only_named: true, codes, named_by: Some(named_by), ..Overrides::default() };
    for (part, name) in columns {
        overrides.columns.entry(*part).or_default().push((*name).to_owned());
    }
    overrides
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn samples(rows: &[&[&str]]) -> Samples {
        let width = rows.first().map_or(0, |r| r.len());
        Samples::new(width, rows.iter().map(|row| move |k: usize| row.get(k).copied()))
    }

    #[test]
    fn prefixed_and_dotted_names_are_found_when_the_values_fit() {
        let n = names(&["app_version", "begintrip_lat", "begintrip_lng", "begintrip_timestamp_local"]);
        let s = samples(&[&["3.68.4", "38.41", "-121.79", "2016-01-26T01:13:30.000Z"]]);
        let m = detect(&n, &s, &Overrides::default()).expect("mapping");
        assert_eq!((m.get(Part::Lat), m.get(Part::Lon), m.get(Part::Date)), (Some(1), Some(2), Some(3)));
        assert!(
            m.report_lines()
                .iter()
                .any(|l| l.starts_with("date ← begintrip_timestamp_local (2016-01-26T01:13:30.000Z)")),
            "{:?}",
            m.report
        );
        let n = names(&["id", "gps_data.lng", "gps_data.lat", "occurred_at"]);
        let s = samples(&[&["7", "30.5", "50.4", "2022-02-24"]]);
        let m = detect(&n, &s, &Overrides::default()).expect("mapping");
        assert_eq!((m.get(Part::Lat), m.get(Part::Lon), m.get(Part::Date)), (Some(2), Some(1), Some(3)));
    }

    #[test]
    fn a_name_alone_is_not_enough_when_the_values_say_otherwise() {
        // `candidate` ends in "date" but holds names; `x` holds text, not longitudes.
        let n = names(&["candidate", "when", "x", "lat", "lon"]);
        let s = samples(&[&["Smith", "2020-05-01", "abc", "12.5", "40.1"]]);
        let m = detect(&n, &s, &Overrides::default()).expect("mapping");
        assert_eq!(m.get(Part::Date), Some(1));
        assert_eq!(m.get(Part::Lon), Some(4));
    }

    #[test]
    fn a_named_column_wins_over_a_column_called_date() {
        let n = names(&["date", "other_day"]);
        let s = samples(&[&["2020-01-01", "2021-02-02"]]);
        let mut o = Overrides::default();
        o.columns.insert(Part::Date, vec!["other_day".into()]);
        let m = detect(&n, &s, &o).expect("mapping");
        assert_eq!(m.get(Part::Date), Some(1));
        assert_eq!(m.reason(Part::Date), Some("named by --date"));
    }

    #[test]
    fn the_day_month_order_comes_from_the_whole_column() {
        let n = names(&["Date", "Lat", "Lon"]);
        let s = samples(&[&["03/04/2024", "1", "2"], &["12/25/2023", "1", "2"], &["01/02/2024", "1", "2"]]);
        let m = detect(&n, &s, &Overrides::default()).expect("mapping");
        assert_eq!(m.date_format, DateFormat::MonthFirst);
        let s = samples(&[&["03/04/2024", "1", "2"], &["01/02/2024", "1", "2"]]);
        let m = detect(&n, &s, &Overrides::default()).expect("mapping");
        assert_eq!(m.date_format, DateFormat::Auto);
        assert!(m.warnings[0].contains("every date reads both ways (03/04/2024"), "{:?}", m.warnings);
    }

    #[test]
    fn year_month_and_day_columns_make_the_date() {
        let n = names(&["name", "month", "day", "year", "latitude", "longitude"]);
        let s = samples(&[&["A", "February", "23", "2015", "32.5", "-86.3"]]);
        let m = detect(&n, &s, &Overrides::default()).expect("mapping");
        assert_eq!(
            (m.get(Part::Date), m.get(Part::Year), m.get(Part::Month), m.get(Part::Day)),
            (None, Some(3), Some(1), Some(2))
        );
    }

    #[test]
    fn coordinates_without_names_are_found_by_their_values_side_by_side() {
        // A header-less table: columns named by their place only.
        let n = names(&["column1", "column2", "column3", "column4", "column5"]);
        let rows: [&[&str]; 3] = [
            &["17", "2024-03-22", "12", "55.8257", "37.3878"],
            &["18", "2024-03-23", "40", "43.3179", "45.6981"],
            &["19", "2024-03-24", "7", "59.9386", "30.3141"],
        ];
        let m = detect(&n, &samples(&rows), &Overrides::default()).expect("mapping");
        assert_eq!((m.get(Part::Lat), m.get(Part::Lon), m.get(Part::Date)), (Some(3), Some(4), Some(1)));
        assert_eq!(
            m.reason(Part::Lat),
            Some("3 of 3 values are latitudes with decimals, beside the other coordinate")
        );
        // Longitude first is seen too (a value past 90); whole numbers are codes, not coordinates.
        let rows: [&[&str]; 3] = [
            &["2020-01-01", "120.5", "30.1"],
            &["2020-01-02", "-100.25", "45.5"],
            &["2020-01-03", "10.0", "-5.5"],
        ];
        let m = detect(&names(&["a", "b", "c"]), &samples(&rows), &Overrides::default()).expect("mapping");
        assert_eq!((m.get(Part::Lat), m.get(Part::Lon)), (Some(2), Some(1)));
        let rows: [&[&str]; 3] =
            [&["2020-01-01", "12", "30"], &["2020-01-02", "45", "45"], &["2020-01-03", "10", "5"]];
        let m = detect(&names(&["a", "b", "c"]), &samples(&rows), &Overrides::default()).expect("mapping");
        assert_eq!(m.get(Part::Lat), None);
    }

    #[test]
    fn every_part_has_names_that_say_it() {
        for part in Part::ALL {
            assert!(!exact_names(part).is_empty(), "{part:?}");
        }
    }

    #[test]
    fn an_unknown_name_given_is_an_error() {
        let mut o = Overrides::default();
        o.columns.insert(Part::Lat, vec!["y2".into()]);
        let e = detect(&names(&["a", "b"]), &Samples::default(), &o).expect_err("refused");
        assert_eq!(e, "--lat \"y2\": no such field (fields: a, b)");
    }
}
