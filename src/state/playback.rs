//! Playback: animating the time window.

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
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Playback {
    /// Whether the window is moving.
    pub playing: bool,
    /// Index into [`PLAYBACK_SPEEDS`].
    pub speed: usize,
    /// Moving window or accumulate.
    pub mode: PlaybackMode,
    /// Seconds not yet applied (the window moves in whole seconds).
    carry: f64,
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
