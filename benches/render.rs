//! Offscreen pictures through wgpu (Mesa's lavapipe here): a 1920x1080 scene of the shipped briefing
//! from nothing (graphics device, basemap tiles, drawing, read-back) and from a warm renderer, and one
//! 4K picture. The command line adds process start-up and PNG encoding; time it with
//! `time incident-atlas render data/is-vs-russia.briefing.json --scene 8 --out x.png`.
//! Run with `cargo bench --bench render`.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use incident_atlas::state::{AppState, Command, Dataset};
use incident_atlas::ui::export::PictureRenderer;
use incident_atlas::ui::presentation::{PictureContent, PictureView};

fn briefing_state() -> AppState {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = incident_atlas::state::briefing_file::read(&root.join("data/is-vs-russia.briefing.json"))
        .expect("briefing");
    let loaded = incident_atlas::io::read_path(&file.dataset).expect("dataset");
    let mut state = AppState::new(Dataset::new(loaded.incidents, "is-vs-russia", Vec::new()));
    state.apply(Command::ReplaceBriefing(Box::new(file.briefing)));
    state
}

fn render_benches(c: &mut Criterion) {
    let state = briefing_state();
    let mut group = c.benchmark_group("render");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("1920x1080 scene 8, cold (device, tiles, draw, read back)", |b| {
        b.iter(|| {
            let mut scene = state.clone();
            scene.apply(Command::JumpToScene(7));
            let view = PictureView::new(scene, None, PictureContent::default());
            let mut renderer = PictureRenderer::new(view, 1920, 1080, true).expect("renderer");
            renderer.render().expect("picture")
        });
    });
    let view = PictureView::new(state.clone(), None, PictureContent::default());
    let mut renderer = PictureRenderer::new(view, 1920, 1080, true).expect("renderer");
    let mut k = 0;
    group.bench_function("1920x1080 next scene, warm renderer", |b| {
        b.iter(|| {
            k = (k + 1) % 8;
            renderer.view_mut().state.apply(Command::JumpToScene(k));
            renderer.render().expect("picture")
        });
    });
    group.bench_function("3840x2160 scene 8, cold", |b| {
        b.iter(|| {
            let mut scene = state.clone();
            scene.apply(Command::JumpToScene(7));
            let view = PictureView::new(scene, None, PictureContent::default());
            let mut renderer = PictureRenderer::new(view, 3840, 2160, true).expect("renderer");
            renderer.render().expect("picture")
        });
    });
    group.finish();
}

criterion_group!(benches, render_benches);
criterion_main!(benches);
