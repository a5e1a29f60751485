//! Every colour and size the views use, in one place.

use egui::{Color32, Stroke, Vec2};

use crate::basemap::TileStyle;
use crate::model::{Rgb, category_colour};

/// Width of the labels' column in the incident editor.
pub const EDITOR_LABEL_WIDTH: f32 = 96.0;
/// The editor's fields never get narrower than this, however narrow the panel.
pub const EDITOR_MIN_FIELD_WIDTH: f32 = 140.0;
/// Gaps between the editor's columns and rows.
pub const EDITOR_GRID_SPACING: [f32; 2] = [8.0, 4.0];
/// Width of the category chooser beside the category field.
pub const EDITOR_CHOOSER_WIDTH: f32 = 64.0;
/// Gaps between the days of the date's calendar.
pub const DAY_PICKER_SPACING: [f32; 2] = [2.0, 2.0];
/// Width of the labels' column in a source's fields.
pub const SOURCE_LABEL_WIDTH: f32 = 92.0;
/// How many gazetteer suggestions the place field offers.
pub const EDITOR_SUGGESTIONS: usize = 4;
/// How far outside a marker (points) a press still grabs it to drag it.
pub const DRAG_HANDLE_SLACK: f32 = 4.0;
/// Most characters of an incident's title named in a menu item.
pub const MENU_TITLE_CHARS: usize = 32;
/// How far (points) a grabbed place must be dragged to move: less is a click.
pub const DRAG_MIN_DISTANCE: f32 = 3.0;
/// Radius of the ring that shows where a dragged place will go.
pub const DRAG_PREVIEW_RADIUS: f32 = 8.0;
/// Width of the text fields for a change to all picked incidents.
pub const BULK_FIELD_WIDTH: f32 = 140.0;
/// Put before a draft's title in the list: it is kept with fields that do not read yet.
pub const DRAFT_MARK: &str = "✎ draft ·";
/// How many picked incidents (and actors among them) the panel lists by name.
pub const BULK_LISTED: usize = 8;

/// Marker radius bounds, in points: a readable minimum, and a cap for mass-casualty events.
pub const MARKER_MIN_RADIUS: f32 = 5.0;
/// Largest marker radius, in points.
pub const MARKER_MAX_RADIUS: f32 = 24.0;
/// A marker's area above the minimum's, in square points (over π) per square root of casualties.
pub const MARKER_AREA_PER_SQRT_CASUALTY: f32 = 9.0;
/// Extra pick distance around a marker, in points.
pub const MARKER_PICK_SLOP: f32 = 3.0;
/// Outline around markers.
pub const MARKER_OUTLINE_WIDTH: f32 = 1.2;
/// Width of the ring drawn around the selected marker.
pub const SELECTION_RING_WIDTH: f32 = 3.0;
/// Gap between a selected marker and its selection ring.
pub const SELECTION_RING_GAP: f32 = 4.0;
/// Width of lines joining the places of a multi-place incident.
pub const MULTIPOINT_LINE_WIDTH: f32 = 1.5;
/// Opacity of an uncertainty ring's fill (0–255).
pub const UNCERTAINTY_FILL_ALPHA: u8 = 28;
/// Opacity of an uncertainty ring's outline (0–255).
pub const UNCERTAINTY_STROKE_ALPHA: u8 = 110;
/// Opacity of markers filtered to the background while another is hovered (0–255).
pub const FADED_ALPHA: u8 = 70;
/// The filters-and-list panel's widest default width, in points.
pub const SIDE_PANEL_WIDTH: f32 = 480.0;
/// Widest a side panel may be dragged, in points.
pub const SIDE_PANEL_MAX_WIDTH: f32 = 640.0;
/// The details panel's widest default width, in points.
pub const DETAILS_PANEL_WIDTH: f32 = 360.0;

/// Default widths of the filters-and-list panel and of the details panel in a window `window_width`
/// points wide: shares of the window, so that a small window still leaves the map about half of it.
///
/// ```
/// use incident_atlas::ui::theme::side_panel_widths;
/// assert_eq!(side_panel_widths(1600.0), (480.0, 352.0));
/// let (left, right) = side_panel_widths(1100.0);
/// assert!(1100.0 - left - right >= 520.0);
/// ```
#[must_use]
pub fn side_panel_widths(window_width: f32) -> (f32, f32) {
    (
        (window_width * 0.3).clamp(FILTERS_PANEL_MIN_WIDTH, SIDE_PANEL_WIDTH).round(),
        (window_width * 0.22).clamp(DETAILS_PANEL_MIN_WIDTH, DETAILS_PANEL_WIDTH).round(),
    )
}

/// Below this map width (points) the legend starts folded away, unless the user opened it.
pub const LEGEND_AUTO_FOLD_WIDTH: f32 = 620.0;
/// Pictures smaller than this (width, height in points) show the map and its attribution only: the title,
/// date, legend and scale-bar cards would cover one another.
pub const PICTURE_MIN_CARDS_SIZE: [f32; 2] = [480.0, 320.0];
/// The narrowest the filters-and-list panel can be dragged.
pub const FILTERS_PANEL_MIN_WIDTH: f32 = 260.0;
/// The narrowest the details panel can be dragged.
pub const DETAILS_PANEL_MIN_WIDTH: f32 = 240.0;
/// The lowest the timeline panel can be dragged.
pub const TIMELINE_MIN_HEIGHT: f32 = 140.0;
/// Default width of the small windows (open a file, online tiles).
pub const DIALOG_WIDTH: f32 = 520.0;
/// Default width of the save window.
pub const SAVE_WINDOW_WIDTH: f32 = 560.0;
/// Default width of the problems window.
pub const PROBLEMS_WINDOW_WIDTH: f32 = 620.0;
/// Height of the problems window's list before it scrolls.
pub const PROBLEMS_LIST_HEIGHT: f32 = 320.0;
/// Height of the import dialog's preview of the file's first rows.
pub const IMPORT_PREVIEW_HEIGHT: f32 = 130.0;
/// Height of the import dialog's list of columns by part (it scrolls).
pub const IMPORT_MAPPING_HEIGHT: f32 = 170.0;
/// Width of a text field in a form (online tiles).
pub const FORM_FIELD_WIDTH: f32 = 400.0;
/// Width of a progress bar in a job's window.
pub const PROGRESS_BAR_WIDTH: f32 = 360.0;
/// Timeline panel default height for a window of a given height, in points: about a quarter of it.
///
/// ```
/// use incident_atlas::ui::theme::timeline_height;
/// assert_eq!(timeline_height(720.0), 172.8);
/// assert_eq!(timeline_height(2160.0), 260.0);
/// ```
#[must_use]
pub fn timeline_height(window_height: f32) -> f32 {
    (window_height * 0.24).clamp(160.0, 260.0)
}
/// Height of each lane of incident bars under the histogram.
pub const UNLOCATED_STRIP_HEIGHT: f32 = 22.0;
/// Width (points) of the ring around the control with the keyboard focus.
pub const FOCUS_RING_WIDTH: f32 = 2.0;
/// Gap (points) between a focused control and its ring.
pub const FOCUS_RING_GAP: f32 = 2.0;
/// Corner rounding (points) of the focus ring.
pub const FOCUS_RING_ROUNDING: f32 = 3.0;
/// Width (points) of a draft's date field in the article window.
pub const DRAFT_DATE_WIDTH: f32 = 150.0;
/// Width (points) of a draft's title field in the article window.
pub const DRAFT_TITLE_WIDTH: f32 = 320.0;
/// Width (points) of a short number field (the minimum casualties).
pub const NUMBER_FIELD_WIDTH: f32 = 56.0;
/// Width (points) the timeline's window band needs before it shows its name.
pub const TIME_WINDOW_NAME_ROOM: f32 = 110.0;
/// Padding inside floating map overlays (legend, counts, scale bar).
pub const OVERLAY_PADDING: f32 = 8.0;
/// Length of the scale bar at most, in points.
pub const SCALE_BAR_MAX_WIDTH: f32 = 120.0;
/// Height of one row of the map legend, in points.
pub const LEGEND_ROW_HEIGHT: f32 = 20.0;
/// Width (points) of the folded legend's button.
pub const LEGEND_FOLDED_WIDTH: f32 = 90.0;
/// Body text size.
pub const BODY_TEXT_SIZE: f32 = 14.0;
/// Heading text size in the details panel.
pub const HEADING_TEXT_SIZE: f32 = 18.0;
/// Row height of the incident list (its header row too).
pub const LIST_ROW_HEIGHT: f32 = 22.0;
/// Starting widths of the list's Date, Title, Place and Category columns; Killed takes the rest.
/// Date is at most this wide, enough for a day with its qualifier (`2000-01-01~`; a range shows its
/// start and `/…`); when the data's dates are shorter, Title gets the difference.
pub const LIST_COLUMN_WIDTHS: [f32; 4] = [92.0, 150.0, 76.0, 66.0];
/// The narrowest the Date column starts, enough for its header with the sort arrow.
pub const LIST_DATE_MIN_WIDTH: f32 = 54.0;
/// Room beside the longest date in the Date column.
pub const LIST_CELL_PADDING: f32 = 8.0;
/// The narrowest a list column can be dragged to.
pub const LIST_MIN_COLUMN_WIDTH: f32 = 36.0;
/// Width (points) of the list's last column (killed).
pub const LIST_KILLED_WIDTH: f32 = 52.0;
/// Width of the country and region choosers.
pub const AREA_CHOOSER_WIDTH: f32 = 170.0;

/// Colours that depend on dark or light mode.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    /// Map background where no tile is drawn (sea).
    pub map_background: Color32,
    /// Graticule lines on the map.
    pub graticule: Color32,
    /// Background of map overlays.
    pub overlay_fill: Color32,
    /// Text on overlays.
    pub overlay_text: Color32,
    /// Marker outline.
    pub marker_outline: Color32,
    /// Selection ring.
    pub selection: Color32,
    /// The brushed time window on the timeline.
    pub window_fill: Color32,
    /// Edges of the time window.
    pub window_edge: Color32,
    /// The current-time cursor during playback.
    pub cursor: Color32,
    /// Secondary text (labels, hints).
    pub weak_text: Color32,
    /// Error text.
    pub error: Color32,
    /// Behind a tag's name in the details.
    pub tag_fill: Color32,
    /// The ring around the control with the keyboard focus.
    pub focus: Color32,
}

impl Palette {
    /// The palette for dark or light mode.
    #[must_use]
    pub fn for_mode(dark: bool) -> Self {
        if dark {
            Self {
                map_background: Color32::from_rgb(24, 32, 44),
                graticule: Color32::from_rgba_unmultiplied(255, 255, 255, 22),
                overlay_fill: Color32::from_rgba_unmultiplied(20, 22, 28, 225),
                overlay_text: Color32::from_rgb(230, 232, 236),
                marker_outline: Color32::from_rgb(215, 219, 226),
                selection: Color32::from_rgb(255, 255, 255),
                window_fill: Color32::from_rgba_unmultiplied(120, 170, 255, 40),
                window_edge: Color32::from_rgb(120, 170, 255),
                cursor: Color32::from_rgb(255, 210, 90),
                weak_text: Color32::from_rgb(160, 165, 175),
                error: Color32::from_rgb(255, 120, 110),
                tag_fill: Color32::from_rgb(52, 62, 78),
                focus: Color32::from_rgb(255, 200, 60),
            }
        } else {
            Self {
                map_background: Color32::from_rgb(214, 226, 238),
                graticule: Color32::from_rgba_unmultiplied(30, 50, 80, 30),
                overlay_fill: Color32::from_rgba_unmultiplied(255, 255, 255, 230),
                overlay_text: Color32::from_rgb(20, 24, 30),
                marker_outline: Color32::from_rgb(38, 38, 44),
                selection: Color32::from_rgb(20, 20, 20),
                window_fill: Color32::from_rgba_unmultiplied(40, 100, 220, 38),
                window_edge: Color32::from_rgb(40, 100, 220),
                cursor: Color32::from_rgb(200, 120, 0),
                weak_text: Color32::from_rgb(90, 95, 105),
                error: Color32::from_rgb(180, 30, 20),
                tag_fill: Color32::from_rgb(222, 228, 238),
                focus: Color32::from_rgb(0, 90, 200),
            }
        }
    }

    /// Outline stroke of markers.
    #[must_use]
    pub fn marker_stroke(&self) -> Stroke {
        Stroke::new(MARKER_OUTLINE_WIDTH, self.marker_outline)
    }
}

/// The colour of a category (Okabe–Ito, colour-blind safe; see [`crate::model::CATEGORY_PALETTE`]).
#[must_use]
pub fn category_color(category: &str, categories: &[String]) -> Color32 {
    let Rgb(r, g, b) = category_colour(category, categories);
    Color32::from_rgb(r, g, b)
}

/// Least distance (points) between two clusters' centres; a cluster's radius is at most half of it.
pub const CLUSTER_SPACING: f32 = 46.0;
/// Room (points) between a cluster's count and its edge.
pub const CLUSTER_TEXT_MARGIN: f32 = 3.0;
/// Size of the count in a cluster.
pub const CLUSTER_TEXT_SIZE: f32 = 10.5;

/// The largest marker's radius as a share of the map's shorter side: one incident never swamps a
/// country-scale view.
pub const MARKER_MAX_VIEW_SHARE: f32 = 0.025;

/// Marker radius for a casualty count on a map of `view` points: [`marker_radius`], capped at
/// [`MARKER_MAX_VIEW_SHARE`] of the view's shorter side (never below the readable minimum).
///
/// ```
/// use incident_atlas::ui::theme::{marker_radius_in_view, MARKER_MIN_RADIUS};
/// let small = egui::vec2(640.0, 400.0);
/// assert_eq!(marker_radius_in_view(22_400, small), 10.0);
/// assert_eq!(marker_radius_in_view(0, egui::vec2(100.0, 100.0)), MARKER_MIN_RADIUS);
/// ```
#[must_use]
pub fn marker_radius_in_view(casualties: u32, view: Vec2) -> f32 {
    let cap = (view.min_elem() * MARKER_MAX_VIEW_SHARE).max(MARKER_MIN_RADIUS);
    marker_radius(casualties).min(cap)
}

/// WCAG 2 contrast ratio of two opaque colours, from 1 (the same) to 21 (black on white).
///
/// ```
/// use egui::Color32;
/// use incident_atlas::ui::theme::contrast_ratio;
/// assert!((contrast_ratio(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
/// assert!((contrast_ratio(Color32::GRAY, Color32::GRAY) - 1.0).abs() < 1e-6);
/// ```
#[must_use]
pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
    let luminance = |c: Color32| {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.040_45 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Marker radius for a casualty count: the marker's area grows with the square root of the count, above a
/// readable minimum, so that one mass-casualty event does not swamp a map of small ones.
///
/// ```
/// use incident_atlas::ui::theme::{marker_radius, MARKER_MIN_RADIUS, MARKER_MAX_RADIUS};
/// assert_eq!(marker_radius(0), MARKER_MIN_RADIUS);
/// assert!(marker_radius(140) > marker_radius(8));
/// // Area over the minimum's: 16 times the casualties make 4 times as much.
/// let extra = |c| marker_radius(c).powi(2) - MARKER_MIN_RADIUS.powi(2);
/// assert!((extra(224 * 16) / extra(224) - 4.0).abs() < 1e-3);
/// assert_eq!(marker_radius(10_000_000), MARKER_MAX_RADIUS);
/// ```
#[must_use]
pub fn marker_radius(casualties: u32) -> f32 {
    let extra_area = (casualties as f32).sqrt() * MARKER_AREA_PER_SQRT_CASUALTY;
    (MARKER_MIN_RADIUS * MARKER_MIN_RADIUS + extra_area).sqrt().min(MARKER_MAX_RADIUS)
}

/// The embedded basemap's colours for dark or light mode: quiet, so that category colours stand out.
#[must_use]
pub fn basemap_style(dark: bool) -> TileStyle {
    if dark {
        TileStyle {
            sea: [22, 30, 42, 255],
            land: [44, 48, 54, 255],
            coast: [70, 84, 100, 255],
            border: [112, 116, 124, 255],
            coast_width: 0.8,
            border_width: 0.9,
            region: [64, 70, 78, 255],
            region_width: 0.6,
            disputed: [150, 120, 120, 255],
        }
    } else {
        TileStyle {
            sea: [186, 206, 224, 255],
            land: [232, 228, 219, 255],
            coast: [150, 170, 190, 255],
            border: [150, 145, 150, 255],
            coast_width: 0.8,
            border_width: 0.9,
            region: [214, 208, 204, 255],
            region_width: 0.6,
            disputed: [170, 120, 120, 255],
        }
    }
}

/// Country label size, in points.
pub const COUNTRY_LABEL_SIZE: f32 = 13.0;
/// Admin-1 region label size, in points.
pub const REGION_LABEL_SIZE: f32 = 11.0;
/// City label size, in points.
pub const CITY_LABEL_SIZE: f32 = 11.5;
/// Radius of a city's dot, in points.
pub const CITY_DOT_RADIUS: f32 = 2.2;

/// Label colours: country text, city text and the halo behind both.
#[must_use]
pub fn label_colors(dark: bool) -> (Color32, Color32, Color32) {
    if dark {
        (Color32::from_rgb(150, 156, 166), Color32::from_rgb(200, 204, 210), Color32::from_rgb(24, 28, 34))
    } else {
        (Color32::from_rgb(120, 110, 120), Color32::from_rgb(40, 40, 48), Color32::from_rgb(250, 248, 244))
    }
}

/// Distance of toasts from the bottom of the window.
pub const TOAST_OFFSET: f32 = 48.0;

/// Presentation and exported pictures: sizes at 1920x1080, scaled with the picture (see [`picture_scale`]).
pub mod picture {
    /// Shares of a picture's height covered by its cards (left, top, right, bottom): fitting the map to
    /// what it shows keeps markers out from under the title and date cards and the legend.
    pub const FIT_INSETS: [f32; 4] = [0.02, 0.2, 0.02, 0.16];
    /// The briefing's title above a scene's title.
    pub const KICKER_SIZE: f32 = 17.0;
    /// A scene's title.
    pub const TITLE_SIZE: f32 = 34.0;
    /// The caption.
    pub const CAPTION_SIZE: f32 = 21.0;
    /// The source line.
    pub const SOURCE_SIZE: f32 = 15.0;
    /// The date of the time window.
    pub const DATE_SIZE: f32 = 32.0;
    /// The count under the date.
    pub const COUNT_SIZE: f32 = 16.0;
    /// Legend entries.
    pub const LEGEND_SIZE: f32 = 18.0;
    /// Legend swatch radius.
    pub const SWATCH_RADIUS: f32 = 8.0;
    /// The scale bar's label.
    pub const SCALE_LABEL_SIZE: f32 = 15.0;
    /// The scale bar's longest length.
    pub const SCALE_BAR_MAX_WIDTH: f32 = 200.0;
    /// Margin from the picture's edge and padding inside cards.
    pub const MARGIN: f32 = 28.0;
    /// Padding inside cards.
    pub const CARD_PADDING: f32 = 18.0;
    /// Card corner radius.
    pub const CARD_RADIUS: f32 = 8.0;
    /// The caption card's widest extent, as a share of the picture's width.
    pub const CAPTION_WIDTH_SHARE: f32 = 0.36;
    /// Gap between lines of a card.
    pub const LINE_GAP: f32 = 8.0;
    /// Presenter hints (scene number, keys).
    pub const HINT_SIZE: f32 = 14.0;
}

/// How much a presentation or picture of `size` points scales the sizes in [`picture`]: 1 at 1920x1080.
#[must_use]
pub fn picture_scale(size: egui::Vec2) -> f32 {
    (size.x / 1920.0).min(size.y / 1080.0).clamp(0.6, 2.5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CATEGORY_PALETTE;

    /// WCAG 1.4.11 asks 3:1 for the parts of a graphic needed to see it. A category colour too close to
    /// the land (yellow on the light map, blue on the dark one) is still seen by its outline.
    #[test]
    fn every_category_marker_stands_out_from_the_land_in_both_themes() {
        for dark in [false, true] {
            let land = basemap_style(dark).land;
            let land = Color32::from_rgb(land[0], land[1], land[2]);
            let outline = Palette::for_mode(dark).marker_outline;
            assert!(contrast_ratio(outline, land) >= 3.0, "outline on land, dark: {dark}");
            for Rgb(r, g, b) in CATEGORY_PALETTE {
                let fill = Color32::from_rgb(r, g, b);
                let seen = contrast_ratio(fill, land).max(contrast_ratio(outline, land));
                assert!(seen >= 3.0, "{fill:?} on {land:?} (dark: {dark})");
                // The outline is not lost against the fill either where the fill is what shows.
                assert!(
                    contrast_ratio(fill, land) >= 3.0 || contrast_ratio(outline, fill) >= 3.0,
                    "{fill:?}: neither its fill nor its outline stands out (dark: {dark})"
                );
            }
        }
    }
}
