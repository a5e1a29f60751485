//! Importing a 1,000,000-row ACLED-shaped CSV (written by `synth`, 325 MB) into incidents, on every core,
//! and GDAL reading the same file side by side in the same run
//! (`ogrinfo -ro -al -so -oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude FILE`; skipped when
//! `ogrinfo` is not installed). Peak memory: `/usr/bin/time -v incident-atlas import FILE --dry-run`.
//! Run with `cargo bench --bench import`.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use incident_atlas::io::import::ImportOptions;
use incident_atlas::io::import_path;

/// The same allocator as the `incident-atlas` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 1_000_000;

fn write_csv(path: &Path) {
    let incidents = incident_atlas::store::synth::generate(ROWS, 1);
    incident_atlas::sys::write_atomically(path, |out| {
        incident_atlas::io::formats::acled::write(out, &incidents)
    })
    .expect("write the CSV");
}

fn gdal_seconds(path: &Path) -> Option<f64> {
    let started = Instant::now();
    let status = std::process::Command::new("ogrinfo")
        .args(["-ro", "-al", "-so", "-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude"])
        .arg(path)
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| started.elapsed().as_secs_f64())
}

fn import_benches(c: &mut Criterion) {
    // As the binary does.
    incident_atlas::sys::memory::use_small_pages();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("acled-1m.csv");
    write_csv(&path);
    let mut group = c.benchmark_group("import");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("ACLED CSV, 1,000,000 rows", |b| {
        b.iter_with_large_drop(|| {
            let imported = import_path(&path, &ImportOptions::default()).expect("import");
            assert_eq!(imported.loaded.incidents.len(), ROWS);
            imported
        });
    });
    group.finish();
    // Side by side, same file, same run: ours once more and GDAL's reading of it.
    let started = Instant::now();
    let imported = import_path(&path, &ImportOptions::default()).expect("import");
    let ours = started.elapsed().as_secs_f64();
    drop(imported);
    match gdal_seconds(&path) {
        Some(gdal) => incident_atlas::say!(
            "side by side on {ROWS} rows: incident-atlas {ours:.2} s, GDAL ogrinfo {gdal:.2} s (ours is {:.1}x faster)",
            gdal / ours
        ),
        None => incident_atlas::say!("side by side: ogrinfo is not installed; incident-atlas {ours:.2} s"),
    }
}

criterion_group!(benches, import_benches);
criterion_main!(benches);
