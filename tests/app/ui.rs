//! The desktop app, driven through `egui_kittest` as a user would: clicks by label, keys, drags.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use incident_atlas::ui::{AtlasApp, Settings};

use crate::support::{bundled, fixture, harness, wait_while};

const CROCUS: &str = "Gunmen attack Crocus City Hall concert venue near Moscow";

fn app() -> AtlasApp {
    AtlasApp::open(vec![bundled()], Settings::default())
}

/// Opens a file as File ▸ Open does, and waits until it has loaded (or failed).
fn load(h: &mut Harness<'_, AtlasApp>, path: std::path::PathBuf) {
    let ctx = h.ctx.clone();
    h.state_mut().start_loading(&ctx, vec![path]);
    wait_while(h, AtlasApp::is_loading);
}

fn shown(harness: &Harness<'_, AtlasApp>) -> String {
    harness.state().state().shown().to_string()
}

#[test]
fn selecting_a_list_row_shows_details_and_centres_the_map() {
    let mut h = harness(app());
    // Even from the Briefing tab: a row click shows the Details.
    h.get_by_label("Briefing").click();
    h.run();
    // Newest first, so the 2024 attack is in view at the top of the list.
    h.get_by_label("Date ⬆").click();
    h.run();
    h.get_by_label("Date ⬇");
    h.get_by_label(CROCUS).click();
    h.run();
    let state = h.state().state();
    let selected = state.selection.map(|i| state.store().incident(i).id.clone());
    assert_eq!(selected.as_deref(), Some("crocus-city-hall-attack-2024-03-22"));
    h.get_by_label("22 March 2024");
    h.get_by_label_contains("located to the site");
    let (lat, lon, _) = h.state().map_view();
    assert!((lat - 55.83).abs() < 0.05 && (lon - 37.39).abs() < 0.05, "map centred on {lat}, {lon}");
}

/// Clicks the Crocus attack's marker, and picks it where markers overlap.
fn select_crocus_on_the_map(h: &mut Harness<'_, AtlasApp>) {
    h.get_by_label(&format!("map marker: {CROCUS}")).click();
    h.run();
    // Around Moscow markers overlap at this zoom: a pick list offers them.
    if h.query_by_label_contains("incidents here").is_some() {
        h.get_by_label(&format!("22 March 2024 — {CROCUS}")).click();
        h.run();
    }
}

#[test]
fn clicking_a_marker_selects_it_and_esc_clears() {
    let mut h = harness(app());
    select_crocus_on_the_map(&mut h);
    let state = h.state().state();
    assert_eq!(state.selection.map(|i| state.store().incident(i).title.clone()).as_deref(), Some(CROCUS));
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().state().selection, None);
}

#[test]
fn brushing_the_timeline_changes_n_of_m() {
    let mut h = harness(app());
    assert_eq!(shown(&h), "32 of 32 shown");
    assert!(h.get_all_by_label("32 of 32 shown").count() > 0);
    crate::support::drag(&mut h, egui::pos2(1150.0, 900.0), egui::pos2(1450.0, 900.0));
    let now = shown(&h);
    assert_ne!(now, "32 of 32 shown", "the brush narrowed the window");
    assert!(!now.starts_with("0 of"), "{now}");
    assert!(h.get_all_by_label(&now).count() > 0, "the count shown is {now}");
}

#[test]
fn a_category_toggle_hides_its_markers() {
    let mut h = harness(app());
    let marker = format!("map marker: {CROCUS}");
    assert!(h.query_by_label(&marker).is_some());
    h.get_by_role_and_label(Role::CheckBox, "attack (5)").click();
    h.run();
    assert!(h.query_by_label(&marker).is_none(), "attack markers hidden");
    assert_eq!(shown(&h), "27 of 32 shown");
    h.get_by_role_and_label(Role::CheckBox, "attack (5)").click();
    h.run();
    assert!(h.query_by_label(&marker).is_some());
}

#[test]
fn arrow_keys_step_through_incidents_in_time() {
    let mut h = harness(app());
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let first = h.state().state().selection.expect("selected");
    let title = h.state().state().store().incident(first).title.clone();
    assert!(title.contains("Zarqawi"), "{title}");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().state().selection, Some(first + 1));
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().state().selection, Some(first));
}

#[test]
fn a_file_with_errors_shows_them_and_keeps_the_old_data() {
    let mut h = harness(app());
    load(&mut h, fixture("duplicate-id.geojson"));
    h.get_by_label("Problems in the file");
    h.get_by_label_contains("duplicate id: feature 1 has the same id");
    assert_eq!(h.state().state().store().len(), 32, "the bundled data stays");
    assert_eq!(h.state().state().dataset.name, "is-vs-russia.geojson");
    h.get_by_label("Load the 1 readable incidents anyway");
}

#[test]
fn search_filters_every_view() {
    let mut h = harness(app());
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").type_text("Kabul");
    h.run();
    let state = h.state().state();
    assert!(state.visible().len() < 32);
    for &i in state.visible() {
        let incident = state.store().incident(i);
        let text = format!(
            "{} {:?} {:?} {:?}",
            incident.title, incident.place, incident.description, incident.notes
        );
        assert!(text.to_lowercase().contains("kabul"), "{text}");
    }
}

/// The app with the Briefing tab open, the window on 2015 and "kabul" searched: two incidents mention
/// Kabul, in 2021 and 2022, both outside the window.
fn kabul_searched_in_2015() -> Harness<'static, AtlasApp> {
    let mut h = harness(app());
    h.get_by_label("Briefing").click();
    h.run();
    type_in(&mut h, "Go to date", "2015");
    h.key_press(egui::Key::Enter);
    h.run();
    type_in(&mut h, "Search", "kabul");
    h
}

/// Types into the text field labelled `label`.
fn type_in(h: &mut Harness<'_, AtlasApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label).type_text(text);
    h.run();
}

#[test]
fn search_finds_matches_outside_the_window_and_enter_jumps_to_the_first() {
    let mut h = kabul_searched_in_2015();
    assert_eq!(shown(&h), "0 of 32 shown");
    h.get_by_label("2 match, 2 outside the time window —");
    h.get_by_label("show them").click();
    h.run();
    let state = h.state().state();
    let years = incident_atlas::model::EdtfDate::parse("2015/2022").expect("date").interval();
    assert_eq!(state.window, years, "widened from 2015 to the end of 2022");
    assert_eq!(shown(&h), "2 of 32 shown");
    h.get_by_label("2 match, all in the time window");

    // Enter on a search whose matches are all outside the window selects the first and shows it, even
    // from the Briefing tab.
    let mut h = kabul_searched_in_2015();
    assert!(h.query_by_label("‹ Previous").is_none(), "the Briefing tab is open");
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    let state = h.state().state();
    let selected = state.selection.map(|i| state.store().incident(i).id.clone());
    assert_eq!(selected.as_deref(), Some("fall-of-kabul-2021"));
    assert!(state.visible().contains(&state.selection.expect("selected")), "the window takes it in");
    assert!(h.get_all_by_label("The Taliban take Kabul").count() >= 2, "in the list and the details");
    h.get_by_label("‹ Previous");
}

#[test]
fn other_data_gets_its_own_time_span_and_map_fit_and_a_question_about_the_scenes() {
    let mut h = harness(app());
    select_crocus_on_the_map(&mut h);
    h.get_by_label("Briefing").click();
    h.run();
    h.get_by_label("Add scene").click();
    h.run();
    h.get_by_label("1 y").click();
    h.run();
    // A search that matches nothing in the next file: the map is still fitted to all of it.
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").type_text("crocus");
    h.run();
    let (_, _, zoom_before) = h.state().map_view();

    // Two incidents near Moscow and Kaluga, in 2016 and on 7 March 2024.
    load(&mut h, fixture("two-good.geojson"));
    h.run();
    let state = h.state().state();
    assert_eq!(state.store().len(), 2);
    let expected = incident_atlas::model::EdtfDate::parse("2016/2024-03-07").expect("date").interval();
    assert_eq!(state.window, expected, "the window covers the new data's time");
    let (lat, lon, zoom) = h.state().map_view();
    assert!((54.4..=55.9).contains(&lat) && (36.2..=37.7).contains(&lon), "map at {lat}, {lon}");
    assert!(zoom > zoom_before + 2.0, "zoomed in on the two places: {zoom} (was {zoom_before})");
    h.get_by_label("Keep the briefing's scenes?");
    h.get_by_label_contains("1 of them select an incident that is not in this data");
    h.get_by_label("⚠");
    h.get_by_label("Clear scenes").click();
    h.run();
    assert!(h.state().state().briefing.scenes.is_empty());
    assert!(h.query_by_label("Keep the briefing's scenes?").is_none());
}

#[test]
fn the_problems_window_stays_over_the_map() {
    let mut h = harness(app());
    load(&mut h, fixture("duplicate-id.geojson"));
    h.run();
    let window = h.get_by_label("Problems in the file").rect();
    let menu = h.get_by_label("File").rect();
    let search = h.get_by_role_and_label(Role::TextInput, "Search").rect();
    let details = h.get_by_label("Details").rect();
    assert!(window.top() > menu.bottom(), "below the menu bar: {window:?}");
    assert!(window.left() > search.right(), "right of the filters: {window:?}");
    assert!(window.left() < details.left(), "left of the details panel: {window:?}");
}

#[test]
fn whole_window_snapshot_on_the_bundled_data() {
    let mut h = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_theme(egui::Theme::Dark)
        .with_max_steps(500)
        .wgpu()
        .build_ui_state(|ui, app: &mut AtlasApp| app.app_ui(ui), app());
    // The basemap renders on worker threads: wait until every tile of the view is in.
    for _ in 0..500 {
        h.run();
        if h.state().tiles_in_progress() == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    assert_eq!(h.state().tiles_in_progress(), 0, "basemap complete");
    h.snapshot("app-bundled-1600x1000");
}

#[test]
fn a_tile_file_that_is_not_mbtiles_is_reported_and_the_map_stays() {
    let mut h = harness(app());
    let dir = tempfile::tempdir().expect("dir");
    let bogus = dir.path().join("bogus.mbtiles");
    std::fs::write(&bogus, "not a database").expect("write");
    let ctx = h.ctx.clone();
    h.state_mut().use_tile_file(&ctx, Some(bogus));
    h.run();
    h.get_by_label("Problems in the file");
    h.get_by_label_contains("bogus.mbtiles: not a readable MBTiles file");
    assert_eq!(h.state().tile_file_attribution(), None);
    assert_eq!(h.state().state().store().len(), 32);
}

/// A tile server on 127.0.0.1 that answers every request with HTTP 500. Returns its base URL.
fn failing_tile_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = listener.local_addr().expect("address");
    incident_atlas::sys::threads::spawn("test-failing-tiles", move || {
        for mut stream in listener.incoming().take(64).flatten() {
            let mut buffer = [0u8; 2048];
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(
                b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    format!("http://{address}")
}

#[test]
fn online_tiles_say_they_are_on_and_a_failing_server_says_so() {
    let mut h = harness(app());
    assert_eq!(h.state().online_status(), None, "offline by default");
    let base = failing_tile_server();
    let source =
        incident_atlas::basemap::OnlineSource::custom(&format!("{base}/{{z}}/{{x}}/{{y}}.png"), "© Local")
            .expect("template");
    let host = source.host().to_owned();
    let ctx = h.ctx.clone();
    h.state_mut().use_online_tiles(&ctx, Some(source));
    for _ in 0..300 {
        h.step();
        if h.state().online_status().is_some_and(|s| s.failed > 0) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    h.get_by_label_contains(&format!("Online tiles on: {host}"));
    h.get_by_label_contains("Online tiles failed:");
    h.get_by_label_contains("500");
}

#[test]
fn typing_a_date_jumps_the_window_and_presets_set_it() {
    let mut h = harness(app());
    let jump = h.get_by_role_and_label(Role::TextInput, "Go to date");
    jump.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Go to date").type_text("March 2024");
    h.key_press(egui::Key::Enter);
    h.run();
    let state = h.state().state();
    let month = |m: &str| incident_atlas::model::EdtfDate::parse(m).expect("date").interval();
    // March with the months around it, cut at the data's last day (3 April 2024): never into the future.
    assert_eq!(state.window.start, month("2024-02").start, "{:?}", state.window);
    assert_eq!(state.window.end, state.data_span().end);
    assert!(state.shown().shown < 32, "{}", state.shown());
    h.get_by_label("All").click();
    h.run();
    assert_eq!(h.state().state().shown().to_string(), "32 of 32 shown");
    // A year shows that year.
    let mut h = harness(app());
    h.get_by_role_and_label(Role::TextInput, "Go to date").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Go to date").type_text("2015");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().state().window, month("2015"));
}

#[test]
fn with_all_time_shown_a_drag_brushes_a_new_window_from_the_press_point() {
    let mut h = harness(app());
    let span = h.state().state().data_span();
    assert_eq!(h.state().state().window, span, "the window covers everything");
    crate::support::drag(&mut h, egui::pos2(1150.0, 900.0), egui::pos2(1300.0, 900.0));
    let first = h.state().state().window;
    assert!(first.start > span.start && first.end < span.end, "a new, narrower window: {first:?}");
    assert!(first.end - first.start < (span.end - span.start) / 3, "{first:?}");
    // The same press point with a longer drag starts at the same time: the window begins where the
    // button went down, not where the drag was recognised.
    let mut h = harness(app());
    crate::support::drag(&mut h, egui::pos2(1150.0, 900.0), egui::pos2(1450.0, 900.0));
    let second = h.state().state().window;
    assert_eq!(second.start, first.start);
    assert!(second.end > first.end);
    // Inside a narrower window, a drag moves it and keeps its width.
    let width = second.end - second.start;
    crate::support::drag(&mut h, egui::pos2(1300.0, 900.0), egui::pos2(1200.0, 900.0));
    let moved = h.state().state().window;
    assert_eq!(moved.end - moved.start, width);
    assert!(moved.start < second.start);
}

#[test]
fn step_buttons_and_keys_move_the_window_one_step_and_pause() {
    let mut h = harness(app());
    h.get_by_label("1 y").click();
    h.run();
    let before = h.state().state().window;
    h.get_by_label("◀ step").click();
    h.run();
    let step = h.state().state().playback.frame_seconds();
    assert_eq!(h.state().state().window.start, before.start - step);
    h.key_press(egui::Key::Period);
    h.run();
    assert_eq!(h.state().state().window, before);
    h.key_press(egui::Key::Comma);
    h.run();
    h.get_by_label("step ▶").click();
    h.run();
    assert_eq!(h.state().state().window, before);
    assert!(!h.state().state().playback.playing);
}

#[test]
fn play_moves_the_window_and_space_pauses() {
    let mut h = harness(app());
    h.get_by_label("1 y").click();
    h.run();
    let before = h.state().state().window;
    h.get_by_label("▶ Play").click();
    h.run_steps(5);
    assert!(h.state().state().playback.playing || h.state().state().window != before);
    h.key_press(egui::Key::Space);
    h.run_steps(2);
    assert!(!h.state().state().playback.playing);
    assert_ne!(h.state().state().window, before, "the window moved while playing");
}

#[test]
fn the_last_files_map_view_and_window_come_back_next_time() {
    let window = incident_atlas::model::EdtfDate::parse("2015/2016").expect("date").interval();
    let settings = Settings {
        dark: false,
        last_files: vec![bundled()],
        map_view: Some((55.75, 37.62, 7.0)),
        window: Some((window.start, window.end)),
        export_dir: Some(std::env::temp_dir()),
    };
    // No file named on the command line: the last session's files, view and window return.
    let app = AtlasApp::open(Vec::new(), settings.clone());
    assert_eq!(app.state().dataset.name, "is-vs-russia.geojson");
    assert_eq!(app.state().window, window);
    let (lat, lon, zoom) = app.map_view();
    assert!((lat - 55.75).abs() < 1e-9 && (lon - 37.62).abs() < 1e-9 && (zoom - 7.0).abs() < 1e-9);
    // The settings survive the trip through eframe's storage (JSON).
    let text = serde_json::to_string(&settings).expect("json");
    assert_eq!(serde_json::from_str::<Settings>(&text).expect("back"), settings);
}

#[test]
fn with_thousands_of_incidents_the_lanes_show_density_and_a_click_selects() {
    use incident_atlas::state::{AppState, Dataset};
    let incidents = incident_atlas::store::synth::generate(8_000, 3);
    let app =
        AtlasApp::new(AppState::new(Dataset::new(incidents, "synthetic", Vec::new())), Settings::default());
    let mut h = harness(app);
    assert_eq!(h.state().state().selection, None);
    h.get_by_label("incidents on the map").click();
    h.run();
    let state = h.state().state();
    let selected = state.selection.expect("the nearest incident in time is selected");
    assert!(!state.store().points_of(selected).is_empty(), "from the lane of incidents on the map");
}

#[test]
fn country_and_region_filters_narrow_every_view() {
    let mut h = harness(app());
    h.get_by_label("country").click();
    h.run();
    // The list counts incidents per country (Russia has the most), from the region polygons.
    let countries = h.state().state().store().areas().countries();
    assert_eq!(countries[0].0, "Russia", "{countries:?}");
    let n = countries[0].1;
    assert!(n >= 10, "{countries:?}");
    let russia = format!("Russia ({n})");
    h.get_by_label(&russia).click();
    h.run();
    assert_eq!(h.state().state().filters.country.as_deref(), Some("Russia"));
    assert_eq!(shown(&h), format!("{n} of 32 shown"));
    h.get_by_label("region").click();
    h.run();
    let regions = h.state().state().store().areas().regions("Russia");
    let (name, count) =
        regions.iter().find(|(r, _)| r.contains("Moskv") || r.contains("Moscow")).expect("Moscow region");
    h.get_by_label(&format!("{name} ({count})")).click();
    h.run();
    let now = shown(&h);
    assert!(!now.starts_with(&format!("{n} of")) && !now.starts_with("0 of"), "{now}");
    assert!(
        h.query_by_label(&format!("map marker: {CROCUS}")).is_some(),
        "Krasnogorsk is in the Moscow region"
    );
    h.get_by_label("country").click();
    h.run();
    h.get_by_label("All countries").click();
    h.run();
    assert_eq!(shown(&h), "32 of 32 shown");
}

#[test]
fn an_imported_rows_other_columns_show_in_the_details() {
    let acled = fixture("import/acled-current.csv");
    let mut h = harness(AtlasApp::open(vec![acled], Settings::default()));
    // Two of its five rows are bad on purpose: the good ones are offered.
    h.get_by_label("Load the 3 readable incidents anyway").click();
    h.run();
    h.get_by_label("Attack in Krasnogorsk").click();
    h.run();
    h.get_by_label("Other fields (11)");
    // A column of the export this program has no field for, and the region filled in on import.
    h.get_by_label("civilian_targeting");
    h.get_by_label("Civilian targeting");
    h.get_by_label("admin1");
    h.get_by_label("Moscow Oblast");
}

#[test]
fn the_list_shows_data_loaded_after_the_window_was_changed() {
    use incident_atlas::state::{AppState, Dataset};
    // As at start-up with a remembered window: the window changes while the data is still loading.
    let loading = AppState::new(Dataset::new(Vec::new(), "loading…", Vec::new()));
    let mut h = harness(AtlasApp::new(loading, Settings::default()));
    h.get_by_label("10 y").click();
    h.run();
    load(&mut h, bundled());
    let state = h.state().state();
    assert_eq!(state.store().len(), 32);
    // The earliest incident heads the list (a map marker's label starts "map marker:").
    let first = state.store().incident(state.visible()[0]).title.clone();
    h.get_by_label(&first);
}

#[test]
fn the_list_shows_whole_days_and_a_range_in_words_on_hover() {
    use incident_atlas::model::{EdtfDate, Incident};
    use incident_atlas::state::{AppState, Dataset};
    let dated = |id: &str, date: &str| {
        Incident::new(id, format!("Incident {id}"), EdtfDate::parse(date).expect("a valid date"), "attack")
    };
    let incidents = vec![dated("a", "2000-01-01~"), dated("b", "2000-01-02/2000-01-05")];
    let state = AppState::new(Dataset::new(incidents, "dates", Vec::new()));
    let mut h = harness(AtlasApp::new(state, Settings::default()));

    let day = "2000-01-01~";
    let font = egui::TextStyle::Body.resolve(&h.ctx.global_style());
    let needed =
        h.ctx.fonts_mut(|fonts| fonts.layout_no_wrap(day.to_owned(), font, egui::Color32::WHITE).size().x);
    let width = h.get_by_label(day).rect().width();
    assert!(width >= needed - 0.5, "the date is cut short: {width} of {needed} px");

    let centre = h.get_by_label("2000-01-02/2000-01-05").rect().center();
    for _ in 0..60 {
        h.hover_at(centre);
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run();
    h.get_by_label("between 2 January 2000 and 5 January 2000");
}

#[test]
fn the_menus_keys_and_help_come_from_one_action_table() {
    let mut h = harness(app());
    let away = (0.0, 0.0, 12.0);
    // Ctrl+O opens the same window as File ▸ Open….
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    assert!(h.query_by_label("Open a dataset").is_some(), "Ctrl+O opens the path window");
    // Its path field has the keyboard: a plain F is typed there, and does not fit the map.
    h.state_mut().set_map_view(away.0, away.1, away.2);
    h.run();
    h.key_press(egui::Key::F);
    h.run();
    assert_eq!(h.state().map_view(), away, "F typed into a text field is text");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Open a dataset").is_none());
    // Without a text field, F fits the map to the incidents (Moscow to Kabul: a much wider view).
    h.key_press(egui::Key::F);
    h.run();
    let (_, _, zoom) = h.state().map_view();
    assert!(zoom < 8.0, "F fits the map: zoom {zoom}");
    // The Help menu lists the keys with what they do, for exploring and for presenting.
    h.get_by_label("Help").click();
    h.run();
    assert!(h.query_by_label("open a file").is_some());
    assert!(h.query_by_label("fit the map to the shown incidents").is_some());
    assert!(h.query_by_label("While presenting").is_some());
}

#[test]
fn only_web_addresses_of_sources_open_as_links_and_validate_warns_on_the_rest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long = format!("https://example.org/{}", "a".repeat(10_000));
    let source = |title: &str, url: &str| serde_json::json!({"publisher": "P", "title": title, "url": url, "published": "2024", "quote": "q"});
    let dataset = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.6, 55.7]},
         "properties": {"id": "a", "title": "Concert hall attack", "date": "2024-03-22", "category": "attack",
                        "location_precision": "site",
                        "sources": [source("Web report", "https://example.org/report"),
                                    source("Local file", "file:///etc/passwd"),
                                    source("Script", "javascript:alert(1)"),
                                    source("Endless", &long)]}}]});
    let path = dir.path().join("links.geojson");
    std::fs::write(&path, dataset.to_string()).expect("write");
    // validate keeps the incident and warns on each address that is not a web link.
    let out = crate::support::run(&["validate", path.to_str().expect("utf8")]);
    let said = crate::support::text(&out);
    for warning in [
        "sources[1].url: warning: not a web address (http or https), it starts \"file\"",
        "sources[2].url: warning: not a web address (http or https), it starts \"javascript\"",
        "sources[3].url: warning: 10020 characters long (at most 2000)",
    ] {
        assert!(said.contains(warning), "{warning} not in {said}");
    }
    assert!(!said.contains("sources[0].url"), "{said}");
    // In the app, only the web address is a link; the others are shown as text.
    let mut h = harness(AtlasApp::open(vec![path], Settings::default()));
    h.state_mut().push(incident_atlas::state::Command::Select(Some(0)));
    h.run();
    assert!(h.query_by_role_and_label(Role::Link, "Web report").is_some(), "the web address is a link");
    for title in ["Local file", "Script", "Endless"] {
        assert!(h.query_by_label(title).is_some(), "{title} is shown");
        assert!(h.query_by_role_and_label(Role::Link, title).is_none(), "{title} must not be a link");
    }
}

#[test]
fn esc_closes_the_innermost_thing_only() {
    let mut h = harness(app());
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let selected = h.state().state().selection;
    assert!(selected.is_some());
    h.get_by_label("File").click();
    h.run();
    assert!(h.query_by_label("Open the bundled dataset").is_some(), "the File menu is open");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Open the bundled dataset").is_none(), "Esc closed the menu");
    assert_eq!(h.state().state().selection, selected, "and left the selection alone");
    // A dialog next: Esc closes it, and only it.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import…").click();
    h.run();
    h.get_by_label("Import a file");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("Import a file").is_none(), "Esc closed the dialog");
    assert_eq!(h.state().state().selection, selected);
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().state().selection, None, "with nothing open, Esc clears the selection");
}

#[test]
fn the_keyboard_alone_goes_from_the_list_to_the_details_and_the_map() {
    let mut h = harness(app());
    // The list sorted by title: arrows follow the list's order, from its top when nothing is selected.
    h.get_by_label("Title").click();
    h.run();
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let state = h.state().state();
    let mut titles: Vec<String> =
        state.visible().iter().map(|&i| state.store().incident(i).title.clone()).collect();
    titles.sort();
    let first = state.selection.map(|i| state.store().incident(i).title.clone());
    assert_eq!(first.as_ref(), titles.first());
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let state = h.state().state();
    assert_eq!(state.selection.map(|i| state.store().incident(i).title.clone()).as_ref(), titles.get(1));
    h.get_by_label("‹ Previous");
    // Step until a located incident is selected: the map centres on it.
    for _ in 0..titles.len() {
        let state = h.state().state();
        if state.selection.is_some_and(|i| !state.store().points_of(i).is_empty()) {
            break;
        }
        h.key_press(egui::Key::ArrowRight);
        h.run();
    }
    let state = h.state().state();
    let selected = state.selection.expect("selected");
    let point = state.store().points_of(selected)[0];
    let (lat, lon, _) = h.state().map_view();
    assert!((lat - f64::from(point[1])).abs() < 0.05 && (lon - f64::from(point[0])).abs() < 0.05);
    // Tab moves the focus, and the focused control is ringed.
    assert!(!h.state().shows_focus_ring());
    h.key_press(egui::Key::Tab);
    h.run();
    h.key_press(egui::Key::Tab);
    h.run();
    assert!(h.state().shows_focus_ring());
    assert!(h.ctx.memory(egui::Memory::focused).is_some(), "a control has the focus");
}

#[test]
fn the_minimum_casualties_field_takes_a_typed_number_at_once() {
    let mut h = harness(app());
    h.get_by_role_and_label(Role::TextInput, "At least").focus();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "At least").type_text("8");
    h.run();
    assert_eq!(h.state().state().filters.min_casualties, 8);
    // The bundled data has 4 incidents with at least 8 killed or injured (224, 140, 8 and 11 plus 4? read
    // from the file: killed 224, 140, 8, 11; 1, 1, 1 are below).
    assert!(h.state().state().shown().shown < 32);
    h.get_by_role_and_label(Role::TextInput, "At least").type_text("x");
    h.run();
    h.get_by_label("a whole number");
    assert_eq!(h.state().state().filters.min_casualties, 8, "kept until the field holds a number");
}

#[test]
fn every_control_has_a_name_for_screen_readers() {
    use egui::accesskit::Role as R;
    let h = harness(app());
    let interactive = [
        R::Button,
        R::CheckBox,
        R::TextInput,
        R::MultilineTextInput,
        R::ComboBox,
        R::Slider,
        R::SpinButton,
        R::Link,
        R::RadioButton,
        R::Tab,
        R::MenuItem,
    ];
    let unnamed: Vec<String> = h
        .query_all(egui_kittest::kittest::By::new().predicate(|node| {
            interactive.contains(&node.role()) && node.label().is_none_or(|l| l.trim().is_empty())
        }))
        .map(|node| format!("{node:?} at {:?}", node.rect()))
        .collect();
    assert!(unnamed.is_empty(), "controls without a name: {unnamed:?}");
    let checked =
        h.query_all(egui_kittest::kittest::By::new().predicate(|n| interactive.contains(&n.role()))).count();
    assert!(checked > 40, "only {checked} controls found");
}

#[test]
fn clusters_do_not_overlap_show_their_counts_and_zoom_in_on_a_click() {
    use incident_atlas::state::{AppState, Dataset};
    let incidents = incident_atlas::store::synth::generate(20_000, 5);
    let app =
        AtlasApp::new(AppState::new(Dataset::new(incidents, "synthetic", Vec::new())), Settings::default());
    let mut h = harness(app);
    h.run();
    let clusters: Vec<(String, egui::Rect)> = h
        .query_all(egui_kittest::kittest::By::new().label_contains("map cluster: "))
        .map(|n| (format!("{n:?}"), n.rect()))
        .collect();
    assert!(clusters.len() > 5, "{} clusters", clusters.len());
    for (k, (_, a)) in clusters.iter().enumerate() {
        for (_, b) in &clusters[k + 1..] {
            let d = a.center().distance(b.center());
            assert!(d + 0.5 >= a.width() / 2.0 + b.width() / 2.0, "{a:?} overlaps {b:?}");
        }
    }
    // The biggest cluster: its label gives its full count; a click zooms in on it.
    let (_, zoom_before) = (h.state().map_view().0, h.state().map_view().2);
    h.query_all(egui_kittest::kittest::By::new().label_contains("map cluster: "))
        .max_by_key(|n| n.rect().width() as i64)
        .expect("a cluster")
        .click();
    h.run();
    h.run();
    let (_, _, zoom_after) = h.state().map_view();
    assert!(zoom_after > zoom_before + 0.5, "zoom {zoom_before} -> {zoom_after}");
    assert_eq!(h.state().state().selection, None, "a cluster click zooms; it does not select or clear");
}

#[test]
fn the_legend_folds_away_and_comes_back() {
    let mut h = harness(app());
    let named =
        |h: &Harness<'_, AtlasApp>| h.query_all(egui_kittest::kittest::By::new().label("attack (5)")).count();
    assert_eq!(named(&h), 2, "the filter's checkbox and the legend's entry");
    h.get_by_label("Fold the legend away").click();
    h.run();
    assert!(h.query_by_label("Legend ▶").is_some());
    assert_eq!(named(&h), 1, "only the filter's checkbox is left");
    h.get_by_label("Legend ▶").click();
    h.run();
    assert!(h.query_by_label("Legend ▶").is_none());
    assert_eq!(named(&h), 2);
}

#[test]
fn a_small_window_leaves_the_map_half_its_width_and_folds_the_legend() {
    let mut h = Harness::builder()
        .with_size([1100.0, 700.0])
        .with_theme(egui::Theme::Dark)
        .with_max_steps(500)
        .build_ui_state(|ui, app: &mut AtlasApp| app.app_ui(ui), app());
    h.run();
    let list_right = h.get_by_role_and_label(Role::TextInput, "Search").rect().right();
    let details_left = h.get_by_label("Details").rect().left();
    assert!(
        details_left - list_right >= 520.0,
        "the map is {} points wide (list ends at {list_right}, details start at {details_left})",
        details_left - list_right
    );
    assert!(h.query_by_label("Legend ▶").is_some(), "the legend starts folded on a narrow map");
    h.get_by_label("Legend ▶").click();
    h.run();
    assert!(h.query_by_label("Fold the legend away").is_some());
}

#[test]
fn without_a_system_file_chooser_the_path_windows_say_so() {
    use incident_atlas::ui::file_chooser::ChooserUse;
    let mut h = harness(app().with_file_chooser(ChooserUse::Missing));
    let note = "No system file chooser here (no desktop portal, no zenity): type the path.";
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Open a dataset");
    h.get_by_label(note);
    assert!(h.query_by_label("Browse…").is_none());
    h.get_by_label("Cancel").click();
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import…").click();
    h.run();
    h.get_by_label(note);
    // Turned off (as in every other test), nothing is said and nothing is offered.
    let mut h = harness(app());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    assert!(h.query_by_label(note).is_none() && h.query_by_label("Browse…").is_none());
}

#[test]
fn tab_reaches_a_map_marker_and_enter_selects_it() {
    let mut h = harness(app());
    let mut focused = None;
    for _ in 0..300 {
        h.key_press(egui::Key::Tab);
        h.run();
        focused = h
            .query_all(egui_kittest::kittest::By::new().label_contains("map marker: "))
            .find(egui_kittest::Node::is_focused)
            .map(|n| format!("{n:?}"));
        if focused.is_some() {
            break;
        }
    }
    assert!(focused.is_some(), "Tab never reached a map marker");
    assert!(h.state().shows_focus_ring());
    assert_eq!(h.state().state().selection, None);
    h.key_press(egui::Key::Enter);
    h.run();
    h.run();
    assert!(h.state().state().selection.is_some(), "Enter on the focused marker selects: {focused:?}");
}
