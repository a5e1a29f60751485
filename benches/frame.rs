//! One frame of the app's own work (store queries, marker layout and painting, histogram, list and
//! panels, egui layout; no GPU) with 100,000 synthetic incidents, at world, region and city zoom, and
//! with the bundled dataset.
//! Run with `cargo bench --bench frame`.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use incident_atlas::state::{AppState, Dataset};
use incident_atlas::store::synth;
use incident_atlas::ui::{AtlasApp, Settings};

fn frame_benches(c: &mut Criterion) {
    let incidents = synth::generate(100_000, 1);
    let app =
        AtlasApp::new(AppState::new(Dataset::new(incidents, "synthetic", Vec::new())), Settings::default());
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut AtlasApp| app.app_ui(ui), app);
    harness.run_steps(3);
    let mut group = c.benchmark_group("frame 100k");
    for (label, lat, lon, zoom) in [
        ("world, zoom 2", 35.0, 45.0, 2.0),
        ("region, zoom 5", 34.5, 69.2, 5.0),
        ("city, zoom 10", 33.31, 44.37, 10.0),
    ] {
        harness.state_mut().set_map_view(lat, lon, zoom);
        harness.run_steps(2);
        group.bench_function(label, |b| b.iter(|| harness.step()));
    }
    group.finish();

    let bundled = AtlasApp::open(
        vec![std::path::PathBuf::from(incident_atlas::io::bundled::PATH)],
        Settings::default(),
    );
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut AtlasApp| app.app_ui(ui), bundled);
    harness.run_steps(5);
    c.bench_function("frame bundled dataset (32 incidents), fitted view", |b| b.iter(|| harness.step()));
}

criterion_group!(benches, frame_benches);
criterion_main!(benches);
