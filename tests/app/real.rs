//! Real files that other people wrote (see `tests/fixtures/real/PROVENANCE.md`), imported with plain
//! `--format auto`. Every expected value was read from the source file, not from our output.
#![allow(
    clippy::unreadable_literal,
    reason = "coordinates are written as the source files write them, so that they can be found there"
)]

use std::path::{Path, PathBuf};

use incident_atlas::io::formats::geojson;
use incident_atlas::io::import::{ImportFormat, ImportOptions, Imported};
use incident_atlas::io::{Severity, import_path};
use incident_atlas::model::{Geometry, Incident, LocationPrecision, Position};
use serde_json::json;

use crate::support::{by_id, messages, point};

fn real(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real").join(name)
}

/// Imports a real file as `import --format auto` does, and checks that what comes out passes our own
/// reader's checks (what `validate` runs) when written as our GeoJSON.
fn import(name: &str) -> Imported {
    import_with(name, &ImportOptions::default())
}

/// [`import`] with options, as `import --format auto` with flags.
fn import_with(name: &str, options: &ImportOptions) -> Imported {
    let imported = import_path(&real(name), options).unwrap_or_else(|e| panic!("{name}: {e}"));
    let errors = messages(&imported.loaded.diagnostics, Severity::Error);
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    let mut written = Vec::new();
    geojson::write(&mut written, &imported.loaded.incidents).expect("write");
    let back = geojson::read(&written, name).expect("reads back");
    let problems = messages(&back.diagnostics, Severity::Error);
    assert!(problems.is_empty(), "{name}: our output fails our own checks: {problems:#?}");
    assert_eq!(back.incidents, imported.loaded.incidents, "{name}: our GeoJSON round trip");
    imported
}

fn by_title<'a>(imported: &'a Imported, title: &str) -> &'a Incident {
    imported
        .loaded
        .incidents
        .iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no incident {title:?}"))
}

#[test]
fn a_usgs_feed_keeps_its_seconds_and_its_own_properties_apart() {
    let usgs = import("usgs-all-day.geojson");
    assert_eq!(usgs.to_string(), "imported 6 of 6 features; 0 skipped");
    let first = by_id(&usgs, "ci37517303");
    // "time":1478198296090 is 2016-11-03 18:38:16.090 UTC.
    assert_eq!(first.date.as_str(), "2016-11-03T18:38:16Z");
    assert_eq!(point(first), (35.6175, -118.2046667));
    assert_eq!(first.title, "M 1.1 - 24km E of Lake Isabella, CA");
    assert_eq!(first.category, "earthquake");
    assert_eq!(
        first.sources[0].url.as_deref(),
        Some("http://earthquake.usgs.gov/earthquakes/eventpage/ci37517303")
    );
    // The feed's own `sources` (its networks) and its numbers stay in `extra`, typed as in the file.
    assert_eq!(first.extra.get("sources"), Some(json!(",ci,")));
    assert_eq!(first.extra.get("mag"), Some(json!(1.09)));
    assert_eq!(first.extra.get("tsunami"), Some(json!(0)));
    assert_eq!(first.extra.get("felt"), Some(json!(null)));
    // The feed's `updated` (epoch milliseconds) is its own, not when the incident was changed here.
    assert_eq!(first.extra.get("updated"), Some(json!(1_478_198_670_585_u64)));
    assert_eq!((first.created, first.updated), (None, None));
    let washington = by_id(&usgs, "uw61228006");
    assert_eq!(washington.date.as_str(), "2016-11-03T16:59:03Z");
    assert_eq!(point(washington), (46.2035, -122.181));
}

#[test]
fn a_gdelt_2_export_without_a_header_is_read_by_its_codebook() {
    let gdelt = import("gdelt2-20250807220000.export.CSV");
    assert_eq!(gdelt.format, Some(ImportFormat::Gdelt));
    assert_eq!(gdelt.to_string(), "imported 10 of 10 rows; 0 skipped");
    let mecca = by_id(&gdelt, "1256322770");
    assert_eq!(mecca.date.as_str(), "2024-08-07", "SQLDATE, not DATEADDED");
    assert_eq!(mecca.place.as_deref(), Some("Mecca, Makkah, Saudi Arabia"));
    assert_eq!(point(mecca), (21.4267, 39.8261));
    assert_eq!(mecca.location_precision, Some(LocationPrecision::Town), "ActionGeo_Type 4: a world city");
    assert_eq!(mecca.category, "yield", "EventRootCode 08");
    assert_eq!(*mecca.actors, ["JERUSALEM"]);
    assert_eq!(
        mecca.sources[0].url.as_deref(),
        Some("https://theweek.com/edition/theweekus-evening-review-2025-08-07-203055")
    );
    let togo = by_id(&gdelt, "1256322772");
    assert_eq!(togo.location_precision, Some(LocationPrecision::Country), "ActionGeo_Type 1");
    assert_eq!((togo.date.as_str(), togo.category.as_str()), ("2025-07-08", "make public statement"));
    assert_eq!(*togo.actors, ["UNITED KINGDOM", "TELEVISION"]);
    let washington = by_id(&gdelt, "1256322776");
    assert_eq!(point(washington), (38.8951, -77.0364));
    assert_eq!(*washington.actors, ["UNITED ARAB EMIRATES"], "no Actor1: only Actor2");
    assert_eq!(washington.category, "consult");
    assert_eq!(washington.extra.get_str("DATEADDED").as_deref(), Some("20250807220000"));
}

#[test]
fn a_kepler_gl_sample_is_found_by_prefixed_names_and_keeps_its_seconds() {
    let trips = import("kepler-sf-trips.csv");
    assert_eq!(trips.to_string(), "imported 9 of 9 rows; 0 skipped");
    let first = &trips.loaded.incidents[0];
    assert_eq!(first.date.as_str(), "2016-01-26T01:13:30Z");
    assert_eq!(point(first), (38.4163786, -121.7922809));
    assert_eq!(first.extra.get_str("dropoff_lat").as_deref(), Some("38.5590766"));
    let last = &trips.loaded.incidents[8];
    assert_eq!(last.date.as_str(), "2016-01-26T01:09:00Z");
    assert_eq!(point(last), (37.6169644, -122.384047));
    assert!(
        trips.mapping.iter().any(|l| l.starts_with("latitude ← begintrip_lat (38.4163786)")),
        "{:?}",
        trips.mapping
    );
}

#[test]
fn a_newsroom_table_with_month_names_and_old_mac_line_ends_is_read_whole() {
    let killings = import("fivethirtyeight-police-killings.csv");
    assert_eq!(killings.to_string(), "imported 8 of 8 rows; 0 skipped");
    let first = by_title(&killings, "A'donte Washington");
    assert_eq!(first.date.as_str(), "2015-02-23", "month February, day 23, year 2015");
    assert_eq!(point(first), (32.529577, -86.362829));
    assert_eq!(first.place.as_deref(), Some("Millbrook"));
    assert_eq!(first.category, "gunshot");
    assert_eq!(first.extra.get_str("admin1").as_deref(), Some("AL"));
    // Lines end in a lone carriage return: each row still has its own line.
    let second = by_title(&killings, "Aaron Rutledge");
    assert_eq!((second.id.as_str(), second.date.as_str()), ("row-3", "2015-04-02"));
    let seventh = by_title(&killings, "Adrian Hernandez");
    assert_eq!((seventh.id.as_str(), seventh.date.as_str()), ("row-8", "2015-03-27"));
    assert_eq!(point(seventh), (35.3956975, -119.0027449));
}

#[test]
fn acled_from_its_api_through_pandas_and_its_legacy_upper_case_export() {
    let api = import("acled-api-2016.csv");
    assert_eq!(api.format, Some(ImportFormat::Acled));
    assert_eq!(api.to_string(), "imported 6 of 6 rows; 0 skipped");
    let lusaka = by_id(&api, "8188RTA");
    assert_eq!((lusaka.date.as_str(), lusaka.killed), ("2016-07-02", Some(0)));
    assert_eq!(point(lusaka), (-15.4166, 28.2833));
    let baidoa = by_id(&api, "8087RTA");
    assert_eq!((baidoa.killed, point(baidoa)), (Some(2), (3.11718, 43.6469)));
    assert_eq!(*baidoa.actors, ["Al Shabaab", "Civilians (Somalia)"]);
    // time_precision 2: the date is known to within a week.
    assert_eq!(by_id(&api, "8016RTA").date.as_str(), "2016-07-02~");
    // pandas' unnamed index column is kept under a name.
    assert_eq!(lusaka.extra.get_str("column1").as_deref(), Some("0"));

    let legacy = import("acled-legacy-hdx.csv");
    assert_eq!(legacy.format, Some(ImportFormat::Acled));
    assert_eq!(legacy.to_string(), "imported 4 of 4 rows; 0 skipped");
    let beni_douala = by_id(&legacy, "1416RTA");
    assert_eq!(beni_douala.date.as_str(), "2001-04-18", "18/04/2001, day first");
    assert_eq!((beni_douala.killed, point(beni_douala)), (Some(1), (36.61954, 4.08282)));
    assert_eq!(beni_douala.location_precision, Some(LocationPrecision::Town));
    let tizi_ouzou = by_id(&legacy, "2229RTA");
    assert_eq!(tizi_ouzou.date.as_str(), "2001-04-19");
    assert_eq!(tizi_ouzou.location_precision, Some(LocationPrecision::Region), "GEO_PRECISION 3");
}

/// ACLED's API guide's sample response (tab-separated): blank cells hold one space, an associated-actor
/// cell names two actors separated by a semicolon, and `tags` holds the crowd size.
#[test]
fn acled_api_guide_sample_gives_each_associated_actor_and_reads_its_tags() {
    let sample = import("acled-api-guide-sample.tsv");
    assert_eq!(sample.format, Some(ImportFormat::Acled));
    assert_eq!(sample.to_string(), "imported 5 of 5 rows; 0 skipped");
    let tbilisi = by_id(&sample, "GEO3999");
    assert_eq!(
        *tbilisi.actors,
        ["Protesters (Georgia)", "Labor Group (Georgia)", "Health Workers (Georgia)"]
    );
    assert_eq!(
        (tbilisi.date.as_str(), tbilisi.killed, point(tbilisi)),
        ("2023-02-01", Some(0), (41.7183, 44.8306))
    );
    assert_eq!(tbilisi.tags(), ["crowd size=no report"]);
    let batumi = by_id(&sample, "GEO4000");
    assert_eq!(*batumi.actors, ["Protesters (Georgia)"], "a cell of one space is no actor");
    assert_eq!(batumi.tags(), ["crowd size=around 100"]);
    assert_eq!(batumi.date.as_str(), "2023-01-29");
}

#[test]
fn gtd_rows_with_unknown_months_and_days_keep_what_is_known() {
    let gtd = import("gtd-0718dist.csv");
    assert_eq!(gtd.format, Some(ImportFormat::Gtd));
    assert_eq!(gtd.to_string(), "imported 5 of 5 rows; 0 skipped");
    let santo_domingo = by_id(&gtd, "197000000001");
    assert_eq!(santo_domingo.date.as_str(), "1970-07-02");
    assert_eq!((santo_domingo.killed, santo_domingo.injured), (Some(1), Some(0)));
    assert_eq!(point(santo_domingo), (18.456792, -69.951164));
    let mexico = by_id(&gtd, "197000000002");
    assert_eq!(mexico.date.as_str(), "1970", "imonth 0 and iday 0: the year only");
    assert_eq!(point(mexico), (19.371887, -99.086624));
    let tarlac = by_id(&gtd, "197001000001");
    assert_eq!(tarlac.date.as_str(), "1970-01", "iday 0: the month only");
    assert_eq!(tarlac.location_precision, Some(LocationPrecision::Region), "specificity 4");
    let athens = by_id(&gtd, "197001000002");
    assert_eq!((athens.killed, athens.injured), (None, None), "nkill and nwound empty: unknown");
}

#[test]
fn kml_time_is_inherited_from_folders_and_kept_at_its_precision() {
    let nested = import("giscore-nestedInherits.kml");
    assert_eq!(nested.to_string(), "imported 6 of 6 placemarks; 0 skipped");
    let date = |name: &str| by_title(&nested, name).date.as_str().to_owned();
    let folder = "2007-01-14T00:00:00Z/2007-01-14T02:00:00Z";
    assert_eq!([date("1"), date("2"), date("3")], [folder, folder, folder], "inherited from Group1");
    assert_eq!(date("4"), "2007-01-14T01:00:00Z/2007-01-14T03:00:00Z", "its own span overrules");
    assert_eq!(date("6"), "2007-01-14T02:00:00Z/2007-01-14T03:00:00Z", "outside the folder");

    let forms = import("giscore-timestamps.kml");
    assert_eq!(forms.to_string(), "imported 11 of 11 placemarks; 0 skipped");
    let date = |name: &str| by_title(&forms, name).date.as_str().to_owned();
    assert_eq!(date("when 2009"), "2009");
    assert_eq!(date("when 2009-02"), "2009-02");
    assert_eq!(date("when 2009-03-01"), "2009-03-01");
    assert_eq!(date("when 2009-04-01T01:06:30Z"), "2009-04-01T01:06:30Z");
    assert_eq!(date("span 2009-04-02T02:06Z"), "2009-04-02T02:06:00Z/2009-04-02T02:06:59Z");
    assert_eq!(date("when 2009-04-03T06:10:46+03:00"), "2009-04-03T06:10:46+03:00");
    assert_eq!(date("when 2009-04-05T05:10:50 (no Z)"), "2009-04-05T05:10:50");
}

/// The great-circle distance in kilometres.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// The file with its latitude and longitude columns emptied, bytes otherwise as they were.
fn without_coordinates(name: &str, dir: &Path) -> PathBuf {
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(real(name)).expect("read");
    let mut rows = reader.byte_records();
    let header = rows.next().expect("header").expect("header");
    let hidden: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, n)| n.eq_ignore_ascii_case(b"latitude") || n.eq_ignore_ascii_case(b"longitude"))
        .map(|(k, _)| k)
        .collect();
    assert_eq!(hidden.len(), 2, "{name}: latitude and longitude columns");
    let path = dir.join(Path::new(name).file_name().expect("name"));
    let mut writer = csv::Writer::from_path(&path).expect("write");
    writer.write_byte_record(&header).expect("write");
    for row in rows {
        let row = row.expect("row");
        let fields: Vec<&[u8]> =
            row.iter().enumerate().map(|(k, f)| if hidden.contains(&k) { &b""[..] } else { f }).collect();
        writer.write_record(fields).expect("write");
    }
    writer.flush().expect("flush");
    path
}

/// The country a geocoded incident was placed in, from its `geocoded` note (`Name, Region, Country (how, …)`).
fn placed_country(incident: &Incident) -> Option<[u8; 2]> {
    let note = incident.extra.get_str("geocoded")?;
    let label = note.split_once(" (").map_or(note.as_str(), |(label, _)| label);
    incident_atlas::geocode::country_code(label.rsplit(", ").next()?)
}

#[test]
fn geocoding_places_rows_only_inside_their_own_country() {
    // Real exports that have coordinates: imported as they are (the truth) and with the coordinates
    // hidden (geocoded from the place, region and country each row states).
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, at_most_median_km) in
        [("geocoding/acled-2016-07-africa.csv", 25.0), ("geocoding/gtd-1970.csv", 25.0)]
    {
        let truth = import(name);
        let hidden =
            import_path(&without_coordinates(name, dir.path()), &ImportOptions::default()).expect("import");
        assert_eq!(truth.loaded.incidents.len(), hidden.loaded.incidents.len());
        let mut errors_km = Vec::new();
        let mut outside = Vec::new();
        for (t, h) in truth.loaded.incidents.iter().zip(&hidden.loaded.incidents) {
            let (Geometry::Point(known), Geometry::Point(found)) = (&t.geometry, &h.geometry) else {
                continue;
            };
            errors_km.push(km((known.lat, known.lon), (found.lat, found.lon)));
            let stated = t.extra.get_str("country").and_then(|c| incident_atlas::geocode::country_code(&c));
            if stated.is_some() && placed_country(h) != stated {
                outside.push(format!(
                    "{}: {:?} placed as {:?}",
                    h.id,
                    t.extra.get_str("country"),
                    h.extra.get_str("geocoded")
                ));
            }
        }
        errors_km.sort_by(f64::total_cmp);
        let median = errors_km[errors_km.len() / 2];
        let within_25 = errors_km.iter().filter(|&&d| d <= 25.0).count();
        incident_atlas::say!(
            "{name}: {} of {} rows geocoded ({}); median error {median:.1} km; {within_25} within 25 km ({:.0}%); {} outside the row's own country",
            errors_km.len(),
            truth.loaded.incidents.len(),
            hidden.placed_by,
            100.0 * within_25 as f64 / errors_km.len() as f64,
            outside.len()
        );
        assert!(outside.is_empty(), "{name}: placed outside the stated country: {outside:#?}");
        assert!(median <= at_most_median_km, "{name}: median error {median:.1} km");
    }
}

#[test]
fn a_feed_of_events_minutes_apart_gets_minute_bins_on_the_timeline() {
    use egui_kittest::kittest::Queryable;
    use incident_atlas::ui::{AtlasApp, Settings};
    // Six earthquakes over two hours: in day bins they were one bar filling the chart.
    let mut h =
        crate::support::harness(AtlasApp::open(vec![real("usgs-all-day.geojson")], Settings::default()));
    crate::support::wait_while(&mut h, AtlasApp::is_loading);
    assert_eq!(h.state().state().shown().to_string(), "6 of 6 shown");
    h.get_by_label_contains("minute bins");
}

#[test]
fn validate_stats_export_and_render_report_the_same_problem_the_same_way() {
    // A feature whose `sources` is a string, as a USGS feed's own property used to end up in ours.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("clobbered.geojson");
    let good = r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[37.6,55.7]},"properties":{"id":"b","title":"B","date":"2020-01-02","category":"attack","location_precision":"town","sources":[{"publisher":"P"}]}}"#;
    let bad = good.replace(r#""id":"b""#, r#""id":"a""#).replace(r#"[{"publisher":"P"}]"#, r#"",ci,""#);
    std::fs::write(&file, format!(r#"{{"type":"FeatureCollection","features":[{bad},{good}]}}"#))
        .expect("write");
    let path = file.to_str().expect("utf8");
    let (png, csv) = (dir.path().join("out.png"), dir.path().join("out.csv"));
    let problem = "feature 1 (a): sources: must be a list of source objects, found a string";
    for args in [
        vec!["validate", path],
        vec!["stats", path],
        vec!["export", path, "--to", csv.to_str().expect("utf8")],
        vec!["render", path, "--out", png.to_str().expect("utf8")],
    ] {
        let output = crate::support::run(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", crate::support::text(&output));
        let said = crate::support::text(&output);
        assert_eq!(said.matches(problem).count(), 1, "{args:?} says the problem once: {said}");
    }
}

#[test]
fn a_newsroom_table_with_unnamed_coordinates_and_hours_without_a_leading_zero() {
    let racing = import("latimes-street-racing-fatalities.csv");
    assert_eq!(racing.to_string(), "imported 6 of 6 rows; 0 skipped");
    let rows = &racing.loaded.incidents;
    // DeathDateTime "2000-08-27 19:00:00" and "2000-11-18 0:30:00".
    assert_eq!(
        (rows[0].date.as_str(), rows[1].date.as_str()),
        ("2000-08-27T19:00:00", "2000-11-18T00:30:00")
    );
    // geocoder_x and geocoder_y: no name says latitude or longitude; their values do.
    assert_eq!(point(&rows[0]), (34.1997599, -118.5883241));
    assert_eq!(point(&rows[5]), (34.1696453, -118.6064818));
    assert_eq!(rows[2].geometry, Geometry::None, "no coordinates in the file: on the timeline only");
    assert_eq!(rows[2].place.as_deref(), Some("COMPTON AVE. EAST OF BALL COMPTON, CA 90248"));
    assert!(
        racing.mapping.iter().any(|l| l.starts_with("latitude ← geocoder_y (34.1997599)")),
        "{:?}",
        racing.mapping
    );
}

#[test]
fn a_gdelt_1_daily_export_of_58_columns_is_read_by_its_codebook() {
    let gdelt = import("gdelt1-20170312.export.CSV");
    assert_eq!(gdelt.format, Some(ImportFormat::Gdelt));
    assert_eq!(gdelt.to_string(), "imported 12 of 12 rows; 0 skipped");
    let toronto = by_id(&gdelt, "635942246");
    assert_eq!(toronto.date.as_str(), "2016-03-12", "SQLDATE 20160312, not DATEADDED 20170312");
    assert_eq!(toronto.place.as_deref(), Some("Toronto, Ontario, Canada"));
    assert_eq!(point(toronto), (43.6667, -79.4167));
    assert_eq!(toronto.location_precision, Some(LocationPrecision::Town), "ActionGeo_Type 4");
    assert_eq!(toronto.category, "disapprove", "EventRootCode 11");
    assert_eq!(*toronto.actors, ["ONTARIO"], "no Actor1Name: only Actor2Name");
    assert_eq!(
        toronto.sources[0].url.as_deref(),
        Some("http://www.gopbriefingroom.com/index.php?topic=253625.0")
    );
    let korea = by_id(&gdelt, "635942248");
    assert_eq!(korea.location_precision, Some(LocationPrecision::Country), "ActionGeo_Type 1");
    assert_eq!((point(korea), korea.category.as_str()), ((37.0, 127.5), "coerce"));
    let lima = by_id(&gdelt, "635942251");
    assert_eq!(*lima.actors, ["COMPANIES", "PERU"]);
    assert_eq!((lima.category.as_str(), point(lima)), ("consult", (-12.05, -77.05)));
}

#[test]
fn a_timemap_datasheet_reads_month_first_joins_its_time_column_and_titles_by_description() {
    let sheet = import("timemap-datasheet-export-events.csv");
    assert_eq!(sheet.to_string(), "imported 11 of 11 rows; 0 skipped");
    assert!(
        sheet
            .mapping
            .iter()
            .any(|l| l == "date values are month first (mm/dd/yyyy): 10/21/2015 reads only that way"),
        "{:?}",
        sheet.mapping
    );
    let tear_gas = by_title(&sheet, "Person A appears on the scene and sprays tear gas.");
    assert_eq!(tear_gas.date.as_str(), "2015-10-10T16:20", "10/10/2015 and 16:20");
    assert_eq!(tear_gas.place.as_deref(), Some("Al Araqib"));
    assert_eq!(point(tear_gas), (31.3484783, 34.7874169));
    let rifle =
        by_title(&sheet, "Person B appears in Nahal Pehar, as captured by security footage, with a rifle.");
    assert_eq!(rifle.date.as_str(), "2015-10-21T07:00");
    assert_eq!(point(rifle), (31.356397, 34.784818));
    // A row with neither place nor coordinates stays, on the timeline only.
    let law =
        by_title(&sheet, "Somthing happened (out of space); i.e. some legislation passed regarding pistols.");
    assert_eq!((law.date.as_str(), &law.geometry), ("2014-12-10T01:00", &Geometry::None));
    assert_eq!(by_title(&sheet, "11th thing happened").date.as_str(), "2014-11-30T11:00");
    assert_eq!(tear_gas.extra.get_str("association1").as_deref(), Some("tear_gas"));
}

#[test]
fn a_google_earth_kmz_track_keeps_every_timestamped_point() {
    let track = import("google-earth-timestamped-points.kmz");
    assert_eq!(track.to_string(), "imported 361 of 361 placemarks; 0 skipped");
    let first = &track.loaded.incidents[0];
    assert_eq!(first.date.as_str(), "2007-01-14T21:05:02Z");
    assert_eq!(point(first), (37.86047, -122.536226));
    let second = &track.loaded.incidents[1];
    assert_eq!((second.date.as_str(), point(second)), ("2007-01-14T21:05:20Z", (37.860303, -122.536422)));
    let last = &track.loaded.incidents[360];
    assert_eq!((last.date.as_str(), point(last)), ("2007-01-14T22:36:20Z", (37.860445, -122.536248)));
}

#[test]
fn a_google_my_maps_export_without_times_needs_a_date_and_takes_one() {
    let refused = import_path(&real("google-my-maps-export.kml"), &ImportOptions::default())
        .expect_err("no placemark has a time");
    assert!(refused.to_string().contains("--date-default"), "{refused}");
    let mut options = ImportOptions::default();
    options.overrides.default_date = Some(incident_atlas::model::EdtfDate::parse("2017-11").expect("EDTF"));
    let map = import_with("google-my-maps-export.kml", &options);
    assert_eq!(map.to_string(), "imported 1 of 1 placemarks; 0 skipped");
    let place = by_title(&map, "place");
    assert_eq!(place.description.as_deref(), Some("this is a place"));
    assert_eq!(point(place), (45.5141361, -122.65347), "coordinates on lines of their own");
    assert_eq!(place.date.as_str(), "2017-11");
    assert_eq!(place.notes.as_deref(), Some("The file gives no date; 2017-11 was given on import."));
}

/// `import --date-default` for files that carry no date at all.
fn dated(date: &str) -> ImportOptions {
    let mut options = ImportOptions::default();
    options.overrides.default_date = Some(incident_atlas::model::EdtfDate::parse(date).expect("EDTF"));
    options
}

#[test]
fn flatgeobufs_own_test_files_keep_every_column_type_and_every_geometry() {
    // One feature with a column of each FlatGeobuf type (values as `ogrinfo` 3.6 shows them).
    let all = import("flatgeobuf/alldatatypes.fgb");
    assert_eq!(all.to_string(), "imported 1 of 1 features; 0 skipped");
    let one = &all.loaded.incidents[0];
    assert_eq!(one.date.as_str(), "2020-02-29T12:34:56Z", "its datetime column");
    assert_eq!(point(one), (0.0, 0.0));
    let extra = one.extra.to_map();
    for (name, value) in [
        ("byte", json!(-1)),
        ("ubyte", json!(255)),
        ("bool", json!(true)),
        ("short", json!(-1)),
        ("ushort", json!(65535)),
        ("int", json!(-1)),
        ("uint", json!(4294967295u64)),
        ("long", json!(-1)),
        ("ulong", json!(18446744073709551615u64)),
        ("float", json!(0.0)),
        ("double", json!(0.0)),
        ("string", json!("X")),
        ("json", json!("X")),
        ("binary", json!("(1 bytes of binary data)")),
    ] {
        assert_eq!(extra.get(name), Some(&value), "{name}: a lone `long` column is no longitude");
    }
    // A point, a line and a multipolygon in one layer of geometry type Unknown.
    let mixed = import_with("flatgeobuf/heterogeneous.fgb", &dated("2020"));
    assert_eq!(mixed.to_string(), "imported 3 of 3 features; 0 skipped");
    let points: Vec<(f64, f64)> = mixed.loaded.incidents.iter().map(point).collect();
    // POINT (1.2 -2.1); LINESTRING (1.2 -2.1,2.4 -4.8); MULTIPOLYGON (((30 20,45 40,10 40,30 20))).
    assert_eq!(points[0], (-2.1, 1.2));
    assert!((points[1].0 - -3.45).abs() < 1e-9 && (points[1].1 - 1.8).abs() < 1e-9, "{:?}", points[1]);
    assert_eq!(points[2], (30.0, 28.75));
    let warned = messages(&mixed.loaded.diagnostics, Severity::Warning);
    assert_eq!(warned.iter().filter(|m| m.contains("centre of its points")).count(), 2, "{warned:?}");
    // A streamed file whose header gives no feature count (0) and no index.
    let streamed = import_with("flatgeobuf/unknown_feature_count.fgb", &dated("2020"));
    assert_eq!(streamed.to_string(), "imported 1 of 1 features; 0 skipped");
    let tile = &streamed.loaded.incidents[0].extra.to_map();
    assert_eq!(tile.get("quadkey"), Some(&json!("0322113021201023")));
    assert_eq!(tile.get("avg_d_kbps"), Some(&json!(16109)));
    assert_eq!(tile.get("devices"), Some(&json!(49)));
}

#[test]
fn geoparquets_wkt_test_tables_read_as_their_wkb_twins_do() {
    let dir = real("geoparquet");
    let geometries = |name: &str| -> Vec<Geometry> {
        let imported = import_path(&dir.join(name), &dated("2020")).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(imported.to_string(), format!("imported {0} of {0} rows; 0 skipped", imported.records));
        imported.loaded.incidents.iter().map(|i| i.geometry.clone()).collect()
    };
    // `POINT (30 10)`, `POINT EMPTY`, an empty cell, `POINT (40 40)`: the same as the WKB file.
    let point = |lat, lon| Geometry::Point(Position::lat_lon(lat, lon));
    assert_eq!(
        geometries("data-point-wkt.csv"),
        [point(10.0, 30.0), Geometry::None, Geometry::None, point(40.0, 40.0)]
    );
    // `MULTIPOINT ((30 10))`, four points from `(10 40)`, `MULTIPOINT EMPTY`, an empty cell.
    let multi = geometries("data-multipoint-wkt.csv");
    assert_eq!(multi.iter().map(|g| g.positions().len()).collect::<Vec<_>>(), [1, 4, 0, 0]);
    assert_eq!(
        multi[1].positions(),
        [(40.0, 10.0), (30.0, 40.0), (20.0, 20.0), (10.0, 30.0)]
            .map(|(lat, lon)| Position::lat_lon(lat, lon))
    );
    // `LINESTRING (30 10, 10 30, 40 40)` at the centre of its three points, with a warning.
    let lines = import_path(&dir.join("data-linestring-wkt.csv"), &dated("2020")).expect("reads");
    assert_eq!(lines.to_string(), "imported 3 of 3 rows; 0 skipped");
    let centre = lines.loaded.incidents[0].geometry.positions()[0];
    assert!((centre.lon - 80.0 / 3.0).abs() < 1e-9 && (centre.lat - 80.0 / 3.0).abs() < 1e-9, "{centre:?}");
    assert!(
        !lines.loaded.incidents[1].geometry.is_located() && !lines.loaded.incidents[2].geometry.is_located()
    );
    let warned = messages(&lines.loaded.diagnostics, Severity::Warning);
    assert_eq!(warned.iter().filter(|m| m.contains("centre of its points")).count(), 1, "{warned:?}");
}

#[test]
fn flatgeobufs_fuzz_case_and_empty_file_are_clear_errors() {
    for (name, said) in [
        ("flatgeobuf/clusterfuzz-testcase-minimized-fgb_fuzzer-4642513358553088.fgb", "not FlatGeobuf"),
        ("flatgeobuf/empty.fgb", "no features"),
    ] {
        let error = import_path(&real(name), &ImportOptions::default()).expect_err(name).to_string();
        assert!(error.contains(said) && error.contains(".fgb"), "{name}: {error}");
    }
}

#[test]
fn pyshps_latin_1_shapefile_is_decoded_and_its_corrupt_one_named() {
    // A polygon and a `.dbf` without `.cpg` or language driver whose `Name` is Latin-1 (`d1 61 6e 64 fa`).
    let latin1 = import_with("shapefile/latin1.shp", &dated("2020"));
    assert_eq!(latin1.to_string(), "imported 1 of 1 features; 0 skipped");
    let one = &latin1.loaded.incidents[0];
    assert_eq!((one.id.as_str(), one.title.as_str()), ("2", "Ñandú"));
    assert!(latin1.mapping.iter().any(|l| l.contains("no .prj")), "{:?}", latin1.mapping);
    // Its `.dbf` promises more records than its `.shp` holds: an error naming the record, not a part.
    let error =
        import_path(&real("shapefile/corrupt_too_long.shp"), &dated("2020")).expect_err("cut").to_string();
    assert!(error.contains("record 11") && error.contains("corrupt_too_long.shp"), "{error}");
}

#[test]
fn geoparquets_own_example_and_encoding_test_files_read_with_their_places_and_columns() {
    let dir = real("geoparquet");
    // The specification's example: five Natural Earth countries, polygons and multipolygons in
    // OGC:CRS84, each placed at the centre of its points (with a warning).
    let example = import_path(&dir.join("example.parquet"), &dated("2020")).expect("reads");
    assert_eq!(example.format, Some(ImportFormat::GeoParquet));
    let titles: Vec<&str> = example.loaded.incidents.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["Fiji", "Tanzania", "W. Sahara", "Canada", "United States of America"]);
    let centre = |k: usize| example.loaded.incidents[k].geometry.positions()[0];
    let fiji = centre(0);
    assert!(
        fiji.lon.abs() > 170.0 && (-21.0..-12.0).contains(&fiji.lat),
        "Fiji across the antimeridian: {fiji:?}"
    );
    let tanzania = centre(1);
    assert!((29.0..41.0).contains(&tanzania.lon) && (-12.0..-1.0).contains(&tanzania.lat), "{tanzania:?}");
    let warned =
        example.loaded.diagnostics.iter().filter(|d| d.message.contains("centre of its points")).count();
    assert_eq!(warned, 5);
    let extra = example.loaded.incidents[0].extra.as_json();
    assert!(extra.contains(r#""pop_est":889953.0"#) && extra.contains(r#""gdp_md_est":5496"#), "{extra}");
    assert!(extra.contains(r#""iso_a3":"FJI""#) && extra.contains(r#""continent":"Oceania""#), "{extra}");
    // Points: `POINT (30 10)`, `POINT EMPTY` (NaN coordinates), a null, `POINT (40 40)`.
    let points = import_path(&dir.join("data-point-encoding_wkb.parquet"), &dated("2020")).expect("reads");
    let geometries: Vec<Geometry> = points.loaded.incidents.iter().map(|i| i.geometry.clone()).collect();
    assert_eq!(
        geometries,
        [
            Geometry::Point(Position::lat_lon(10.0, 30.0)),
            Geometry::None,
            Geometry::None,
            Geometry::Point(Position::lat_lon(40.0, 40.0))
        ]
    );
    // Multipoints: one point, four, `MULTIPOINT EMPTY`, a null.
    let multi =
        import_path(&dir.join("data-multipoint-encoding_wkb.parquet"), &dated("2020")).expect("reads");
    let positions: Vec<usize> = multi.loaded.incidents.iter().map(|i| i.geometry.positions().len()).collect();
    assert_eq!(positions, [1, 4, 0, 0]);
    assert_eq!(multi.loaded.incidents[1].geometry.positions()[1], Position::lat_lon(30.0, 40.0));
}
