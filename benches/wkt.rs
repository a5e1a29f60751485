//! Writing and reading the WKT of the located incidents among 100,000 from `synth` (about 98% points, 2%
//! multipoints of three places), as our CSV does for every incident. Run with `cargo bench --bench wkt`.

use criterion::{Criterion, criterion_group, criterion_main};
use incident_atlas::io::wkt;
use incident_atlas::model::Geometry;

const GEOMETRIES: usize = 100_000;

fn wkt_benches(c: &mut Criterion) {
    let geometries: Vec<Geometry> = incident_atlas::store::synth::generate(GEOMETRIES, 3)
        .into_iter()
        .map(|i| i.geometry)
        .filter(|g| !matches!(g, Geometry::None))
        .collect();
    let texts: Vec<String> = geometries.iter().map(wkt::write).collect();
    let mut group = c.benchmark_group("wkt");
    group.bench_function("write", |b| {
        b.iter(|| geometries.iter().map(wkt::write).map(|t| t.len()).sum::<usize>());
    });
    group.bench_function("read", |b| {
        b.iter(|| texts.iter().map(|t| wkt::read(t).map_or(0, |(g, _)| g.positions().len())).sum::<usize>());
    });
    group.finish();
}

criterion_group!(benches, wkt_benches);
criterion_main!(benches);
