//! Embedded basemap speed: one 256-px tile at zoom 3, 6 and 10 over busy areas, and the first full
//! paint of a 1600x1000 view at zoom 5 (every tile it needs, rendered on two threads as the app does).
//! Run with `cargo bench --bench basemap`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use incident_atlas::basemap::{TileAddress, TileStyle, data, render_tile};
use incident_atlas::ui::theme::basemap_style;

/// Tiles covering a `width` x `height` view centred on a position at a zoom.
fn view_tiles(lat: f64, lon: f64, zoom: u8, width: f64, height: f64) -> Vec<TileAddress> {
    let centre = TileAddress::containing(lat, lon, zoom);
    let (cx, cy) = centre.pixel(lat, lon, 256);
    let world = f64::from(256u32 << zoom);
    let (px, py) = (f64::from(centre.x) * 256.0 + f64::from(cx), f64::from(centre.y) * 256.0 + f64::from(cy));
    let range =
        |from: f64, to: f64| ((from.max(0.0) / 256.0) as u32)..=((to.min(world - 1.0) / 256.0) as u32);
    let mut tiles = Vec::new();
    for x in range(px - width / 2.0, px + width / 2.0) {
        for y in range(py - height / 2.0, py + height / 2.0) {
            tiles.push(TileAddress { zoom, x, y });
        }
    }
    tiles
}

fn basemap_benches(c: &mut Criterion) {
    let basemap = data::embedded();
    let style: TileStyle = basemap_style(true);
    let mut group = c.benchmark_group("basemap");
    for (label, lat, lon, zoom) in [
        ("tile z3 Black Sea and Caucasus", 45.0, 40.0, 3),
        ("tile z6 North Caucasus", 43.3, 45.0, 6),
        ("tile z10 Moscow", 55.75, 37.62, 10),
        ("tile z6 Sinai", 30.5, 33.8, 6),
        ("tile z6 Kabul", 34.5, 69.2, 6),
    ] {
        let tile = TileAddress::containing(lat, lon, zoom);
        group.bench_function(label, |b| b.iter(|| black_box(render_tile(basemap, &style, tile, 256))));
    }
    group.sample_size(10);
    group.bench_function("parse the embedded data (once, at start)", |b| {
        b.iter(|| black_box(data::Basemap::parse(data::embedded_bytes())));
    });
    group.bench_function("simplify the 1:10m layers (once, at the first zoom 5 or 6 tile)", |b| {
        b.iter_batched(
            || data::Basemap::parse(data::embedded_bytes()).unwrap_or_default(),
            |fresh| black_box(fresh.simplified_layer(data::LayerKind::Land).map(|l| l.groups.len())),
            criterion::BatchSize::LargeInput,
        );
    });
    let tiles = view_tiles(50.0, 45.0, 5, 1600.0, 1000.0);
    incident_atlas::say_err!("a 1600x1000 view at zoom 5 needs {} tiles", tiles.len());
    group.sample_size(20);
    group.bench_function("first paint 1600x1000 z5, 2 threads", |b| {
        b.iter(|| {
            std::thread::scope(|scope| {
                for half in tiles.chunks(tiles.len().div_ceil(2)) {
                    incident_atlas::sys::threads::spawn_scoped(scope, "bench-tiles", move || {
                        for &t in half {
                            black_box(render_tile(basemap, &style, t, 256));
                        }
                    });
                }
            });
        });
    });
    group.finish();
}

criterion_group!(benches, basemap_benches);
criterion_main!(benches);
