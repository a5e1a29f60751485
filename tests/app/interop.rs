//! GDAL (`ogrinfo`, `ogr2ogr`) opens our exports and counts every feature, and what it converts to a
//! GeoPackage of its own comes back to us unchanged.

use std::path::Path;
use std::process::Command;

use crate::support::{bundled, run, text};

fn ogr_feature_count(path: &Path) -> usize {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(path)
        .output()
        .expect("ogrinfo runs (install gdal-bin; .ci/run does)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "ogrinfo failed on {}: {report}{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    report
        .lines()
        .filter_map(|l| l.strip_prefix("Feature Count: "))
        .map(|n| n.trim().parse::<usize>().expect("a count"))
        .sum()
}

#[test]
fn gdal_reads_every_feature_of_each_export() {
    let incidents = incident_atlas::io::read_path(&bundled()).expect("read").incidents;
    let located = incidents.iter().filter(|i| i.geometry.is_located()).count();
    let dir = tempfile::tempdir().expect("dir");
    for ext in ["geojson", "geojsons", "geojsonl", "csv", "kml", "gpkg", "fgb"] {
        // A FlatGeobuf feature and a KML placemark need a geometry: the unlocated are kept in the header
        // or the document's data, out of GDAL's sight.
        let expected = if ext == "fgb" || ext == "kml" { located } else { incidents.len() };
        let out_path = dir.path().join(format!("export.{ext}"));
        let out =
            run(&["export", bundled().to_str().expect("utf8"), "--to", out_path.to_str().expect("utf8")]);
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(ogr_feature_count(&out_path), expected, "{ext}");
    }
}

/// Runs `ogr2ogr` (GDAL), panicking with its output when it fails.
fn ogr2ogr(args: &[&str]) {
    let out =
        Command::new("ogr2ogr").args(args).output().expect("ogr2ogr runs (install gdal-bin; .ci/run does)");
    assert!(out.status.success(), "ogr2ogr {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn our_exports_come_back_unchanged_through_a_gdal_geopackage() {
    let original = incident_atlas::io::read_path(&bundled()).expect("read").incidents;
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf8").to_owned();
    for ext in ["geojson", "geojsonl", "csv", "gpkg", "fgb", "kml"] {
        let ours = path(&format!("export.{ext}"));
        let out = run(&["export", bundled().to_str().expect("utf8"), "--to", &ours]);
        assert!(out.status.success(), "{}", text(&out));
        if ext == "kml" {
            crate::support::assert_valid_kml(Path::new(&ours));
        }
        // QGIS's way in: GDAL converts our file to a GeoPackage of its own.
        let theirs = path(&format!("gdal-from-{ext}.gpkg"));
        ogr2ogr(&["-f", "GPKG", &theirs, &ours]);
        let back = incident_atlas::io::import_path(
            Path::new(&theirs),
            &incident_atlas::io::import::ImportOptions::default(),
        )
        .expect("imports");
        assert!(back.is_our_own(), "{ext}: {:?}", back.mapping);
        let expected: Vec<_> = if ext == "fgb" || ext == "kml" {
            // GDAL sees only the located (the export says so), in the dataset's order (by our `row` in a
            // FlatGeobuf).
            original.iter().filter(|i| i.geometry.is_located()).cloned().collect()
        } else {
            original.clone()
        };
        assert_eq!(back.loaded.incidents, expected, "{ext} → ogr2ogr GPKG → ours");
    }
}

#[test]
fn gdal_reads_our_flatgeobuf_with_its_index_and_we_read_gdals() {
    let original = incident_atlas::io::read_path(&bundled()).expect("read").incidents;
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf8").to_owned();
    let fgb = path("atlas.fgb");
    let out = run(&["export", bundled().to_str().expect("utf8"), "--to", &fgb]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("14 unlocated incidents are kept in the file's metadata"), "{}", text(&out));
    assert_layer_says(
        Path::new(&fgb),
        &["Feature Count: 18", "row: Integer64 (0.0) NOT NULL", "killed: Integer (0.0)"],
    );
    let found = features_around_moscow(Path::new(&fgb));
    assert!(found > 0 && found < 18, "the index answers a box query with some features, not all: {found}");
    // GDAL's own FlatGeobuf of our GeoPackage (no `row` column: its index's order) reads as ours.
    let gpkg = path("atlas.gpkg");
    assert!(run(&["export", bundled().to_str().expect("utf8"), "--to", &gpkg]).status.success());
    let theirs = path("gdal.fgb");
    ogr2ogr(&["-f", "FlatGeobuf", &theirs, &gpkg]);
    let back = incident_atlas::io::import_path(
        Path::new(&theirs),
        &incident_atlas::io::import::ImportOptions::default(),
    )
    .expect("imports");
    assert!(back.is_our_own(), "{:?}", back.mapping);
    let mut read: Vec<_> = back.loaded.incidents;
    let mut located: Vec<_> = original.into_iter().filter(|i| i.geometry.is_located()).collect();
    read.sort_by(|a, b| a.id.cmp(&b.id));
    located.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(read, located);
}

/// Asserts that `ogrinfo` reports each line for the layer `incidents`, besides the typed fields and the
/// coordinate system that every export of ours has.
fn assert_layer_says(path: &Path, lines: &[&str]) {
    let info =
        Command::new("ogrinfo").args(["-ro", "-so"]).arg(path).arg("incidents").output().expect("ogrinfo");
    let report = String::from_utf8_lossy(&info.stdout);
    let always = [
        "uncertainty_m: Real (0.0)",
        "start_utc: DateTime (0.0)",
        "date: String (0.0) NOT NULL",
        "ID[\"EPSG\",4326]]",
    ];
    for line in lines.iter().chain(&always) {
        assert!(report.lines().any(|l| l.trim() == *line), "{line:?} not in:\n{report}");
    }
}

/// The features `ogrinfo` finds in a box around Moscow (through the spatial index).
fn features_around_moscow(path: &Path) -> usize {
    let query = Command::new("ogrinfo")
        .args(["-ro", "-q", "-spat", "37", "55", "38.5", "56.5", "-fields=NO", "-geom=NO"])
        .arg(path)
        .arg("incidents")
        .output()
        .expect("ogrinfo");
    String::from_utf8_lossy(&query.stdout).matches("OGRFeature").count()
}

#[test]
fn gdal_sees_our_geopackage_with_its_index_and_typed_fields() {
    let dir = tempfile::tempdir().expect("dir");
    let gpkg = dir.path().join("atlas.gpkg");
    let out = run(&["export", bundled().to_str().expect("utf8"), "--to", gpkg.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    assert_layer_says(&gpkg, &["Feature Count: 32", "killed: Integer (0.0)", "injured: Integer (0.0)"]);
    // The spatial index answers a box query: Moscow's incidents, and none from the Sinai.
    assert!(features_around_moscow(&gpkg) > 0);
    let sqlite = ogr_sql_count(&gpkg, "SELECT count(*) FROM rtree_incidents_geom");
    assert_eq!(sqlite, 18, "one index entry per located incident (16 points, 2 multipoints)");
}

fn ogr_sql_count(path: &Path, sql: &str) -> i64 {
    let out = Command::new("ogrinfo").arg("-ro").arg(path).args(["-sql", sql]).output().expect("ogrinfo");
    let report = String::from_utf8_lossy(&out.stdout);
    report
        .lines()
        .find_map(|l| l.split_once(" = ").and_then(|(_, n)| n.trim().parse().ok()))
        .unwrap_or_else(|| panic!("no count in {report}"))
}

#[test]
fn a_broken_or_foreign_geopackage_is_a_clear_error_or_an_import() {
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name);
    let import = |p: &Path| {
        incident_atlas::io::import_path(p, &incident_atlas::io::import::ImportOptions::default())
            .map_err(|e| e.to_string())
    };
    let gpkg = path("atlas.gpkg");
    let out = run(&["export", bundled().to_str().expect("utf8"), "--to", gpkg.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    // Cut short: SQLite cannot read it, and the error says which file.
    let bytes = std::fs::read(&gpkg).expect("read");
    std::fs::write(path("cut.gpkg"), &bytes[..bytes.len() / 2]).expect("write");
    let cut = import(&path("cut.gpkg")).expect_err("truncated");
    assert!(cut.contains("cut.gpkg") && cut.contains("SQLite"), "{cut}");
    // Not SQLite at all, under the name.
    std::fs::write(path("text.gpkg"), "id,title\n").expect("write");
    let text_file = import(&path("text.gpkg")).expect_err("not a GeoPackage");
    assert!(text_file.contains("not a GeoPackage"), "{text_file}");
    // Reprojected to Web Mercator by GDAL: refused, with the way out.
    let mercator = path("mercator.gpkg");
    ogr2ogr(&[
        "-f",
        "GPKG",
        "-t_srs",
        "EPSG:3857",
        mercator.to_str().expect("utf8"),
        gpkg.to_str().expect("utf8"),
    ]);
    let refused = import(&mercator).expect_err("not WGS 84");
    assert!(refused.contains("3857") && refused.contains("-t_srs EPSG:4326"), "{refused}");
    // Another tool's table (GDAL's from a foreign GeoJSON): mapped like any other tool's fields.
    let foreign = path("foreign.geojson");
    std::fs::write(
        &foreign,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[37.62,55.75]},"properties":{"name":"Raid","when":"2021-05-04","deaths":3}}]}"#,
    )
    .expect("write");
    let theirs = path("theirs.gpkg");
    ogr2ogr(&["-f", "GPKG", theirs.to_str().expect("utf8"), foreign.to_str().expect("utf8")]);
    let imported =
        incident_atlas::io::import_path(&theirs, &incident_atlas::io::import::ImportOptions::default())
            .expect("imports");
    assert!(!imported.is_our_own());
    assert_eq!(imported.to_string(), "imported 1 of 1 features; 0 skipped");
    let raid = &imported.loaded.incidents[0];
    assert_eq!((raid.title.as_str(), raid.date.as_str(), raid.killed), ("Raid", "2021-05-04", Some(3)));
    assert_eq!(crate::support::point(raid), (55.75, 37.62));
}

/// kepler.gl types each CSV column by its values with type-analyzer (uber-web/type-analyzer,
/// `src/regex-list.js` and `src/analyzer.js`): a column is a geometry, and gets a layer of its own, when
/// its values match `isStringGeometry` or `isPairwisePointGeometry` with fewer than three misses (of
/// the first non-empty values) and at least one hit. Points come from the `latitude`/`longitude` pair by
/// name. Our CSV must give kepler.gl that one point layer, and no second one from `wkt`.
#[test]
fn kepler_gl_finds_one_point_layer_in_our_csv_and_its_time_column() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("atlas.csv");
    let out = run(&["export", bundled().to_str().expect("utf8"), "--to", csv.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    let mut reader = csv::Reader::from_path(&csv).expect("opens");
    let names: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("rows");
    let string_geometry =
        regex::Regex::new(r"^(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON)")
            .expect("re");
    let pairwise_point = regex::Regex::new(r"(\+|\-)?\d*\.\d*,( )?(\+|\-)?\d*\.\d*").expect("re");
    let is_geometry_for = |re: &regex::Regex, column: usize| {
        let values: Vec<&str> = rows.iter().map(|r| &r[column]).filter(|v| !v.is_empty()).collect();
        let mut strikes = values.len().min(3);
        let mut hits = 0;
        for v in &values {
            if re.is_match(v) {
                hits += 1;
            } else {
                strikes -= 1;
            }
            if strikes == 0 {
                break;
            }
        }
        strikes > 0 && hits > 0
    };
    for (k, name) in names.iter().enumerate() {
        assert!(
            !is_geometry_for(&string_geometry, k) && !is_geometry_for(&pairwise_point, k),
            "kepler.gl would make a layer of column {name}"
        );
    }
    assert!(names.contains(&"latitude".to_owned()) && names.contains(&"longitude".to_owned()));
    // The MultiPoint incidents keep every place in `wkt`, which GDAL and we read.
    let wkt = names.iter().position(|n| n == "wkt").expect("wkt");
    assert!(rows.iter().any(|r| r[wkt].starts_with("multipoint((")), "a multipoint is written");
    // `start_utc` in the ISO 8601 form kepler.gl's time detection takes (`YYYY-MM-DDTHH:mm:ssZ`).
    let start = names.iter().position(|n| n == "start_utc").expect("start_utc");
    let iso = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$").expect("re");
    assert!(rows.iter().all(|r| iso.is_match(&r[start])), "every start is an ISO 8601 UTC time");
}

/// The Python with pyarrow that reads our GeoParquet: `ATLAS_PYARROW_PYTHON` (`.ci/run` makes a
/// virtualenv from PyPI and sets it), else a `python3` that has pyarrow; `None` when there is neither.
fn pyarrow_python() -> Option<String> {
    if let Ok(python) = std::env::var("ATLAS_PYARROW_PYTHON") {
        return Some(python);
    }
    let has = Command::new("python3").args(["-c", "import pyarrow"]).output();
    has.is_ok_and(|o| o.status.success()).then(|| "python3".to_owned())
}

/// What pyarrow reads from our GeoParquet of the bundled dataset, as JSON.
const PYARROW_READS: &str = r#"
import json, struct, sys
import pyarrow.parquet as pq
path = sys.argv[1]
table = pq.read_table(path)
meta = pq.read_metadata(path)
geo = json.loads(table.schema.metadata[b"geo"])
geometry = table.column("geometry").to_pylist()
first = next(g for g in geometry if g is not None)
order, kind = struct.unpack_from("<BI", first)
leaf = meta.row_group(0).column(1)
print(json.dumps({
    "rows": table.num_rows,
    "geo": geo,
    "types": {f.name: str(f.type) for f in table.schema},
    "null_geometries": sum(g is None for g in geometry),
    "first_wkb": [order, kind, *struct.unpack_from("<dd", first, 5)],
    "ids": table.column("id").to_pylist(),
    "second_leaf": leaf.path_in_schema,
    "second_leaf_has_statistics": leaf.statistics is not None and leaf.statistics.has_min_max,
}))
"#;

#[test]
fn pyarrow_reads_our_geoparquet_with_its_geoparquet_1_1_metadata() {
    let Some(python) = pyarrow_python() else {
        incident_atlas::say_err!(
            "skipped: no Python with pyarrow (set ATLAS_PYARROW_PYTHON; .ci/run makes one)"
        );
        return;
    };
    let original = incident_atlas::io::read_path(&bundled()).expect("read").incidents;
    let dir = tempfile::tempdir().expect("dir");
    let parquet = dir.path().join("atlas.parquet");
    let out = run(&["export", bundled().to_str().expect("utf8"), "--to", parquet.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    let read = Command::new(&python).args(["-c", PYARROW_READS]).arg(&parquet).output().expect("python runs");
    assert!(read.status.success(), "pyarrow: {}", String::from_utf8_lossy(&read.stderr));
    let seen: serde_json::Value = serde_json::from_slice(&read.stdout).expect("JSON from the script");
    assert_eq!(seen["rows"], original.len());
    let geo = &seen["geo"];
    assert_eq!(geo["version"], "1.1.0");
    assert_eq!(geo["primary_column"], "geometry");
    let column = &geo["columns"]["geometry"];
    assert_eq!(column["encoding"], "WKB");
    assert_eq!(column["geometry_types"], serde_json::json!(["MultiPoint", "Point"]));
    assert!(column.get("crs").is_none(), "no crs: OGC:CRS84 by the specification");
    assert_eq!(column["covering"]["bbox"]["ymax"], serde_json::json!(["bbox", "ymax"]));
    // The dataset's bounds, from the incidents themselves.
    let positions: Vec<_> = original.iter().flat_map(|i| i.geometry.positions().to_vec()).collect();
    let fold = |f: fn(f64, f64) -> f64, of: fn(&incident_atlas::model::Position) -> f64| {
        positions.iter().map(of).reduce(f).expect("some place")
    };
    let bounds = [
        fold(f64::min, |p| p.lon),
        fold(f64::min, |p| p.lat),
        fold(f64::max, |p| p.lon),
        fold(f64::max, |p| p.lat),
    ];
    assert_eq!(column["bbox"], serde_json::json!(bounds));
    let types = &seen["types"];
    assert_eq!(types["geometry"], "binary");
    assert_eq!(
        types["bbox"],
        "struct<xmin: double not null, ymin: double not null, xmax: double not null, ymax: double not null>"
    );
    assert_eq!(types["killed"], "int64");
    assert_eq!(types["uncertainty_m"], "double");
    assert_eq!(types["start_utc"], "timestamp[ms, tz=UTC]");
    assert_eq!(seen["null_geometries"], original.iter().filter(|i| !i.geometry.is_located()).count());
    // The first located incident's WKB: little-endian, a point or multipoint, its longitude and latitude.
    let first = original.iter().find(|i| i.geometry.is_located()).expect("located");
    let wkb = &seen["first_wkb"];
    assert_eq!(wkb[0], 1);
    if let incident_atlas::model::Geometry::Point(p) = &first.geometry {
        assert_eq!((wkb[1].as_u64(), wkb[2].as_f64(), wkb[3].as_f64()), (Some(1), Some(p.lon), Some(p.lat)));
    }
    let ids: Vec<&str> = original.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(seen["ids"], serde_json::json!(ids), "rows in the dataset's order");
    assert_eq!(seen["second_leaf"], "bbox.xmin");
    assert_eq!(seen["second_leaf_has_statistics"], true, "row-group statistics let readers skip by bbox");
}

/// QGIS users still send Shapefiles: GDAL's Shapefile of our located points (its `.dbf` names cut to
/// ten characters, texts to 254 bytes, UTF-8 in its `.cpg`, WGS 84 in its `.prj`) imports with the same
/// titles, dates, places, categories and counts.
#[test]
fn gdals_shapefile_of_our_points_imports_with_titles_dates_places_and_counts() {
    let original = incident_atlas::io::read_path(&bundled()).expect("read").incidents;
    let points: Vec<_> =
        original.iter().filter(|i| matches!(i.geometry, incident_atlas::model::Geometry::Point(_))).collect();
    let dir = tempfile::tempdir().expect("dir");
    let shp = dir.path().join("points.shp");
    let shp_text = shp.to_str().expect("utf8");
    ogr2ogr(&[
        "-f",
        "ESRI Shapefile",
        "-lco",
        "ENCODING=UTF-8",
        "-where",
        "OGR_GEOMETRY='POINT'",
        "-select",
        "id,title,date,place,category,killed,injured,description",
        shp_text,
        bundled().to_str().expect("utf8"),
    ]);
    assert!(dir.path().join("points.prj").exists() && dir.path().join("points.cpg").exists());
    let back = incident_atlas::io::import_path(&shp, &incident_atlas::io::import::ImportOptions::default())
        .expect("imports");
    assert_eq!(back.skipped(), 0, "{:?}", back.loaded.diagnostics);
    assert_eq!(back.loaded.incidents.len(), points.len());
    for (theirs, ours) in back.loaded.incidents.iter().zip(&points) {
        assert_eq!(theirs.title, ours.title);
        assert_eq!(theirs.date, ours.date, "{}", ours.id);
        assert_eq!(theirs.geometry, ours.geometry, "{}", ours.id);
        assert_eq!((theirs.killed, theirs.injured), (ours.killed, ours.injured), "{}", ours.id);
        assert_eq!(theirs.category, ours.category, "{}", ours.id);
        // `description` is `descriptio` in a .dbf; it is still the description, cut by GDAL to the 254
        // bytes a .dbf text field holds.
        let (theirs, ours) =
            (theirs.description.as_deref().unwrap_or(""), ours.description.as_deref().unwrap_or(""));
        assert!(ours.starts_with(theirs) && (theirs == ours || theirs.len() > 250), "{theirs:?} of {ours:?}");
    }
    // The same points projected to UTM zone 37N by GDAL: its .prj says so, and the import refuses it.
    let utm = dir.path().join("utm.shp");
    ogr2ogr(&["-f", "ESRI Shapefile", "-t_srs", "EPSG:32637", utm.to_str().expect("utf8"), shp_text]);
    let refused =
        incident_atlas::io::import_path(&utm, &incident_atlas::io::import::ImportOptions::default())
            .expect_err("refused")
            .to_string();
    assert!(refused.contains("UTM") && refused.contains("ogr2ogr -t_srs EPSG:4326"), "{refused}");
    // Without its .dbf, the error names the missing file.
    std::fs::remove_file(dir.path().join("points.dbf")).expect("remove");
    let missing =
        incident_atlas::io::import_path(&shp, &incident_atlas::io::import::ImportOptions::default())
            .expect_err("refused")
            .to_string();
    assert!(missing.contains("points.dbf is missing"), "{missing}");
}

/// The issue's chain: GeoJSON → our KML → `ogr2ogr` GeoPackage → ours → our GeoPackage → our CSV → ours.
/// What GDAL can see of a KML (the located incidents; the unlocated are in the document's data, which
/// GDAL does not read, and the export says so) comes back unchanged, in order.
#[test]
fn the_bundled_dataset_survives_kml_gdal_geopackage_ours_and_csv_unchanged() {
    let original = incident_atlas::io::read_path(&bundled()).expect("read").incidents;
    let located: Vec<_> = original.iter().filter(|i| i.geometry.is_located()).cloned().collect();
    let dir = tempfile::tempdir().expect("dir");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf8").to_owned();
    let step = |from: &str, to: &str| {
        let out = run(&["export", from, "--to", to]);
        assert!(out.status.success(), "{from} → {to}: {}", text(&out));
    };
    step(bundled().to_str().expect("utf8"), &path("1.kml"));
    ogr2ogr(&["-f", "GPKG", &path("2-gdal.gpkg"), &path("1.kml")]);
    step(&path("2-gdal.gpkg"), &path("3.gpkg"));
    step(&path("3.gpkg"), &path("4.csv"));
    let back = incident_atlas::io::import_path(
        Path::new(&path("4.csv")),
        &incident_atlas::io::import::ImportOptions::default(),
    )
    .expect("imports");
    assert!(back.is_our_own(), "{:?}", back.mapping);
    assert_eq!(back.loaded.incidents, located);
}
