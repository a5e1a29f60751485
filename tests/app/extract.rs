//! The article assistant: drafts from the seed article measured against the curated dataset, and drafts
//! from an article of our own writing checked one by one.

use std::path::Path;

use incident_atlas::extract::extract;
use incident_atlas::model::{EdtfDate, Incident};

use crate::support::{bundled, run, text};

fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

fn first_point(incident: &Incident) -> Option<(f64, f64)> {
    incident.geometry.positions().first().map(|p| (p.lat, p.lon))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn drafts_from_the_seed_article_against_the_curated_dataset() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_d5d4c53339ad0046.txt");
    let Ok(article) = std::fs::read_to_string(&seed) else {
        incident_atlas::say_err!("the seed article is not beside the checkout; skipped");
        return;
    };
    let (found, drafts) = extract(&article, None, "IS vs Russia (blog)");
    assert_eq!(found.published.as_deref(), Some("2024-04-03"));
    assert_eq!(found.title, "Islamic State Escalates Anti-Russian Militant Campaign");
    let reference = incident_atlas::io::read_any(&bundled()).expect("dataset").incidents;

    // A draft and a curated incident are the same event when the incident's quote is in the draft's sentence.
    let quote = |i: &Incident| i.sources.iter().find_map(|s| s.quote.as_deref()).map(squash);
    let pairs: Vec<(&Incident, &Incident)> = reference
        .iter()
        .flat_map(|r| {
            drafts
                .iter()
                .filter(move |d| quote(r).is_some_and(|q| squash(&d.sentence).contains(&q)))
                .map(move |d| (r, &d.incident))
        })
        .collect();
    let found_events = reference.iter().filter(|r| pairs.iter().any(|(p, _)| p.id == r.id)).count();
    let useful = drafts.iter().filter(|d| pairs.iter().any(|(_, i)| i.id == d.incident.id)).count();
    let dates_equal = pairs.iter().filter(|(r, d)| r.date.as_str() == d.date.as_str()).count();
    let dates_overlap = pairs.iter().filter(|(r, d)| r.date.interval().overlaps(&d.date.interval())).count();
    let located: Vec<_> =
        pairs.iter().filter_map(|(r, d)| Some((first_point(r)?, first_point(d)?))).collect();
    let near = located.iter().filter(|(a, b)| distance_km(*a, *b) <= 150.0).count();
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    incident_atlas::say!(
        "extract on the seed article: {} drafts; event recall {found_events}/{} = {:.2}; precision {useful}/{} = {:.2}; \
         dates equal {dates_equal}/{} = {:.2}, overlapping {dates_overlap}/{} = {:.2}; places within 150 km {near}/{} = {:.2}",
        drafts.len(),
        reference.len(),
        share(found_events, reference.len()),
        drafts.len(),
        share(useful, drafts.len()),
        pairs.len(),
        share(dates_equal, pairs.len()),
        pairs.len(),
        share(dates_overlap, pairs.len()),
        located.len(),
        share(near, located.len()),
    );
    assert!(share(found_events, reference.len()) >= 0.7, "recall fell");
    assert!(share(useful, drafts.len()) >= 0.9, "precision fell");
    assert!(share(dates_overlap, pairs.len()) >= 0.75, "dates fell");
    assert!(share(near, located.len()) >= 0.6, "places fell");
    // Every quote is an exact phrase of its sentence, twelve words at most.
    for d in &drafts {
        let quote = d.incident.sources[0].quote.as_deref().expect("a quote");
        assert!(d.sentence.contains(quote) && quote.split_whitespace().count() <= 12, "{quote:?}");
    }
}

#[test]
fn drafts_from_an_article_of_our_own_are_right_one_by_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/article-own.txt");
    let article = std::fs::read_to_string(&path).expect("fixture");
    let (found, drafts) = extract(&article, None, "Field Desk");
    assert_eq!(found.published.as_deref(), Some("2024-10-14"));
    assert_eq!(found.title, "Flood Season Tests Emergency Crews Along the Volga");
    let summary: Vec<(String, String, Option<u32>, Option<u32>)> = drafts
        .iter()
        .map(|d| {
            (
                d.incident.date.as_str().to_owned(),
                d.incident.place.clone().unwrap_or_default(),
                d.incident.killed,
                d.incident.injured,
            )
        })
        .collect();
    let expect =
        |date: &str, place: &str| summary.iter().find(|(d, p, ..)| d == date && p.starts_with(place));
    assert!(expect("2024-09-02", "Samara").is_some(), "{summary:#?}");
    assert!(expect("2024-09-02", "Syzran").is_some(), "the same day: {summary:#?}");
    let landslide = expect("2024-09-03/2024-09-08", "Tolyatti").expect("less than a week later");
    assert_eq!(landslide.3, Some(3), "three injured");
    assert!(expect("2024-08", "Ulyanovsk").is_some(), "{summary:#?}");
    let kazan = expect("2019", "Kazan").expect("in 2019");
    assert_eq!(kazan.2, Some(2), "two killed");
    assert_eq!(drafts.len(), 5, "the sentence without a date or place makes no draft: {summary:#?}");
    assert!(EdtfDate::parse(&summary[0].0).is_ok());

    // The command writes the drafts as GeoJSON that reads back cleanly.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("drafts.geojson");
    let output = run(&["extract", path.to_str().expect("path"), "--to", out.to_str().expect("path")]);
    assert!(output.status.success(), "{}", text(&output));
    let back = incident_atlas::io::read_path(&out).expect("drafts read back");
    assert!(!back.has_errors(), "{:?}", back.diagnostics);
    assert_eq!(back.incidents.len(), 5);
}
