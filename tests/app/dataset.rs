//! The bundled dataset: complete, sourced, and faithful to the seed article.

use std::path::Path;

use incident_atlas::model::{Geometry, LocationPrecision};

use crate::support::bundled;

fn incidents() -> Vec<incident_atlas::model::Incident> {
    let loaded = incident_atlas::io::read_path(&bundled()).expect("bundled dataset reads");
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.incidents
}

#[test]
fn every_incident_cites_the_article_with_a_short_exact_quote() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_d5d4c53339ad0046.txt");
    // The seed article sits beside the checkout (as in CI); without it only the lengths are checked.
    let article = std::fs::read_to_string(&seed).ok();
    for i in incidents() {
        assert!(!i.sources.is_empty(), "{}: no source", i.id);
        for s in i.sources.iter() {
            let quote = s.quote.as_deref().unwrap_or_else(|| panic!("{}: source without a quote", i.id));
            let words = quote.split_whitespace().count();
            assert!((2..=12).contains(&words), "{}: quote of {words} words", i.id);
            if let Some(text) = &article {
                assert!(text.contains(quote), "{}: quote not found in the article: {quote}", i.id);
            }
            assert_eq!(s.published.as_deref(), Some("2024-04-03"));
        }
    }
}

#[test]
fn located_incidents_have_a_precision_and_the_key_sites_are_right() {
    let all = incidents();
    for i in &all {
        assert_eq!(i.geometry.is_located(), i.location_precision.is_some(), "{}", i.id);
    }
    let find = |id: &str| all.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("{id} missing"));
    let crocus = find("crocus-city-hall-attack-2024-03-22");
    assert_eq!(crocus.date.as_str(), "2024-03-22");
    assert_eq!(crocus.location_precision, Some(LocationPrecision::Site));
    let Geometry::Point(p) = crocus.geometry else { panic!("Crocus is a point") };
    assert!((p.lat - 55.826).abs() < 0.01 && (p.lon - 37.388).abs() < 0.01, "{p:?}");
    assert_eq!(find("metrojet-sinai-bombing-2015").killed, Some(224));
    assert!(
        matches!(find("fsb-three-city-plot-arrests-2016").geometry, Geometry::MultiPoint(ref ps) if ps.len() == 3)
    );
    // The article's "March 3, 2023" contradicts its own chronology; the record says why.
    let ingushetia = find("ingushetia-standoff-2024-03-03");
    assert_eq!(ingushetia.date.as_str(), "2024-03-03");
    assert!(ingushetia.notes.as_deref().unwrap_or_default().contains("2023"));
}

#[test]
fn the_dataset_spans_the_article_and_covers_its_kinds_of_event() {
    let all = incidents();
    let mut categories: Vec<&str> = all.iter().map(|i| i.category.as_str()).collect();
    categories.sort_unstable();
    categories.dedup();
    for c in ["arrest", "attack", "bombing", "raid", "statement", "warning"] {
        assert!(categories.contains(&c), "no {c}");
    }
    let years: Vec<i64> = all.iter().map(|i| i.date.interval().start / 31_556_952 + 1970).collect();
    assert!(years.contains(&1989) && years.contains(&2006) && years.contains(&2024));
    assert!(all.iter().any(|i| !i.geometry.is_located()), "statements without a place");
}

#[test]
fn the_shipped_briefing_fits_the_shipped_dataset() {
    // After changing the dataset on purpose, refresh the briefing's check with UPDATE_BRIEFING=1.
    let path = crate::support::shipped_briefing();
    let file = incident_atlas::state::briefing_file::read(&path).expect("the shipped briefing reads");
    let loaded = incident_atlas::io::read_path(&bundled()).expect("dataset");
    let store = incident_atlas::store::Store::new(loaded.incidents);
    if std::env::var_os("UPDATE_BRIEFING").is_some() {
        incident_atlas::state::briefing_file::write(&path, &file.briefing, &file.dataset, &store)
            .expect("write");
    }
    let file = incident_atlas::state::briefing_file::read(&path).expect("the shipped briefing reads");
    assert!(file.dataset_check.is_some(), "the shipped briefing records its dataset");
    assert_eq!(file.problems_with(&store), Vec::<String>::new());
    let n = file.briefing.scenes.len();
    assert!((6..=10).contains(&n), "{n} scenes");
    for scene in &file.briefing.scenes {
        assert!(!scene.caption.is_empty() && !scene.title.is_empty(), "{scene:?}");
    }
}
