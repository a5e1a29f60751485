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
