//! Playback: animating the time window.

use crate::model::UnixSeconds;
use crate::store::TimeWindow;

/// Playback speeds: a label and how many seconds of data pass per second of playback.
pub const PLAYBACK_SPEEDS: [(&str, f64); 5] = [
    ("1 day/s", 86_400.0),
    ("1 week/s", 7.0 * 86_400.0),
    ("1 month/s", 30.44 * 86_400.0),
    ("3 months/s", 91.3 * 86_400.0),
    ("1 year/s", 365.25 * 86_400.0),
];

/// How the window moves while playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlaybackMode {
    /// A window of fixed width slides forward.
    #[default]
    MovingWindow,
    /// The window starts at the beginning of the data and its end moves forward.
    Accumulate,
}

/// Play/pause, speed and mode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Playback {
    /// Whether the window is moving.
    pub playing: bool,
    /// Index into [`PLAYBACK_SPEEDS`].
    pub speed: usize,
    /// Moving window or accumulate.
    pub mode: PlaybackMode,
    /// Jump over stretches of time where nothing new would appear (on by default).
    pub skip_gaps: bool,
    /// Seconds not yet applied (the window moves in whole seconds).
    carry: f64,
}

impl Default for Playback {
    fn default() -> Self {
        Self { playing: false, speed: 0, mode: PlaybackMode::default(), skip_gaps: true, carry: 0.0 }
    }
}

impl Playback {
    /// Starts or pauses. Starting at the end of the data rewinds first. Returns whether the window changed.
    pub fn toggle(&mut self, window: &mut TimeWindow, span: TimeWindow) -> bool {
        self.playing = !self.playing;
        self.carry = 0.0;
        if self.playing && window.end >= span.end {
            let width = window.end - window.start;
            *window = match self.mode {
                PlaybackMode::MovingWindow => {
                    let width = width.min(span.end - span.start).max(1);
                    TimeWindow { start: span.start, end: span.start + width }
                }
                PlaybackMode::Accumulate => TimeWindow { start: span.start, end: span.start + 1 },
            };
            return true;
        }
        false
    }

    /// Seconds of data in one frame step: one second of playback at the current speed (a day, a week, a
    /// month, three months or a year).
    #[must_use]
    pub fn frame_seconds(&self) -> i64 {
        PLAYBACK_SPEEDS[self.speed.min(PLAYBACK_SPEEDS.len() - 1)].1 as i64
    }

    /// Steps one frame forward or back, and pauses. A moving window keeps its width; in accumulate mode the
    /// end moves. The window does not step past the data's span. Returns whether the window changed.
    pub fn step(&mut self, window: &mut TimeWindow, span: TimeWindow, forward: bool) -> bool {
        self.playing = false;
        self.carry = 0.0;
        let before = *window;
        let step = self.frame_seconds();
        match (self.mode, forward) {
            (PlaybackMode::MovingWindow, true) => {
                let shift = step.min(span.end.saturating_sub(window.end)).max(0);
                window.start += shift;
                window.end += shift;
            }
            (PlaybackMode::MovingWindow, false) => {
                let shift = step.min(window.start.saturating_sub(span.start)).max(0);
                window.start -= shift;
                window.end -= shift;
            }
            (PlaybackMode::Accumulate, true) => {
                window.start = window.start.min(span.start);
                window.end = window.end.saturating_add(step).min(span.end.max(window.end));
            }
            (PlaybackMode::Accumulate, false) => {
                window.start = window.start.min(span.start);
                window.end = window.end.saturating_sub(step).max(window.start + 1);
            }
        }
        *window != before
    }

    /// While playing with gaps skipped: when nothing new would appear for more than a frame step (a moving
    /// window with nothing in it, or accumulating towards an incident further away), moves the window so
    /// that its end reaches `next_start()`, the start of the next incident shown from the window's end on
    /// (the data's end when there is none; asked only when it matters). Returns whether the window changed.
    pub fn skip_gap(
        &mut self,
        window: &mut TimeWindow,
        span: TimeWindow,
        next_start: impl FnOnce(UnixSeconds) -> Option<UnixSeconds>,
        nothing_in_view: bool,
    ) -> bool {
        let waiting = match self.mode {
            PlaybackMode::MovingWindow => nothing_in_view,
            PlaybackMode::Accumulate => true,
        };
        if !self.playing || !self.skip_gaps || !waiting {
            return false;
        }
        let target = next_start(window.end).unwrap_or(span.end).min(span.end);
        let gap = target.saturating_sub(window.end);
        if gap <= self.frame_seconds() {
            return false;
        }
        if self.mode == PlaybackMode::MovingWindow {
            window.start += gap;
        }
        window.end += gap;
        if window.end >= span.end {
            self.playing = false;
        }
        true
    }

    /// Moves the window by `seconds` of playback; stops at the end of the data. Returns whether the
    /// window changed.
    pub fn advance(&mut self, window: &mut TimeWindow, span: TimeWindow, seconds: f64) -> bool {
        if !self.playing {
            return false;
        }
        let rate = PLAYBACK_SPEEDS[self.speed.min(PLAYBACK_SPEEDS.len() - 1)].1;
        self.carry += seconds * rate;
        let step = self.carry.floor() as i64;
        if step <= 0 {
            return false;
        }
        let taken = step as f64;
        self.carry -= taken;
        let step = step.min(span.end.saturating_sub(window.end).max(0));
        match self.mode {
            PlaybackMode::MovingWindow => {
                window.start += step;
                window.end += step;
            }
            PlaybackMode::Accumulate => {
                window.start = window.start.min(span.start);
                window.end += step;
            }
        }
        if window.end >= span.end {
            self.playing = false;
        }
        step > 0
    }
}
