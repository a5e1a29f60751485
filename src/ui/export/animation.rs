//! Animations of a playback: one picture per step of the time window, written as an animated GIF or as a
//! folder of numbered PNG frames. Every frame shows the date of its window.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::PictureRenderer;
use crate::export::gif::GifWriter;
use crate::export::{ExportError, save_png};
use crate::model::UnixSeconds;
use crate::state::{Command, PlaybackMode};
use crate::store::TimeWindow;

/// The most frames an animation may have.
pub const MAX_FRAMES: usize = 2_000;

/// How far the window moves per frame, in calendar units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Days.
    Days(u16),
    /// Weeks.
    Weeks(u16),
    /// Calendar months.
    Months(u16),
    /// Calendar years.
    Years(u16),
}

impl Step {
    /// Parses `7d`, `2w`, `3m`, `1y` (a number and a unit).
    ///
    /// ```
    /// use incident_atlas::ui::export::Step;
    /// assert_eq!(Step::parse("1y"), Ok(Step::Years(1)));
    /// assert_eq!(Step::parse(" 3m"), Ok(Step::Months(3)));
    /// assert!(Step::parse("0d").is_err() && Step::parse("y").is_err() && Step::parse("2x").is_err());
    /// ```
    ///
    /// # Errors
    /// A message saying what a step looks like.
    pub fn parse(text: &str) -> Result<Step, String> {
        let t = text.trim();
        let bad = || format!("{text:?} is not a step: use a number and d, w, m or y (7d, 2w, 3m, 1y)");
        let unit = t.chars().last().ok_or_else(bad)?;
        let n: u16 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(bad());
        }
        match unit.to_ascii_lowercase() {
            'd' => Ok(Step::Days(n)),
            'w' => Ok(Step::Weeks(n)),
            'm' => Ok(Step::Months(n)),
            'y' => Ok(Step::Years(n)),
            _ => Err(bad()),
        }
    }

    /// `t` moved forward by `k` steps (calendar arithmetic in UTC), or `None` past the calendar's end.
    #[must_use]
    pub fn after(self, t: UnixSeconds, k: u32) -> Option<UnixSeconds> {
        let span = match self {
            Step::Days(n) => jiff::Span::new().try_days(i64::from(n) * i64::from(k)).ok()?,
            Step::Weeks(n) => jiff::Span::new().try_weeks(i64::from(n) * i64::from(k)).ok()?,
            Step::Months(n) => jiff::Span::new().try_months(i64::from(n) * i64::from(k)).ok()?,
            Step::Years(n) => jiff::Span::new().try_years(i64::from(n) * i64::from(k)).ok()?,
        };
        let moved = crate::model::utc_datetime(t)?.checked_add(span).ok()?;
        jiff::tz::Offset::UTC.to_timestamp(moved).ok().map(jiff::Timestamp::as_second)
    }
}

/// An animation: the span it covers, the step, the frame rate and how the window moves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnimationSpec {
    /// From the start of this to its end (e.g. the start of 2015 to the end of 2024).
    pub span: TimeWindow,
    /// How far each frame moves.
    pub step: Step,
    /// Frames per second.
    pub fps: f32,
    /// A window one step wide sliding forward, or a window growing from the start.
    pub mode: PlaybackMode,
}

impl AnimationSpec {
    /// The window of every frame, in order; the last is cut at the span's end.
    ///
    /// # Errors
    /// [`ExportError::Animation`] for an empty span, a rate out of 0.1–50, or more than [`MAX_FRAMES`] frames.
    pub fn windows(&self) -> Result<Vec<TimeWindow>, ExportError> {
        let TimeWindow { start, end } = self.span;
        if end <= start {
            return Err(ExportError::Animation("the animation's end must be after its start".into()));
        }
        if !(0.1..=50.0).contains(&self.fps) {
            return Err(ExportError::Animation(format!("{} frames per second: use 0.1 to 50", self.fps)));
        }
        let mut windows = Vec::new();
        for k in 0.. {
            let Some(from) = self.step.after(start, k).filter(|&t| t < end) else { break };
            if windows.len() == MAX_FRAMES {
                return Err(ExportError::Animation(format!(
                    "more than {MAX_FRAMES} frames: use a larger step or a shorter span"
                )));
            }
            let to = self.step.after(start, k + 1).unwrap_or(end).min(end);
            windows.push(match self.mode {
                PlaybackMode::MovingWindow => TimeWindow { start: from, end: to },
                PlaybackMode::Accumulate => TimeWindow { start, end: to },
            });
        }
        Ok(windows)
    }
}

/// Where the frames go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnimationOutput {
    /// One animated GIF that loops.
    Gif(PathBuf),
    /// A folder of `frame-0001.png`, `frame-0002.png`, …
    Frames(PathBuf),
}

/// Progress of a running export, shared with the thread doing it; set `cancel` to stop it.
#[derive(Debug, Default)]
pub struct Progress {
    /// Frames written.
    pub done: AtomicUsize,
    /// Frames in all.
    pub total: AtomicUsize,
    /// Asks the export to stop (nothing is left behind).
    pub cancel: AtomicBool,
}

impl Progress {
    fn check(&self) -> Result<(), ExportError> {
        if self.cancel.load(Ordering::Relaxed) { Err(ExportError::Cancelled) } else { Ok(()) }
    }
}

/// Renders every frame of `spec` with `renderer` (its map view stays put) and writes them. Returns the
/// number of frames. A cancelled or failed GIF leaves no file; cancelled frames are removed.
///
/// # Errors
/// [`ExportError`]: a bad spec, a rendering failure, a write failure, or [`ExportError::Cancelled`].
pub fn render_animation(
    renderer: &mut PictureRenderer,
    spec: &AnimationSpec,
    output: &AnimationOutput,
    progress: &Progress,
) -> Result<usize, ExportError> {
    let windows = spec.windows()?;
    progress.total.store(windows.len(), Ordering::Relaxed);
    progress.done.store(0, Ordering::Relaxed);
    let frame = |renderer: &mut PictureRenderer, window: TimeWindow| {
        progress.check()?;
        let state = &mut renderer.view_mut().state;
        state.playback.playing = false;
        state.apply(Command::SetWindow(window));
        let image = renderer.render()?;
        progress.done.fetch_add(1, Ordering::Relaxed);
        Ok::<_, ExportError>(image)
    };
    match output {
        AnimationOutput::Gif(path) => {
            // Marker colours stay exact in every frame's palette.
            let store = renderer.view().state.store();
            let categories = store.categories();
            let reserved: Vec<[u8; 3]> = categories
                .iter()
                .map(|c| {
                    let colour = crate::ui::theme::category_color(c, categories);
                    [colour.r(), colour.g(), colour.b()]
                })
                .collect();
            let (width, height) = renderer.size();
            let mut failure = None;
            let written = crate::sys::write_atomically(path, |out| {
                let mut gif = GifWriter::new(out, width, height, spec.fps, &reserved)?;
                for &window in &windows {
                    let image = frame(renderer, window).map_err(|e| {
                        let message = e.to_string();
                        failure = Some(e);
                        std::io::Error::other(message)
                    })?;
                    gif.add(&image)?;
                }
                Ok(())
            });
            match (written, failure) {
                (_, Some(e)) => Err(e),
                (Err(source), None) => Err(ExportError::Io { path: path.clone(), source }),
                (Ok(()), None) => Ok(windows.len()),
            }
        }
        AnimationOutput::Frames(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| ExportError::Io { path: dir.clone(), source })?;
            let mut written: Vec<PathBuf> = Vec::new();
            for (k, &window) in windows.iter().enumerate() {
                let result = frame(renderer, window).and_then(|image| {
                    let path = frame_path(dir, k + 1);
                    save_png(&path, &image).map(|()| path)
                });
                match result {
                    Ok(path) => written.push(path),
                    Err(e) => {
                        for path in &written {
                            let _ = std::fs::remove_file(path);
                        }
                        return Err(e);
                    }
                }
            }
            Ok(windows.len())
        }
    }
}

/// `DIR/frame-0001.png` for frame 1.
#[must_use]
pub fn frame_path(dir: &Path, number: usize) -> PathBuf {
    dir.join(format!("frame-{number:04}.png"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> UnixSeconds {
        text.parse::<jiff::Timestamp>().expect(text).as_second()
    }

    #[test]
    fn yearly_frames_cover_the_span() {
        let spec = AnimationSpec {
            span: TimeWindow { start: t("2015-01-01T00:00:00Z"), end: t("2025-01-01T00:00:00Z") },
            step: Step::Years(1),
            fps: 2.0,
            mode: PlaybackMode::MovingWindow,
        };
        let windows = spec.windows().expect("frames");
        assert_eq!(windows.len(), 10);
        assert_eq!(
            windows[9],
            TimeWindow { start: t("2024-01-01T00:00:00Z"), end: t("2025-01-01T00:00:00Z") }
        );
        let grown = AnimationSpec { mode: PlaybackMode::Accumulate, ..spec }.windows().expect("frames");
        assert_eq!(grown[2], TimeWindow { start: t("2015-01-01T00:00:00Z"), end: t("2018-01-01T00:00:00Z") });
        let months = AnimationSpec { step: Step::Months(5), ..spec }.windows().expect("frames");
        assert_eq!(months.len(), 24);
        assert_eq!(months[23].end, t("2025-01-01T00:00:00Z"), "the last frame is cut at the end");
        let days = AnimationSpec { step: Step::Days(1), ..spec };
        assert!(days.windows().expect_err("too many").to_string().contains("more than 2000 frames"));
        let month_end = Step::Months(1).after(t("2024-01-31T00:00:00Z"), 1);
        assert_eq!(month_end, Some(t("2024-02-29T00:00:00Z")), "calendar months clamp to the month's end");
    }
}
