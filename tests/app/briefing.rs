//! Briefings in the app: scenes captured, saved, reopened and restored; presentation mode; screenshots.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_atlas::state::briefing_file;
use incident_atlas::state::{Command, Scene};
use incident_atlas::ui::{AtlasApp, Settings};

use crate::support::harness;
use crate::support::{bundled, fixture, run, shipped_briefing, text};

const CROCUS_ID: &str = "crocus-city-hall-attack-2024-03-22";

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn a_scene_is_saved_reopened_and_restores_view_window_filters_and_selection() {
    let mut h = harness(AtlasApp::open(vec![bundled()], Settings::default()));
    // Set up a view: March 2024, no statements, Crocus selected, the map over Moscow.
    let window = incident_atlas::model::EdtfDate::parse("2024-03").expect("date").interval();
    let crocus = h.state().state().store().find_id(CROCUS_ID).expect("in the dataset");
    h.state_mut()
        .push(Command::SetWindow(incident_atlas::store::TimeWindow { start: window.start, end: window.end }));
    h.state_mut().push(Command::ToggleCategory("statement".into()));
    h.state_mut().push(Command::Select(Some(crocus)));
    h.run();
    h.state_mut().set_map_view(55.8, 37.4, 9.25);
    h.run();
    h.get_by_label("Briefing").click();
    h.run();
    h.get_by_label("Add scene").click();
    h.run();
    let scenes = &h.state().state().briefing.scenes;
    assert_eq!(scenes.len(), 1);
    assert_eq!(scenes[0].title, "Scene 1: March 2024");
    // The caption is typed into the scene's editor.
    h.get_by_role_and_label(Role::MultilineTextInput, "Caption").focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Caption").type_text("The attack near Moscow.");
    h.run();
    let saved: Scene = h.state().state().briefing.scenes[0].clone();
    assert_eq!(saved.caption, "The attack near Moscow.");
    assert_eq!(saved.selected.as_deref(), Some(CROCUS_ID));
    assert!(saved.filters.hidden_categories.contains("statement"));
    assert!(close(saved.lat, 55.8) && close(saved.lon, 37.4) && close(saved.zoom, 9.25), "{saved:?}");

    // Saved next to a copy of the dataset, then opened in a fresh app: the scene comes back whole.
    let dir = tempfile::tempdir().expect("temp dir");
    let dataset = dir.path().join("data.geojson");
    std::fs::copy(bundled(), &dataset).expect("copy");
    let path = dir.path().join("talk.briefing.json");
    let state = h.state().state();
    briefing_file::write(&path, &state.briefing, &dataset, state.store()).expect("write");
    let back = briefing_file::read(&path).expect("read");
    assert_eq!(back.briefing, state.briefing, "round trip");
    assert_eq!(back.dataset, dir.path().join("data.geojson"));

    let mut h = harness(AtlasApp::open(vec![path.clone()], Settings::default()));
    h.run();
    let app = h.state();
    let state = app.state();
    assert_eq!(state.dataset.name, "data.geojson");
    assert_eq!(state.scene, Some(0));
    assert_eq!(state.window.start, window.start);
    assert_eq!(state.window.end, window.end);
    assert!(!state.category_shown("statement"));
    assert_eq!(state.selection.map(|i| state.store().incident(i).id.as_str()), Some(CROCUS_ID));
    let (lat, lon, zoom) = app.map_view();
    assert!(close(lat, 55.8) && close(lon, 37.4) && close(zoom, 9.25), "{lat} {lon} {zoom}");
    assert!(state.load_problems.is_empty(), "{:?}", state.load_problems);

    // Elsewhere, then back to the scene by clicking it: the map flies there.
    h.state_mut().push(Command::ShowAllCategories);
    h.state_mut().set_map_view(34.5, 69.2, 5.0);
    h.run();
    h.get_by_label("1. Scene 1: March 2024").click();
    h.run();
    let (lat, lon, zoom) = h.state().map_view();
    assert!(
        close(lat, 55.8) && close(lon, 37.4) && close(zoom, 9.25),
        "after the flight: {lat} {lon} {zoom}"
    );
    assert!(!h.state().state().category_shown("statement"));

    // The dataset changes: the briefing says so, and names the scene whose incident is gone.
    let text = std::fs::read_to_string(&dataset).expect("read").replace(CROCUS_ID, "crocus-renamed");
    std::fs::write(&dataset, text).expect("write");
    let app = AtlasApp::open(vec![path], Settings::default());
    let h = harness(app);
    let problems = h.state().state().load_problems.join("\n");
    assert!(problems.contains("the dataset has changed since this briefing was saved"), "{problems}");
    assert!(
        problems
            .contains(&format!("scene 1 (\"Scene 1: March 2024\"): the selected incident \"{CROCUS_ID}\"")),
        "{problems}"
    );
}

#[test]
fn a_briefing_whose_dataset_is_missing_says_so_and_keeps_the_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lost.briefing.json");
    let text = std::fs::read_to_string(shipped_briefing()).expect("shipped");
    std::fs::write(&path, text).expect("write");
    let mut h = harness(AtlasApp::open(vec![bundled()], Settings::default()));
    let ctx = h.ctx.clone();
    h.state_mut().open_briefing(&ctx, &path);
    h.run();
    let state = h.state().state();
    assert_eq!(state.shown().to_string(), "32 of 32 shown", "the data on screen stays");
    assert!(state.briefing.scenes.is_empty());
    let problems = state.load_problems.join("\n");
    assert!(
        problems.contains("is-vs-russia.geojson does not exist; the briefing was not opened"),
        "{problems}"
    );
}

#[test]
fn presenting_the_shipped_briefing_steps_through_scenes_with_the_arrow_keys() {
    let file = briefing_file::read(&shipped_briefing()).expect("shipped briefing");
    let captions: Vec<String> = file.briefing.scenes.iter().map(|s| s.caption.clone()).collect();
    let titles: Vec<String> = file.briefing.scenes.iter().map(|s| s.title.clone()).collect();
    let mut h = harness(AtlasApp::open(vec![shipped_briefing()], Settings::default()));
    assert!(h.state().state().load_problems.is_empty(), "{:?}", h.state().state().load_problems);
    h.key_press(egui::Key::F5);
    h.run();
    assert!(h.state().is_presenting());
    assert!(h.query_by_label("Filters").is_none() && h.query_by_label("Add scene").is_none(), "no chrome");
    h.get_by_label(&captions[0]);
    h.get_by_label(&titles[0]);
    h.get_by_label("window: 2006");
    h.get_by_label_contains("Scene 1 of 8");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().state().scene, Some(1));
    h.get_by_label(&captions[1]);
    assert!(h.query_by_label(&captions[0]).is_none(), "the first caption is gone");
    h.get_by_label("window: 2014 – 2015");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    h.get_by_label(&captions[2]);
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    h.get_by_label(&captions[1]);
    let scene = &file.briefing.scenes[1];
    let (lat, lon, zoom) = h.state().map_view();
    assert!(close(lat, scene.lat) && close(lon, scene.lon) && close(zoom, scene.zoom), "flew to the scene");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(!h.state().is_presenting());
    h.get_by_label("Add scene");
}

#[test]
fn ctrl_shift_s_saves_a_png_of_the_window_where_the_user_says() {
    let app = AtlasApp::open(vec![bundled()], Settings::default());
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(500)
        .wgpu()
        .build_ui_state(|ui, app: &mut AtlasApp| app.app_ui(ui), app);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    h.run();
    h.get_by_label_contains("A 1280x800 PNG of the window");
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("shot.png");
    h.get_by_role_and_label(Role::TextInput, "Save as").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Save as").type_text(&target.display().to_string());
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let saved = image::open(&target).expect("a PNG").to_rgba8();
    assert_eq!(saved.dimensions(), (1280, 800));
    let toast = h.state().toast().expect("a toast").to_owned();
    assert!(toast.contains("Screenshot saved to") && toast.contains("shot.png"), "{toast}");
    h.get_by_label(&toast);
}

#[test]
fn a_save_over_an_existing_file_asks_first() {
    let mut h = harness(AtlasApp::open(vec![bundled()], Settings::default()));
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("shot.png");
    std::fs::write(&target, b"an older picture").expect("write");
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    h.run();
    set_text(&mut h, "Save as", &target.display().to_string());
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label_contains("“shot.png” already exists in");
    assert_eq!(std::fs::read(&target).expect("read"), b"an older picture", "not replaced without asking");
    h.get_by_label("Don't replace").click();
    h.run();
    assert!(h.query_by_label_contains("already exists").is_none());
    assert_eq!(std::fs::read(&target).expect("read"), b"an older picture");
    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Replace").click();
    h.run();
    h.run();
    let saved = image::open(&target).expect("now a PNG").to_rgba8();
    assert!(saved.width() > 100);
}

#[test]
fn saving_a_briefing_of_the_bundled_data_never_proposes_the_apps_own_folder() {
    let mut h = harness(AtlasApp::open(vec![bundled()], Settings::default()));
    h.get_by_label("Briefing").click();
    h.run();
    h.get_by_label("Add scene").click();
    h.run();
    h.get_by_label("Save briefing…").click();
    h.run();
    let proposed = h.get_by_role_and_label(Role::TextInput, "Save as").value().expect("a path");
    assert!(proposed.ends_with("is-vs-russia.briefing.json"), "{proposed}");
    let data = bundled().parent().expect("data folder").to_path_buf();
    assert!(!std::path::Path::new(&proposed).starts_with(&data), "{proposed} is in {}", data.display());
}

/// Steps the app until its export job is done (it renders on a worker thread).
fn wait_for_export(h: &mut Harness<'_, AtlasApp>) {
    for _ in 0..600 {
        h.step();
        if !h.state().is_exporting() {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the export did not finish");
}

fn set_text(h: &mut Harness<'_, AtlasApp>, label: &str, value: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, label).type_text(value);
    h.run();
}

#[test]
fn export_picture_renders_the_view_offscreen_at_the_chosen_size() {
    let mut h = harness(AtlasApp::open(vec![shipped_briefing()], Settings::default()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export picture…").click();
    h.run();
    h.get_by_label("Custom").click();
    h.run();
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("scene.png");
    set_text(&mut h, "Save as", &target.display().to_string());
    h.get_by_label("Legend").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    assert!(h.state().is_exporting() || target.exists());
    wait_for_export(&mut h);
    let toast = h.state().toast().expect("a toast").to_owned();
    assert!(toast.starts_with("Saved 1280x720 picture to"), "{toast}");
    assert_eq!(image::image_dimensions(&target).expect("png"), (1280, 720));
}

#[test]
fn an_animation_export_shows_progress_and_cancel_leaves_nothing() {
    let mut h = harness(AtlasApp::open(vec![bundled()], Settings::default()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export animation…").click();
    h.run();
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("run.gif");
    set_text(&mut h, "from", "1989");
    set_text(&mut h, "to", "2024");
    set_text(&mut h, "each frame moves", "1m");
    set_text(&mut h, "Save as", &target.display().to_string());
    h.get_by_label("Export").click();
    h.run();
    assert!(h.state().is_exporting());
    h.get_by_label_contains("Rendering the animation");
    h.get_by_label("Cancel").click();
    wait_for_export(&mut h);
    assert_eq!(h.state().toast(), Some("Export cancelled; nothing was written."));
    assert!(!target.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert!(leftovers.is_empty(), "no temporary file is left: {leftovers:?}");
}

/// The shipped briefing with its `dataset` member replaced, written into `folder`.
fn briefing_naming(folder: &std::path::Path, dataset: &str) -> std::path::PathBuf {
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(shipped_briefing()).expect("shipped")).expect("json");
    json["dataset"] = serde_json::Value::String(dataset.to_owned());
    let path = folder.join("shared.briefing.json");
    std::fs::write(&path, json.to_string()).expect("write");
    path
}

/// A temporary folder with an `inbox` folder in it, where a received briefing lies.
fn inbox_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().expect("temp dir");
    let inbox = root.path().join("inbox");
    std::fs::create_dir(&inbox).expect("folder");
    (root, inbox)
}

#[test]
fn a_briefing_opens_only_a_dataset_in_its_own_folder_and_never_shows_another_files_content() {
    let (root, inbox) = inbox_folder();
    // A file outside the briefing's folder whose first line must never be printed.
    let secret = root.path().join("secret.csv");
    std::fs::write(&secret, "root:*:19000:0:99999:7:::,x\nline,two\n").expect("write");
    let png = root.path().join("x.png");
    let render_first_scene = |briefing: &std::path::Path| {
        let (briefing, png) = (briefing.to_str().expect("utf8"), png.to_str().expect("utf8"));
        run(&["render", briefing, "--scene", "1", "--size", "64x48", "--out", png])
    };
    let mut named = vec!["/etc/passwd".to_owned(), "../secret.csv".to_owned()];
    named.push(secret.to_str().expect("utf8").to_owned());
    #[cfg(unix)]
    {
        // A link inside the folder that leads out of it.
        std::os::unix::fs::symlink(&secret, inbox.join("link.csv")).expect("symlink");
        named.push("link.csv".to_owned());
    }
    for dataset in &named {
        let output = render_first_scene(&briefing_naming(&inbox, dataset));
        let said = text(&output);
        assert_eq!(output.status.code(), Some(1), "{dataset}: {said}");
        assert!(said.contains("is outside the briefing's folder"), "{dataset}: {said}");
        assert!(
            !said.contains("root:") && !said.contains("line,two"),
            "{dataset}: the content leaked: {said}"
        );
    }
    assert!(!png.exists());
    // A dataset beside the briefing opens.
    std::fs::copy(bundled(), inbox.join("beside.geojson")).expect("copy");
    let output = render_first_scene(&briefing_naming(&inbox, "beside.geojson"));
    assert!(output.status.success(), "{}", text(&output));
}

#[test]
fn in_the_app_a_briefing_naming_a_dataset_elsewhere_asks_for_it_and_opens_what_the_user_picks() {
    let (root, inbox) = inbox_folder();
    let elsewhere = root.path().join("is-vs-russia.geojson");
    std::fs::copy(bundled(), &elsewhere).expect("copy");
    let briefing = briefing_naming(&inbox, "../is-vs-russia.geojson");
    let mut h = harness(AtlasApp::open(vec![fixture("two-good.geojson")], Settings::default()));
    let ctx = h.ctx.clone();
    h.state_mut().open_briefing(&ctx, &briefing);
    h.run();
    // Not opened on the briefing's word: the data on screen stays and the user is asked.
    assert_eq!(h.state().state().store().len(), 2);
    assert!(h.state().state().briefing.scenes.is_empty());
    assert!(h.query_by_label("Choose the briefing's dataset").is_some());
    let problems = h.state().state().load_problems.join("\n");
    assert!(problems.contains("is outside the briefing's folder"), "{problems}");
    // The user picks the dataset: it loads, with the briefing on it.
    h.get_by_role_and_label(Role::TextInput, "Path").focus();
    h.get_by_role_and_label(Role::TextInput, "Path").type_text(elsewhere.to_str().expect("utf8"));
    h.run();
    h.key_press(egui::Key::Enter);
    crate::support::wait_while(&mut h, AtlasApp::is_loading);
    assert_eq!(h.state().state().store().len(), 32);
    assert_eq!(h.state().state().briefing.scenes.len(), 8);
    // Once picked, the same briefing opens straight away.
    let ctx = h.ctx.clone();
    h.state_mut().open_briefing(&ctx, &briefing);
    h.run();
    assert!(h.query_by_label("Choose the briefing's dataset").is_none());
}
