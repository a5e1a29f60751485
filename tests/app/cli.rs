//! The command line, run as a user would.

use crate::support::{bundled, fixture, run, text};

#[test]
fn validate_passes_the_bundled_dataset() {
    let out = run(&["validate", bundled().to_str().expect("utf8 path")]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("no problems"));
}

#[test]
fn validate_names_file_feature_and_field_for_each_bad_input() {
    let cases = [
        ("latitude-95.geojson", "feature 1 (a): geometry.coordinates: latitude 95 out of range"),
        (
            "east-coordinate.geojson",
            "feature 1 (a): geometry.coordinates: longitude \"east\" is not a number",
        ),
        ("month-13.geojson", "feature 1 (a): date: month 13 out of range (1–12) in \"2023-13\""),
        ("missing-id.geojson", "feature 1: id: missing"),
        ("duplicate-id.geojson", "feature 2 (a): id: duplicate id: feature 1 has the same id"),
        ("missing-title.geojson", "feature 1 (a): title: missing"),
        ("truncated.geojson", "truncated"),
        ("binary.geojson", "binary data"),
    ];
    for (name, expected) in cases {
        let path = fixture(name);
        let out = run(&["validate", path.to_str().expect("utf8 path")]);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {shown}");
        assert!(shown.contains(expected), "{name}: expected {expected:?} in {shown}");
        assert!(shown.contains(name), "{name}: the message names the file: {shown}");
        assert!(!shown.contains("panicked"), "{name}: {shown}");
    }
}

#[test]
fn truncated_json_reports_line_and_column() {
    let out = run(&["validate", fixture("truncated.geojson").to_str().expect("utf8 path")]);
    assert!(text(&out).contains(": line "), "{}", text(&out));
    assert!(text(&out).contains(", column "), "{}", text(&out));
}

#[test]
fn missing_file_and_unknown_extension_fail_cleanly() {
    let out = run(&["stats", "/nonexistent/none.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("/nonexistent/none.geojson"), "{}", text(&out));
    let out = run(&["validate", "notes.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("unknown file format"), "{}", text(&out));
}

#[test]
fn stats_reports_counts_span_categories_and_precisions() {
    let out = run(&["stats", bundled().to_str().expect("utf8 path")]);
    assert!(out.status.success(), "{}", text(&out));
    let shown = text(&out);
    for part in [
        "incidents",
        "time span",
        "1989-01-01 to 2024-04-03",
        "located",
        "unlocated",
        "categories",
        "attack",
        "date precision",
        "location precision",
        "site",
    ] {
        assert!(shown.contains(part), "missing {part:?} in {shown}");
    }
}

#[test]
fn stats_lists_unknown_properties() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("extra.geojson");
    let text_in = std::fs::read_to_string(fixture("two-good.geojson")).expect("fixture").replacen(
        "\"category\": \"raid\"",
        "\"category\": \"raid\", \"acled_id\": \"RUS123\"",
        1,
    );
    std::fs::write(&path, text_in).expect("write");
    let out = run(&["stats", path.to_str().expect("utf8")]);
    assert!(text(&out).contains("unknown properties (kept)\n  acled_id              1"), "{}", text(&out));
    let copy = dir.path().join("copy.geojson");
    let out = run(&["export", path.to_str().expect("utf8"), "--to", copy.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::read_to_string(&copy).expect("copy").contains("\"acled_id\":\"RUS123\""));
}

#[test]
fn export_round_trips_the_bundled_dataset_through_geojson() {
    let dir = tempfile::tempdir().expect("dir");
    let first = dir.path().join("first.geojson");
    let second = dir.path().join("second.geojson");
    let src = bundled();
    assert!(
        run(&["export", src.to_str().expect("utf8"), "--to", first.to_str().expect("utf8")]).status.success()
    );
    assert!(
        run(&["export", first.to_str().expect("utf8"), "--to", second.to_str().expect("utf8")])
            .status
            .success()
    );
    let a = incident_atlas::io::read_path(&src).expect("read");
    let b = incident_atlas::io::read_path(&second).expect("read");
    assert_eq!(a.incidents, b.incidents);
    assert_eq!(std::fs::read(&first).expect("a"), std::fs::read(&second).expect("b"));
}

#[test]
fn export_refuses_a_file_with_errors_unless_asked() {
    let dir = tempfile::tempdir().expect("dir");
    let out_path = dir.path().join("out.csv");
    let bad = fixture("duplicate-id.geojson");
    let out = run(&["export", bad.to_str().expect("utf8"), "--to", out_path.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("--skip-invalid"), "{}", text(&out));
    assert!(!out_path.exists(), "nothing written");
    let out = run(&[
        "export",
        bad.to_str().expect("utf8"),
        "--to",
        out_path.to_str().expect("utf8"),
        "--skip-invalid",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("wrote 1 incidents"), "{}", text(&out));
}

#[test]
fn synth_is_reproducible_and_valid() {
    let dir = tempfile::tempdir().expect("dir");
    let a = dir.path().join("a.geojson");
    let b = dir.path().join("b.geojson");
    for p in [&a, &b] {
        let out = run(&["synth", "--count", "500", "--seed", "42", "--to", p.to_str().expect("utf8")]);
        assert!(out.status.success(), "{}", text(&out));
    }
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let out = run(&["validate", a.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("500 incidents"));
    let csv = dir.path().join("a.csv");
    let out = run(&["synth", "--count", "50", "--to", csv.to_str().expect("utf8")]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(std::fs::read_to_string(&csv).expect("csv").lines().count(), 51);
}

#[test]
fn every_subcommand_has_help() {
    for sub in ["validate", "stats", "export", "synth"] {
        let out = run(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}");
        assert!(text(&out).contains("Usage: incident-atlas"), "{sub}: {}", text(&out));
    }
}

/// Characters a terminal would act on instead of showing: controls other than newline and tab, and
/// bidirectional overrides, embeddings and isolates.
fn raw_controls(output: &str) -> Vec<char> {
    output
        .chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn escape_sequences_in_data_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().expect("temp dir");
    // ESC ] … BEL sets a terminal's title; ESC [ … is a CSI sequence; U+009B is the one-byte CSI; U+202E
    // turns the rest of a line around.
    let osc = "\u{1b}]0;pwned\u{7}";
    let csi = "\u{1b}[2J\u{9b}31m";
    let features = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]},
         "properties": {"id": format!("a{osc}"), "title": format!("T\u{202e}txt.exe"), "date": "2024-03-22",
                        "category": format!("attack{csi}"), "place": format!("Moscow\u{85}\u{1}"),
                        "location_precision": "town", format!("key\u{1b}[1m"): 1,
                        "sources": [{"publisher": "x", "title": "y", "url": "https://example.org", "published": "2024",
                                     "quote": "q"}]}},
        {"type": "Feature", "geometry": null,
         "properties": {"id": format!("b{osc}"), "title": "Bad", "date": format!("2024-13{csi}"),
                        "category": format!("x{osc}")}}
    ]});
    let geojson = dir.path().join("hostile.geojson");
    std::fs::write(&geojson, features.to_string()).expect("write");
    let csv = dir.path().join("hostile.csv");
    std::fs::write(&csv, format!("date,latitude,longitude,title{osc}\n2024-01-0{osc}1,55.7,37.6,x{csi}\n"))
        .expect("write");
    let g = geojson.to_str().expect("utf8 path");
    let out_png = dir.path().join("x.png");
    let out = dir.path().join("out.geojson");
    let runs: [Vec<&str>; 5] = [
        vec!["validate", g],
        vec!["stats", g],
        vec!["import", csv.to_str().expect("utf8"), "--to", out.to_str().expect("utf8")],
        vec!["import", g, "--to", out.to_str().expect("utf8")],
        vec!["render", g, "--size", "320x200", "--out", out_png.to_str().expect("utf8")],
    ];
    for args in &runs {
        let output = run(args);
        let shown = text(&output);
        assert!(raw_controls(&shown).is_empty(), "{args:?} printed {:?}:\n{shown}", raw_controls(&shown));
        // What was there is still said, escaped.
        assert!(!shown.trim().is_empty(), "{args:?} said nothing");
    }
    let validate = text(&run(&runs[0]));
    assert!(validate.contains("\\u{1b}]0;pwned\\u{7}"), "{validate}");
}

/// The temporary files of atomic writes in a folder.
fn temps_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| {
            n.starts_with(".incident-atlas-")
                && std::path::Path::new(n).extension().is_some_and(|e| e == "tmp")
        })
        .collect()
}

#[test]
fn a_writer_killed_at_any_moment_leaves_the_old_or_the_new_file_whole_and_no_temp_behind() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("out.geojson");
    let target_arg = target.to_str().expect("utf8 path").to_owned();
    let write = |seed: u64| {
        Command::new(env!("CARGO_BIN_EXE_incident-atlas"))
            .args(["synth", "--count", "5000", "--seed", &seed.to_string(), "--to", &target_arg])
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts")
    };
    // The two complete files a trial may leave: seed 1's and seed 2's.
    let started = Instant::now();
    assert!(write(2).wait().expect("runs").success());
    let whole_run = started.elapsed();
    let second = std::fs::read(&target).expect("written");
    assert!(write(1).wait().expect("runs").success());
    let first = std::fs::read(&target).expect("written");
    assert_ne!(first, second);
    let trials = 60;
    let mut killed_while_writing = 0;
    for k in 0..trials {
        let mut writer = write(1 + (k % 2));
        // Kill anywhere from the start to just after a whole run would have finished.
        std::thread::sleep(whole_run.mul_f64(f64::from(k as u32) / f64::from(trials as u32) * 1.1));
        let _ = writer.kill();
        let _ = writer.wait();
        let now = std::fs::read(&target).expect("the target is always there");
        assert!(
            now == first || now == second,
            "trial {k}: the target is neither file whole ({} bytes)",
            now.len()
        );
        killed_while_writing += usize::from(!temps_in(dir.path()).is_empty());
        std::thread::sleep(Duration::from_millis(5));
    }
    // The kills did land inside writes (or the test would not test anything).
    assert!(killed_while_writing >= 5, "only {killed_while_writing} of {trials} kills left a temporary file");
    // The next write removes what the killed writers left.
    assert!(write(2).wait().expect("runs").success());
    assert_eq!(std::fs::read(&target).expect("written"), second);
    assert_eq!(temps_in(dir.path()), Vec::<String>::new());
}

#[test]
fn exit_codes_say_ok_data_problem_or_usage_the_same_way_in_every_subcommand() {
    let dir = tempfile::tempdir().expect("temp dir");
    let header_only = dir.path().join("header-only.csv");
    std::fs::write(&header_only, "date,latitude,longitude,title\n").expect("write");
    let h = header_only.to_str().expect("utf8");
    let invalid = fixture("month-13.geojson").to_str().expect("utf8").to_owned();
    let folder = dir.path().to_str().expect("utf8");
    let out = |name: &str| dir.path().join(name).to_str().expect("utf8").to_owned();
    let good = bundled();
    let g = good.to_str().expect("utf8");
    let (png, csv, geojson) = (out("x.png"), out("x.csv"), out("x.geojson"));
    let cases: Vec<(Vec<&str>, i32)> = vec![
        (vec!["validate", g], 0),
        (vec!["stats", g], 0),
        (vec!["export", g, "--to", &csv], 0),
        // A file with nothing in it to import, export or draw is a data problem, for each of them.
        (vec!["import", h, "--to", &geojson], 1),
        (vec!["export", h, "--to", &csv], 1),
        (vec!["render", h, "--size", "64x48", "--out", &png], 1),
        // Records that cannot be read: stats still summarises the rest, and says so with its exit code.
        (vec!["stats", &invalid], 1),
        // A folder where a file is expected.
        (vec!["stats", folder], 1),
        (vec!["render", folder, "--size", "64x48", "--out", &png], 1),
        // Usage: flags the parser refuses, and values out of range.
        (vec!["export", "--bogus"], 2),
        (vec!["render", g, "--size", "0x48", "--out", &png], 2),
        (vec!["render", g, "--theme", "sepia", "--out", &png], 2),
        (vec!["import", g, "--format", "bogus", "--to", &geojson], 2),
    ];
    for (args, code) in cases {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {}", text(&output));
        let said = text(&output);
        // Each OS error is said once.
        assert!(said.matches("(os error").count() <= 1, "{args:?}: {said}");
    }
}

#[test]
fn pipes_carry_a_dataset_through_export_import_validate_and_stats_unchanged() {
    use crate::support::run_with_input;
    let bundled = crate::support::bundled();
    let original = incident_atlas::io::read_any(&bundled).expect("bundled").incidents;
    let bundled = bundled.to_str().expect("path");
    // export to standard output, in each format we read back.
    for format in ["geojson", "geojsons", "geojsonl", "csv"] {
        let out = run(&["export", bundled, "--to", "-", "--to-format", format]);
        assert!(out.status.success(), "{format}: {}", text(&out));
        // import from standard input (format found by content), to standard output as GeoJSON.
        let imported = run_with_input(&["import", "-", "--to", "-"], &out.stdout);
        assert!(imported.status.success(), "{format}: {}", text(&imported));
        let back = incident_atlas::io::formats::geojson::read(&imported.stdout, "back").expect("GeoJSON");
        assert_eq!(back.incidents, original, "{format} through two pipes");
        let checked = run_with_input(&["validate", "-"], &out.stdout);
        assert_eq!(
            String::from_utf8_lossy(&checked.stdout).trim(),
            "standard input: 32 incidents, no problems",
            "{format}"
        );
    }
    let stats = run(&["stats", bundled, "--json"]);
    assert!(stats.status.success(), "{}", text(&stats));
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("one JSON object");
    assert_eq!(stats["incidents"], 32);
    assert_eq!(stats["located"], serde_json::json!({"point": 16, "multipoint": 2}));
    assert_eq!(stats["categories"]["statement"], 11);
    assert_eq!(stats["problems"], serde_json::json!([]));
    // A bad feature, through standard input, as JSON: where, which field, what.
    let bad = br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"id":"a","title":"t","date":"2023-13","category":"c","sources":[{"publisher":"p","title":"t"}]}}]}"#;
    let checked = run_with_input(&["validate", "-", "--json"], bad);
    assert_eq!(checked.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&checked.stdout).expect("one JSON object");
    assert_eq!((report["incidents"].clone(), report["errors"].clone()), (0.into(), 1.into()));
    let problem = &report["problems"][0];
    assert_eq!((problem["feature"].clone(), problem["field"].clone()), (1.into(), "date".into()));
    assert_eq!(problem["severity"], "error");
    // Another tool's table is for `import`, and validate says so.
    let table = run_with_input(&["validate", "-"], b"title,date,lat,lon\nA,2020-01-01,1,2\n");
    assert_eq!(table.status.code(), Some(1));
    assert!(text(&table).contains("`import` reads other tools' files"), "{}", text(&table));
    // An unknown output format is a usage error.
    let unknown = run(&["export", bundled, "--to", "-", "--to-format", "xml"]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
}

#[test]
fn export_bom_marks_a_csv_for_excel_and_is_refused_for_other_formats() {
    let dir = tempfile::tempdir().expect("dir");
    let csv = dir.path().join("excel.csv");
    let src = bundled();
    let out = run(&["export", src.to_str().expect("utf8"), "--to", csv.to_str().expect("utf8"), "--bom"]);
    assert!(out.status.success(), "{}", text(&out));
    let bytes = std::fs::read(&csv).expect("written");
    assert!(bytes.starts_with(b"\xef\xbb\xbfid,title,date,"), "{:?}", &bytes[..12]);
    let back = incident_atlas::io::import_path(&csv, &incident_atlas::io::import::ImportOptions::default())
        .expect("reads");
    assert!(back.is_our_own(), "{:?}", back.mapping);
    assert_eq!(back.loaded.incidents, incident_atlas::io::read_path(&src).expect("read").incidents);
    let kml = dir.path().join("x.kml");
    let out = run(&["export", src.to_str().expect("utf8"), "--to", kml.to_str().expect("utf8"), "--bom"]);
    assert_eq!(out.status.code(), Some(2), "a usage error: {}", text(&out));
    assert!(text(&out).contains("--bom is for CSV output only"), "{}", text(&out));
    assert!(!kml.exists());
}
