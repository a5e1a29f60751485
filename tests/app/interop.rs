//! GDAL's `ogrinfo` opens our `GeoJSON`, CSV and KML exports and counts every feature.

use std::path::Path;
use std::process::Command;

use crate::support::{bundled, run, text};

fn ogr_feature_count(path: &Path) -> usize {
    let out = Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(path)
        .output()
        .expect("ogrinfo runs (install gdal-bin; .ci/run does)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "ogrinfo failed on {}: {report}{}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    report
        .lines()
        .filter_map(|l| l.strip_prefix("Feature Count: "))
        .map(|n| n.trim().parse::<usize>().expect("a count"))
        .sum()
}

#[test]
fn gdal_reads_every_feature_of_each_export() {
    let expected = incident_atlas::io::read_path(&bundled()).expect("read").incidents.len();
    let dir = tempfile::tempdir().expect("dir");
    for ext in ["geojson", "csv", "kml"] {
        let out_path = dir.path().join(format!("export.{ext}"));
        let out =
            run(&["export", bundled().to_str().expect("utf8"), "--to", out_path.to_str().expect("utf8")]);
        assert!(out.status.success(), "{}", text(&out));
        assert_eq!(ogr_feature_count(&out_path), expected, "{ext}");
    }
}
