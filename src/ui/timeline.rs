//! The timeline: a histogram of incidents over time stacked by category (`egui_plot`), the time window as
//! a band to brush, drag and resize, playback controls, zoom presets, a date to jump to, and two lanes of
//! incidents as bars over their whole date intervals (on the map; without a place). Dates known only to the
//! month or year are spread over their period in the histogram and drawn as long bars in the lanes.

use std::sync::Arc;

use egui::{Color32, Pos2, Rect, RichText, Sense, Stroke, Ui, Vec2};
use egui_plot::{Bar, BarChart, Plot, Span, VLine};

use super::theme::{self, Palette};
use super::time_axis::{axis_label, grid_marks, label_step};
use super::words::{parse_date_for_jump, window_text};
use crate::state::{AppState, Command, Filters, PLAYBACK_SPEEDS, PlaybackMode, jump_window};
use crate::store::{BinEdges, BinUnit, Histogram, Store, TimeWindow};

const DAY: f64 = 86_400.0;
/// Most bins the histogram draws across the visible range.
const MAX_BINS: i64 = 400;
/// Above this many incidents in a lane, it shows their density instead of one bar each.
const DENSITY_ABOVE: usize = 3_000;
/// Above this many incidents in a lane, their bars are not separate widgets.
const ACCESSIBLE_BARS: usize = 500;
/// Pointer distance (points) within which a drag grabs a window edge.
const EDGE_GRAB: f32 = 6.0;

/// What a drag on the timeline is doing.
#[derive(Debug, Clone, Copy)]
enum Brush {
    New { anchor: i64 },
    Move { grab: i64, window: TimeWindow },
    Start,
    End,
}

/// Zoom presets: label and width in seconds (`None` = all).
const PRESETS: [(&str, Option<i64>); 5] = [
    ("All", None),
    ("10 y", Some(3_652 * 86_400)),
    ("1 y", Some(365 * 86_400)),
    ("3 mo", Some(91 * 86_400)),
    ("1 mo", Some(30 * 86_400)),
];

type HistogramKey = (u64, Filters, BinUnit, i64, i64);

/// The timeline's own state.
#[derive(Default)]
pub struct TimelineView {
    date_text: String,
    date_error: Option<String>,
    brush: Option<Brush>,
    /// Visible x range (seconds) of the plot last frame, for choosing bins.
    view: Option<(i64, i64)>,
    /// Width (points) of the plot last frame, for choosing the axis labels' detail.
    plot_width: Option<f32>,
    /// The data's time span last frame: new data resets the axis to its own span.
    data_span: Option<TimeWindow>,
    /// A range the plot should show next frame.
    show_range: Option<(i64, i64)>,
    cache: Option<(HistogramKey, Histogram)>,
    /// Height of what the timeline needs besides the plot area (axis labels, strip, hint), measured
    /// last frame.
    below_plot: Option<f32>,
}

fn seconds(x: f64) -> i64 {
    (x * DAY).round() as i64
}

fn days(t: i64) -> f64 {
    t as f64 / DAY
}

impl TimelineView {
    /// Draws the timeline.
    pub fn timeline_ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        palette: &Palette,
        commands: &mut Vec<Command>,
    ) {
        self.controls_ui(ui, state, commands);
        let strip = 2.0 * theme::UNLOCATED_STRIP_HEIGHT;
        // The panel takes the height of its content, so the plot fills exactly what the rows below it
        // leave (measured last frame); otherwise the panel would creep by a few points every frame.
        let below = self.below_plot.unwrap_or(strip + 2.0 * ui.text_style_height(&egui::TextStyle::Small));
        let plot_height = (ui.available_height() - below).max(60.0);
        let plot_top = ui.cursor().top();
        let span = state.data_span();
        if self.data_span.is_some_and(|before| before != span) {
            let pad = (span.end - span.start) / 50;
            self.show_range = Some((span.start - pad, span.end + pad));
            self.view = None;
        }
        self.data_span = Some(span);
        let (view_start, view_end) = self.view.unwrap_or((span.start, span.end));
        let unit = BinUnit::for_span(view_end - view_start, MAX_BINS);
        let charts = self.charts(state, unit, span);
        let labelled =
            label_step(days(view_end - view_start), self.plot_width.unwrap_or(ui.available_width()));

        let mut plot = Plot::new("timeline-plot")
            .height(plot_height)
            .allow_drag(false)
            .allow_boxed_zoom(false)
            .allow_zoom([true, false])
            .allow_scroll([true, false])
            .allow_double_click_reset(true)
            .show_y(false)
            .y_axis_min_width(28.0)
            .include_y(0.0)
            .x_grid_spacer(move |input| grid_marks(&input, labelled))
            .x_axis_formatter(move |mark, _range| axis_label(mark.value, labelled));
        if let Some((a, b)) = self.show_range.take() {
            plot = plot.default_x_bounds(days(a), days(b)).reset();
        } else if self.view.is_none() {
            let pad = days(span.end - span.start) * 0.02;
            plot = plot.default_x_bounds(days(span.start) - pad, days(span.end) + pad);
        }
        let window = state.window;
        // The band's name only where it fits whole (never "Ti…"); the window's dates are in the controls.
        let band_points = self.plot_width.unwrap_or(0.0) * (window.end - window.start) as f32
            / (view_end - view_start).max(1) as f32;
        let band_name = if band_points >= theme::TIME_WINDOW_NAME_ROOM { "Time window" } else { "" };
        let playing = state.playback.playing;
        let (hovered, selected) = (state.hover, state.selection);
        let response = plot.show(ui, |plot_ui| {
            for chart in charts {
                plot_ui.bar_chart(chart);
            }
            plot_ui.span(
                Span::new(band_name, days(window.start)..=days(window.end))
                    .fill(palette.window_fill)
                    .border(Stroke::new(1.5, palette.window_edge)),
            );
            if playing {
                plot_ui.vline(VLine::new("Now", days(window.end)).color(palette.cursor).width(2.0));
            }
            // The hovered or selected incident's date, at its true precision (a year is a year wide).
            for (index, color) in [(hovered, palette.window_edge), (selected, palette.selection)] {
                if let Some(iv) = index.map(|i| state.store().interval_of(i)) {
                    let (a, b) = (days(iv.start.max(span.start)), days(iv.end.min(span.end)));
                    plot_ui.span(
                        Span::new("", a..=b).fill(color.gamma_multiply(0.18)).border(Stroke::new(1.0, color)),
                    );
                }
            }
        });
        let transform = response.transform;
        let bounds = transform.bounds();
        self.view = Some((seconds(bounds.min()[0]), seconds(bounds.max()[0])));
        self.plot_width = Some(transform.frame().width());
        self.brush_ui(&response.response, &transform, state, commands);
        Self::lane_ui(ui, state, &transform, palette, commands, true);
        Self::lane_ui(ui, state, &transform, palette, commands, false);
        ui.label(RichText::new(format!("{} bins · drag to brush a window, drag its band to move it, its edges to resize; scroll to zoom", unit.name())).small().color(palette.weak_text));
        // Axis labels, the strip and the hint: everything that is not the plot's own height.
        self.below_plot = Some(ui.min_rect().bottom() - plot_top - plot_height);
    }

    fn controls_ui(&mut self, ui: &mut Ui, state: &AppState, commands: &mut Vec<Command>) {
        ui.horizontal_wrapped(|ui| {
            if ui.button("◀ step").on_hover_text("One step back in time, and pause (,)").clicked() {
                commands.push(Command::StepFrame { forward: false });
            }
            let play = if state.playback.playing { "⏸ Pause" } else { "▶ Play" };
            if ui.button(play).on_hover_text("Play or pause the time window (Space)").clicked() {
                commands.push(Command::TogglePlay);
            }
            if ui.button("step ▶").on_hover_text("One step forward in time, and pause (.)").clicked() {
                commands.push(Command::StepFrame { forward: true });
            }
            let mut speed = state.playback.speed;
            egui::ComboBox::from_label("speed")
                .selected_text(PLAYBACK_SPEEDS[speed.min(PLAYBACK_SPEEDS.len() - 1)].0)
                .show_ui(ui, |ui| {
                    for (k, (label, _)) in PLAYBACK_SPEEDS.iter().enumerate() {
                        ui.selectable_value(&mut speed, k, *label);
                    }
                });
            if speed != state.playback.speed {
                commands.push(Command::SetPlaybackSpeed(speed));
            }
            for (mode, label, tip) in [
                (
                    PlaybackMode::MovingWindow,
                    "Moving window",
                    "The window keeps its width and slides forward",
                ),
                (PlaybackMode::Accumulate, "Accumulate", "Everything from the start up to the cursor"),
            ] {
                if ui.selectable_label(state.playback.mode == mode, label).on_hover_text(tip).clicked() {
                    commands.push(Command::SetPlaybackMode(mode));
                }
            }
            let mut skip = state.playback.skip_gaps;
            let tip = "While playing, jump over stretches of time where nothing new would appear";
            if ui.checkbox(&mut skip, "Skip gaps").on_hover_text(tip).changed() {
                commands.push(Command::SetSkipGaps(skip));
            }
            ui.separator();
            let span = state.data_span();
            for (label, width) in PRESETS {
                if ui.button(label).on_hover_text("Set the time window").clicked() {
                    let window = match width {
                        None => span,
                        Some(w) => {
                            let end = state.window.end.min(span.end);
                            TimeWindow { start: end - w, end }
                        }
                    };
                    commands.push(Command::SetWindow(window));
                    let pad = (window.end - window.start) / 10;
                    self.show_range = Some((window.start - pad, window.end + pad));
                }
            }
            ui.separator();
            let label = ui.label("Go to date");
            let edit = egui::TextEdit::singleline(&mut self.date_text)
                .hint_text("2024-03-22, March 2024, 2015")
                .desired_width(180.0);
            let response =
                ui.add(edit).labelled_by(label.id).on_hover_text("Type a date and press Enter to jump to it");
            if response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                match parse_date_for_jump(&self.date_text) {
                    Some(date) => {
                        let window = jump_window(&date, state.data_span());
                        commands.push(Command::SetWindow(window));
                        let pad = (window.end - window.start) / 10;
                        self.show_range = Some((window.start - pad, window.end + pad));
                        self.date_error = None;
                    }
                    None => self.date_error = Some(format!("Not a date: \"{}\"", self.date_text.trim())),
                }
            }
            if let Some(e) = &self.date_error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            ui.separator();
            ui.label(
                RichText::new(format!("Window {}", window_text(state.window.start, state.window.end)))
                    .strong(),
            );
        });
    }

    fn charts(&mut self, state: &AppState, unit: BinUnit, span: TimeWindow) -> Vec<BarChart> {
        let store: &Arc<Store> = &state.dataset.store;
        // Edits change the store in place: its revision, not its address, tells when to count again.
        let key: HistogramKey = (state.data_revision(), state.filters.clone(), unit, span.start, span.end);
        if self.cache.as_ref().is_none_or(|(cached, _)| *cached != key) {
            let Some(edges) = BinEdges::calendar(unit, span.start, span.end, 20_000) else {
                return Vec::new();
            };
            let histogram = store.histogram(&state.query().without_window(), &edges);
            self.cache = Some((key, histogram));
        }
        let Some((_, histogram)) = &self.cache else { return Vec::new() };
        let edges = histogram.edges.edges();
        let categories = store.categories();
        let mut charts: Vec<BarChart> = Vec::with_capacity(categories.len());
        for (code, name) in categories.iter().enumerate() {
            let color = theme::category_color(name, categories);
            let code16 = u16::try_from(code).unwrap_or(u16::MAX);
            let bars: Vec<Bar> = (0..histogram.edges.bins())
                .map(|b| {
                    let (a, z) = (edges[b], edges[b + 1]);
                    Bar::new(days(a + (z - a) / 2), f64::from(histogram.count(b, code16)))
                        .width(days(z - a) * 0.92)
                        .fill(color)
                })
                .collect();
            let others: Vec<&BarChart> = charts.iter().collect();
            let chart = BarChart::new(name.clone(), bars).color(color).allow_hover(false).stack_on(&others);
            charts.push(chart);
        }
        charts
    }

    fn brush_ui(
        &mut self,
        response: &egui::Response,
        transform: &egui_plot::PlotTransform,
        state: &AppState,
        commands: &mut Vec<Command>,
    ) {
        let to_time = |pos: Pos2| seconds(transform.value_from_position(pos).x);
        let window = state.window;
        let x_start = transform.position_from_point_x(days(window.start));
        let x_end = transform.position_from_point_x(days(window.end));
        let span = state.data_span();
        let covers_all = window.start <= span.start && window.end >= span.end;
        if let Some(pos) = response.hover_pos() {
            let near_edge = (pos.x - x_start).abs() < EDGE_GRAB || (pos.x - x_end).abs() < EDGE_GRAB;
            if near_edge {
                response.ctx.set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
            } else if pos.x > x_start && pos.x < x_end && !covers_all {
                response.ctx.set_cursor_icon(egui::CursorIcon::Grab);
            }
        }
        // While the window covers all the data, its band is the whole histogram: a drag anywhere brushes a
        // new window rather than moving that one.
        // The press point, not where the pointer is once the drag is recognised, a few points later.
        let pressed_at = response.ctx.input(|i| i.pointer.press_origin());
        if response.drag_started()
            && let Some(pos) = pressed_at.or_else(|| response.interact_pointer_pos())
        {
            self.brush = Some(if (pos.x - x_start).abs() < EDGE_GRAB {
                Brush::Start
            } else if (pos.x - x_end).abs() < EDGE_GRAB {
                Brush::End
            } else if pos.x > x_start && pos.x < x_end && !covers_all {
                Brush::Move { grab: to_time(pos), window }
            } else {
                Brush::New { anchor: to_time(pos) }
            });
        }
        if let (Some(brush), Some(pos)) = (self.brush, response.interact_pointer_pos())
            && response.dragged()
        {
            let t = to_time(pos);
            let next = match brush {
                Brush::New { anchor } => {
                    TimeWindow { start: anchor.min(t), end: anchor.max(t).max(anchor.min(t) + 3_600) }
                }
                Brush::Move { grab, window } => {
                    TimeWindow { start: window.start + (t - grab), end: window.end + (t - grab) }
                }
                Brush::Start => TimeWindow { start: t.min(window.end - 3_600), end: window.end },
                Brush::End => TimeWindow { start: window.start, end: t.max(window.start + 3_600) },
            };
            if next != window {
                commands.push(Command::SetWindow(next));
            }
        }
        if response.drag_stopped() {
            self.brush = None;
        }
    }

    /// One lane of incidents under the histogram, each a thin bar over its whole date interval (a date
    /// known only to the year spans the year): `located` for those on the map, else those without a place.
    fn lane_ui(
        ui: &mut Ui,
        state: &AppState,
        transform: &egui_plot::PlotTransform,
        palette: &Palette,
        commands: &mut Vec<Command>,
        located: bool,
    ) {
        let (title, what) = if located {
            ("on the map", "incidents on the map")
        } else {
            ("no place", "incidents without a place")
        };
        let frame = *transform.frame();
        let (rect, _) = ui.allocate_exact_size(
            Vec2::new(ui.available_width(), theme::UNLOCATED_STRIP_HEIGHT),
            Sense::hover(),
        );
        let strip = Rect::from_x_y_ranges(frame.x_range(), rect.y_range());
        let painter = ui.painter_at(strip);
        painter.rect_filled(strip, 2.0, palette.window_fill.gamma_multiply(0.5));
        let store = state.store();
        let categories = store.categories();
        let members: Vec<u32> =
            state.visible().iter().copied().filter(|&i| store.points_of(i).is_empty() != located).collect();
        if members.len() > DENSITY_ABOVE {
            Self::density_ui(ui, state, transform, palette, commands, strip, &members, (title, what));
            return;
        }
        // Each bar is its own accessible widget while there are few; beyond that a click picks the nearest.
        let interactive = members.len() <= ACCESSIBLE_BARS;
        let mut bars = Vec::with_capacity(members.len());
        for &i in &members {
            let iv = store.interval_of(i);
            let x0 = transform.position_from_point_x(days(iv.start.max(state.window.start)));
            let x1 = transform.position_from_point_x(days(iv.end.min(state.window.end))).max(x0 + 3.0);
            let bar = Rect::from_x_y_ranges(x0..=x1, strip.shrink2(Vec2::new(0.0, 5.0)).y_range());
            let incident = store.incident(i);
            let color: Color32 = theme::category_color(&incident.category, categories);
            let selected = state.selection == Some(i);
            let hovered = state.hover == Some(i);
            painter.rect_filled(
                bar,
                1.0,
                if selected || hovered { color } else { color.gamma_multiply(0.7) },
            );
            if selected {
                painter.rect_stroke(
                    bar.expand(1.0),
                    2.0,
                    Stroke::new(2.0, palette.selection),
                    egui::StrokeKind::Outside,
                );
            }
            if interactive {
                let r = ui.interact(bar, ui.scope_id().with(("lane", located, i)), Sense::click());
                let label = format!("timeline bar: {}", incident.title);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
                let r = r.on_hover_text(format!("{}\n{}", incident.title, incident.date.describe()));
                if r.clicked() {
                    commands.push(Command::Select(Some(i)));
                }
            }
            bars.push((bar, i));
        }
        lane_name(&painter, strip, title, palette);
        if !interactive {
            let response = ui.interact(strip, ui.scope_id().with(("lane", located)), Sense::click());
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, what));
            let response =
                response.on_hover_text(format!("{} {what}: click one to select it", members.len()));
            if let Some(at) = response.clicked().then(|| response.interact_pointer_pos()).flatten() {
                let nearest =
                    bars.iter().min_by(|a, b| a.0.distance_to_pos(at).total_cmp(&b.0.distance_to_pos(at)));
                if let Some(&(_, i)) = nearest {
                    commands.push(Command::Select(Some(i)));
                }
            }
        }
    }

    /// A lane with too many incidents for bars: how many cover each pixel column, as shades; a click
    /// selects the incident nearest in time.
    #[expect(clippy::too_many_arguments, reason = "one lane's geometry, data and output, each used once")]
    fn density_ui(
        ui: &mut Ui,
        state: &AppState,
        transform: &egui_plot::PlotTransform,
        palette: &Palette,
        commands: &mut Vec<Command>,
        strip: Rect,
        members: &[u32],
        (title, what): (&str, &str),
    ) {
        let store = state.store();
        let columns = strip.width().max(1.0) as usize;
        let column_of = |x: f32| {
            let c = (x - strip.left()).clamp(0.0, strip.width()) as usize;
            c.min(columns)
        };
        // Coverage per column from a difference array: O(incidents + columns).
        let mut delta = vec![0i64; columns + 1];
        for &i in members {
            let iv = store.interval_of(i);
            let x0 = transform.position_from_point_x(days(iv.start.max(state.window.start)));
            let x1 = transform.position_from_point_x(days(iv.end.min(state.window.end)));
            let (c0, c1) = (column_of(x0), column_of(x1).max(column_of(x0) + 1).min(columns));
            delta[c0] += 1;
            delta[c1] -= 1;
        }
        let mut running = 0i64;
        let coverage: Vec<i64> = delta[..columns]
            .iter()
            .map(|d| {
                running += d;
                running
            })
            .collect();
        let peak = coverage.iter().copied().max().unwrap_or(0).max(1);
        let painter = ui.painter_at(strip);
        let band = strip.shrink2(Vec2::new(0.0, 5.0));
        for (c, &n) in coverage.iter().enumerate() {
            if n > 0 {
                let strength = (n as f32 / peak as f32).sqrt();
                let x = strip.left() + c as f32;
                let column = Rect::from_x_y_ranges(x..=x + 1.0, band.y_range());
                painter.rect_filled(column, 0.0, palette.window_edge.gamma_multiply(0.15 + 0.85 * strength));
            }
        }
        lane_name(&painter, strip, title, palette);
        let response = ui.interact(strip, ui.scope_id().with(("lane", title)), Sense::click());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, what));
        let response =
            response.on_hover_text(format!("{} {what}: click to select the nearest in time", members.len()));
        if let Some(at) = response.clicked().then(|| response.interact_pointer_pos()).flatten() {
            let t = seconds(transform.value_from_position(at).x);
            let nearest = members.iter().copied().min_by_key(|&i| {
                let iv = store.interval_of(i);
                if t < iv.start {
                    iv.start - t
                } else if t >= iv.end {
                    t - iv.end
                } else {
                    0
                }
            });
            if let Some(i) = nearest {
                commands.push(Command::Select(Some(i)));
            }
        }
    }
}

/// A lane's name, over its bars on a backing so that it stays legible.
fn lane_name(painter: &egui::Painter, strip: Rect, title: &str, palette: &Palette) {
    let name = painter.layout_no_wrap(title.to_owned(), egui::FontId::proportional(11.0), palette.weak_text);
    let at = strip.left_center() + Vec2::new(4.0, -name.size().y / 2.0);
    painter.rect_filled(Rect::from_min_size(at, name.size()).expand(2.0), 2.0, palette.overlay_fill);
    painter.galley(at, name, palette.weak_text);
}
