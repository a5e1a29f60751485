//! Store speed on 1,000,000 synthetic incidents: build, time window + category filter, bounding box
//! returning about 10,000 incidents, a 500-bin histogram, and one edit and its undo (in the store alone,
//! and through the app state, which also works out what is shown again). Run with
//! `cargo bench --bench store`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use incident_atlas::model::EdtfDate;
use incident_atlas::store::{BBox, BinEdges, CategorySet, Query, Store, synth};

const COUNT: usize = 1_000_000;

fn interval(text: &str) -> incident_atlas::model::TimeInterval {
    EdtfDate::parse(text).map_or_else(|e| panic!("{e}"), |d| d.interval())
}

/// A square box around Baghdad, grown until it holds about 10,000 incidents.
fn box_with_about_10k(store: &Store) -> (BBox, usize) {
    let (lat, lon) = (33.315, 44.366);
    let mut half = 0.01;
    loop {
        let b = BBox { min_lon: lon - half, min_lat: lat - half, max_lon: lon + half, max_lat: lat + half };
        let n = store.in_bbox(&b).len();
        if n >= 10_000 {
            return (b, n);
        }
        half *= 1.05;
    }
}

fn store_benches(c: &mut Criterion) {
    let incidents = synth::generate(COUNT, 1);
    let store = Store::new(incidents.clone());
    incident_atlas::say_err!(
        "store: {} incidents, {} bytes of columns and indexes per incident (text excluded)",
        store.len(),
        store.index_bytes() / store.len()
    );

    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("build 1M", |b| {
        b.iter_batched(|| incidents.clone(), |v| black_box(Store::new(v)), BatchSize::LargeInput);
    });
    group.finish();

    let cats = CategorySet::from_codes(["attack", "bombing"].iter().filter_map(|n| store.category_code(n)));
    let mut group = c.benchmark_group("store");
    for (label, window) in [("1 year", interval("2016")), ("25 years", interval("2000/2024"))] {
        let q = Query { window: Some(window), categories: Some(cats.clone()), ..Query::default() };
        incident_atlas::say_err!("window {label} + 2 categories: {} incidents", store.visible(&q).len());
        group.bench_function(format!("window {label} + categories"), |b| {
            b.iter(|| black_box(store.visible(&q)));
        });
    }

    let (bbox, n) = box_with_about_10k(&store);
    incident_atlas::say_err!("bbox query returns {n} incidents");
    group.bench_function("bbox ~10k", |b| b.iter(|| black_box(store.in_bbox(&bbox))));

    let span = interval("2000/2024");
    let edges = BinEdges::uniform(span.start, span.end, 500).unwrap_or_else(|| panic!("edges"));
    group.bench_function("histogram 500 bins, all", |b| {
        b.iter(|| black_box(store.histogram(&Query::default(), &edges)));
    });
    let filtered = Query { categories: Some(cats.clone()), ..Query::default() };
    group.bench_function("histogram 500 bins, 2 categories", |b| {
        b.iter(|| black_box(store.histogram(&filtered, &edges)));
    });
    group.finish();
}

/// One edit that moves an incident from the middle of time to near its start, and its undo: in the
/// store alone (and, for comparison, an edit of the title, which moves nothing), and as the app applies it (the step recorded, the store edited in place, and the shown
/// incidents found again). Each timed half runs with the other half untimed, so that every iteration
/// starts from the same dataset.
fn edit_benches(c: &mut Criterion) {
    use incident_atlas::state::{AppState, Command, Dataset, Edit};
    use std::time::{Duration, Instant};

    let incidents = synth::generate(COUNT, 1);
    let mut store = Store::new(incidents.clone());
    let middle = u32::try_from(COUNT / 2).unwrap_or(0);
    let mut moved = store.incident(middle).clone();
    moved.date = EdtfDate::parse("2001-01-02").unwrap_or_else(|e| panic!("{e}"));

    let mut group = c.benchmark_group("edit");
    group.sample_size(20);
    group.bench_function("store: replace with a new date, 1M", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let (old, at) = store.replace(middle, moved.clone()).unwrap_or_else(|| panic!("index"));
                spent += started.elapsed();
                black_box(store.replace(at, old));
            }
            spent
        });
    });

    let mut retitled = store.incident(middle).clone();
    retitled.title.push_str(" (checked)");
    group.bench_function("store: replace with a new title, 1M", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let (old, at) = store.replace(middle, retitled.clone()).unwrap_or_else(|| panic!("index"));
                spent += started.elapsed();
                black_box(store.replace(at, old));
            }
            spent
        });
    });

    let mut state = AppState::new(Dataset::new(incidents, "synthetic", Vec::new()));
    let change = || Command::Edit(Edit::Change(middle, Box::new(moved.clone())));
    for (label, timed_undo) in [("state: edit a date, 1M", false), ("state: undo it, 1M", true)] {
        group.bench_function(label, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    state.apply(change());
                    let edit = started.elapsed();
                    let started = Instant::now();
                    state.apply(Command::Undo);
                    let undo = started.elapsed();
                    spent += if timed_undo { undo } else { edit };
                }
                assert_eq!(state.history.undo_label(), None, "every edit undone");
                spent
            });
        });
    }

    // File ▸ Import ▸ Add to the data on screen: a thousand rows from another file join as one step.
    let arriving: Vec<_> = synth::generate(1_000, 7)
        .into_iter()
        .map(|mut i| {
            i.id.insert_str(0, "other-");
            i
        })
        .collect();
    group.sample_size(10);
    group.bench_function("state: add 1,000 imported incidents, 1M", |b| {
        b.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                let started = Instant::now();
                let plan = incident_atlas::state::merge(state.store(), arriving.clone());
                state.apply(Command::Edit(Edit::Add(plan.added)));
                spent += started.elapsed();
                state.apply(Command::Undo);
            }
            assert_eq!(state.store().len(), COUNT, "every import undone");
            spent
        });
    });
    // Delete of 1,000 picked rows spread through time, and its undo.
    let picked: Vec<u32> = (0..1_000).map(|n| n * u32::try_from(COUNT / 1_000).unwrap_or(1)).collect();
    for (label, timed_undo) in
        [("state: delete 1,000 picked, 1M", false), ("state: undo that delete, 1M", true)]
    {
        group.bench_function(label, |b| {
            b.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let started = Instant::now();
                    state.apply(Command::Edit(Edit::Delete(picked.clone())));
                    let delete = started.elapsed();
                    let started = Instant::now();
                    state.apply(Command::Undo);
                    let undo = started.elapsed();
                    spent += if timed_undo { undo } else { delete };
                }
                assert_eq!(state.store().len(), COUNT, "every delete undone");
                spent
            });
        });
    }
    group.finish();
}

criterion_group!(benches, store_benches, edit_benches);
criterion_main!(benches);
