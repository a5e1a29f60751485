//! Importing other tools' files: ACLED, GTD, any CSV/TSV, foreign GeoJSON, KML/KMZ, and hostile files.

use std::path::{Path, PathBuf};

use incident_atlas::io::import::dates::DateFormat;
use incident_atlas::io::import::mapping::{Overrides, Part};
use incident_atlas::io::import::{ImportFormat, ImportOptions, Imported};
use incident_atlas::io::import_path;
use incident_atlas::io::{Severity, read_any};
use incident_atlas::model::{DatePrecision, Geometry, LocationPrecision};

use serde_json::json;

use crate::support::{by_id, point, run, text};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

fn import(path: &Path) -> Imported {
    import_path(path, &ImportOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn errors(imported: &Imported) -> Vec<String> {
    crate::support::messages(&imported.loaded.diagnostics, Severity::Error)
}

#[test]
fn acled_exports_of_both_generations_map_to_incidents() {
    let current = import(&fixture("acled-current.csv"));
    assert_eq!(current.format, Some(ImportFormat::Acled));
    assert_eq!(current.to_string(), "imported 3 of 5 rows; 2 skipped");
    let crocus = by_id(&current, "RUS1001");
    assert_eq!(crocus.date.as_str(), "2024-03-22");
    assert_eq!(crocus.killed, Some(140));
    assert_eq!(crocus.category, "violence against civilians");
    assert_eq!(crocus.title, "Attack in Krasnogorsk");
    assert_eq!(crocus.place.as_deref(), Some("Krasnogorsk, Krasnogorsky, Moscow Oblast, Russia"));
    assert_eq!(crocus.location_precision, Some(LocationPrecision::Town));
    assert_eq!(*crocus.actors, ["Islamic State (Khorasan Province)", "Civilians (Russia)"]);
    assert_eq!(crocus.sources[0].publisher, "Interfax; TASS");
    assert!(crocus.description.as_deref().is_some_and(|d| d.starts_with("Gunmen opened fire")));
    assert_eq!(crocus.extra.get_str("admin1").as_deref(), Some("Moscow Oblast"));
    assert_eq!(crocus.extra.get_str("civilian_targeting").as_deref(), Some("Civilian targeting"));
    // "7 March 2024" within a week: approximate day; dd-mm-yyyy within a month: the month.
    let kaluga = by_id(&current, "RUS1002");
    assert_eq!(kaluga.date.as_str(), "2024-03-07~");
    assert_eq!(kaluga.location_precision, Some(LocationPrecision::District));
    let standoff = by_id(&current, "RUS1003");
    assert_eq!(standoff.date.as_str(), "2024-03");
    assert_eq!(standoff.location_precision, Some(LocationPrecision::Region));
    let errors = errors(&current).join("\n");
    assert!(errors.contains("acled-current.csv: line 5: event_date:"), "{errors}");
    assert!(errors.contains("acled-current.csv: line 6: latitude: 95.1 is out of range"), "{errors}");

    let old = import(&fixture("acled-old.csv"));
    assert_eq!(old.format, Some(ImportFormat::Acled));
    assert_eq!(old.to_string(), "imported 2 of 2 rows; 0 skipped");
    let kolomna = by_id(&old, "RUS200");
    assert_eq!(kolomna.date.as_str(), "2019-06-15");
    assert_eq!(point(kolomna), (55.0794, 38.7783));
    assert_eq!(kolomna.category, "explosions/remote violence");
    assert_eq!(by_id(&old, "RUS201").date.as_str(), "2019-11-01~");
}

#[test]
fn gtd_rows_keep_unknown_months_and_days_as_coarser_dates() {
    let gtd = import(&fixture("gtd.csv"));
    assert_eq!(gtd.format, Some(ImportFormat::Gtd));
    assert_eq!(gtd.to_string(), "imported 3 of 4 rows; 1 skipped");
    let sinai = by_id(&gtd, "201510310001");
    assert_eq!(sinai.date.as_str(), "2015-10-31");
    assert_eq!(sinai.killed, Some(224));
    assert_eq!(sinai.injured, Some(0));
    assert_eq!(sinai.category, "bombing");
    assert_eq!(*sinai.actors, ["Sinai Province of the Islamic State"]);
    assert_eq!(sinai.sources.len(), 2, "two citations");
    assert!(sinai.sources[0].title.contains("BBC"));
    assert_eq!(sinai.title, "Bombing/Explosion in Hasna, Egypt");
    let metro = by_id(&gtd, "201704030001");
    assert_eq!(metro.date.as_str(), "2017-04");
    assert_eq!(metro.date.precision(), DatePrecision::Month);
    assert_eq!(metro.notes.as_deref(), Some("GTD approximate date: April 2017"));
    assert!(metro.actors.is_empty(), "'Unknown' is not an actor");
    let stavropol = by_id(&gtd, "201900000001");
    assert_eq!(stavropol.date.as_str(), "2019");
    assert_eq!(stavropol.location_precision, Some(LocationPrecision::Region), "specificity 4");
    assert_eq!(stavropol.place.as_deref(), Some("Stavropol Krai, Russia"), "'Unknown' city left out");
    assert!(
        errors(&gtd).join("\n").contains("gtd.csv: line 5: imonth: 13 is not a month"),
        "{:?}",
        errors(&gtd)
    );
}

#[test]
fn any_table_maps_its_columns_by_usual_names_or_by_overrides() {
    let tsv = import(&fixture("generic.tsv"));
    assert_eq!(tsv.format, Some(ImportFormat::Csv));
    assert_eq!(tsv.to_string(), "imported 3 of 3 rows; 0 skipped");
    let blast = &tsv.loaded.incidents[0];
    assert_eq!(
        (blast.title.as_str(), blast.date.as_str(), blast.category.as_str()),
        ("Blast at a depot", "2021-08-26", "bombing")
    );
    assert_eq!(point(blast), (34.47, 69.12));
    assert_eq!(blast.killed, Some(8));
    assert_eq!(tsv.loaded.incidents[1].date.as_str(), "2022-01-05T14:30:00Z");
    assert_eq!(tsv.loaded.incidents[2].geometry, Geometry::None, "no place: on the timeline only");

    // Semicolons, decimal commas and columns no usual name finds. Alone, the importer finds the dates by
    // their values (a column named `day` holding 22/03/2024) and the place by its name, and geocodes it.
    let semicolon = fixture("semicolon.csv");
    let found = import_path(&semicolon, &ImportOptions::default()).expect("date and place found");
    assert_eq!(found.mapping[0], "date ← day (22/03/2024): 2 of 2 values are dates");
    assert_eq!(found.mapping[1], "place ← where (Krasnogorsk): its name says so");
    assert_eq!(
        found.loaded.incidents[1].date.as_str(),
        "2017-04-03",
        "03/04/2017 read day first, as 22/03 shows"
    );
    // Named on the command line, the coordinates are read with their decimal commas.
    let options = ImportOptions {
        overrides: {
            let mut o =
                Overrides { date_format: DateFormat::Pattern("%d/%m/%Y".into()), ..Overrides::default() };
            for (part, name) in [
                (Part::Lat, "y_coord"),
                (Part::Lon, "x_coord"),
                (Part::Date, "day"),
                (Part::Title, "what"),
                (Part::Place, "where"),
            ] {
                o.set(part, name);
            }
            o
        },
        ..ImportOptions::default()
    };
    let mapped = import_path(&semicolon, &options).expect("imports");
    assert_eq!(mapped.to_string(), "imported 2 of 2 rows; 0 skipped");
    let first = &mapped.loaded.incidents[0];
    assert_eq!(
        (first.id.as_str(), first.title.as_str(), first.date.as_str()),
        ("row-2", "Concert hall attack", "2024-03-22")
    );
    assert_eq!(point(first), (55.7558, 37.6173));
    assert_eq!(first.extra.get_str("ref").as_deref(), Some("A1"), "unmapped columns are kept");
}

#[test]
fn foreign_geojson_and_kml_come_in_with_their_times_and_places() {
    let usgs = import(&fixture("usgs.geojson"));
    assert_eq!(usgs.to_string(), "imported 3 of 4 features; 1 skipped");
    let tokyo = by_id(&usgs, "us7000a");
    assert_eq!(tokyo.date.as_str(), "2023-11-14T22:13:20Z", "epoch milliseconds, to the second");
    assert_eq!(point(tokyo), (34.8, 140.1), "the depth is ignored");
    assert_eq!(tokyo.title, "M 4.6 - 120 km SSE of Tokyo, Japan");
    assert_eq!(tokyo.category, "earthquake");
    assert_eq!(
        tokyo.sources[0].url.as_deref(),
        Some("https://earthquake.usgs.gov/earthquakes/eventpage/us7000a")
    );
    assert_eq!(point(by_id(&usgs, "line1")), (46.0, 11.0), "a line at the centre of its points");
    let problems: Vec<String> = usgs.loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        problems.iter().any(|p| p.contains("feature 3 (line1): geometry: warning: a LineString")),
        "{problems:?}"
    );
    assert!(problems.iter().any(|p| p.contains("feature 4 (bad1): date: no date")), "{problems:?}");

    let kml = import(&fixture("placemarks.kml"));
    assert_eq!(kml.to_string(), "imported 3 of 4 placemarks; 1 skipped");
    let attack = by_id(&kml, "pm-1");
    assert_eq!(
        (attack.date.as_str(), attack.category.as_str(), attack.killed),
        ("2019-12-31", "attack", Some(2))
    );
    assert_eq!(attack.description.as_deref(), Some("Gunmen fired on a <b>checkpoint</b>."));
    let plot = kml.loaded.incidents.iter().find(|i| i.title == "Plot across three cities").expect("plot");
    assert_eq!(plot.date.as_str(), "2016-01-01/2016-12-31");
    assert!(matches!(&plot.geometry, Geometry::MultiPoint(ps) if ps.len() == 2));
    let area = kml.loaded.incidents.iter().find(|i| i.title == "Area of operations").expect("area");
    assert_eq!(area.date.as_str(), "2020-05");
    let errors = errors(&kml).join("\n");
    assert!(errors.contains("placemarks.kml: line 25: date: no date"), "{errors}");

    // KMZ: the same document zipped.
    let dir = tempfile::tempdir().expect("temp dir");
    let kmz = dir.path().join("notes.kmz");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&kmz).expect("create"));
    zip.start_file("doc.kml", zip::write::SimpleFileOptions::default()).expect("entry");
    std::io::Write::write_all(&mut zip, &std::fs::read(fixture("placemarks.kml")).expect("kml"))
        .expect("write");
    zip.finish().expect("finish");
    assert_eq!(import(&kmz).to_string(), "imported 3 of 4 placemarks; 1 skipped");
}

#[test]
fn our_own_exports_read_back_through_import() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bundled = crate::support::bundled();
    let original = read_any(&bundled).expect("bundled").incidents;
    let kml = dir.path().join("atlas.kml");
    incident_atlas::io::write_path(&kml, &original).expect("kml");
    let back = import(&kml);
    assert_eq!(back.loaded.incidents.len(), original.len(), "{:?}", errors(&back));
    for (a, b) in original.iter().zip(&back.loaded.incidents) {
        assert_eq!(
            (a.id.as_str(), a.date.as_str(), a.category.as_str()),
            (b.id.as_str(), b.date.as_str(), b.category.as_str())
        );
        assert_eq!(a.geometry.positions().len(), b.geometry.positions().len(), "{}", a.id);
    }
    // synth --to OUT.csv writes ACLED's columns, which import as ACLED.
    let csv = dir.path().join("synth.csv");
    let output = run(&["synth", "--count", "500", "--to", csv.to_str().expect("path")]);
    assert!(output.status.success(), "{}", text(&output));
    let header = std::fs::read_to_string(&csv).expect("csv");
    assert!(header.starts_with(&incident_atlas::io::formats::acled::COLUMNS.join(",")));
    let synth = import(&csv);
    assert_eq!(
        (synth.format, synth.to_string()),
        (Some(ImportFormat::Acled), "imported 500 of 500 rows; 0 skipped".to_owned())
    );
}

/// Writes `bytes` as `name` in `dir` and imports it.
fn hostile(dir: &Path, name: &str, bytes: &[u8]) -> Result<Imported, String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    import_path(&path, &ImportOptions::default()).map_err(|e| e.to_string())
}

#[test]
fn hostile_files_give_clear_errors_and_keep_the_good_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dir = dir.path();
    let good = "title,date,latitude,longitude\n";

    let e = hostile(dir, "empty.csv", b"").expect_err("empty");
    assert!(e.ends_with("empty.csv: the file is empty"), "{e}");
    let header_only = hostile(dir, "header.csv", good.as_bytes()).expect("header only");
    assert_eq!(header_only.to_string(), "imported 0 of 0 rows; 0 skipped");
    let e = hostile(dir, "binary.csv", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff]).expect_err("binary");
    assert!(e.contains("binary file"), "{e}");

    // The header is read with the right delimiter even when a row has a stray one; ragged rows are named.
    let ragged =
        format!("{good}A,2020-01-01,10,20\nB,2020-01-02,10,20,extra\nC,2020-01-03,10\nD,2020-01-04,11,21\n");
    let r = hostile(dir, "ragged.csv", ragged.as_bytes()).expect("ragged");
    assert_eq!(r.to_string(), "imported 2 of 4 rows; 2 skipped");
    let errs = errors(&r).join("\n");
    assert!(errs.contains("ragged.csv: line 3: 5 fields where the header has 4"), "{errs}");
    assert!(errs.contains("ragged.csv: line 4: 3 fields where the header has 4"), "{errs}");

    // A quoted title spanning lines, a byte-order mark, Latin-1 bytes.
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(format!("{good}\"Two\nlines\",2020-01-01,10,20\n").as_bytes());
    bytes.extend_from_slice(b"Caf\xe9 bombing,2020-02-02,10,20\n");
    let mixed = hostile(dir, "mixed.csv", &bytes).expect("mixed");
    assert_eq!(mixed.to_string(), "imported 2 of 2 rows; 0 skipped");
    assert_eq!(mixed.loaded.incidents[0].title, "Two\nlines");
    assert_eq!(mixed.loaded.incidents[1].title, "Café bombing");
    assert!(mixed.loaded.diagnostics.iter().any(|d| d.to_string().contains("read as windows-1252")));
    // A newsroom's Russian table saved by Excel in Windows-1251: the Cyrillic is read as such, not as
    // Latin-1 (`Ìîñêâà`), and the report names the encoding.
    let russian_text = format!(
        "{good}Взрыв в метро Санкт-Петербурга,2017-04-03,59.93,30.32\nНападение на концертный зал,2024-03-22,55.83,37.39\n"
    );
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&russian_text);
    let russian = hostile(dir, "cp1251.csv", &cp1251).expect("cp1251");
    assert_eq!(russian.loaded.incidents[0].title, "Взрыв в метро Санкт-Петербурга");
    assert_eq!(russian.loaded.incidents[1].title, "Нападение на концертный зал");
    assert!(russian.loaded.diagnostics.iter().any(|d| d.to_string().contains("read as windows-1251")));
    assert_eq!(mixed.loaded.incidents[1].id, "row-4", "rows are numbered by the line they start on");
    // The import dialog's preview reads the same text as the import.
    let (_, header, rows) =
        incident_atlas::io::preview(&dir.join("mixed.csv"), ImportFormat::Auto, 5).expect("preview");
    assert_eq!(header[0], "title", "no byte-order mark in the first name");
    assert_eq!(rows[1][0], "Café bombing");

    // Mixed delimiters: the header splits on the most regular one, and what is missing is named.
    let e =
        hostile(dir, "wrong.csv", b"title;date;lat;lon|x\nA;2020;1;2|y\n").expect_err("no longitude column");
    assert!(
        e.contains("no latitude/longitude, geometry or place field found (fields: title, date, lat, lon|x)"),
        "{e}"
    );

    // Coordinates swapped or out of range; dates in the future or in year 0.
    let rows = format!(
        "{good}Swapped,2020-01-01,120.5,45.1\nFar east,2020-01-01,45,200\nFuture,2999-01-01,1,2\nYear zero,0000-05-01,1,2\nFine,2020-01-01,1,2\n"
    );
    let r = hostile(dir, "values.csv", rows.as_bytes()).expect("values");
    assert_eq!(r.to_string(), "imported 1 of 5 rows; 4 skipped");
    let errs = errors(&r).join("\n");
    assert!(
        errs.contains(
            "line 2: latitude: 120.5 is out of range (-90 to 90) (latitude and longitude look swapped)"
        ),
        "{errs}"
    );
    assert!(errs.contains("line 3: longitude: 200 is out of range"), "{errs}");
    assert!(errs.contains("line 4: date: year 2999"), "{errs}");
    assert!(errs.contains("line 5: date: year 0"), "{errs}");

    // 10 MB on one line: no rows, and a clear refusal rather than a hang or a crash.
    let long = "x,".repeat(5 * 1024 * 1024);
    let e = hostile(dir, "long.csv", long.as_bytes()).expect_err("one long line");
    assert!(
        e.ends_with("long.csv: cannot read the header: line 1, column 4097: a row of more than 4096 fields; reading stopped here"),
        "{e}"
    );

    // --strict stops at the first bad row.
    let path = dir.join("values.csv");
    let strict =
        import_path(&path, &ImportOptions { strict: true, ..ImportOptions::default() }).expect("strict");
    assert_eq!(errors(&strict).len(), 1);
    assert!(strict.loaded.incidents.is_empty());

    // Ids used twice are made unique in file order, each renaming reported; nothing is dropped.
    let twice = "id,title,date,latitude,longitude\nA,a,2020-01-01,10,20\nA,b,2020-01-02,10,20\n\
                 B,c,2020-01-03,10,20\nA,d,2020-01-04,10,20\nA-2,e,2020-01-05,10,20\n";
    let twice = hostile(dir, "twice.csv", twice.as_bytes()).expect("repeated ids");
    let ids: Vec<&str> = twice.loaded.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["A", "A-3", "B", "A-4", "A-2"]);
    let renamed: Vec<String> = twice.loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(renamed.len(), 2, "{renamed:?}");
    assert!(renamed[0].contains(r#"id "A" is used more than once; this one became "A-3""#), "{renamed:?}");
}

#[test]
fn the_import_command_reports_skipped_rows_and_strict_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.geojson");
    let report = dir.path().join("report.txt");
    let acled = fixture("acled-current.csv");
    let output = run(&[
        "import",
        acled.to_str().expect("path"),
        "--report",
        report.to_str().expect("path"),
        "--to",
        out.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(text(&output).contains("ACLED: imported 3 of 5 rows; 2 skipped"), "{}", text(&output));
    let written = read_any(&out).expect("the output reads back");
    assert_eq!(written.incidents.len(), 3);
    assert!(!written.has_errors(), "{:?}", written.diagnostics);
    let listed = std::fs::read_to_string(&report).expect("report");
    assert!(
        listed.contains("imported 3 of 5 rows; 2 skipped") && listed.contains("line 6: latitude"),
        "{listed}"
    );

    let strict = dir.path().join("strict.geojson");
    let output =
        run(&["import", acled.to_str().expect("path"), "--strict", "--to", strict.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("--strict") && !strict.exists(), "{}", text(&output));

    // stats reads every format import does.
    let gtd = fixture("gtd.csv");
    let output = run(&["stats", gtd.to_str().expect("path")]);
    // One of its rows cannot be read (month 13): the summary is of the other three, and the exit code 1.
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("incidents             3"), "{}", text(&output));
    let output =
        run(&["import", gtd.to_str().expect("path"), "--format", "xml", "--to", out.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(2), "a format that does not exist is a usage error");
    assert!(text(&output).contains("\"xml\" is not a format"), "{}", text(&output));
}

#[test]
fn place_names_are_geocoded_offline_and_points_get_their_country_and_region() {
    let dir = tempfile::tempdir().expect("temp dir");
    let table = "title,date,place\n\
        Concert hall attack,2024-03-22,\"Krasnogorsk, Moscow Oblast, Russia\"\n\
        Standoff,2024-03-03,\"Ingushetia, Russia\"\n\
        Somewhere,2024-01-01,Qwxzplorbia\n";
    let imported = hostile(dir.path(), "places.csv", table.as_bytes()).expect("imports");
    assert_eq!(imported.to_string(), "imported 3 of 3 rows; 0 skipped");
    assert_eq!(imported.geocoded, 2);
    let crocus = &imported.loaded.incidents[0];
    let (lat, lon) = point(crocus);
    assert!((lat - 55.82).abs() < 0.05 && (lon - 37.33).abs() < 0.1, "{lat} {lon}");
    assert_eq!(crocus.location_precision, Some(LocationPrecision::Town));
    let how = crocus.extra.get_str("geocoded").expect("marked as geocoded");
    assert!(how.starts_with("Krasnogorsk, Moscow Oblast, Russia"), "{how}");
    assert_eq!(crocus.extra.get_str("country").as_deref(), Some("Russia"));
    let standoff = &imported.loaded.incidents[1];
    assert_eq!(standoff.location_precision, Some(LocationPrecision::Region));
    assert_eq!(imported.loaded.incidents[2].geometry, Geometry::None, "unknown names stay without a place");
    let review: Vec<String> = imported.loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        review.iter().any(|r| r.contains("row-4: place \"Qwxzplorbia\" is not in the gazetteer")),
        "{review:?}"
    );

    // An ambiguous name without a hint is placed at the best guess and listed for review.
    let ambiguous = hostile(dir.path(), "ambiguous.csv", b"title,date,place\nA,2020-01-01,Alexandria\n")
        .expect("imports");
    let review: Vec<String> = ambiguous.loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(
        review
            .iter()
            .any(|r| r.contains("place \"Alexandria\" is ambiguous") && r.contains("chose Alexandria")),
        "{review:?}"
    );

    // Coordinates without a country: the region around them is filled in.
    let tsv = import(&fixture("generic.tsv"));
    let kabul = &tsv.loaded.incidents[0];
    assert_eq!(kabul.extra.get_str("country").as_deref(), Some("Afghanistan"));
    assert_eq!(kabul.extra.get_str("admin1").as_deref(), Some("Kabul"));
}

#[test]
fn the_geocode_command_ranks_candidates_and_fails_on_unknown_names() {
    let output = run(&["geocode", "Ekaterinburg", "--json"]);
    assert!(output.status.success(), "{}", text(&output));
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let first = &found[0];
    assert_eq!(first["name"], "Yekaterinburg");
    assert_eq!(first["precision"], "town");
    assert_eq!(first["country"], "RU");
    assert_eq!(first["admin1"], "Sverdlovsk Oblast");
    assert!(first["population"].as_u64().is_some_and(|p| p > 1_000_000));
    assert!(first["lat"].as_f64().is_some_and(|v| (v - 56.86).abs() < 0.01));
    let output = run(&["geocode", "Achkhoi-Martan", "--country", "RU"]);
    assert!(output.status.success() && text(&output).contains("Achkhoy-Martan"), "{}", text(&output));
    // A stated country is never left: Biba (a town in Egypt) asked for in Burkina Faso is placed at
    // Burkina Faso itself, as an import places such a row, and nothing abroad is listed.
    let output = run(&["geocode", "Biba", "--country", "Burkina Faso", "--json"]);
    assert!(output.status.success(), "{}", text(&output));
    let found: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!((&found[0]["country"], &found[0]["precision"]), (&json!("BF"), &json!("country")));
    assert_eq!(found[0]["placed"], "country fallback");
    let output = run(&["geocode", "Rim", "--country", "BFA"]);
    assert!(!text(&output).contains("Rome"), "{}", text(&output));
    let output = run(&["geocode", "Qwxzplorbia", "--json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "[]");
    let output = run(&["geocode", "Qwxzplorbia"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output).contains("no place of that name"), "{}", text(&output));
}

fn set_text(
    h: &mut egui_kittest::Harness<'_, incident_atlas::ui::AtlasApp>,
    role: egui::accesskit::Role,
    label: &str,
    value: &str,
) {
    use egui_kittest::kittest::Queryable;
    h.get_by_role_and_label(role, label).focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(role, label).type_text(value);
    h.run();
}

/// File ▸ Import…, with the file's path typed in.
fn open_import_dialog(h: &mut egui_kittest::Harness<'_, incident_atlas::ui::AtlasApp>, path: &Path) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import…").click();
    h.run();
    set_text(h, Role::TextInput, "File", path.to_str().expect("path"));
}

/// Presses Import and waits until the import has finished on its thread.
fn import_and_wait(h: &mut egui_kittest::Harness<'_, incident_atlas::ui::AtlasApp>) {
    use egui_kittest::kittest::Queryable;
    h.get_by_label("Import").click();
    crate::support::wait_while(h, incident_atlas::ui::AtlasApp::is_importing);
}

#[test]
fn an_import_with_a_skipped_row_says_what_it_did_above_its_problems() {
    use egui_kittest::kittest::Queryable;
    use incident_atlas::ui::{AtlasApp, Settings};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("one-bad.csv");
    std::fs::write(
        &path,
        "title,date,latitude,longitude\nRaid,2020-01-02,43.3,45.7\nBad,2020-13-40,43.3,45.7\n",
    )
    .expect("write");
    let mut h = crate::support::harness(AtlasApp::open(vec![crate::support::bundled()], Settings::default()));
    open_import_dialog(&mut h, &path);
    import_and_wait(&mut h);
    assert_eq!(h.state().state().shown().to_string(), "1 of 1 shown");
    h.get_by_label("Problems in the file");
    h.get_by_label_contains("imported 1 of 2 rows; 1 skipped. The imported records are shown.");
    // The summary is not counted as a problem: the one skipped row is.
    h.get_by_label("1 problem(s):");
    assert_eq!(h.state().state().load_problems.len(), 1, "{:?}", h.state().state().load_problems);
    h.get_by_label_contains("line 3");
}

#[test]
fn file_import_previews_maps_and_loads_in_the_background() {
    use egui_kittest::kittest::Queryable;
    use incident_atlas::ui::{AtlasApp, Settings};
    let mut h = crate::support::harness(AtlasApp::open(vec![crate::support::bundled()], Settings::default()));
    crate::support::wait_while(&mut h, AtlasApp::is_loading);
    open_import_dialog(&mut h, &fixture("semicolon.csv"));
    // The preview shows the columns and the first rows; no latitude column was recognised.
    h.get_by_label("y_coord");
    h.get_by_label("Concert hall attack");
    h.get_by_label("Detected: CSV");
    // What was found, and why: the dates by their values, the place by its name.
    h.get_by_label("2 of 2 values are dates");
    h.get_by_label("date values are day first (dd/mm/yyyy): 22/03/2024 reads only that way");
    // Correct the mapping: latitude, longitude and title by hand.
    for (part, column) in [("latitude", "y_coord"), ("longitude", "x_coord"), ("title", "what")] {
        h.get_by_role_and_label(egui::accesskit::Role::ComboBox, part).click();
        h.run();
        h.get_all_by_label(column).last().expect("option").click();
        h.run();
    }
    assert_eq!(
        h.state().state().shown().to_string(),
        "32 of 32 shown",
        "the data stays until the import is done"
    );
    import_and_wait(&mut h);
    let state = h.state().state();
    assert_eq!(state.dataset.name, "semicolon.csv");
    assert_eq!(state.shown().to_string(), "2 of 2 shown");
    let first = state.store().incident(state.visible()[1]);
    assert_eq!(first.title, "Concert hall attack");
    assert!(h.state().toast().is_some_and(|t| t.contains("imported 2 of 2 rows")), "{:?}", h.state().toast());
}

#[test]
fn drafts_from_a_pasted_article_are_reviewed_and_added() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    use incident_atlas::ui::{AtlasApp, Settings};
    let mut h = crate::support::harness(AtlasApp::open(vec![crate::support::bundled()], Settings::default()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Draft incidents from an article…").click();
    h.run();
    let article =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/article-own.txt"))
            .expect("fixture");
    set_text(&mut h, Role::MultilineTextInput, "Article text", &article);
    h.get_by_label("Find drafts").click();
    h.run();
    h.get_by_label_contains("5 drafts from \"Flood Season Tests Emergency Crews Along the Volga\"");
    // The fields are wide enough to read from the first frame (they were squashed to a few characters).
    let by = |label| egui_kittest::kittest::By::new().role(Role::TextInput).label(label);
    for (label, least) in [("Date (EDTF)", 140.0), ("Title", 300.0)] {
        let widths: Vec<f32> = h.query_all(by(label)).map(|n| n.rect().width()).collect();
        assert_eq!(widths.len(), 5, "{label}");
        assert!(widths.iter().all(|&w| w >= least), "{label} fields: {widths:?}");
    }
    h.get_by_label("Discard draft 5").click();
    h.run();
    h.get_by_label("Accept draft 1").click();
    h.get_by_label("Accept draft 2").click();
    h.run();
    h.get_by_label("Add 2 accepted drafts").click();
    h.run();
    let state = h.state().state();
    assert_eq!(state.store().len(), 34);
    // The drafts join the dataset it came from as one undoable step, not as a new dataset.
    assert_eq!(state.dataset.name, "is-vs-russia.geojson");
    assert!(state.history.unsaved());
    assert!(state.store().iter().any(|i| i.id == "draft-001" && i.date.as_str() == "2024-09-02"));
    assert!(state.store().iter().all(|i| !i.extra.contains_key("draft")), "accepted drafts are incidents");
    assert_eq!(state.history.undo_label(), Some("add 2 incidents"));
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo: add 2 incidents").click();
    h.run();
    assert_eq!(h.state().state().store().len(), 32);
}

#[test]
fn coordinates_outside_the_globe_skip_the_record_in_every_reader() {
    let dir = tempfile::tempdir().expect("temp dir");
    let geojson = dir.path().join("outside.geojson");
    std::fs::write(
        &geojson,
        r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 95]}, "properties": {"time": "2024-03-22", "name": "north of the pole"}},
  {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[1e308, 55], [37, 55]]}, "properties": {"time": "2024-03-22", "name": "far east"}},
  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}, "properties": {"time": "2024-03-22", "name": "Moscow"}}]}"#,
    )
    .expect("write");
    let kml = dir.path().join("outside.kml");
    std::fs::write(
        &kml,
        r#"<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Moscow</name><TimeStamp><when>2024-03-22</when></TimeStamp><Point><coordinates>37.6,55.7</coordinates></Point></Placemark>
<Placemark><name>South of the pole</name><TimeStamp><when>2024-03-22</when></TimeStamp><Point><coordinates>37.6,-91</coordinates></Point></Placemark>
</Document></kml>"#,
    )
    .expect("write");
    let csv = dir.path().join("outside.csv");
    std::fs::write(
        &csv,
        "date,latitude,longitude,title\n2024-03-22,55.7,37.6,Moscow\n2024-03-22,55.7,181,East\n",
    )
    .expect("write");
    for (path, expected) in [
        (
            &geojson,
            vec![
                "feature 1: geometry.coordinates: latitude 95 is out of range",
                "feature 2: geometry.coordinates: longitude 1e308 is out of range",
            ],
        ),
        (&kml, vec!["line 3: coordinates: latitude -91 is out of range"]),
        (&csv, vec!["line 3: longitude: 181 is out of range"]),
    ] {
        let imported = import(path);
        assert_eq!(imported.loaded.incidents.len(), 1, "{}: only Moscow stays", path.display());
        assert_eq!(imported.skipped(), expected.len(), "{}", path.display());
        let errors = errors(&imported);
        for line in expected {
            assert!(errors.iter().any(|e| e.contains(line)), "{}: {line} not in {errors:#?}", path.display());
        }
    }
}

#[test]
fn a_giant_row_or_field_stops_the_read_at_its_place_and_keeps_the_rows_before() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = "2024-03-22,55.7,37.6,Moscow\n";
    let wide = dir.path().join("wide.csv");
    let mut text = format!("date,latitude,longitude,title\n{good}");
    text.push_str(&",".repeat(100_000));
    text.push('\n');
    text.push_str(good);
    std::fs::write(&wide, text).expect("write");
    let long = dir.path().join("long.csv");
    std::fs::write(
        &long,
        format!("date,latitude,longitude,title\n{good}2024-03-22,55.7,37.6,\"{}\"\n", "x".repeat(3 << 20)),
    )
    .expect("write");
    for (path, expected) in [
        (&wide, "line 3: column 4097: a row of more than 4096 fields; reading stopped here"),
        (&long, "line 3: column 4: a field longer than 1 MiB; reading stopped here"),
    ] {
        let imported = import(path);
        assert_eq!(imported.loaded.incidents.len(), 1, "{}: the row before is kept", path.display());
        let errors = errors(&imported);
        assert!(errors.iter().any(|e| e.contains(expected)), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn strict_refuses_guessed_places_and_guessed_date_orders() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("guesses.csv");
    std::fs::write(&input, "date,place,country\n03/04/2024,Biba,Burkina Faso\n").expect("write");
    let out = dir.path().join("out.geojson");
    let (input, out_text) = (input.to_str().expect("utf8"), out.to_str().expect("utf8"));
    let refused = run(&["import", input, "--to", out_text, "--strict"]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(
        text(&refused).contains("--strict: 1 place(s) guessed")
            && text(&refused).contains("1 date column(s)"),
        "{}",
        text(&refused)
    );
    assert!(!out.exists(), "nothing written");
    // Without --strict the row is kept at its stated country, and the guesses are said.
    let kept = run(&["import", input, "--to", out_text]);
    assert!(kept.status.success(), "{}", text(&kept));
    assert!(text(&kept).contains("1 at their country"), "{}", text(&kept));
    assert!(text(&kept).contains("every date reads both ways (03/04/2024"), "{}", text(&kept));
}

#[test]
fn a_table_without_a_header_is_read_by_its_values_or_by_the_names_given() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("no-header.csv");
    std::fs::write(
        &input,
        "17,2024-03-22,12,55.8257,37.3878,Crocus\n18,2024-03-23,40,43.3179,45.6981,Grozny\n\
         19,2024-03-24,7,59.9386,30.3141,Metro\n",
    )
    .expect("write");
    let read = |options: ImportOptions| import_path(&input, &options).expect("imports");
    // Numbered columns: the dates and the coordinates are found by their values.
    let found = read(ImportOptions { no_header: true, ..ImportOptions::default() });
    assert_eq!(found.to_string(), "imported 3 of 3 rows; 0 skipped");
    assert_eq!(point(&found.loaded.incidents[0]), (55.8257, 37.3878));
    assert_eq!(found.loaded.incidents[1].date.as_str(), "2024-03-23");
    assert!(
        found.mapping.iter().any(|l| l.starts_with("latitude ← column4 (55.8257)")),
        "{:?}",
        found.mapping
    );
    // Named columns: by their names.
    let names = ["id", "when", "killed", "y", "x", "title"].map(str::to_owned).to_vec();
    let named = read(ImportOptions { no_header: true, columns: names, ..ImportOptions::default() });
    let grozny = by_id(&named, "18");
    assert_eq!((grozny.title.as_str(), grozny.killed), ("Grozny", Some(40)));
}

#[test]
fn the_import_dialog_reads_a_table_whose_first_line_is_data() {
    use egui_kittest::kittest::Queryable;
    use incident_atlas::ui::{AtlasApp, Settings};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("no-header.csv");
    std::fs::write(
        &path,
        "17,2024-03-22,12,55.8257,37.3878\n18,2024-03-23,40,43.3179,45.6981\n19,2024-03-24,7,59.9386,30.3141\n",
    )
    .expect("write");
    let mut h = crate::support::harness(AtlasApp::open(vec![crate::support::bundled()], Settings::default()));
    open_import_dialog(&mut h, &path);
    // Read with a header, the first row's values are the column names.
    h.get_by_label("55.8257");
    h.get_by_label("The first line is data, not column names").click();
    h.run();
    h.get_by_label("column4");
    h.get_by_label("3 of 3 values are latitudes with decimals, beside the other coordinate");
    import_and_wait(&mut h);
    assert_eq!(h.state().state().shown().to_string(), "3 of 3 shown", "every line is a row");
}

#[test]
fn the_import_dialog_gives_a_date_to_a_file_without_any() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, Queryable};
    use incident_atlas::ui::{AtlasApp, Settings};
    // A real Google My Maps export (tests/fixtures/real/PROVENANCE.md): placemarks without any time.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/google-my-maps-export.kml");
    let mut h = crate::support::harness(AtlasApp::open(vec![crate::support::bundled()], Settings::default()));
    // Without a date it is refused, the reason names both ways out, and the data on screen stays.
    open_import_dialog(&mut h, &path);
    import_and_wait(&mut h);
    h.get_by_label_contains("google-my-maps-export.kml: not imported; the data on screen was kept.");
    h.get_by_label_contains("the dialog's 'date where none is given'");
    assert_eq!(h.state().state().shown().to_string(), "32 of 32 shown");
    // The dialog is back, with the path typed.
    let typed = h.get_by_role_and_label(Role::TextInput, "File").value();
    assert_eq!(typed.as_deref(), path.to_str());
    set_text(&mut h, Role::TextInput, "date where none is given", "2017-13");
    h.get_by_label_contains("month 13 out of range");
    assert!(
        h.get_by_label("Import").accesskit_node().is_disabled(),
        "a date that does not read cannot be given"
    );
    set_text(&mut h, Role::TextInput, "date where none is given", "2017-11");
    import_and_wait(&mut h);
    let state = h.state().state();
    assert_eq!(state.shown().to_string(), "1 of 1 shown");
    let place = state.store().incident(state.visible()[0]);
    assert_eq!((place.title.as_str(), place.date.as_str()), ("place", "2017-11"));
    assert_eq!(place.notes.as_deref(), Some("The file gives no date; 2017-11 was given on import."));
}

#[test]
fn a_time_of_day_column_joins_the_day_and_a_time_that_does_not_read_keeps_the_day() {
    use std::fmt::Write as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("times.csv");
    // Nine times that read and one that does not: the column is still a time of day (nearly all fit).
    let mut table = String::from("title,date,time,latitude,longitude\nA,2015-10-10,7:05,31.34,34.78\n");
    table.push_str("B,2015-10-11,noon,31.34,34.78\nC,2015-10,09:00,31.34,34.78\n");
    for day in 12..19 {
        let _ = writeln!(table, "D{day},2015-10-{day},10:30:15,31.34,34.78");
    }
    std::fs::write(&path, table).expect("write");
    let imported = import_path(&path, &ImportOptions::default()).expect("import");
    let dates: Vec<&str> = imported.loaded.incidents.iter().map(|i| i.date.as_str()).take(4).collect();
    assert_eq!(
        dates,
        ["2015-10-10T07:05", "2015-10-11", "2015-10", "2015-10-12T10:30:15"],
        "a month takes no time of day"
    );
    let warnings = crate::support::messages(&imported.loaded.diagnostics, Severity::Warning);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("line 3") && w.contains("\"noon\" is not a time of day; the day is kept")),
        "{warnings:?}"
    );
}

#[test]
fn a_numeric_precision_code_stays_apart_and_an_unknown_precision_keeps_its_row() {
    let dir = tempfile::tempdir().expect("temp dir");
    // ACLED's geo_precision codes in a table read as a plain CSV: they are no precision names.
    let codes = dir.path().join("codes.csv");
    std::fs::write(
        &codes,
        "title,date,latitude,longitude,geo_precision\nA,2020-01-02,43.3,45.7,1\nB,2020-01-03,43.3,45.7,3\n",
    )
    .expect("write");
    let imported = import_path(&codes, &ImportOptions::default()).expect("import");
    assert_eq!(imported.to_string(), "imported 2 of 2 rows; 0 skipped");
    let a = &imported.loaded.incidents[0];
    assert_eq!(a.location_precision, Some(LocationPrecision::Site));
    assert_eq!(a.extra.get_str("geo_precision").as_deref(), Some("1"));
    // A precision column by name, with one value that is no precision: the row stays, at site, warned.
    let named = dir.path().join("named.csv");
    std::fs::write(
        &named,
        "title,date,latitude,longitude,location_precision\nA,2020-01-02,43.3,45.7,town\nB,2020-01-03,43.3,45.7,near\n",
    )
    .expect("write");
    let imported = import_path(&named, &ImportOptions::default()).expect("import");
    assert_eq!(imported.to_string(), "imported 2 of 2 rows; 0 skipped");
    let precisions: Vec<_> = imported.loaded.incidents.iter().map(|i| i.location_precision).collect();
    assert_eq!(precisions, [Some(LocationPrecision::Town), Some(LocationPrecision::Site)]);
    let warnings = crate::support::messages(&imported.loaded.diagnostics, Severity::Warning);
    assert!(warnings.iter().any(|w| w.contains("line 3") && w.contains("taken as site")), "{warnings:?}");
}

/// "Add to the data on screen": a real ACLED sample joins the bundled dataset as one step that Ctrl+Z
/// undoes; imported again, its incidents are found already there; an import in place of the data asks
/// first about the unsaved changes.
#[test]
fn an_import_added_to_the_data_on_screen_is_one_undoable_step_and_skips_what_is_there() {
    use egui::{Key, Modifiers};
    use egui_kittest::kittest::Queryable;
    use incident_atlas::ui::{AtlasApp, Settings};
    let mut h = crate::support::harness(AtlasApp::open(vec![crate::support::bundled()], Settings::default()));
    crate::support::wait_while(&mut h, AtlasApp::is_loading);
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/real/acled-api-guide-sample.tsv");
    let add = |h: &mut egui_kittest::Harness<'_, AtlasApp>| {
        open_import_dialog(h, &sample);
        h.get_by_label("Add to the data on screen").click();
        h.run();
        import_and_wait(h);
    };
    add(&mut h);
    let state = h.state().state();
    assert_eq!(state.shown().to_string(), "37 of 37 shown");
    assert_eq!(state.dataset.name, "is-vs-russia.geojson", "still the same dataset");
    assert_eq!(state.history.undo_label(), Some("add 5 incidents"));
    assert!(state.history.unsaved());
    assert!(
        state.store().find_id("GEO3999").is_some()
            && state.store().find_id("crocus-city-hall-attack-2024-03-22").is_some()
    );
    assert!(
        h.state().toast().is_some_and(|t| t.ends_with("imported 5 of 5 rows; 0 skipped; added 5 incidents")),
        "{:?}",
        h.state().toast()
    );

    add(&mut h);
    assert_eq!(h.state().state().store().len(), 37, "nothing added twice");
    assert!(
        h.state()
            .toast()
            .is_some_and(|t| t.ends_with("added 0 incidents; 5 incidents already in the data left out")),
        "{:?}",
        h.state().toast()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().state().store().len(), 32, "one undo takes the whole import back");

    // Added again (unsaved), then imported in place of the data: the question comes first.
    add(&mut h);
    open_import_dialog(&mut h, &sample);
    h.get_by_label("Open in place of the data on screen").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    h.get_by_label("Save changes before opening other data?");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().state().store().len(), 37, "Cancel keeps the data on screen");
    assert!(!h.state().is_importing());
}
