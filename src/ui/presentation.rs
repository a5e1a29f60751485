//! Presentation: the map filling the screen (or an exported picture) with a title and caption card,
//! the date of the time window, a legend, a scale bar, a source line and the attribution, in large type.
//! The same code draws the live presentation and every exported picture.

use egui::{Color32, FontId, Galley, Pos2, Rect, Stroke, Ui, Vec2};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use super::map::{MapChrome, MapView};
use super::theme::{self, Palette, picture};
use super::words::{scale_length, window_words};
use crate::state::{AppState, Command};

/// What a picture or the presentation shows over the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[expect(clippy::struct_excessive_bools, reason = "six independent switches, as in the export dialog")]
#[serde(default)]
pub struct PictureContent {
    /// The title card (briefing and scene title).
    pub title: bool,
    /// The caption (and the source line) under the title.
    pub caption: bool,
    /// The category legend.
    pub legend: bool,
    /// The date of the time window.
    pub date: bool,
    /// The scale bar.
    pub scale_bar: bool,
    /// The map sources' attribution.
    pub attribution: bool,
}

impl Default for PictureContent {
    fn default() -> Self {
        Self { title: true, caption: true, legend: true, date: true, scale_bar: true, attribution: true }
    }
}

impl PictureContent {
    /// What of this content fits a picture of `size` points: below [`theme::PICTURE_MIN_CARDS_SIZE`] the
    /// cards would cover one another and the map, so a thumbnail shows the map and its attribution only.
    ///
    /// ```
    /// use incident_atlas::ui::presentation::PictureContent;
    /// let thumbnail = PictureContent::default().fitting(egui::vec2(200.0, 150.0));
    /// assert!(thumbnail.attribution && !thumbnail.title && !thumbnail.legend);
    /// assert_eq!(PictureContent::default().fitting(egui::vec2(1920.0, 1080.0)), PictureContent::default());
    /// ```
    #[must_use]
    pub fn fitting(self, size: egui::Vec2) -> Self {
        let [min_width, min_height] = theme::PICTURE_MIN_CARDS_SIZE;
        if size.x >= min_width && size.y >= min_height {
            return self;
        }
        Self { attribution: self.attribution, ..Self::none() }
    }

    /// Nothing but the map.
    fn none() -> Self {
        Self {
            title: false,
            caption: false,
            legend: false,
            date: false,
            scale_bar: false,
            attribution: false,
        }
    }
}

/// The words on the title card.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Card {
    /// Small line above the title (the briefing's title).
    pub kicker: String,
    /// The title.
    pub title: String,
    /// The caption.
    pub caption: String,
    /// Where the facts come from.
    pub source: String,
}

impl Card {
    /// The card for the state: the current scene's title and caption under the briefing's title; without
    /// a scene, the selected incident's title and description, or the briefing's (or dataset's) name.
    #[must_use]
    pub fn for_state(state: &AppState) -> Self {
        Self { source: source_line(state), ..Self::without_source(state) }
    }

    /// [`Card::for_state`] without its source line (which counts the sources of every shown incident).
    fn without_source(state: &AppState) -> Self {
        let briefing = &state.briefing;
        let scene = state.scene.and_then(|k| briefing.scenes.get(k));
        let selected = state.selection.map(|i| state.store().incident(i));
        let (kicker, title, caption) = match (scene, selected) {
            (Some(scene), _) => (briefing.title.clone(), scene.title.clone(), scene.caption.clone()),
            (None, Some(incident)) => (
                briefing.title.clone(),
                incident.title.clone(),
                incident.description.clone().unwrap_or_default(),
            ),
            (None, None) if !briefing.title.is_empty() => {
                (String::new(), briefing.title.clone(), String::new())
            }
            (None, None) => (String::new(), state.dataset.name.clone(), String::new()),
        };
        Self { kicker, title, caption, source: String::new() }
    }
}

/// [`source_line`], worked out again only when what is shown or selected changes, not on every frame
/// (it visits every shown incident: a million in a large import).
fn remembered_source_line(ctx: &egui::Context, state: &AppState) -> String {
    let id = egui::Id::unique("presentation source line");
    let stamp = (state.revision(), state.selection);
    let remembered = ctx.data(|d| d.get_temp::<((u64, Option<u32>), String)>(id));
    if let Some((_, line)) = remembered.filter(|(seen, _)| *seen == stamp) {
        return line;
    }
    let line = source_line(state);
    ctx.data_mut(|d| d.insert_temp(id, (stamp, line.clone())));
    line
}

/// "Source: …": the selected incident's first source, or the publishers most cited by the shown
/// incidents (up to three, most cited first, then by name).
#[must_use]
pub fn source_line(state: &AppState) -> String {
    let store = state.store();
    if let Some(incident) = state.selection.map(|i| store.incident(i)) {
        let Some(first) = incident.sources.first() else { return String::new() };
        let more = incident.sources.len() - 1;
        let date = first.published.as_deref().map(|d| format!(", {d}")).unwrap_or_default();
        // No break inside "(+1 more)": a narrow line wraps before it, not in it.
        let more = if more > 0 { format!("\u{a0}(+{more}\u{a0}more)") } else { String::new() };
        return format!("Source: {}, “{}”{date}{more}", first.publisher, first.title);
    }
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for &i in state.visible() {
        for s in store.incident(i).sources.iter() {
            *counts.entry(s.publisher.as_str()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().filter(|(p, _)| !p.is_empty()).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    match ranked.len() {
        0 => String::new(),
        1 => format!("Source: {}", ranked[0].0),
        n => {
            let names: Vec<&str> = ranked.iter().take(3).map(|(p, _)| *p).collect();
            let rest = if n > 3 { format!(" and {} more", n - 3) } else { String::new() };
            format!("Sources: {}{rest}", names.join("; "))
        }
    }
}

/// Presenter extras drawn only in the live presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Live {
    /// Show the scene number and key hints.
    pub hints: bool,
}

/// Draws the map over the whole `ui` with the presentation's cards.
pub fn presentation_ui(
    ui: &mut Ui,
    map: &mut MapView,
    state: &AppState,
    content: PictureContent,
    live: Live,
    commands: &mut Vec<Command>,
) {
    let palette = Palette::for_mode(ui.visuals().dark_mode);
    egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
        let rect = ui.available_rect_before_wrap();
        let content = content.fitting(rect.size());
        map.map_ui(ui, state, &palette, MapChrome::Picture { attribution: content.attribution }, commands);
        let painter = ui.painter_at(rect);
        let scale = theme::picture_scale(rect.size());
        let cards = Cards { ui, painter: &painter, palette: &palette, rect, scale };
        let card = Card { source: remembered_source_line(ui.ctx(), state), ..Card::without_source(state) };
        if content.title || content.caption {
            cards.title_card(&card, content);
        }
        if content.date {
            cards.date_card(state);
        }
        // The attribution sits on the bottom edge; keep the lower cards above it.
        let bottom = if content.attribution { 22.0 } else { 0.0 };
        if content.legend {
            cards.legend_card(state, bottom);
        }
        if content.scale_bar {
            let (lat, _, zoom) = map.view();
            cards.scale_bar(lat, zoom, bottom);
        }
        if live.hints {
            cards.hints(state);
        }
    });
}

struct Cards<'a> {
    ui: &'a Ui,
    painter: &'a egui::Painter,
    palette: &'a Palette,
    rect: Rect,
    scale: f32,
}

impl Cards<'_> {
    fn font(&self, size: f32) -> FontId {
        FontId::proportional(size * self.scale)
    }

    fn text(&self, text: &str, size: f32, color: Color32, wrap: f32) -> Arc<Galley> {
        self.painter.layout(text.to_owned(), self.font(size), color, wrap)
    }

    /// Makes painted text readable to screen readers and UI tests, as a label covering `rect`.
    fn announce(&self, rect: Rect, text: &str) {
        let response =
            self.ui.interact(rect, self.ui.scope_id().with(("picture-text", text)), egui::Sense::hover());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    }

    fn card(&self, rect: Rect) {
        self.painter.rect_filled(rect, picture::CARD_RADIUS * self.scale, self.palette.overlay_fill);
    }

    fn margin(&self) -> f32 {
        picture::MARGIN * self.scale
    }

    fn pad(&self) -> f32 {
        picture::CARD_PADDING * self.scale
    }

    /// Stacks galleys in a card at the top left.
    fn title_card(&self, card: &Card, content: PictureContent) {
        let wrap = (self.rect.width() * picture::CAPTION_WIDTH_SHARE).max(240.0 * self.scale);
        let (text, weak) = (self.palette.overlay_text, self.palette.weak_text);
        let mut wanted: Vec<(String, f32, Color32)> = Vec::new();
        if content.title {
            wanted.push((card.kicker.to_uppercase(), picture::KICKER_SIZE, weak));
            wanted.push((card.title.clone(), picture::TITLE_SIZE, text));
        }
        if content.caption {
            wanted.push((card.caption.clone(), picture::CAPTION_SIZE, text));
            wanted.push((card.source.clone(), picture::SOURCE_SIZE, weak));
        }
        let lines: Vec<(String, Arc<Galley>)> = wanted
            .into_iter()
            .filter(|(words, _, _)| !words.is_empty())
            .map(|(words, size, color)| {
                let galley = self.text(&words, size, color, wrap);
                (words, galley)
            })
            .collect();
        if lines.is_empty() {
            return;
        }
        let gap = picture::LINE_GAP * self.scale;
        let width = lines.iter().map(|(_, g)| g.size().x).fold(0.0, f32::max);
        let height = lines.iter().map(|(_, g)| g.size().y).sum::<f32>() + gap * (lines.len() - 1) as f32;
        let min = self.rect.min + Vec2::splat(self.margin());
        self.card(Rect::from_min_size(min, Vec2::new(width, height) + Vec2::splat(2.0 * self.pad())));
        let mut at = min + Vec2::splat(self.pad());
        for (words, galley) in lines {
            let h = galley.size().y;
            self.announce(Rect::from_min_size(at, galley.size()), &words);
            self.painter.galley(at, galley, text);
            at.y += h + gap;
        }
    }

    /// The window's date, large, at the top right, with the count under it.
    fn date_card(&self, state: &AppState) {
        let words = window_words(state.window.start, state.window.end);
        let date = self.text(&words, picture::DATE_SIZE, self.palette.overlay_text, f32::INFINITY);
        let split = state.store().located_split(state.visible());
        let count = match split.unlocated {
            0 => format!("{} incidents", split.located),
            n => format!("{} incidents ({n} without a place)", split.located + n),
        };
        let count = self.text(&count, picture::COUNT_SIZE, self.palette.weak_text, f32::INFINITY);
        let gap = picture::LINE_GAP * self.scale * 0.5;
        let size = Vec2::new(date.size().x.max(count.size().x), date.size().y + gap + count.size().y);
        let min = Pos2::new(
            self.rect.right() - self.margin() - size.x - 2.0 * self.pad(),
            self.rect.top() + self.margin(),
        );
        self.card(Rect::from_min_size(min, size + Vec2::splat(2.0 * self.pad())));
        let right = min.x + size.x + self.pad();
        let date_h = date.size().y;
        let date_at = Pos2::new(right - date.size().x, min.y + self.pad());
        self.announce(Rect::from_min_size(date_at, date.size()), &format!("window: {words}"));
        self.painter.galley(date_at, date, Color32::WHITE);
        let at = Pos2::new(right - count.size().x, min.y + self.pad() + date_h + gap);
        self.painter.galley(at, count, Color32::WHITE);
    }

    /// Every shown category with its count in the window, in one column at the bottom left.
    fn legend_card(&self, state: &AppState, bottom: f32) {
        let store = state.store();
        let categories = store.categories();
        let counts = store.category_counts(state.visible().iter().copied());
        let rows: Vec<(Color32, Arc<Galley>)> = categories
            .iter()
            .zip(&counts)
            .filter(|(name, _)| state.category_shown(name))
            .map(|(name, n)| {
                let color = theme::category_color(name, categories);
                (
                    color,
                    self.text(
                        &format!("{name} ({n})"),
                        picture::LEGEND_SIZE,
                        self.palette.overlay_text,
                        f32::INFINITY,
                    ),
                )
            })
            .collect();
        if rows.is_empty() {
            return;
        }
        let swatch = picture::SWATCH_RADIUS * self.scale;
        let gap = picture::LINE_GAP * self.scale * 0.5;
        let row_h = rows.iter().map(|(_, g)| g.size().y).fold(2.0 * swatch, f32::max);
        let text_w = rows.iter().map(|(_, g)| g.size().x).fold(0.0, f32::max);
        let size = Vec2::new(
            2.0 * swatch + gap * 2.0 + text_w,
            row_h * rows.len() as f32 + gap * (rows.len() - 1) as f32,
        );
        let min = Pos2::new(
            self.rect.left() + self.margin(),
            self.rect.bottom() - self.margin() - bottom - size.y - 2.0 * self.pad(),
        );
        self.card(Rect::from_min_size(min, size + Vec2::splat(2.0 * self.pad())));
        let mut y = min.y + self.pad();
        let stroke = self.palette.marker_stroke();
        for (color, galley) in rows {
            let center = Pos2::new(min.x + self.pad() + swatch, y + row_h / 2.0);
            self.painter.circle(center, swatch, color, stroke);
            let at = Pos2::new(center.x + swatch + 2.0 * gap, y + (row_h - galley.size().y) / 2.0);
            self.painter.galley(at, galley, Color32::WHITE);
            y += row_h + gap;
        }
    }

    /// A scale bar at the bottom right, for the map centre's latitude at `zoom`.
    fn scale_bar(&self, lat: f64, zoom: f64, bottom: f32) {
        // Metres per point at this latitude (the world is 256·2^zoom points around the equator).
        let metres_per_point = 40_075_016.686 * lat.to_radians().cos() / (256.0 * 2f64.powf(zoom));
        if metres_per_point <= 0.0 || !metres_per_point.is_finite() {
            return;
        }
        let max_width = picture::SCALE_BAR_MAX_WIDTH * self.scale;
        let (nice, label) = scale_length(f64::from(max_width) * metres_per_point);
        let width = (nice / metres_per_point) as f32;
        let label = self.text(&label, picture::SCALE_LABEL_SIZE, self.palette.overlay_text, f32::INFINITY);
        let pad = self.pad() * 0.6;
        let tick = 8.0 * self.scale;
        let size = Vec2::new(width.max(label.size().x), label.size().y + tick + 2.0);
        let min = Pos2::new(
            self.rect.right() - self.margin() - size.x - 2.0 * pad,
            self.rect.bottom() - self.margin() - bottom - size.y - 2.0 * pad,
        );
        self.card(Rect::from_min_size(min, size + Vec2::splat(2.0 * pad)));
        let base = Pos2::new(min.x + pad + (size.x - width) / 2.0, min.y + pad + size.y - 1.0);
        let stroke = Stroke::new(2.0 * self.scale, self.palette.overlay_text);
        self.painter.line_segment([base, base + Vec2::new(width, 0.0)], stroke);
        self.painter.line_segment([base, base - Vec2::new(0.0, tick)], stroke);
        self.painter.line_segment([base + Vec2::new(width, 0.0), base + Vec2::new(width, -tick)], stroke);
        let at = Pos2::new(min.x + pad + (size.x - label.size().x) / 2.0, min.y + pad);
        self.painter.galley(at, label, Color32::WHITE);
    }

    /// "Scene 3 of 8 · ← → scenes · Space plays · Esc leaves", bottom centre.
    fn hints(&self, state: &AppState) {
        let n = state.briefing.scenes.len();
        let scene = match state.scene {
            Some(k) if n > 0 => format!("Scene {} of {n} · ", k + 1),
            _ if n > 0 => format!("{n} scenes · "),
            _ => String::from("No scenes yet · "),
        };
        let text = format!("{scene}← → scenes · Space plays · Esc leaves");
        let galley = self.text(&text, picture::HINT_SIZE, self.palette.weak_text, f32::INFINITY);
        let pad = self.pad() * 0.4;
        let min = Pos2::new(
            self.rect.center().x - galley.size().x / 2.0 - pad,
            self.rect.bottom() - self.margin() - galley.size().y - 2.0 * pad,
        );
        self.card(Rect::from_min_size(min, galley.size() + Vec2::splat(2.0 * pad)));
        self.announce(Rect::from_min_size(min + Vec2::splat(pad), galley.size()), &text);
        self.painter.galley(min + Vec2::splat(pad), galley, Color32::WHITE);
    }
}

/// A picture's own view: the state to draw, its map and what to show. Rendered offscreen by
/// [`crate::export`] through [`presentation_ui`], the same code as the live presentation.
pub struct PictureView {
    /// The state drawn (dataset, window, filters, selection, briefing and scene).
    pub state: AppState,
    /// What the picture shows over the map.
    pub content: PictureContent,
    map: MapView,
}

impl PictureView {
    /// A picture of `state` centred on `(lat, lon, zoom)` (web-map zoom in points), or fitted to the shown
    /// incidents with `None`.
    #[must_use]
    pub fn new(state: AppState, view: Option<(f64, f64, f64)>, content: PictureContent) -> Self {
        let mut state = state;
        let map = MapView::new(view);
        if view.is_some() {
            state.apply(Command::CancelMapRequest);
        }
        Self { state, content, map }
    }

    /// Moves the map at once.
    pub fn set_view(&mut self, lat: f64, lon: f64, zoom: f64) {
        self.state.apply(Command::CancelMapRequest);
        self.map.set_view(lat, lon, zoom);
    }

    /// The map's `(lat, lon, zoom)`.
    #[must_use]
    pub fn view(&self) -> (f64, f64, f64) {
        self.map.view()
    }

    /// Shows a tile file above the embedded basemap.
    ///
    /// # Errors
    /// When the file cannot be opened as MBTiles or PMTiles.
    pub fn use_tile_file(
        &mut self,
        ctx: &egui::Context,
        path: &std::path::Path,
    ) -> Result<(), crate::basemap::TileFileError> {
        let tiles = crate::basemap::TileFile::open(path, ctx)?;
        self.map.set_file_tiles(Some(tiles));
        Ok(())
    }

    /// Whether the picture is complete: every basemap tile of the view drawn, no move pending.
    #[must_use]
    pub fn is_settled(&self) -> bool {
        self.map.tiles_in_progress() == 0 && !self.map.is_flying() && self.state.map_request.is_none()
    }

    /// One frame of the picture.
    pub fn picture_ui(&mut self, ui: &mut Ui) {
        ui.ctx().set_missing_glyph_policy(egui::MissingGlyphPolicy::Tofu);
        let mut commands = Vec::new();
        // Fill the whole picture, whatever margin the host puts around `ui`.
        let full = ui.ctx().content_rect();
        let mut canvas = ui.new_child(egui::UiBuilder::new().max_rect(full));
        canvas.set_clip_rect(full);
        presentation_ui(
            &mut canvas,
            &mut self.map,
            &self.state,
            self.content,
            Live { hints: false },
            &mut commands,
        );
        for command in commands {
            self.state.apply(command);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdtfDate, Incident, Source};
    use crate::state::{Command, Dataset};

    #[test]
    fn the_source_line_never_breaks_inside_its_count_of_more_sources() {
        let mut incident = Incident::new("a", "A", EdtfDate::parse("2024-03-22").expect("date"), "attack");
        let source = |publisher: &str| Source {
            publisher: publisher.to_owned(),
            title: "Report".to_owned(),
            ..Source::default()
        };
        incident.sources = vec![source("Reuters"), source("AP")].into();
        let mut state = AppState::new(Dataset::new(vec![incident], "test", Vec::new()));
        state.apply(Command::Select(Some(0)));
        let line = source_line(&state);
        assert!(line.ends_with("\u{a0}(+1\u{a0}more)"), "{line:?}");
        assert!(!line.contains(" (+1"), "no breakable space before the count: {line:?}");
    }
}
