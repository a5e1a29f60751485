//! GDELT event exports: tab-separated tables with no header, 57 columns (GDELT 1.0 back files), 58
//! (GDELT 1.0 daily files, with `SOURCEURL`) or 61 (GDELT 2.0, with an `ADM2Code` in each place block and
//! `DATEADDED` to the second). Their columns are known from the GDELT codebooks, so they are named here
//! and mapped by name: `SQLDATE` the date, `Actor1Name` and `Actor2Name` the actors, the `ActionGeo_`
//! block the place (its type the precision), `EventRootCode` the category (CAMEO's root classes),
//! `SOURCEURL` the source and `GLOBALEVENTID` the id.

use crate::io::import::mapping::{Codes, Overrides, Part};

/// The columns of an actor: code, name, country, group, ethnicity, two religions, three types.
const ACTOR: [&str; 10] = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
];

/// The event's own columns, between the actors and the places.
const EVENT: [&str; 10] = [
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
];

/// The column names of a GDELT export of `width` columns (57, 58 or 61), or `None` for another width.
///
/// ```
/// use incident_atlas::io::formats::gdelt::columns;
/// let v2 = columns(61).unwrap();
/// assert_eq!((v2[1].as_str(), v2[56].as_str(), v2[60].as_str()), ("SQLDATE", "ActionGeo_Lat", "SOURCEURL"));
/// assert_eq!(columns(58).unwrap()[53].as_str(), "ActionGeo_Lat");
/// assert!(columns(60).is_none());
/// ```
#[must_use]
pub fn columns(width: usize) -> Option<Vec<String>> {
    let (version_2, source_url) = match width {
        57 => (false, false),
        58 => (false, true),
        61 => (true, true),
        _ => return None,
    };
    let mut names: Vec<String> =
        ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"].map(str::to_owned).to_vec();
    for actor in ["Actor1", "Actor2"] {
        names.extend(ACTOR.iter().map(|c| format!("{actor}{c}")));
    }
    names.extend(EVENT.map(str::to_owned));
    for place in ["Actor1Geo", "Actor2Geo", "ActionGeo"] {
        let mut block = vec!["Type", "FullName", "CountryCode", "ADM1Code"];
        if version_2 {
            block.push("ADM2Code");
        }
        block.extend(["Lat", "Long", "FeatureID"]);
        names.extend(block.iter().map(|c| format!("{place}_{c}")));
    }
    names.push("DATEADDED".into());
    if source_url {
        names.push("SOURCEURL".into());
    }
    (names.len() == width).then_some(names)
}

/// Whether the first line of a file is a GDELT event record: tab-separated, 57, 58 or 61 fields, a
/// numeric event id and an eight-digit `SQLDATE`.
#[must_use]
pub fn looks_like(first_line: &str) -> bool {
    let fields: Vec<&str> = first_line.trim_end_matches(['\r', '\n']).split('\t').collect();
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    columns(fields.len()).is_some() && digits(fields[0], 1..=20) && digits(fields[1], 8..=8)
}

/// The mapping of a GDELT export of `width` columns, by their names (the 57-column back files have no
/// source URL).
#[must_use]
pub fn overrides(width: usize) -> Overrides {
    let url = (width != 57).then_some((Part::Url, "SOURCEURL"));
    let columns: Vec<(Part, &str)> = [
        (Part::Id, "GLOBALEVENTID"),
        (Part::Date, "SQLDATE"),
        (Part::Actors, "Actor1Name"),
        (Part::Actors, "Actor2Name"),
        (Part::Category, "EventRootCode"),
        (Part::Place, "ActionGeo_FullName"),
        (Part::Precision, "ActionGeo_Type"),
        (Part::Lat, "ActionGeo_Lat"),
        (Part::Lon, "ActionGeo_Long"),
    ]
    .into_iter()
    .chain(url)
    .collect();
    crate::io::import::roles::named(&columns, Codes::Gdelt, "by the GDELT codebook")
}
