//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use egui_kittest::Harness;
use incident_atlas::ui::AtlasApp;

/// A file in `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The bundled dataset.
pub fn bundled() -> PathBuf {
    PathBuf::from(incident_atlas::io::bundled::PATH)
}

/// Runs the `incident-atlas` binary with arguments.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_incident-atlas")).args(args).output().expect("the binary runs")
}

/// Standard output and error of a run, as one string.
pub fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// The shipped briefing.
pub fn shipped_briefing() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/is-vs-russia.briefing.json")
}

/// The app in a 1600x1000 dark window, after its first frames.
pub fn harness(app: AtlasApp) -> Harness<'static, AtlasApp> {
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_theme(egui::Theme::Dark)
        .with_max_steps(500)
        .build_ui_state(|ui, app: &mut AtlasApp| app.app_ui(ui), app);
    harness.run();
    harness
}

/// Steps the app while `busy` says a job on another thread is still running (at most about 10 s, for a
/// machine busy with the other tests).
pub fn wait_while(h: &mut Harness<'_, AtlasApp>, busy: impl Fn(&AtlasApp) -> bool) {
    for _ in 0..500 {
        h.step();
        if !busy(h.state()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
}

/// The imported incident with this id.
pub fn by_id<'a>(
    imported: &'a incident_atlas::io::import::Imported,
    id: &str,
) -> &'a incident_atlas::model::Incident {
    imported.loaded.incidents.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no incident {id}"))
}

/// An incident's point as (latitude, longitude); a test failure for any other geometry.
pub fn point(incident: &incident_atlas::model::Incident) -> (f64, f64) {
    match &incident.geometry {
        incident_atlas::model::Geometry::Point(p) => (p.lat, p.lon),
        other => panic!("{}: not a point: {other:?}", incident.id),
    }
}

/// The problems of one severity, as the report prints them.
pub fn messages(
    diagnostics: &[incident_atlas::io::Diagnostic],
    severity: incident_atlas::io::Severity,
) -> Vec<String> {
    diagnostics.iter().filter(|d| d.severity == severity).map(ToString::to_string).collect()
}

/// Runs the binary with `input` on its standard input.
pub fn run_with_input(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_incident-atlas"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Written on its own thread, so that a child that answers before reading everything cannot block it.
    let writer = incident_atlas::sys::threads::spawn("test stdin", move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output().expect("the binary ends");
    writer.join().expect("writer");
    output
}

/// Asserts that `xmllint` finds the file valid against the OGC KML 2.2 schema in
/// `tests/fixtures/kml-schema/` (install `libxml2-utils`; `.ci/run` does).
pub fn assert_valid_kml(path: &Path) {
    let schema = fixture("kml-schema/ogckml22.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(path)
        .output()
        .expect("xmllint runs (install libxml2-utils; .ci/run does)");
    assert!(
        out.status.success(),
        "{} is not valid KML 2.2: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr).chars().take(2000).collect::<String>()
    );
}

/// Drags with the primary button from `from` to `to`, in ten moves, as a hand would.
pub fn drag(h: &mut Harness<'_, AtlasApp>, from: egui::Pos2, to: egui::Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for k in 1..=10u8 {
        h.hover_at(from + (to - from) * (f32::from(k) / 10.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
}
