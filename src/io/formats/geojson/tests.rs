use super::*;
use crate::model::{Geometry, Position};

fn full_incident() -> Incident {
    let mut i = Incident::new(
        "crocus-2024",
        "Gunmen storm Crocus City Hall — «концерт» ✓",
        EdtfDate::parse("2024-03-22T19:58+03:00").expect("date"),
        "attack",
    );
    i.geometry =
        Geometry::MultiPoint(vec![Position::lat_lon(55.8256, 37.3881), Position::lat_lon(-33.9, 151.2)]);
    i.place = Some("Krasnogorsk, Moscow Oblast, Россия".into());
    i.location_precision = Some(LocationPrecision::Site);
    i.uncertainty_m = Some(150.5);
    i.actors = vec!["ISKP".into(), "Four gunmen".into()].into();
    i.killed = Some(140);
    i.injured = Some(0);
    i.description = Some("Line one\nline two \"quoted\"".into());
    i.notes = Some("At least 140".into());
    i.sources = vec![Source {
        publisher: "Pub".into(),
        title: "T".into(),
        url: Some("https://example.org/a?b=c&d".into()),
        published: Some("2024-04-03".into()),
        quote: Some("at least 140 people were killed".into()),
    }]
    .into();
    i.extra.insert("custom_rank", json!({"nested": [1, 2.5, null, "x"]}));
    i.extra.insert("z_first", json!(true));
    i.created = Some(1_711_130_280);
    i.updated = Some(1_764_871_200);
    i
}

fn read_str(text: &str) -> Result<Loaded, Diagnostic> {
    read(text.as_bytes(), "test.geojson")
}

fn messages(text: &str) -> Vec<String> {
    match read_str(text) {
        Ok(l) => l.diagnostics.iter().map(ToString::to_string).collect(),
        Err(d) => vec![d.to_string()],
    }
}

fn collection(props: &str, geometry: &str) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","geometry":{geometry},"properties":{props}}}]}}"#
    )
}

const GOOD_PROPS: &str = r#"{"id":"a","title":"T","date":"2024-03-22","category":"attack","location_precision":"town","sources":[{"publisher":"P","title":"T"}]}"#;

#[test]
fn writing_then_reading_gives_the_same_incidents() {
    let mut minimal = Incident::new("m", "Minimal", EdtfDate::parse("2016").expect("date"), "statement");
    minimal.sources = vec![Source { publisher: "P".into(), ..Source::default() }].into();
    let mut point = minimal.clone();
    point.id = "p".into();
    point.geometry = Geometry::Point(Position::lat_lon(0.1 + 0.2, -179.999_999_9));
    point.location_precision = Some(LocationPrecision::Country);
    let incidents = vec![full_incident(), minimal, point];
    let mut bytes = Vec::new();
    write(&mut bytes, &incidents).expect("write");
    let loaded = read(&bytes, "round.geojson").expect("read");
    assert_eq!(loaded.incidents, incidents);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let mut again = Vec::new();
    write(&mut again, &loaded.incidents).expect("write");
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(&again),
        "byte-identical second write"
    );
    let keys = loaded.incidents[0].extra.keys();
    assert_eq!(keys, ["custom_rank", "z_first"], "unknown properties keep their order");
}

#[test]
fn reads_a_single_feature_and_feature_level_ids() {
    let text = r#"{"type":"Feature","id":7,"geometry":null,"properties":{"title":"T","date":"2020","category":"x","sources":[{"publisher":"P"}]}}"#;
    let loaded = read_str(text).expect("read");
    assert_eq!(loaded.incidents[0].id, "7");
}

#[test]
fn truncated_json_names_line_and_column() {
    let text = "{\"type\": \"FeatureCollection\",\n \"features\": [ {\"type\": \"Feat";
    let msg = &messages(text)[0];
    assert!(msg.starts_with("test.geojson: line 2, column"), "{msg}");
    assert!(msg.contains("truncated"), "{msg}");
}

#[test]
fn binary_and_non_geojson_input() {
    assert!(
        read(&[0x89, b'P', b'N', b'G', 0, 0, 1], "x.geojson")
            .expect_err("binary")
            .to_string()
            .contains("binary")
    );
    assert!(read(&[0xff, 0xfe, b'{'], "x.geojson").expect_err("latin").to_string().contains("not UTF-8"));
    assert!(read(b"", "x.geojson").expect_err("empty").to_string().contains("empty"));
    assert!(messages("[1,2]")[0].contains("top level is not an object"));
    assert!(messages(r#"{"type":"Polygon"}"#)[0].contains("expected a FeatureCollection"));
    assert!(messages(r#"{"type":"FeatureCollection"}"#)[0].contains("\"features\" array"));
    assert!(read("\u{feff}{\"type\":\"FeatureCollection\",\"features\":[]}".as_bytes(), "bom").is_ok());
    assert!(messages(r#"{"type":"FeatureCollection","features":{"a":1}}"#)[0].contains("\"features\" array"));
    assert!(messages(r#"{"type":"FeatureCollection","features":[]} []"#)[0].contains("trailing characters"));
}

#[test]
fn features_are_read_as_they_come_whatever_the_member_order() {
    let point = r#"{"type":"Point","coordinates":[37.6,55.7]}"#;
    let feature = format!(r#"{{"type":"Feature","geometry":{point},"properties":{GOOD_PROPS}}}"#);
    // "type" after "features", and other members around them.
    let later =
        format!(r#"{{"name":"x","features":[{feature}],"bbox":[0,0,1,1],"type":"FeatureCollection"}}"#);
    let loaded = read_str(&later).expect("collection");
    assert_eq!(loaded.incidents.len(), 1);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    // A lone feature at the top level is one incident.
    let lone = read_str(&feature).expect("feature");
    assert_eq!(lone.incidents[0].id, "a");
    // Features with the same sources share one list.
    let two = feature.replace(r#""id":"a""#, r#""id":"b""#);
    let both =
        read_str(&format!(r#"{{"type":"FeatureCollection","features":[{feature},{two}]}}"#)).expect("two");
    assert!(std::sync::Arc::ptr_eq(&both.incidents[0].sources, &both.incidents[1].sources));
}

#[test]
fn each_bad_value_gets_its_own_message() {
    let bad = |props: &str, geometry: &str| messages(&collection(props, geometry)).join("\n");
    let point = r#"{"type":"Point","coordinates":[37.6,55.7]}"#;
    assert!(
        bad(GOOD_PROPS, r#"{"type":"Point","coordinates":[37.6,95]}"#).contains(
            "test.geojson: feature 1 (a): geometry.coordinates: latitude 95 out of range (-90 to 90)"
        )
    );
    assert!(
        bad(GOOD_PROPS, r#"{"type":"Point","coordinates":["east",55]}"#)
            .contains("geometry.coordinates: longitude \"east\" is not a number")
    );
    assert!(
        bad(GOOD_PROPS, r#"{"type":"Point","coordinates":[200,5]}"#).contains("longitude 200 out of range")
    );
    assert!(
        bad(GOOD_PROPS, r#"{"type":"Polygon","coordinates":[]}"#).contains("\"Polygon\" is not supported")
    );
    assert!(
        bad(&GOOD_PROPS.replace("2024-03-22", "2023-13"), point)
            .contains("feature 1 (a): date: month 13 out of range (1–12) in \"2023-13\"")
    );
    assert!(bad(&GOOD_PROPS.replace(r#""id":"a","#, ""), point).contains("feature 1: id: missing"));
    assert!(bad(&GOOD_PROPS.replace(r#""title":"T","#, ""), point).contains("feature 1 (a): title: missing"));
    assert!(bad(&GOOD_PROPS.replace(r#""category":"attack","#, ""), point).contains("category: missing"));
    assert!(
        bad(&GOOD_PROPS.replace("}]}", r#"}],"killed":"at least 140"}"#), point)
            .contains("killed: must be a whole number")
    );
    assert!(
        bad(&GOOD_PROPS.replace("town", "village"), point).contains("unknown location precision \"village\"")
    );
    assert!(
        bad(&GOOD_PROPS.replace(r#""publisher":"P","#, ""), point).contains("sources[0].publisher: missing")
    );
    assert!(bad(&GOOD_PROPS.replace(r#""title":"T"}"#, r#""title":"T","quote":"one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"}"#), point)
        .contains("sources[0].quote: warning: 15 words"));
    assert!(
        bad(&GOOD_PROPS.replace(r#""sources":[{"publisher":"P","title":"T"}]"#, r#""sources":[]"#), point)
            .contains("sources: warning: no source")
    );
}

#[test]
fn errors_skip_the_feature_and_keep_the_rest() {
    let good = r#"{"type":"Feature","geometry":null,"properties":{"id":"ok","title":"T","date":"2020","category":"c","sources":[{"publisher":"P"}]}}"#;
    let dup = good.replace("\"T\"", "\"Other\"");
    let bad = good.replace("\"ok\"", "\"bad\"").replace("2020", "2020-02-30");
    let text = format!(r#"{{"type":"FeatureCollection","features":[{good},{bad},{dup}]}}"#);
    let loaded = read_str(&text).expect("read");
    assert_eq!(loaded.incidents.len(), 1);
    assert_eq!(loaded.incidents[0].title, "T");
    let all: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(all[0].contains("feature 2 (bad): date: day 30 out of range for February 2020"));
    assert!(all[1].contains("feature 3 (ok): id: duplicate id: feature 1 has the same id"));
    assert!(loaded.has_errors());
}

#[test]
fn three_d_positions_and_empty_multipoints() {
    let loaded = read_str(&collection(GOOD_PROPS, r#"{"type":"Point","coordinates":[37.6,55.7,120.0]}"#))
        .expect("read");
    assert_eq!(loaded.incidents[0].geometry, Geometry::Point(Position::lat_lon(55.7, 37.6)));
    let loaded =
        read_str(&collection(GOOD_PROPS, r#"{"type":"MultiPoint","coordinates":[]}"#)).expect("read");
    assert_eq!(loaded.incidents[0].geometry, Geometry::None);
    assert_eq!(loaded.diagnostics.len(), 1);
}

#[test]
fn edit_times_are_ours_only_when_they_read_as_utc_times() {
    let written = feature(&full_incident());
    assert_eq!(written["properties"]["created"], json!("2024-03-22T17:58:00Z"));
    assert_eq!(written["properties"]["updated"], json!("2025-12-04T18:00:00Z"));
    let never_edited = feature(&Incident::new("n", "N", EdtfDate::parse("2016").expect("date"), "raid"));
    assert_eq!(never_edited["properties"].get("created"), None, "left out when unknown");

    // Any offset is read as UTC; a feed's own `updated` in epoch milliseconds is not ours and is kept.
    let props =
        GOOD_PROPS.replacen('{', r#"{"created":"2024-03-22T20:58:00.250+03:00","updated":1478198670585,"#, 1);
    let loaded = read_str(&collection(&props, "null")).expect("reads");
    let incident = &loaded.incidents[0];
    assert_eq!(incident.created, Some(1_711_130_280));
    assert_eq!(incident.updated, None);
    assert_eq!(incident.extra.get("updated"), Some(json!(1_478_198_670_585_u64)));
}
