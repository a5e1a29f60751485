//! Every format we write and read back (GeoJSON, GeoJSON text sequences, CSV, GeoPackage, FlatGeobuf,
//! GeoParquet, KML) gives the identical dataset: a property test over datasets with
//! hostile text (quotes, newlines, commas, tabs, `<` and `&`, bidirectional marks, emoji, control
//! characters other than NUL), every date form and every geometry kind.
//!
//! `cargo test` runs 256 cases; a long run sets the count:
//! `PROPTEST_CASES=10000 cargo test --release --test app roundtrip`.

use std::path::Path;

use incident_atlas::io::formats::{Format, geojson, geojsonseq, write};
use incident_atlas::io::import::ImportOptions;
use incident_atlas::io::import_bytes;
use incident_atlas::model::{EdtfDate, Geometry, Incident, LocationPrecision, Position, Properties, Source};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Characters that break naive writers, with plain letters and spaces among them.
const HOSTILE: &[char] = &[
    'a', 'Z', ' ', '"', '\'', ',', ';', '\t', '\n', '\r', '<', '>', '&', '\\', '/', '[', ']', '{', '}', '#',
    '\u{200f}', '\u{202e}', '\u{feff}', '😀', 'é', 'ж', 'ع', '\u{1}', '\u{1b}', '\u{7f}', '\u{85}', '=', '+',
];

fn hostile_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(HOSTILE), 1..12)
        .prop_map(|cs| cs.into_iter().collect())
}

/// Text that our reader accepts where a value is required: something besides spaces.
fn required_text() -> impl Strategy<Value = String> {
    hostile_text().prop_map(|t| format!("{t}x"))
}

/// Every EDTF form we read: year, month, day, minute and second with and without a zone, intervals,
/// open and unknown ends, uncertain and approximate.
fn date() -> impl Strategy<Value = EdtfDate> {
    (0u8..12, 1900u16..2030, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60).prop_map(|(kind, y, m, d, h, min)| {
        let text = match kind {
            0 => format!("{y:04}"),
            1 => format!("{y:04}-{m:02}"),
            2 => format!("{y:04}-{m:02}-{d:02}"),
            3 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}"),
            4 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{min:02}Z"),
            5 => format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}+03:00"),
            6 => format!("{y:04}-{m:02}/{:04}-{m:02}", y + 1),
            7 => format!("../{y:04}-{m:02}-{d:02}"),
            8 => format!("{y:04}/.."),
            9 => format!("{y:04}?"),
            10 => format!("{y:04}-{m:02}~"),
            _ => format!("/{y:04}"),
        };
        EdtfDate::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"))
    })
}

fn position() -> impl Strategy<Value = Position> {
    (-90.0f64..=90.0, -180.0f64..=180.0).prop_map(|(lat, lon)| Position::lat_lon(lat, lon))
}

fn geometry() -> impl Strategy<Value = Geometry> {
    prop_oneof![
        Just(Geometry::None),
        position().prop_map(Geometry::Point),
        proptest::collection::vec(position(), 2..4).prop_map(Geometry::MultiPoint),
    ]
}

fn source() -> impl Strategy<Value = Source> {
    (
        required_text(),
        required_text(),
        proptest::option::of(hostile_text().prop_map(|t| format!("https://example.org/{}", t.len()))),
        proptest::option::of(Just("2024-04-03".to_owned())),
        proptest::option::of(required_text()),
    )
        .prop_map(|(publisher, title, url, published, quote)| Source {
            publisher,
            title,
            url,
            published,
            quote,
        })
}

/// A foreign property's value, with its JSON type: text, whole and fractional numbers, booleans, null,
/// lists and objects.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        hostile_text().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            proptest::collection::vec((required_text(), inner), 0..3)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

const PRECISIONS: [LocationPrecision; 6] = [
    LocationPrecision::Exact,
    LocationPrecision::Site,
    LocationPrecision::Town,
    LocationPrecision::District,
    LocationPrecision::Region,
    LocationPrecision::Country,
];

prop_compose! {
    fn incident()(
        (id, title, category) in (required_text(), required_text(), required_text()),
        date in date(),
        geometry in geometry(),
        (place, precision, uncertainty) in (
            proptest::option::of(required_text()),
            proptest::option::of(0usize..6),
            proptest::option::of(1.0f64..50_000.0),
        ),
        actors in proptest::collection::vec(hostile_text(), 0..3),
        (killed, injured) in (proptest::option::of(0u32..5_000), proptest::option::of(0u32..5_000)),
        (description, notes) in (proptest::option::of(required_text()), proptest::option::of(required_text())),
        sources in proptest::collection::vec(source(), 1..3),
        extra in proptest::collection::vec((required_text(), json_value()), 0..3),
        (created, updated) in (
            proptest::option::of(-2_000_000_000i64..4_000_000_000),
            proptest::option::of(-2_000_000_000i64..4_000_000_000),
        ),
    ) -> Incident {
        let mut i = Incident::new(id, title, date, category);
        i.location_precision = precision.filter(|_| geometry.is_located()).map(|k| PRECISIONS[k]);
        i.geometry = geometry;
        i.place = place;
        i.uncertainty_m = uncertainty;
        i.actors = actors.into();
        i.killed = killed;
        i.injured = injured;
        i.description = description;
        i.notes = notes;
        i.sources = sources.into();
        i.extra = Properties::from_map(&extra.into_iter().collect());
        i.created = created;
        i.updated = updated;
        i
    }
}

/// A dataset whose ids are unique (a repeated id is renamed on reading, by design).
fn dataset() -> impl Strategy<Value = Vec<Incident>> {
    proptest::collection::vec(incident(), 1..4).prop_map(|mut incidents| {
        for (k, i) in incidents.iter_mut().enumerate() {
            i.id = format!("{k}-{}", i.id);
        }
        incidents
    })
}

fn written(format: Format, incidents: &[Incident]) -> Vec<u8> {
    let mut out = Vec::new();
    write(format, &mut out, incidents).expect("write");
    out
}

/// 256 cases, or `PROPTEST_CASES` for a long run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn our_geojson_reads_back_to_the_same_dataset(incidents in dataset()) {
        let bytes = written(Format::GeoJson, &incidents);
        let back = geojson::read(&bytes, "x.geojson").expect("reads");
        let errors = crate::support::messages(&back.diagnostics, incident_atlas::io::Severity::Error);
        prop_assert!(errors.is_empty(), "{:?}", errors);
        prop_assert_eq!(back.incidents, incidents);
    }

    #[test]
    fn our_geojson_text_sequences_read_back_to_the_same_dataset(incidents in dataset()) {
        for (format, name) in [(Format::GeoJsonSeq, "x.geojsons"), (Format::GeoJsonLines, "x.geojsonl")] {
            let bytes = written(format, &incidents);
            let back = geojsonseq::read(&bytes, name).expect("reads");
            let errors = crate::support::messages(&back.diagnostics, incident_atlas::io::Severity::Error);
            prop_assert!(errors.is_empty(), "{:?}", errors);
            prop_assert_eq!(&back.incidents, &incidents);
            // Found by content, whatever the name.
            let imported = import_bytes(&bytes, Path::new("-"), "-", &ImportOptions::default()).expect("imports");
            prop_assert_eq!(&imported.loaded.incidents, &incidents);
        }
    }

    #[test]
    fn our_geopackage_flatgeobuf_geoparquet_and_kml_read_back_to_the_same_dataset(incidents in dataset()) {
        for format in [Format::GeoPackage, Format::FlatGeobuf, Format::GeoParquet, Format::Kml] {
            let bytes = written(format, &incidents);
            // Found by content, whatever the name.
            let back = import_bytes(&bytes, Path::new("-"), "-", &ImportOptions::default()).expect("reads");
            prop_assert!(back.is_our_own(), "{:?}: {:?}", format, back.mapping);
            prop_assert_eq!(back.skipped(), 0, "{:?}: {:?}", format, back.loaded.diagnostics);
            prop_assert_eq!(&back.loaded.incidents, &incidents, "{:?}", format);
        }
    }

    #[test]
    fn our_csv_reads_back_to_the_same_dataset(incidents in dataset()) {
        let bytes = written(Format::Csv, &incidents);
        // As written, and with the byte-order mark of `export --bom` before it.
        let marked = [incident_atlas::io::formats::csv::BOM.as_bytes(), &bytes].concat();
        for bytes in [bytes, marked] {
            let back = import_bytes(&bytes, Path::new("x.csv"), "x.csv", &ImportOptions::default()).expect("reads");
            prop_assert!(back.is_our_own(), "{:?}", back.mapping);
            prop_assert_eq!(back.skipped(), 0, "{:?}", back.loaded.diagnostics);
            prop_assert_eq!(&back.loaded.incidents, &incidents);
        }
    }
}

proptest! {
    // Each case runs `xmllint` once: fewer cases than the read-back tests.
    #![proptest_config(ProptestConfig::with_cases(cases().min(48)))]

    /// Every KML we write is valid against the OGC KML 2.2 schema (shipped in
    /// `tests/fixtures/kml-schema/`), hostile text and all.
    #[test]
    fn our_kml_is_valid_against_the_ogc_kml_2_2_schema(incidents in dataset()) {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("x.kml");
        std::fs::write(&path, written(Format::Kml, &incidents)).expect("write");
        crate::support::assert_valid_kml(&path);
    }
}

#[test]
fn a_foreign_propertys_json_types_survive_the_csv() {
    let mut i = Incident::new("a", "t", EdtfDate::parse("2016").expect("EDTF"), "c");
    i.sources = vec![Source::named("p", "t")].into();
    i.extra = Properties::from_map(
        json!({"mag": 1.09, "n": 3, "felt": null, "ok": true, "list": [1, "a"], "o": {"k": "v"}})
            .as_object()
            .expect("object"),
    );
    let bytes = written(Format::Csv, std::slice::from_ref(&i));
    let back = import_bytes(&bytes, Path::new("x.csv"), "x.csv", &ImportOptions::default()).expect("reads");
    assert_eq!(back.loaded.incidents, [i]);
}
