use super::*;
use crate::model::{EdtfDate, Geometry, Position};

fn incident(id: &str, date: &str, category: &str, located: bool) -> Incident {
    let mut i = Incident::new(id, format!("Title {id}"), EdtfDate::parse(date).expect("date"), category);
    if located {
        i.geometry = Geometry::Point(Position::lat_lon(55.0, 37.0));
    }
    i
}

fn state() -> AppState {
    AppState::new(Dataset::new(
        vec![
            incident("c", "2024-03-22", "attack", true),
            incident("a", "2015", "bombing", true),
            incident("b", "2019", "attack", false),
        ],
        "test",
        Vec::new(),
    ))
}

fn ids(state: &AppState) -> Vec<String> {
    state.visible().iter().map(|&i| state.store().incident(i).id.clone()).collect()
}

#[test]
fn starts_with_everything_shown_over_the_whole_span() {
    let s = state();
    assert_eq!(ids(&s), ["a", "b", "c"]);
    assert_eq!(s.shown().to_string(), "3 of 3 shown");
    assert_eq!(s.map_request, Some(MapRequest::FitVisible));
}

#[test]
fn filters_and_window_change_what_is_shown() {
    let mut s = state();
    s.apply(Command::ToggleCategory("attack".into()));
    assert_eq!(ids(&s), ["a"]);
    assert!(!s.category_shown("attack"));
    s.apply(Command::ShowAllCategories);
    s.apply(Command::SetText("title B".into()));
    assert_eq!(ids(&s), ["b"]);
    s.apply(Command::SetText(String::new()));
    s.apply(Command::SetWindow(EdtfDate::parse("2019-06").expect("d").interval()));
    assert_eq!(ids(&s), ["b"], "a year-only event overlaps a month inside it");
    assert_eq!(s.shown().to_string(), "1 of 3 shown");
}

#[test]
fn arrows_step_through_shown_incidents_in_time() {
    let mut s = state();
    s.apply(Command::SelectNext);
    assert_eq!(s.selection, Some(0));
    s.apply(Command::SelectNext);
    assert_eq!(s.selection, Some(1));
    s.apply(Command::SelectNext);
    s.apply(Command::SelectNext);
    assert_eq!(s.selection, Some(2), "stays on the last");
    assert_eq!(s.map_request, Some(MapRequest::CenterOn(2)));
    s.apply(Command::SelectPrevious);
    assert_eq!(s.selection, Some(1));
    s.apply(Command::ClearSelection);
    assert_eq!(s.selection, None);
    s.apply(Command::SelectPrevious);
    assert_eq!(s.selection, Some(2));
}

#[test]
fn replacing_the_dataset_keeps_filters_and_the_selected_id() {
    let mut s = state();
    s.apply(Command::Select(Some(2)));
    s.apply(Command::ToggleCategory("bombing".into()));
    let next = Dataset::new(
        vec![incident("c", "2024-03-22", "attack", true), incident("z", "2000", "plot", true)],
        "next",
        vec![],
    );
    s.apply(Command::ReplaceDataset(Box::new(next)));
    assert_eq!(s.dataset.name, "next");
    assert_eq!(s.selection.map(|i| s.store().incident(i).id.clone()).as_deref(), Some("c"));
    assert!(!s.category_shown("bombing"));
}

#[test]
fn playback_moves_the_window_and_stops_at_the_end() {
    let mut s = state();
    let span = s.data_span();
    s.apply(Command::SetWindow(TimeWindow { start: span.start, end: span.start + 365 * 86_400 }));
    s.apply(Command::SetPlaybackSpeed(4));
    s.apply(Command::TogglePlay);
    assert!(s.playback.playing);
    let before = s.window;
    s.apply(Command::Tick(0.5));
    assert!(s.window.start > before.start);
    assert_eq!(s.window.end - s.window.start, before.end - before.start, "a moving window keeps its width");
    for _ in 0..200 {
        s.apply(Command::Tick(1.0));
    }
    assert!(!s.playback.playing);
    assert_eq!(s.window.end, span.end);

    s.apply(Command::SetPlaybackMode(PlaybackMode::Accumulate));
    s.apply(Command::TogglePlay);
    assert_eq!(s.window.start, span.start, "restarts from the beginning");
    s.apply(Command::Tick(2.0));
    assert_eq!(s.window.start, span.start, "accumulate keeps the start");
}

fn play_from_start(s: &mut AppState, mode: PlaybackMode, width: i64) {
    let span = s.data_span();
    s.apply(Command::SetWindow(TimeWindow { start: span.start, end: span.start + width }));
    s.apply(Command::SetPlaybackMode(mode));
    s.apply(Command::SetPlaybackSpeed(2)); // a month per second
    s.apply(Command::TogglePlay);
    assert!(s.playback.playing);
}

#[test]
fn playback_jumps_over_empty_years_unless_asked_not_to() {
    // a (2015), then nothing until b (2019): 36 empty months.
    let month = 31 * 86_400;
    let mut s = state();
    play_from_start(&mut s, PlaybackMode::MovingWindow, month);
    let mut ticks = 0;
    while !ids(&s).contains(&"b".to_owned()) && ticks < 100 {
        s.apply(Command::Tick(1.0));
        ticks += 1;
    }
    assert!(ticks <= 15, "b reached after {ticks} ticks of a month each");
    assert_eq!(s.window.end - s.window.start, month, "the window keeps its width");

    let mut s = state();
    s.apply(Command::SetSkipGaps(false));
    play_from_start(&mut s, PlaybackMode::MovingWindow, month);
    for _ in 0..15 {
        s.apply(Command::Tick(1.0));
    }
    assert!(ids(&s).is_empty(), "without skipping, the window is still in the empty years: {:?}", s.window);
}

#[test]
fn accumulating_playback_goes_from_incident_to_incident() {
    let mut s = state();
    play_from_start(&mut s, PlaybackMode::Accumulate, 1);
    let b_start = EdtfDate::parse("2019").expect("d").interval().start;
    s.apply(Command::Tick(1.0));
    assert_eq!(s.window.end, b_start, "the cursor waits at the next incident");
    s.apply(Command::Tick(1.0));
    assert_eq!(ids(&s), ["a", "b"]);
    s.apply(Command::Tick(1.0));
    assert_eq!(ids(&s), ["a", "b", "c"]);
    assert!(!s.playback.playing, "stops at the end of the data");
}

#[test]
fn frame_steps_move_by_one_speed_unit_pause_and_stay_in_the_data() {
    let mut s = state();
    let span = s.data_span();
    play_from_start(&mut s, PlaybackMode::MovingWindow, 365 * 86_400);
    let first = s.window;
    let step = s.playback.frame_seconds();
    assert_eq!(step, (30.44 * 86_400.0) as i64);
    s.apply(Command::StepFrame { forward: true });
    assert!(!s.playback.playing, "a step pauses");
    assert_eq!((s.window.start, s.window.end), (first.start + step, first.end + step));
    s.apply(Command::StepFrame { forward: false });
    assert_eq!(s.window, first);
    s.apply(Command::StepFrame { forward: false });
    assert_eq!(s.window, first, "not before the data's start");

    s.apply(Command::SetPlaybackMode(PlaybackMode::Accumulate));
    s.apply(Command::SetWindow(TimeWindow { start: span.start, end: span.end - 10 }));
    s.apply(Command::StepFrame { forward: true });
    assert_eq!(s.window, span, "not past the data's end");
    s.apply(Command::StepFrame { forward: false });
    assert_eq!(s.window, TimeWindow { start: span.start, end: span.end - step }, "accumulate moves the end");
}

fn snapshot(state: &AppState) -> Vec<Incident> {
    state.store().iter().cloned().collect()
}

/// Steps of every kind, as a user would take them: change, add, duplicate, delete, undo, redo.
fn edit_a_lot(s: &mut AppState) {
    let index = s.store().find_id("a").expect("a");
    let mut changed = s.store().incident(index).clone();
    changed.date = EdtfDate::parse("2023-05-01?").expect("date");
    changed.title = "Title a, “quoted”\nwith a newline".into();
    s.apply(Command::Edit(Edit::Change(index, Box::new(changed))));
    s.apply(Command::Edit(Edit::Add(vec![incident("new", "2020-02", "raid", true)])));
    let c = s.store().find_id("c").expect("c");
    s.apply(Command::Edit(Edit::Duplicate(c)));
    let b = s.store().find_id("b").expect("b");
    s.apply(Command::Edit(Edit::Delete(vec![b])));
    s.apply(Command::Undo);
    s.apply(Command::Undo);
    s.apply(Command::Redo);
    let both = vec![s.store().find_id("a").expect("a"), s.store().find_id("new").expect("new")];
    s.apply(Command::Edit(Edit::Bulk(both.clone(), BulkChange::AddActor("Islamic State".into()))));
    s.apply(Command::Edit(Edit::Bulk(both.clone(), BulkChange::AddTag("to check".into()))));
    s.apply(Command::Edit(Edit::Bulk(both[..1].to_vec(), BulkChange::RemoveTag("to check".into()))));
}

#[test]
fn changes_left_by_a_run_that_died_are_offered_and_put_back_exactly() {
    let folder = tempfile::tempdir().expect("dir");
    let mut first = state();
    first.keep_journal_in(folder.path().to_owned());
    assert_eq!(first.recovery, None, "nothing left yet");
    edit_a_lot(&mut first);
    let expected = snapshot(&first);
    // The first run dies here: nothing saved. The next one starts on the same data.
    let mut second = state();
    second.keep_journal_in(folder.path().to_owned());
    let recovery = second.recovery.clone().expect("the changes are offered");
    assert_eq!(recovery.refused, None);
    assert_eq!(recovery.damaged, 0);
    assert_eq!(recovery.labels.len(), 10);
    assert_eq!(recovery.labels[7], "add actor ‘Islamic State’ to 2 incidents");
    assert_eq!(recovery.labels[9], "remove tag ‘to check’ from 1 incident");
    assert_eq!(recovery.labels[1], "add ‘Title new’");
    assert_eq!(recovery.labels[5], "undo: duplicate ‘Title c’");
    second.apply(Command::RestoreUnsavedChanges);
    assert_eq!(snapshot(&second), expected);
    assert!(second.history.unsaved());
    assert_eq!(second.history.undo_label(), first.history.undo_label());
    assert_eq!(second.recovery, None);
    // The journal goes on after a restore: a third run gets all the steps back, the new one too.
    second.apply(Command::Undo);
    let third_expected = snapshot(&second);
    let mut third = state();
    third.keep_journal_in(folder.path().to_owned());
    third.apply(Command::RestoreUnsavedChanges);
    assert_eq!(snapshot(&third), third_expected);
    // A save removes the journal.
    third.apply(Command::Saved(folder.path().join("saved.geojson")));
    let mut fourth = state();
    fourth.keep_journal_in(folder.path().to_owned());
    assert_eq!(fourth.recovery, None);
}

#[test]
fn a_torn_last_line_is_dropped_and_a_damaged_one_counted() {
    let folder = tempfile::tempdir().expect("dir");
    let mut first = state();
    first.keep_journal_in(folder.path().to_owned());
    let index = first.store().find_id("b").expect("b");
    first.apply(Command::Edit(Edit::Delete(vec![index])));
    let after_one = snapshot(&first);
    first.apply(Command::Undo);
    let journal =
        std::fs::read_dir(folder.path()).expect("list").next().expect("one journal").expect("entry").path();
    let whole = std::fs::read_to_string(&journal).expect("read");
    // Killed in the middle of writing the undo.
    std::fs::write(&journal, &whole[..whole.len() - 10]).expect("write");
    let mut second = state();
    second.keep_journal_in(folder.path().to_owned());
    assert_eq!(second.recovery.as_ref().map(|r| (r.labels.len(), r.damaged)), Some((1, 0)));
    second.apply(Command::RestoreUnsavedChanges);
    assert_eq!(snapshot(&second), after_one);
    // A line damaged in the middle is counted, the others kept.
    let mut lines: Vec<&str> = whole.lines().collect();
    lines.insert(1, "{\"step\": {\"change\": 7}}");
    std::fs::write(&journal, lines.join("\n") + "\n").expect("write");
    let mut third = state();
    third.keep_journal_in(folder.path().to_owned());
    assert_eq!(third.recovery.as_ref().map(|r| (r.labels.len(), r.damaged)), Some((2, 1)));
}

#[test]
fn changes_made_on_other_data_are_refused_and_kept_aside() {
    let folder = tempfile::tempdir().expect("dir");
    let mut first = state();
    first.keep_journal_in(folder.path().to_owned());
    first.apply(Command::Edit(Edit::Delete(vec![0])));
    // The same name, other contents (the file was changed by another program).
    let mut other =
        AppState::new(Dataset::new(vec![incident("z", "2001", "raid", false)], "test", Vec::new()));
    other.keep_journal_in(folder.path().to_owned());
    let refused = other.recovery.as_ref().and_then(|r| r.refused.clone()).expect("refused");
    assert!(refused.contains("cannot be put back"), "{refused}");
    other.apply(Command::RestoreUnsavedChanges);
    assert_eq!(other.store().len(), 1, "nothing replayed");
    let names: Vec<String> = std::fs::read_dir(folder.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(names[0].contains(".from-"), "moved aside, not deleted: {names:?}");
}

#[test]
fn giving_up_or_editing_past_an_offer_never_replays_it_later() {
    let folder = tempfile::tempdir().expect("dir");
    let mut first = state();
    first.keep_journal_in(folder.path().to_owned());
    first.apply(Command::Edit(Edit::Delete(vec![0])));
    let mut second = state();
    second.keep_journal_in(folder.path().to_owned());
    assert!(second.recovery.is_some());
    second.apply(Command::ForgetUnsavedChanges);
    let mut third = state();
    third.keep_journal_in(folder.path().to_owned());
    assert_eq!(third.recovery, None, "given up");
    // An edit made while the offer is open sets the old journal aside and starts a new one.
    third.apply(Command::Edit(Edit::Delete(vec![1])));
    let mut fourth = state();
    fourth.keep_journal_in(folder.path().to_owned());
    assert!(fourth.recovery.is_some());
    third.apply(Command::Edit(Edit::Delete(vec![0])));
    let mut fifth = state();
    fifth.keep_journal_in(folder.path().to_owned());
    assert_eq!(fifth.recovery.as_ref().map(|r| r.labels.len()), Some(2), "third's own two steps");
    let aside = std::fs::read_dir(folder.path()).expect("list").count();
    assert_eq!(aside, 1, "fourth did not edit, so nothing was set aside");
}

#[test]
fn each_step_stamps_when_it_was_made_and_a_restore_keeps_those_times() {
    let folder = tempfile::tempdir().expect("dir");
    let mut first = state();
    first.keep_journal_in(folder.path().to_owned());
    let before = jiff::Timestamp::now().as_second();
    edit_a_lot(&mut first);
    let after = jiff::Timestamp::now().as_second();
    let of = |s: &AppState, id: &str| s.store().get(s.store().find_id(id).expect(id)).cloned().expect(id);
    let changed = of(&first, "a");
    assert_eq!(changed.created, None, "made before this tool saw it");
    assert!(changed.updated.is_some_and(|t| (before..=after).contains(&t)));
    let added = of(&first, "new");
    assert!(added.created.is_some_and(|t| (before..=after).contains(&t)));
    assert_eq!(added.created, added.updated);
    assert_eq!(of(&first, "c").updated, None, "the duplicated one is left as it was");
    assert!(of(&first, "c-2").created.is_some());
    first.apply(Command::Undo);
    assert_eq!(of(&first, "c").updated, None);

    // The journal's times are the steps' own: a restore in a later second gives the same stamps.
    let journal = std::fs::read_dir(folder.path()).expect("dir").flatten().next().expect("a journal").path();
    let text = std::fs::read_to_string(&journal).expect("reads");
    let stamp = |t: i64| crate::model::utc_text(t);
    let rewritten: String =
        (before..=after).fold(text, |text, t| text.replace(&stamp(t), "2020-01-01T00:00:00Z"));
    std::fs::write(&journal, rewritten).expect("writes");
    let mut second = state();
    second.keep_journal_in(folder.path().to_owned());
    second.apply(Command::RestoreUnsavedChanges);
    assert_eq!(of(&second, "new").created, Some(1_577_836_800));
    assert_eq!(of(&second, "a").updated, Some(1_577_836_800));
}

#[test]
fn rows_picked_together_change_as_one_step_and_stay_picked() {
    let mut s = state();
    let at = |s: &AppState, id: &str| s.store().find_id(id).expect(id);
    let (a, b, c) = (at(&s, "a"), at(&s, "b"), at(&s, "c"));
    s.apply(Command::Select(Some(a)));
    s.apply(Command::TogglePicked(c));
    assert_eq!(s.picked, BTreeSet::from([a, c]), "the selection is picked with the row");
    assert_eq!(s.selection, Some(c));
    s.apply(Command::TogglePicked(b));
    s.apply(Command::TogglePicked(b));
    assert_eq!(s.picked.len(), 2, "a second Ctrl+click takes a row out");

    s.apply(Command::Edit(Edit::Bulk(
        s.picked.iter().copied().collect(),
        BulkChange::SetCategory("raid".into()),
    )));
    assert_eq!(s.history.undo_label(), Some("set category of 2 incidents to ‘raid’"));
    let categories =
        |s: &AppState| s.store().iter().map(|i| (i.id.clone(), i.category.clone())).collect::<Vec<_>>();
    assert_eq!(
        categories(&s),
        [("a".into(), "raid".into()), ("b".into(), "attack".into()), ("c".into(), "raid".into())]
    );
    assert_eq!(s.picked.len(), 2, "still picked for the next change");
    assert_eq!(s.selection, Some(at(&s, "c")), "and the selection stays");

    let all: Vec<u32> = s.picked.iter().copied().collect();
    s.apply(Command::Edit(Edit::Bulk(all.clone(), BulkChange::AddActor("IS".into()))));
    s.apply(Command::Edit(Edit::Bulk(all.clone(), BulkChange::AddActor("IS".into()))));
    assert_eq!(s.history.undo_label(), Some("add actor ‘IS’ to 2 incidents"), "adding it again is no step");
    s.apply(Command::Undo);
    s.apply(Command::Undo);
    assert_eq!(categories(&s)[0].1, "bombing");
    assert!(s.store().iter().all(|i| i.actors.is_empty() && i.updated.is_none()));

    // Tags: added to the two picked, one of which had ACLED's form (a text with semicolons).
    let c = at(&s, "c");
    let mut acled = s.store().incident(c).clone();
    acled.extra.insert("tags", serde_json::json!("crowd size=no report"));
    s.apply(Command::Edit(Edit::Change(c, Box::new(acled))));
    s.apply(Command::Edit(Edit::Bulk(all.clone(), BulkChange::AddTag("verified".into()))));
    assert_eq!(s.history.undo_label(), Some("add tag ‘verified’ to 2 incidents"));
    let tags = |s: &AppState, id: &str| s.store().incident(at(s, id)).extra.get("tags");
    assert_eq!(tags(&s, "a"), Some(serde_json::json!(["verified"])));
    assert_eq!(tags(&s, "c"), Some(serde_json::json!("crowd size=no report; verified")), "ACLED's form kept");
    assert_eq!(tags(&s, "b"), None, "not picked");
    s.apply(Command::Edit(Edit::Bulk(all.clone(), BulkChange::RemoveTag("crowd size=no report".into()))));
    assert_eq!(s.history.undo_label(), Some("remove tag ‘crowd size=no report’ from 1 incident"));
    assert_eq!(tags(&s, "c"), Some(serde_json::json!("verified")));
    assert_eq!(tags(&s, "a"), Some(serde_json::json!(["verified"])), "a had no such tag: unchanged");
    s.apply(Command::Undo);
    s.apply(Command::Undo);
    assert_eq!(tags(&s, "a"), None);
    assert_eq!(tags(&s, "c"), Some(serde_json::json!("crowd size=no report")));
    s.apply(Command::Undo);

    s.apply(Command::PickAllShown);
    assert_eq!(s.picked.len(), 3);
    s.apply(Command::Edit(Edit::Delete(s.picked.iter().copied().collect())));
    assert_eq!(s.store().len(), 0);
    assert!(s.picked.is_empty() && s.selection.is_none());
    s.apply(Command::Undo);
    assert_eq!(s.store().len(), 3);
    s.apply(Command::Select(Some(0)));
    assert!(s.picked.is_empty(), "a plain click ends the picking");
}

#[test]
fn moving_one_index_keeps_a_sorted_list_as_a_fresh_search_would() {
    use proptest::prelude::*;
    proptest!(|(present in proptest::collection::btree_set(0u32..40, 0..40), from in 0u32..40, to in 0u32..40, shown: bool)| {
        let mut list: Vec<u32> = present.iter().copied().collect();
        let (lo, hi) = (from.min(to), from.max(to));
        let mut expected: Vec<u32> = present
            .iter()
            .filter(|&&v| v != from)
            .map(|&v| match v {
                _ if v < lo || v > hi => v,
                _ if to > from => v - 1,
                _ => v + 1,
            })
            .chain(shown.then_some(to))
            .collect();
        expected.sort_unstable();
        follow_move(&mut list, from, to, shown);
        prop_assert_eq!(list, expected);
    });
}

#[test]
fn after_edits_the_shown_incidents_and_matches_are_those_a_fresh_search_finds() {
    let dates = ["2001", "2003-04", "2010-05-06", "1999/2004", "2015?", "2020-02", "2008"];
    let incidents: Vec<Incident> = (0..60)
        .map(|k| {
            let mut i =
                incident(&format!("i{k}"), dates[k % dates.len()], ["attack", "raid"][k % 2], k % 3 > 0);
            if k % 4 == 0 {
                i.title = format!("Raid number {k}");
            }
            i
        })
        .collect();
    let mut s = AppState::new(Dataset::new(incidents, "test", Vec::new()));
    s.apply(Command::SetText("raid".into()));
    s.apply(Command::SetWindow(TimeWindow { start: 946_684_800, end: 1_262_304_000 }));
    let fresh = |s: &AppState| {
        let query = s.query();
        (s.store().visible(&query), s.store().visible(&query.without_window()))
    };
    for step in 0..200usize {
        let index = u32::try_from((step * 37) % s.store().len()).unwrap_or(0);
        let mut changed = s.store().incident(index).clone();
        changed.date = EdtfDate::parse(dates[(step * 5) % dates.len()]).expect("date");
        if step % 3 == 0 {
            changed.title =
                if changed.title.starts_with("Raid") { "Quiet".into() } else { "Raid again".into() };
        }
        s.apply(Command::Edit(Edit::Change(index, Box::new(changed))));
        if step % 7 == 0 {
            s.apply(Command::Undo);
        }
        let (shown, matched) = fresh(&s);
        assert_eq!(s.visible(), shown.as_slice(), "step {step}");
        assert_eq!(s.matches.as_ref().map(|(_, m)| m.clone()), Some(matched), "step {step}");
    }
}
