//! Store tests: every indexed query is checked against a brute-force scan.

use proptest::prelude::*;

use super::*;
use crate::model::{EdtfDate, Geometry, Incident, Position, TimeInterval};

const CATS: [&str; 4] = ["attack", "arrest", "plot", "statement"];

fn date_text(kind: u8, year: u16, month: u8, day: u8, span: u8) -> String {
    match kind % 6 {
        0 => format!("{year:04}"),
        1 => format!("{year:04}-{month:02}"),
        2 => format!("{year:04}-{month:02}-{day:02}"),
        3 => format!("{year:04}-{month:02}/{:04}-{month:02}", year + u16::from(span % 15)),
        4 => format!("../{year:04}"),
        _ => format!("{year:04}-{month:02}-{day:02}T12:30+03:00"),
    }
}

prop_compose! {
    fn incident()(kind in 0u8..6, year in 1995u16..2025, month in 1u8..=12, day in 1u8..=28, span in 0u8..20,
                  cat in 0usize..4, located in 0u8..10, lon in -180.0f64..180.0, lat in -85.0f64..85.0,
                  lon2 in -180.0f64..180.0, killed in proptest::option::of(0u32..50),
                  word in proptest::sample::select(vec!["Moscow", "Kabul", "Sinai", "Grozny"]))
                 -> Incident {
        let date = EdtfDate::parse(&date_text(kind, year, month, day, span)).expect("valid");
        let mut i = Incident::new("x", format!("Event in {word}"), date, CATS[cat]);
        i.geometry = match located {
            0 => Geometry::None,
            1 => Geometry::MultiPoint(vec![Position { lon, lat }, Position { lon: lon2, lat }]),
            _ => Geometry::Point(Position { lon, lat }),
        };
        i.killed = killed;
        i
    }
}

fn brute(store: &Store, q: &Query) -> Vec<u32> {
    (0..u32::try_from(store.len()).expect("small"))
        .filter(|&i| {
            let inc = store.incident(i);
            let iv = inc.date.interval();
            q.window.is_none_or(|w| iv.overlaps(&w))
                && q.bbox.is_none_or(|b| {
                    store.points_of(i).iter().any(|c| {
                        b.parts()
                            .iter()
                            .any(|(lo, hi)| c[0] >= lo[0] && c[0] <= hi[0] && c[1] >= lo[1] && c[1] <= hi[1])
                    })
                })
                && q.categories.as_ref().is_none_or(|s| s.contains(store.category_of(i)))
                && q.min_casualties.is_none_or(|m| inc.casualties() >= m)
                && q.text.as_ref().is_none_or(|t| {
                    let title = inc.title.to_lowercase();
                    t.to_lowercase().split_whitespace().all(|w| title.contains(w))
                })
        })
        .collect()
}

fn year(y: i32) -> TimeInterval {
    EdtfDate::parse(&format!("{y:04}")).expect("year").interval()
}

proptest! {
    // No regression files: the top level of the repository stays as designed.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn indexed_queries_match_a_brute_force_scan(
        incidents in proptest::collection::vec(incident(), 0..300),
        from in 1990i32..2030, len in 0i32..8,
        use_window in any::<bool>(), use_bbox in any::<bool>(), wrap in any::<bool>(),
        cats in proptest::collection::vec(any::<bool>(), 4),
        min_cas in proptest::option::of(0u32..40),
        text in proptest::option::of(proptest::sample::select(vec!["moscow", "KABUL", "in s"])),
        lon0 in -180.0f64..180.0, lat0 in -85.0f64..60.0, w in 1.0f64..120.0, h in 1.0f64..60.0,
    ) {
        let store = Store::new(incidents);
        // Sorted by start time.
        for pair in (0..store.len().saturating_sub(1)).map(|i| (i, i + 1)) {
            let (a, b) = (u32::try_from(pair.0).expect("small"), u32::try_from(pair.1).expect("small"));
            prop_assert!(store.interval_of(a).start <= store.interval_of(b).start);
        }
        let window = TimeWindow { start: year(from).start, end: year(from + len).end };
        let max_lon = if wrap { lon0 - w } else { (lon0 + w).min(180.0) };
        let bbox = BBox { min_lon: lon0, min_lat: lat0, max_lon, max_lat: (lat0 + h).min(90.0) };
        let categories = CategorySet::from_codes(
            CATS.iter().zip(&cats).filter(|(_, on)| **on).filter_map(|(c, _)| store.category_code(c)),
        );
        let q = Query {
            window: use_window.then_some(window),
            bbox: use_bbox.then_some(bbox),
            categories: Some(categories),
            text: text.map(str::to_owned),
            min_casualties: min_cas,
            area: None,
        };
        prop_assert_eq!(store.visible(&q), brute(&store, &q));
        let wq = Query { window: Some(window), ..Query::default() };
        prop_assert_eq!(store.in_window(window), brute(&store, &wq));
        let bq = Query { bbox: Some(bbox), ..Query::default() };
        prop_assert_eq!(store.in_bbox(&bbox), brute(&store, &bq));
    }

    #[test]
    fn histogram_matches_a_brute_force_count(
        incidents in proptest::collection::vec(incident(), 0..200),
        bins in 1usize..60, from in 1990i32..2020, len in 0i32..10, only_first_category in any::<bool>(),
        use_window in any::<bool>(),
    ) {
        let store = Store::new(incidents);
        let (start, end) = (year(from).start, year(from + len).end);
        let edges = BinEdges::uniform(start, end, bins).expect("edges");
        let query = Query {
            categories: only_first_category.then(|| CategorySet::from_codes([0])),
            window: use_window.then_some(TimeWindow { start: year(from + 1).start, end: year(from + 3).end }),
            ..Query::default()
        };
        let h = store.histogram(&query, &edges);
        let shown = brute(&store, &query);
        let cats = store.categories().len().max(1);
        let mut want = vec![0f64; bins * cats];
        for i in shown {
            let iv = store.interval_of(i);
            let (s, e) = (iv.start.max(start), iv.end.min(end));
            if s >= e { continue; }
            let whole = if iv.start == crate::model::UNBOUNDED_PAST { (e - s) as f64 } else { (iv.end - iv.start) as f64 };
            for k in 0..bins {
                let (a, b) = (edges.edges()[k], edges.edges()[k + 1]);
                let overlap = b.min(e) - a.max(s);
                if overlap > 0 {
                    let share = overlap as f64 / whole;
                    want[k * cats + usize::from(store.category_of(i))] += share;
                }
            }
        }
        for (got, want) in h.counts.iter().zip(&want) {
            prop_assert!((f64::from(*got) - want).abs() < 1e-3, "got {got}, want {want}");
        }
    }
}

#[test]
fn a_year_date_overlaps_windows_inside_that_year() {
    let d = |s: &str| EdtfDate::parse(s).expect("date");
    let store = Store::new(vec![
        Incident::new("y", "Arrests", d("2016"), "arrest"),
        Incident::new("m", "Plot", d("2023-04"), "plot"),
        Incident::new("o", "Background", d("../2015"), "statement"),
    ]);
    assert_eq!(store.in_window(d("2016-07-14").interval()), vec![1]);
    assert_eq!(store.in_window(d("2023-04-30").interval()), vec![2]);
    assert_eq!(store.in_window(d("1950").interval()), vec![0]);
    assert!(store.in_window(d("2023-05").interval()).is_empty());
    let from_2016 = Query::window(d("2016").interval().start, i64::MAX);
    assert_eq!(store.shown(&from_2016).to_string(), "2 of 3 shown");
}

#[test]
fn located_split_and_categories() {
    let d = |s: &str| EdtfDate::parse(s).expect("date");
    let mut a = Incident::new("a", "A", d("2020"), "raid");
    a.geometry = Geometry::Point(Position::lat_lon(10.0, 10.0));
    let b = Incident::new("b", "B", d("2021"), "statement");
    let store = Store::new(vec![b, a]);
    assert_eq!(store.categories(), ["raid", "statement"]);
    let all: Vec<u32> = (0..2).collect();
    assert_eq!(store.located_split(&all), LocatedSplit { located: 1, unlocated: 1 });
    assert_eq!(store.find_id("b"), Some(1));
    let raids = CategorySet::from_codes(store.category_code("raid"));
    assert_eq!(store.by_categories(&raids), vec![0]);
}

#[test]
fn synthetic_store_uses_under_120_bytes_per_incident_for_columns_and_indexes() {
    let store = Store::new(synth::generate(20_000, 1));
    let per = store.index_bytes() / store.len();
    assert!(per < 120, "{per} bytes per incident");
}

#[test]
fn uniform_bins_find_their_bin() {
    let edges = BinEdges::uniform(0, 1000, 7).expect("edges");
    for t in 0..1000 {
        let k = edges.bin_of(t).expect("inside");
        assert!(edges.edges()[k] <= t && t < edges.edges()[k + 1]);
    }
    assert_eq!(edges.bin_of(1000), None);
    assert_eq!(edges.bin_of(-1), None);
    assert!(BinEdges::new(vec![3, 3]).is_none());
}

#[test]
fn many_categories_are_interned_in_sorted_order() {
    let incidents: Vec<Incident> = (0..300)
        .map(|k| {
            let date = EdtfDate::parse(&format!("{:04}", 1900 + k)).expect("year");
            Incident::new(format!("i{k}"), "T", date, format!("cat-{:03}", (k * 7) % 100))
        })
        .collect();
    let store = Store::new(incidents);
    assert_eq!(store.categories().len(), 100);
    assert!(store.categories().windows(2).all(|w| w[0] < w[1]));
    for i in 0..300u32 {
        let code = store.category_of(i);
        assert_eq!(store.categories()[usize::from(code)], store.incident(i).category);
    }
}

#[test]
fn an_area_query_keeps_exactly_the_incidents_of_that_country_and_region() {
    let store =
        Store::new(crate::store::synth::generate(3_000, 5)).with_area_locator(crate::state::area_around);
    let countries = store.areas().countries();
    let (country, count) = countries.first().cloned().expect("synthetic incidents fall in countries");
    let query =
        Query { area: Some(AreaQuery { country: country.clone(), region: None }), ..Query::default() };
    let found = store.visible(&query);
    assert_eq!(found.len(), count, "{country}");
    let regions = store.areas().regions(&country);
    let (region, in_region) = regions.first().cloned().expect("a region");
    let query = Query { area: Some(AreaQuery { country, region: Some(region) }), ..Query::default() };
    assert_eq!(store.visible(&query).len(), in_region);
}
