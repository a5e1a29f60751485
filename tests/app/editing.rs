//! Editing the dataset in the app, driven as a user would: the details panel's editor, the Edit menu,
//! the keys, Save, and the question before closing with unsaved changes.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use incident_atlas::ui::{AtlasApp, Settings};

use crate::support::{bundled, harness, wait_while};

const CROCUS: &str = "Gunmen attack Crocus City Hall concert venue near Moscow";
const CROCUS_ID: &str = "crocus-city-hall-attack-2024-03-22";

/// The bundled dataset copied to a folder of its own, opened from there (so that Save may write it).
fn app_on_a_copy() -> (tempfile::TempDir, std::path::PathBuf, Harness<'static, AtlasApp>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("copy.geojson");
    std::fs::copy(bundled(), &path).expect("copy the bundled dataset");
    let mut h = harness(AtlasApp::open(vec![path.clone()], Settings::default()));
    wait_while(&mut h, AtlasApp::is_loading);
    (dir, path, h)
}

/// Sorts the list newest first, so that the 2024 attack is in view at its top, and selects it.
fn select_crocus(h: &mut Harness<'_, AtlasApp>) {
    h.get_by_label("Date ⬆").click();
    h.run();
    h.get_by_label(CROCUS).click();
    h.run();
}

/// Selects the Crocus attack from the list and opens its editor.
fn edit_crocus(h: &mut Harness<'_, AtlasApp>) {
    select_crocus(h);
    h.run();
    h.get_by_label("Edit incident").click();
    h.run();
    h.get_by_label("Editing");
}

/// Replaces the text of the field labelled `label`, as a user selecting all and typing would.
fn retype(h: &mut Harness<'_, AtlasApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    if text.is_empty() {
        h.key_press(Key::Backspace);
    } else {
        h.get_by_role_and_label(Role::TextInput, label).type_text(text);
    }
    h.run();
}

/// Opens the Crocus attack's editor and gives where its marker is on the screen.
fn crocus_marker_while_editing(h: &mut Harness<'_, AtlasApp>) -> egui::Pos2 {
    edit_crocus(h);
    h.run();
    h.get_by_label(&format!("map marker: {CROCUS}")).rect().center()
}

/// A right-click (secondary button) at a point of the window.
fn right_click(h: &mut Harness<'_, AtlasApp>, at: egui::Pos2) {
    h.hover_at(at);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: at,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
}

/// Scrolls the button labelled `label` into view (the first, where several are) and clicks it.
fn press_in_view(h: &mut Harness<'_, AtlasApp>, label: &str) {
    h.get_all_by_label(label).next().expect(label).scroll_to_me();
    h.run();
    h.get_all_by_label(label).next().expect(label).click();
    h.run();
}

fn crocus(h: &Harness<'_, AtlasApp>) -> incident_atlas::model::Incident {
    let store = h.state().state().store();
    store.get(store.find_id(CROCUS_ID).expect("the Crocus attack")).expect("in the store").clone()
}

fn row_of(h: &Harness<'_, AtlasApp>, id: &str) -> usize {
    h.state().state().store().find_id(id).expect("incident") as usize
}

#[test]
fn editing_a_date_moves_the_incident_in_time_and_undo_moves_it_back() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let before = crocus(&h);
    let position_before = row_of(&h, CROCUS_ID);
    edit_crocus(&mut h);
    retype(&mut h, "Date", "2010-03");
    // The date is read as it is typed.
    h.get_by_label_contains("March 2010 — month known");
    h.get_by_label("Apply").click();
    h.run();

    let after = crocus(&h);
    assert_eq!(after.date.as_str(), "2010-03");
    assert_eq!(after.title, before.title, "only the date changed");
    assert!(row_of(&h, CROCUS_ID) < position_before, "earlier in time order now");
    assert!(
        h.state().state().selection.is_some_and(|i| i as usize == row_of(&h, CROCUS_ID)),
        "still selected"
    );
    assert!(h.state().state().history.unsaved());

    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo: change date of ‘Gunmen attack Crocus City Hall");
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(crocus(&h), before, "undo restores the incident exactly");
    assert_eq!(row_of(&h, CROCUS_ID), position_before);
    assert!(!h.state().state().history.unsaved(), "back where it was opened");
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    h.run();
    assert_eq!(crocus(&h).date.as_str(), "2010-03", "redo");
}

#[test]
fn an_invalid_date_is_shown_and_cannot_be_applied() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let before = crocus(&h);
    edit_crocus(&mut h);
    retype(&mut h, "Date", "2024-13-45");
    retype(&mut h, "Killed", "many");
    h.get_by_label_contains("killed: “many” is not a whole number");
    let apply = h.get_by_label("Apply");
    assert!(apply.accesskit_node().is_disabled(), "Apply waits for valid fields");
    apply.click();
    h.run();
    assert_eq!(crocus(&h), before);
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Editing").is_none());
    assert_eq!(h.state().state().history.undo_label(), None);
}

#[test]
fn an_incident_whose_date_does_not_read_yet_is_kept_as_a_marked_draft_saved_and_finished_later() {
    let (_dir, path, mut h) = app_on_a_copy();
    let before = crocus(&h);
    edit_crocus(&mut h);
    retype(&mut h, "Date", "late March 2024");
    retype(&mut h, "Killed", "at least 140");
    retype(&mut h, "Injured", "551");
    h.get_by_label("Keep as draft").click();
    h.run();
    assert!(h.query_by_label("Editing").is_none(), "kept: the editor closes");
    let draft = crocus(&h);
    assert_eq!(draft.date, before.date, "the date that read stays, for the map and the timeline");
    assert_eq!((draft.killed, draft.injured), (before.killed, Some(551)), "what read is taken");
    assert_eq!(
        draft.draft(),
        [("date".to_owned(), "late March 2024".to_owned()), ("killed".into(), "at least 140".into())]
    );
    assert_eq!(h.state().state().history.undo_label(), Some(format!("keep ‘{CROCUS}’ as a draft").as_str()));
    // Marked in the list and in the details.
    h.get_by_label(&format!("✎ draft · {CROCUS}"));
    h.get_by_label_contains("draft: kept with fields that do not read yet: date “late March 2024”");

    // Saved and read back, it is still the draft; `validate` names it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let reopened = incident_atlas::io::read_path(&path).expect("the saved file reads");
    assert_eq!(reopened.incidents.iter().find(|i| i.id == CROCUS_ID), Some(&draft));
    assert_eq!(reopened.diagnostics.len(), 1, "{:?}", reopened.diagnostics);
    assert_eq!(reopened.diagnostics[0].field.as_deref(), Some("draft"));

    // Editing it again brings back the text typed; once the fields read, Apply ends the draft.
    h.get_by_label("Edit incident").click();
    h.run();
    let typed = |h: &Harness<'_, AtlasApp>, label: &str| {
        h.get_by_role_and_label(Role::TextInput, label).accesskit_node().value().unwrap_or_default()
    };
    assert_eq!(typed(&h, "Date"), "late March 2024");
    assert_eq!(typed(&h, "Killed"), "at least 140");
    retype(&mut h, "Date", "2024-03-22");
    retype(&mut h, "Killed", "145");
    h.get_by_label("Apply").click();
    h.run();
    let done = crocus(&h);
    assert!(!done.is_draft(), "{:?}", done.extra);
    assert_eq!(done.killed, Some(145));
    assert!(h.query_by_label(&format!("✎ draft · {CROCUS}")).is_none(), "no longer marked in the list");
}

#[test]
fn deleting_three_incidents_and_undoing_brings_each_back() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let all: Vec<_> = h.state().state().store().iter().cloned().collect();
    let mut deleted = Vec::new();
    for _ in 0..3 {
        // The next row of the list (its first when nothing is selected), then Delete.
        h.key_press(Key::ArrowRight);
        h.run();
        let state = h.state().state();
        deleted.push(state.store().incident(state.selection.expect("a row selected")).id.clone());
        h.get_by_label("Delete").click();
        h.run();
    }
    deleted.dedup();
    assert_eq!(deleted.len(), 3, "three different incidents: {deleted:?}");
    assert_eq!(h.state().state().store().len(), all.len() - 3);
    assert_eq!(h.state().state().shown().to_string(), format!("{0} of {0} shown", all.len() - 3));
    for id in &deleted {
        assert!(h.state().state().store().find_id(id).is_none());
    }
    for _ in 0..3 {
        h.get_by_label("Edit").click();
        h.run();
        h.get_by_label_contains("Undo: delete ‘").click();
        h.run();
    }
    let back: Vec<_> = h.state().state().store().iter().cloned().collect();
    assert_eq!(back, all, "every incident back, in the same order, unchanged");
}

#[test]
fn save_writes_the_file_it_came_from_and_reopening_gives_the_edit() {
    let (_dir, path, mut h) = app_on_a_copy();
    edit_crocus(&mut h);
    retype(&mut h, "Title", "Crocus City Hall attack (edited)");
    retype(&mut h, "Injured", "");
    h.get_by_label("Apply").click();
    h.run();
    assert!(h.state().state().history.unsaved());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().state().history.unsaved(), "saved");
    let reopened = incident_atlas::io::read_path(&path).expect("the saved file reads");
    assert!(reopened.diagnostics.is_empty(), "{:?}", reopened.diagnostics);
    let on_screen: Vec<_> = h.state().state().store().iter().cloned().collect();
    let mut saved = reopened.incidents;
    saved.sort_by_key(|i| (i.date.interval().start, i.date.interval().end));
    assert_eq!(saved.len(), on_screen.len());
    let edited = saved.iter().find(|i| i.id == CROCUS_ID).expect("edited incident saved");
    assert_eq!(edited.title, "Crocus City Hall attack (edited)");
    assert_eq!(edited.injured, None);
    assert_eq!(Some(edited), on_screen.iter().find(|i| i.id == CROCUS_ID));
}

#[test]
fn the_bundled_dataset_is_never_overwritten_save_asks_where() {
    let mut h = harness(AtlasApp::open(vec![bundled()], Settings::default()));
    let original = std::fs::read(bundled()).expect("bundled dataset");
    select_crocus(&mut h);
    h.get_by_label("Delete").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Save dataset");
    assert_eq!(std::fs::read(bundled()).expect("bundled dataset"), original);
    assert!(h.state().state().history.unsaved());
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let (_dir, path, mut h) = app_on_a_copy();
    let original = std::fs::read(&path).expect("copy");
    select_crocus(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    assert_eq!(h.state().state().history.undo_label(), Some(format!("duplicate ‘{CROCUS}’").as_str()));
    let close = |h: &mut Harness<'_, AtlasApp>| {
        let root = h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default();
        root.events.push(egui::ViewportEvent::Close);
        h.run();
    };
    close(&mut h);
    h.get_by_label("Save changes before closing?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Save changes before closing?").is_none());
    close(&mut h);
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().state().history.unsaved());
    assert_ne!(std::fs::read(&path).expect("copy"), original, "saved before closing");
    let saved = incident_atlas::io::read_path(&path).expect("reads");
    assert!(saved.incidents.iter().any(|i| i.id == format!("{CROCUS_ID}-2")));
}

#[test]
fn saving_over_a_file_another_program_changed_asks_first() {
    let (_dir, path, mut h) = app_on_a_copy();
    select_crocus(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    // Another program rewrites the file meanwhile (here: the same data, fewer spaces).
    let theirs = serde_json::to_vec(
        &serde_json::from_slice::<serde_json::Value>(&std::fs::read(&path).expect("read")).expect("json"),
    )
    .expect("json");
    std::fs::write(&path, &theirs).expect("their write");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("The file changed on disk");
    h.get_by_label_contains("was changed by another program since it was opened here");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(std::fs::read(&path).expect("read"), theirs, "their file is untouched");
    assert!(h.state().state().history.unsaved());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert!(!h.state().state().history.unsaved());
    let saved = incident_atlas::io::read_path(&path).expect("reads");
    assert!(saved.incidents.iter().any(|i| i.id == format!("{CROCUS_ID}-2")), "ours now");
    // Saved by us, the file is ours again: the next save does not ask.
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("The file changed on disk").is_none());
    assert!(!h.state().state().history.unsaved());
}

#[test]
fn a_save_that_fails_keeps_the_data_and_says_why() {
    let (_dir, path, mut h) = app_on_a_copy();
    select_crocus(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    // The file's place is taken by a folder: the write cannot replace it (as root too, unlike a
    // read-only folder).
    std::fs::remove_file(&path).expect("remove");
    std::fs::create_dir(&path).expect("a folder in its place");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    // Something else is in the file's place: Save asks first, and the write then fails.
    h.get_by_label("Overwrite").click();
    h.run();
    let toast = h.state().toast().expect("a message").to_owned();
    assert!(toast.starts_with("Not saved: ") && toast.ends_with("The data on screen is kept."), "{toast}");
    assert!(h.state().state().history.unsaved());
    assert!(h.state().state().store().find_id(&format!("{CROCUS_ID}-2")).is_some());
    assert!(path.is_dir(), "the folder is left alone");
    assert_eq!(
        std::fs::read_dir(path.parent().expect("dir")).expect("list").count(),
        1,
        "no temporary file left"
    );
}

/// The child process of the recovery test finds its folder here.
const RECOVERY_FOLDER_VARIABLE: &str = "INCIDENT_ATLAS_TEST_RECOVERY_FOLDER";
const RECOVERY_DRIVER: &str = "editing::recovery_driver_edits_then_waits_to_be_killed";

/// The app the recovery test kills: it edits the bundled dataset, writes what it has on screen beside
/// the journal, says "ready" and waits.
#[test]
#[ignore = "a child process of a_killed_app_offers_its_unsaved_changes_next_time_and_restores_them"]
fn recovery_driver_edits_then_waits_to_be_killed() {
    use std::io::Write;
    let folder = std::path::PathBuf::from(
        std::env::var_os(RECOVERY_FOLDER_VARIABLE).expect("run by the recovery test"),
    );
    let mut h = harness(
        AtlasApp::open(vec![bundled()], Settings::default()).with_recovery_folder(folder.join("journals")),
    );
    edit_crocus(&mut h);
    retype(&mut h, "Date", "2010-03");
    h.get_by_label("Apply").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    let on_screen: Vec<_> = h.state().state().store().iter().cloned().collect();
    incident_atlas::io::write_path(&folder.join("on-screen.geojson"), &on_screen).expect("write");
    let mut out = std::io::stdout();
    out.write_all(b"\nrecovery driver ready\n").and_then(|()| out.flush()).expect("say ready");
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}

#[test]
fn a_killed_app_offers_its_unsaved_changes_next_time_and_restores_them() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let folder = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([RECOVERY_DRIVER, "--exact", "--ignored", "--nocapture", "--test-threads", "1"])
        .env(RECOVERY_FOLDER_VARIABLE, folder.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the driver starts");
    let stdout = child.stdout.take().expect("its output");
    let ready = std::io::BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line == "recovery driver ready");
    // SIGKILL: no chance to save or clean up, as in a crash.
    let _ = child.kill();
    let _ = child.wait();
    assert!(ready, "the driver edited and said so");
    let mut expected =
        incident_atlas::io::read_path(&folder.path().join("on-screen.geojson")).expect("reads").incidents;

    let mut h = harness(
        AtlasApp::open(vec![bundled()], Settings::default())
            .with_recovery_folder(folder.path().join("journals")),
    );
    h.get_by_label("Restore unsaved changes?");
    h.get_by_label_contains("ended with 2 changes to ‘is-vs-russia.geojson’ not saved");
    h.get_by_label_contains(&format!("change date of ‘{CROCUS}’\nduplicate ‘{CROCUS}’"));
    assert_eq!(h.state().state().store().len(), expected.len() - 1, "nothing changed before the answer");
    h.get_by_label("Restore").click();
    h.run();
    assert!(h.query_by_label("Restore unsaved changes?").is_none());
    let mut restored: Vec<_> = h.state().state().store().iter().cloned().collect();
    restored.sort_by(|a, b| a.id.cmp(&b.id));
    expected.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(restored, expected, "every change back, exactly");
    assert!(h.state().state().history.unsaved());
    assert_eq!(
        h.state().state().history.undo_label(),
        Some(format!("duplicate ‘{CROCUS}’").as_str()),
        "undoable"
    );
    // Giving them up at the close removes the journal: the start after that offers nothing.
    let root = h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default();
    root.events.push(egui::ViewportEvent::Close);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    let h = harness(
        AtlasApp::open(vec![bundled()], Settings::default())
            .with_recovery_folder(folder.path().join("journals")),
    );
    assert!(h.query_by_label("Restore unsaved changes?").is_none());
}

const FOLLOW_UP: &str = "ISKP promises more attacks on Russia after Crocus";
const SPOKESMAN: &str = "Islamic State spokesman praises ISKP for striking Russians";
const BODYCAM: &str =
    "Islamic State media claim the Crocus attack and release the attackers' body-camera footage";

fn by_title(h: &Harness<'_, AtlasApp>, title: &str) -> incident_atlas::model::Incident {
    h.state().state().store().iter().find(|i| i.title == title).cloned().unwrap_or_else(|| panic!("{title}"))
}

/// A list row, by its title cell (the map's markers are labelled "map marker: …").
fn ctrl_click_row(h: &mut Harness<'_, AtlasApp>, title: &str) {
    h.get_by_label(title).click_modifiers(Modifiers::COMMAND);
    h.run();
}

#[test]
fn rows_picked_together_change_and_go_as_one_step_each_and_undo_brings_them_back() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let titles = [CROCUS, FOLLOW_UP, SPOKESMAN];
    let before: Vec<_> = titles.iter().map(|t| by_title(&h, t)).collect();
    select_crocus(&mut h);
    ctrl_click_row(&mut h, FOLLOW_UP);
    ctrl_click_row(&mut h, SPOKESMAN);
    assert_eq!(h.state().state().picked.len(), 3);
    h.get_by_label("3 incidents picked");
    h.get_by_label("3 picked");

    retype(&mut h, "Category", "threat");
    h.get_by_label("Set for all").click();
    h.run();
    for title in titles {
        assert_eq!(by_title(&h, title).category, "threat", "{title}");
    }
    assert_eq!(by_title(&h, BODYCAM).category, "statement", "not picked, not changed");
    assert_eq!(h.state().state().history.undo_label(), Some("set category of 3 incidents to ‘threat’"));

    retype(&mut h, "Actor", "Test actor");
    h.get_by_label("Add actor to all").click();
    h.run();
    assert!(titles.iter().all(|t| by_title(&h, t).actors.last().map(String::as_str) == Some("Test actor")));
    h.get_by_label("Test actor (3)");

    retype(&mut h, "Tag", "to verify");
    h.get_by_label("Add tag to all").click();
    h.run();
    assert!(titles.iter().all(|t| by_title(&h, t).tags() == ["to verify"]));
    assert_eq!(h.state().state().history.undo_label(), Some("add tag ‘to verify’ to 3 incidents"));
    h.get_by_label("to verify (3)");

    // Delete takes all three, as one step; the count on the map follows.
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(h.state().state().store().len(), 29);
    assert_eq!(h.state().state().shown().to_string(), "29 of 29 shown");
    assert_eq!(h.state().state().history.undo_label(), Some("delete 3 incidents"));
    assert!(h.state().state().picked.is_empty());
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    assert_eq!(h.state().state().store().len(), 32);
    let after: Vec<_> = titles.iter().map(|t| by_title(&h, t)).collect();
    assert_eq!(after, before, "four undos put back the incidents exactly");
}

#[test]
fn shift_click_picks_the_run_of_rows_and_a_plain_click_ends_it() {
    let (_dir, _path, mut h) = app_on_a_copy();
    select_crocus(&mut h);
    h.get_by_label(BODYCAM).click();
    h.run();
    h.get_by_label(CROCUS).click_modifiers(Modifiers::SHIFT);
    h.run();
    let state = h.state().state();
    let picked: Vec<&str> = state.picked.iter().map(|&i| state.store().incident(i).title.as_str()).collect();
    assert!(picked.len() >= 2 && picked.contains(&BODYCAM) && picked.contains(&CROCUS), "{picked:?}");
    let run = picked.len();
    // Newest first: the rows between them all start on the day of the attack.
    assert!(state.picked.iter().all(|&i| state.store().incident(i).date.as_str().starts_with("2024-03-22")));
    h.get_by_label(&format!("{run} incidents picked"));
    h.get_by_label(CROCUS).click();
    h.run();
    assert!(h.state().state().picked.is_empty());
    h.get_by_label("Edit incident");
}

#[test]
fn a_new_incident_from_the_list_opens_in_the_editor_and_discard_takes_it_away() {
    let (_dir, _path, mut h) = app_on_a_copy();
    h.get_by_label("+ New incident").click();
    h.run();
    assert_eq!(h.state().state().store().len(), 33);
    let new = by_title(&h, "New incident");
    assert_eq!(new.id, "new-1");
    assert!(!new.geometry.is_located(), "no place yet");
    assert!(new.created.is_some() && new.created == new.updated);
    h.get_by_label("Editing");
    retype(&mut h, "Title", "Arrest in Kaliningrad");
    retype(&mut h, "Place", "Kaliningrad");
    h.get_all_by_label_contains("📍 Kaliningrad").next().expect("a suggestion").click();
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    let kept = by_title(&h, "Arrest in Kaliningrad");
    assert!(kept.geometry.is_located(), "placed from the gazetteer");
    // Kept without a source, and marked for it in its details.
    h.get_by_label("⚠ sources: no source: every incident should cite at least one");
    // Its marker is on the map, once the map is fitted to what is shown.
    h.get_by_label("Fit").click();
    h.run();
    h.get_by_label("map marker: Arrest in Kaliningrad");
    assert_eq!(h.state().state().history.undo_label(), Some("edit ‘Arrest in Kaliningrad’"));

    // Ctrl+N, then Discard: the new one goes again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert_eq!(h.state().state().store().len(), 34);
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().state().store().len(), 33);
    assert!(h.query_by_label("Editing").is_none());
}

#[test]
fn a_right_click_on_the_map_adds_an_incident_at_that_point() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let at = h.state().map_rect().expect("the map is drawn").center();
    right_click(&mut h, at);
    h.get_by_label_contains("New incident here (").click();
    h.run();
    let new = by_title(&h, "New incident");
    let (lat, lon) = crate::support::point(&new);
    let (view_lat, view_lon, _) = h.state().map_view();
    assert!(
        (lat - view_lat).abs() < 0.5 && (lon - view_lon).abs() < 0.5,
        "{lat}, {lon} vs {view_lat}, {view_lon}"
    );
    h.get_by_label("Editing");
    let shown = h
        .get_by_role_and_label(Role::MultilineTextInput, "Coordinates")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert!(shown.starts_with(&format!("{lat}")), "{shown}");
}

#[test]
fn dragging_the_edited_incidents_marker_moves_it_and_undo_moves_it_back() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let before = crocus(&h);
    let marker = crocus_marker_while_editing(&mut h);
    let to = marker + egui::vec2(60.0, 40.0);
    crate::support::drag(&mut h, marker, to);
    let moved = crocus(&h);
    let ((lat0, lon0), (lat1, lon1)) = (crate::support::point(&before), crate::support::point(&moved));
    assert!(lon1 > lon0 && lat1 < lat0, "east and south of where it was: {lat1}, {lon1}");
    assert_eq!(h.state().state().history.undo_label(), Some(format!("move ‘{CROCUS}’").as_str()));
    // The map did not pan under the drag: the marker left its place on the screen.
    let now = h.get_by_label(&format!("map marker: {CROCUS}")).rect().center();
    assert!(now.distance(to) < 3.0, "{now:?} vs {to:?}");
    // The editor, still open, shows the new place.
    let shown = h
        .get_by_role_and_label(Role::MultilineTextInput, "Coordinates")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert_eq!(shown, format!("{lat1}, {lon1}"));
    h.get_by_label("Cancel").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(crocus(&h), before);
}

#[test]
fn sources_are_added_moved_and_removed_in_the_editor() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let before = crocus(&h);
    edit_crocus(&mut h);
    let shown = before.sources.len();
    h.get_by_label(&format!("Sources ({shown})"));
    press_in_view(&mut h, "+ Add source");
    // A source typed without its publisher is named and cannot be applied.
    let last = |h: &Harness<'_, AtlasApp>, label: &str| {
        h.get_all_by_role_and_label(Role::TextInput, label).last().expect(label).focus();
    };
    last(&h, "Source title");
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "Source title")
        .last()
        .expect("field")
        .type_text("Court report");
    h.run();
    h.get_by_label_contains(&format!("source {}: the publisher must be given", shown + 1));
    assert!(h.get_by_label("Apply").accesskit_node().is_disabled());
    last(&h, "Publisher");
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "Publisher").last().expect("field").type_text("Mediazona");
    h.run();
    // Moved to the top, then applied.
    for at in (1..=shown).rev() {
        h.get_all_by_label("⬆").nth(at).expect("the new source's ⬆").scroll_to_me();
        h.run();
        h.get_all_by_label("⬆").nth(at).expect("the new source's ⬆").click();
        h.run();
    }
    h.get_by_label("Apply").click();
    h.run();
    let after = crocus(&h);
    assert_eq!(after.sources.len(), shown + 1);
    assert_eq!(
        (after.sources[0].publisher.as_str(), after.sources[0].title.as_str()),
        ("Mediazona", "Court report")
    );
    assert_eq!(&after.sources[1..], &before.sources[..]);
    assert_eq!(
        h.state().state().history.undo_label(),
        Some(format!("change sources of ‘{CROCUS}’").as_str())
    );

    // Removing it again gives the sources the incident had.
    h.get_by_label("Edit incident").click();
    h.run();
    press_in_view(&mut h, "Remove source");
    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(crocus(&h).sources, before.sources);
}

#[test]
fn places_are_added_to_and_taken_from_the_edited_incident_on_the_map() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let before = crocus(&h);
    let marker = crocus_marker_while_editing(&mut h);
    let elsewhere = marker + egui::vec2(-120.0, 80.0);
    right_click(&mut h, elsewhere);
    h.get_by_label_contains("Add this place to ‘Gunmen attack Crocus City Hall…’").click();
    h.run();
    let two = crocus(&h);
    assert_eq!(two.geometry.positions().len(), 2);
    assert_eq!(two.geometry.positions()[0], before.geometry.positions()[0], "the first place stays");
    let lines = h
        .get_by_role_and_label(Role::MultilineTextInput, "Coordinates")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert_eq!(lines.lines().count(), 2, "the editor shows both places: {lines}");
    // The place added has a marker of its own: a right-click on it takes it away again.
    let added = h
        .get_all_by_label(&format!("map marker: {CROCUS}"))
        .map(|m| m.rect().center())
        .find(|c| c.distance(elsewhere) < 3.0)
        .expect("a marker where the place was added");
    right_click(&mut h, added);
    h.get_by_label_contains("Remove this place from").click();
    h.run();
    assert_eq!(crocus(&h).geometry, before.geometry, "one place left: a point again");
    assert_eq!(h.state().state().history.undo_label(), Some(format!("move ‘{CROCUS}’").as_str()));
}

#[test]
fn the_date_s_calendar_picks_an_exact_day() {
    let (_dir, _path, mut h) = app_on_a_copy();
    edit_crocus(&mut h);
    h.get_by_label("📅 Day").click();
    h.run();
    // It opens on the month of the date typed (22 March 2024), which it marks.
    h.get_by_label("March 2024");
    let marked = h.get_by_label("22").accesskit_node().toggled();
    assert_eq!(marked, Some(egui::accesskit::Toggled::True));
    assert_eq!(h.get_by_label("21").accesskit_node().toggled(), Some(egui::accesskit::Toggled::False));
    h.get_by_label("›").click();
    h.run();
    h.get_by_label("April 2024");
    h.get_by_label("12").click();
    h.run();
    assert!(h.query_by_label("April 2024").is_none(), "the calendar closes on a pick");
    h.get_by_label_contains("12 April 2024 — day known");
    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(crocus(&h).date.as_str(), "2024-04-12");
}

#[test]
fn actors_are_tokens_taken_away_by_a_click_and_added_with_enter() {
    let (_dir, _path, mut h) = app_on_a_copy();
    let before = crocus(&h);
    assert_eq!(before.actors.last().map(String::as_str), Some("Four gunmen"), "as the bundled file has them");
    edit_crocus(&mut h);
    h.get_by_label("Four gunmen ×").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Actors").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Actors").type_text("Tajik nationals");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Tajik nationals ×");
    h.get_by_label("Apply").click();
    h.run();
    let mut expected = before.actors[..before.actors.len() - 1].to_vec();
    expected.push("Tajik nationals".to_owned());
    assert_eq!(*crocus(&h).actors, expected);
    assert_eq!(h.state().state().history.undo_label(), Some(format!("change actors of ‘{CROCUS}’").as_str()));
}

/// File ▸ Open the bundled dataset, as a user would pick it.
fn open_bundled_from_the_menu(h: &mut Harness<'_, AtlasApp>) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open the bundled dataset").click();
    h.run();
}

#[test]
fn other_data_asks_before_it_replaces_unsaved_changes() {
    let (_dir, path, mut h) = app_on_a_copy();
    edit_crocus(&mut h);
    retype(&mut h, "Date", "2010-03");
    h.get_by_label("Apply").click();
    h.run();
    open_bundled_from_the_menu(&mut h);
    h.get_by_label("Save changes before opening other data?");
    h.get_by_label("Cancel").click();
    h.run();
    wait_while(&mut h, AtlasApp::is_loading);
    assert_eq!(crocus(&h).date.as_str(), "2010-03", "Cancel keeps the changes on screen");
    assert_eq!(h.state().state().dataset.paths, vec![path.clone()]);

    // Save writes them to the file they came from, then the other data opens.
    open_bundled_from_the_menu(&mut h);
    h.get_by_label("Save").click();
    h.run();
    h.run();
    wait_while(&mut h, AtlasApp::is_loading);
    assert_eq!(crocus(&h).date.as_str(), "2024-03-22", "the bundled dataset is on screen");
    assert!(!h.state().state().history.unsaved());
    let saved = std::fs::read_to_string(&path).expect("the copy");
    assert!(
        saved.contains("\"date\": \"2010-03\"") || saved.contains("\"date\":\"2010-03\""),
        "the change was saved"
    );

    // Don't save gives the change up and opens the other data: only once that data has opened.
    h.get_by_label("+ New incident").click();
    h.run();
    assert_eq!(h.state().state().store().len(), 33);
    let broken = path.with_file_name("broken.geojson");
    std::fs::write(&broken, "{\"type\": \"FeatureCollection\", \"features\": [").expect("write");
    let ctx = h.ctx.clone();
    h.state_mut().start_loading(&ctx, vec![broken]);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    wait_while(&mut h, AtlasApp::is_loading);
    h.get_by_label_contains("Not opened; the data on screen was kept.");
    assert_eq!(h.state().state().store().len(), 33, "the file did not open: the new incident stays");
    assert!(h.state().state().history.unsaved(), "and is still unsaved, Ctrl+S saves it");
    assert_eq!(h.state().state().history.undo_label(), Some("add ‘New incident’"));
    open_bundled_from_the_menu(&mut h);
    h.get_by_label("Don't save").click();
    h.run();
    wait_while(&mut h, AtlasApp::is_loading);
    assert_eq!(h.state().state().store().len(), 32);
    assert!(!h.state().state().history.unsaved());
}
