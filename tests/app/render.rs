//! `incident-atlas render`: pictures of briefing scenes and datasets, and animations, with no display.

use std::path::Path;

use incident_atlas::state::briefing_file;
use incident_atlas::state::{AppState, Command, Dataset};
use incident_atlas::ui::theme;

use crate::support::{bundled, run, shipped_briefing, text};

/// Web Mercator: where `(lat, lon)` lands in a picture of `size` centred on `center` at `zoom`.
fn project(lat: f64, lon: f64, center: (f64, f64), zoom: f64, size: (u32, u32)) -> (f64, f64) {
    let world = 256.0 * 2f64.powf(zoom);
    let x = |lon: f64| (lon + 180.0) / 360.0 * world;
    let y = |lat: f64| {
        let phi = lat.to_radians();
        (0.5 - (std::f64::consts::FRAC_PI_4 + phi / 2.0).tan().ln() / std::f64::consts::TAU) * world
    };
    (f64::from(size.0) / 2.0 + x(lon) - x(center.1), f64::from(size.1) / 2.0 + y(lat) - y(center.0))
}

fn png_size(path: &Path) -> (u32, u32) {
    image::image_dimensions(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_scene_of_the_shipped_briefing_renders_with_markers_in_their_colours() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("scenes");
    let briefing_path = shipped_briefing();
    let args = ["render", briefing_path.to_str().expect("path"), "--all-scenes", "--size", "1280x720"];
    let output = run(&[&args[..], &["--out-dir", out.to_str().expect("path")]].concat());
    assert!(output.status.success(), "{}", text(&output));

    let file = briefing_file::read(&briefing_path).expect("briefing");
    let loaded = incident_atlas::io::read_path(&bundled()).expect("dataset");
    let mut state = AppState::new(Dataset::new(loaded.incidents, "is-vs-russia", Vec::new()));
    state.apply(Command::ReplaceBriefing(Box::new(file.briefing.clone())));
    let size = (1280, 720);
    let mut checked = 0;
    for (k, scene) in file.briefing.scenes.iter().enumerate() {
        let picture = out.join(format!("scene-{:02}.png", k + 1));
        assert_eq!(png_size(&picture), size, "{}", picture.display());
        let image = image::open(&picture).expect("png").to_rgba8();
        state.apply(Command::JumpToScene(k));
        let store = state.store();
        let selected = state.selection.expect("every shipped scene selects an incident");
        let Some(p) = store.points_of(selected).first().copied() else { continue };
        let (x, y) = project(f64::from(p[1]), f64::from(p[0]), (scene.lat, scene.lon), scene.zoom, size);
        // Only where no other shown marker sits within 30 pixels can the centre pixel be checked.
        let crowded =
            state.visible().iter().filter(|&&i| i != selected).flat_map(|&i| store.points_of(i).iter()).any(
                |q| {
                    let (qx, qy) =
                        project(f64::from(q[1]), f64::from(q[0]), (scene.lat, scene.lon), scene.zoom, size);
                    (qx - x).hypot(qy - y) < 30.0
                },
            );
        if crowded {
            continue;
        }
        let pixel = image.get_pixel(x.round() as u32, y.round() as u32).0;
        let category = &store.incident(selected).category;
        let want = theme::category_color(category, store.categories());
        let near = |a: u8, b: u8| a.abs_diff(b) <= 12;
        assert!(
            near(pixel[0], want.r()) && near(pixel[1], want.g()) && near(pixel[2], want.b()),
            "scene {}: pixel at ({x:.0}, {y:.0}) is {pixel:?}, the {category} colour is {want:?}",
            k + 1
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} scenes had an uncrowded selected marker");
}

#[test]
fn a_dataset_view_renders_at_the_asked_zoom_and_one_scene_at_its_size() {
    let dir = tempfile::tempdir().expect("temp dir");
    let picture = dir.path().join("march.png");
    let dataset = bundled();
    let output = run(&[
        "render",
        dataset.to_str().expect("path"),
        "--window",
        "2024-03/2024-03",
        "--center",
        "55.83,37.39",
        "--zoom",
        "9",
        "--size",
        "800x500",
        "--theme",
        "light",
        "--out",
        picture.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output));
    let image = image::open(&picture).expect("png").to_rgba8();
    assert_eq!(image.dimensions(), (800, 500));
    // Crocus City Hall is at the centre: the attack colour.
    let want = theme::category_color("attack", &["attack".to_owned()]);
    let pixel = image.get_pixel(400, 250).0;
    assert!(pixel[0].abs_diff(want.r()) <= 12 && pixel[1].abs_diff(want.g()) <= 12, "{pixel:?} vs {want:?}");

    let one = dir.path().join("one.png");
    let briefing_path = shipped_briefing();
    let output = run(&[
        "render",
        briefing_path.to_str().expect("path"),
        "--scene",
        "3",
        "--size",
        "640x360",
        "--out",
        one.to_str().expect("path"),
    ]);
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(png_size(&one), (640, 360));
}

#[test]
fn render_refuses_bad_arguments_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("x.png");
    let out = out.to_str().expect("path");
    let dataset = bundled();
    let dataset = dataset.to_str().expect("path");
    let briefing_path = shipped_briefing();
    let briefing_path = briefing_path.to_str().expect("path");
    // Exit code 2 for a command line that cannot be (as for the parser's own refusals), 1 for a file that
    // cannot be read.
    for (args, expected, code) in [
        (vec!["render", dataset, "--size", "0x10", "--out", out], "use WIDTHxHEIGHT", 2),
        (vec!["render", dataset, "--window", "2024-13", "--out", out], "--window \"2024-13\"", 2),
        (vec!["render", dataset, "--center", "95,10", "--zoom", "3", "--out", out], "--center \"95,10\"", 2),
        (vec!["render", briefing_path, "--scene", "9", "--out", out], "the briefing has scenes 1 to 8", 2),
        (vec!["render", dataset, "--scene", "1", "--out", out], "need a briefing", 2),
        (vec!["render", dataset, "--animate", "2015/2024", "--step", "2x", "--out", out], "is not a step", 2),
        (vec!["render", dataset, "--hide", "sky", "--out", out], "--hide \"sky\"", 2),
        (vec!["render", "missing.briefing.json", "--scene", "1", "--out", out], "missing.briefing.json", 1),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {}", text(&output));
        assert!(text(&output).contains(expected), "{args:?}: {}", text(&output));
        assert!(!text(&output).contains("panicked"), "{}", text(&output));
    }
    assert!(!Path::new(out).exists(), "nothing written");
}

#[test]
fn an_animation_becomes_a_gif_or_numbered_frames_one_per_step() {
    use image::AnimationDecoder;
    let dir = tempfile::tempdir().expect("temp dir");
    let gif = dir.path().join("run.gif");
    let dataset = bundled();
    let dataset = dataset.to_str().expect("path");
    let common =
        ["render", dataset, "--animate", "2015/2024", "--step", "1y", "--fps", "2", "--size", "320x180"];
    let output = run(&[&common[..], &["--out", gif.to_str().expect("path")]].concat());
    assert!(output.status.success(), "{}", text(&output));
    let decoder =
        image::codecs::gif::GifDecoder::new(std::io::BufReader::new(std::fs::File::open(&gif).expect("gif")))
            .expect("a GIF");
    let frames = decoder.into_frames().collect_frames().expect("frames");
    assert_eq!(frames.len(), 10, "2015 to 2024, one frame a year");
    for frame in &frames {
        assert_eq!(frame.buffer().dimensions(), (320, 180));
        assert_eq!(frame.delay().numer_denom_ms(), (500, 1), "2 frames per second");
    }
    assert_ne!(frames[0].buffer(), frames[9].buffer(), "the frames differ");

    let folder = dir.path().join("frames");
    let output = run(&[&common[..], &["--accumulate", "--out-dir", folder.to_str().expect("path")]].concat());
    assert!(output.status.success(), "{}", text(&output));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 10);
    assert_eq!(names[0], "frame-0001.png");
    assert_eq!(names[9], "frame-0010.png");
    for name in &names {
        assert_eq!(png_size(&folder.join(name)), (320, 180));
    }
}

#[test]
fn render_makes_pictures_at_every_size_it_accepts_down_to_one_pixel() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dataset = bundled();
    for (width, height) in [(1, 1), (64, 48), (200, 150), (64, 1000), (1000, 64), (8192, 64)] {
        let picture = dir.path().join(format!("{width}x{height}.png"));
        let out = run(&[
            "render",
            dataset.to_str().expect("utf8"),
            "--size",
            &format!("{width}x{height}"),
            "--out",
            picture.to_str().expect("utf8"),
        ]);
        assert!(out.status.success(), "{width}x{height}: {}", text(&out));
        assert_eq!(png_size(&picture), (width, height));
    }
    // A thumbnail shows the map, not cards covering it: most of a 200x150 picture is map, with the
    // incidents' colours on it.
    let image = image::open(dir.path().join("200x150.png")).expect("png").to_rgba8();
    let colours: std::collections::HashSet<[u8; 4]> = image.pixels().map(|p| p.0).collect();
    assert!(colours.len() > 50, "a map, not a blank: {} colours", colours.len());
}
