//! The map: incidents as markers coloured by category and sized by casualties, uncertainty rings at
//! true size, multi-place incidents joined by lines, hover tooltips, click to select (with a pick list
//! where markers overlap), a legend, the "N of M" count and a scale bar. Many markers are aggregated.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, Ui, Vec2};
use walkers::{Map, MapMemory, Position, Projector, Tiles, lat_lon};

use super::clusters::{Cluster, cluster, zoom_box};
use super::map_edit::MapEditing;
use super::theme::{self, Palette};
use super::words::{casualty_text, scale_length};
use crate::basemap::{EmbeddedTiles, OnlineStatus, OnlineTiles, TileFile, data, mercator};
use crate::state::{AppState, Command, MapRequest};

/// Above this many shown markers, nearby markers merge into counted clusters.
const CLUSTER_THRESHOLD: usize = 4_000;
/// Above this many markers, markers are not separate accessible widgets.
const ACCESSIBLE_MARKERS: usize = 2_000;

/// What the map draws over itself besides the incidents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapChrome {
    /// Exploring: the "N of M" box with Fit, a clickable legend, the scale bar and the attribution.
    Explore,
    /// Presenting or exporting: the presentation draws its own cards; the map adds only the attribution
    /// (when `attribution` is true).
    Picture {
        /// Draw the map sources' attribution.
        attribution: bool,
    },
}

/// A smooth move between two views, in Web Mercator units (the world is 1 wide) and zoom.
#[derive(Debug, Clone, Copy)]
struct Flight {
    from: (f64, f64, f64),
    to: (f64, f64, f64),
    started: f64,
}

/// How long a fly-to takes, in seconds.
const FLIGHT_SECONDS: f64 = 1.0;

/// The map view's own state: the walkers memory and an open pick list.
pub struct MapView {
    memory: MapMemory,
    flight: Option<Flight>,
    pick: Option<(Pos2, Vec<u32>)>,
    tiles: Option<EmbeddedTiles>,
    file_tiles: Option<TileFile>,
    online: Option<OnlineTiles>,
    /// The map's size in the previous frame: a request waits until the size holds for two frames.
    last_size: Option<Vec2>,
    /// The legend is folded away to a small button (it covers the map's lower left corner otherwise);
    /// `None` until the user chooses: folded on a narrow map.
    legend_folded: Option<bool>,
    /// Moving the incident being edited, and adding one from a right-click.
    pub editing: MapEditing,
}

/// One marker as drawn this frame.
#[derive(Debug, Clone, Copy)]
struct Marker {
    index: u32,
    /// Which of the incident's places (for `MultiPoint` incidents).
    place: usize,
    at: Pos2,
    radius: f32,
    color: Color32,
}

impl MapView {
    /// A view centred on a remembered `(lat, lon, zoom)`, or on Moscow at zoom 4.
    #[must_use]
    pub fn new(view: Option<(f64, f64, f64)>) -> Self {
        let mut memory = MapMemory::default();
        let (lat, lon, zoom) = view.unwrap_or((50.0, 45.0, 4.0));
        memory.center_at(lat_lon(lat, lon));
        let _ = memory.set_zoom(zoom);
        Self {
            memory,
            flight: None,
            pick: None,
            tiles: None,
            file_tiles: None,
            online: None,
            last_size: None,
            legend_folded: None,
            editing: MapEditing::default(),
        }
    }

    /// Shows a tile file above the embedded basemap (which stays underneath as the fallback), or
    /// only the embedded basemap with `None`.
    pub fn set_file_tiles(&mut self, tiles: Option<TileFile>) {
        if tiles.is_some() {
            self.online = None;
        }
        self.file_tiles = tiles;
    }

    /// Turns online tiles on (above the embedded basemap, which stays as the fallback) or off.
    pub fn set_online(&mut self, online: Option<OnlineTiles>) {
        if online.is_some() {
            self.file_tiles = None;
        }
        self.online = online;
    }

    /// The online source, while online tiles are on.
    #[must_use]
    pub fn online(&self) -> Option<&OnlineTiles> {
        self.online.as_ref()
    }

    /// The tile file's attribution, when one is shown.
    #[must_use]
    pub fn file_tiles_attribution(&self) -> Option<&'static str> {
        self.file_tiles.as_ref().map(|t| t.attribution().text)
    }

    /// Basemap tiles still being rendered (0 once the view is complete).
    #[must_use]
    pub fn tiles_in_progress(&self) -> usize {
        self.tiles.as_ref().map_or(0, |t| t.stats().in_progress)
            + self.file_tiles.as_ref().map_or(0, |t| t.stats().in_progress)
    }

    /// Moves the view to `(lat, lon)` at a web-map zoom.
    pub fn set_view(&mut self, lat: f64, lon: f64, zoom: f64) {
        self.flight = None;
        self.memory.center_at(lat_lon(lat, lon));
        let _ = self.memory.set_zoom(zoom);
    }

    /// Whether a fly-to is under way.
    #[must_use]
    pub fn is_flying(&self) -> bool {
        self.flight.is_some()
    }

    /// Starts a smooth move to `(lat, lon, zoom)` from the current view at time `now` (seconds).
    fn fly_to(&mut self, lat: f64, lon: f64, zoom: f64, now: f64) {
        let (from_lat, from_lon, from_zoom) = self.view();
        let (x0, y0) = mercator::unit(from_lat, from_lon);
        let (x1, y1) = mercator::unit(lat, lon);
        self.flight = Some(Flight { from: (x0, y0, from_zoom), to: (x1, y1, zoom), started: now });
    }

    /// Advances a flight: eases the centre along the straight Mercator line and, for long hops, zooms
    /// out on the way so that both ends pass through view.
    fn advance_flight(&mut self, now: f64, width: f32) {
        let Some(flight) = self.flight else { return };
        let t = ((now - flight.started) / FLIGHT_SECONDS).clamp(0.0, 1.0);
        let s = t * t * (3.0 - 2.0 * t);
        let ((x0, y0, z0), (x1, y1, z1)) = (flight.from, flight.to);
        let distance = (x1 - x0).hypot(y1 - y0).max(1e-12);
        // The zoom at which both ends fit in the view; dip to it midway if the ends are further apart.
        let fits = (f64::from(width.max(200.0)) * 0.8 / (256.0 * distance)).log2();
        let dip = (z0.min(z1) - fits).max(0.0);
        let zoom = z0 + (z1 - z0) * s - dip * 4.0 * s * (1.0 - s);
        let (lat, lon) = mercator::from_unit(x0 + (x1 - x0) * s, y0 + (y1 - y0) * s);
        self.memory.center_at(lat_lon(lat, lon));
        let _ = self.memory.set_zoom(zoom.clamp(0.0, 20.0));
        if t >= 1.0 {
            self.flight = None;
        }
    }

    /// The current `(lat, lon, zoom)`.
    #[must_use]
    pub fn view(&self) -> (f64, f64, f64) {
        let c = self.memory.detached().unwrap_or(lat_lon(50.0, 45.0));
        (c.y(), c.x(), self.memory.zoom())
    }

    /// Draws the map and its overlays.
    pub fn map_ui(
        &mut self,
        ui: &mut Ui,
        state: &AppState,
        palette: &Palette,
        chrome: MapChrome,
        commands: &mut Vec<Command>,
    ) {
        let size = ui.available_size();
        let now = ui.input(|i| i.time);
        // The first frames may lay the panel out at a token size: wait until the size holds for two
        // frames. A small picture is small from the start, so this is not a minimum size.
        let laid_out = self.last_size == Some(size) && size.x >= 1.0 && size.y >= 1.0;
        self.last_size = Some(size);
        if let Some(request) = state.map_request.filter(|_| laid_out) {
            // A picture's cards cover its top and bottom: fit what it shows between them.
            let insets = match chrome {
                MapChrome::Explore => [0.0; 4],
                MapChrome::Picture { .. } => theme::picture::FIT_INSETS.map(|share| share * size.y),
            };
            self.follow(request, state, size, insets, now);
            commands.push(Command::MapRequestDone(request));
        }
        if self.flight.is_some() {
            self.advance_flight(now, size.x.min(size.y));
            ui.ctx().request_repaint();
        }
        let rect = ui.available_rect_before_wrap();
        ui.painter().rect_filled(rect, 0.0, palette.map_background);
        let my_position = lat_lon(50.0, 45.0);
        let pick = &mut self.pick;
        let legend_folded = &mut self.legend_folded;
        let dark = ui.visuals().dark_mode;
        let style = theme::basemap_style(dark);
        let tiles = self.tiles.get_or_insert_with(|| EmbeddedTiles::new(ui.ctx(), style));
        tiles.set_style(style);
        tiles.set_density(ui.ctx().pixels_per_point().round().max(1.0) as u32);
        let attribution = match (&self.file_tiles, &self.online) {
            (Some(file), _) => {
                format!("{} · under it: {}", file.attribution().text, tiles.attribution().text)
            }
            (None, Some(online)) => {
                format!("{} · under it: {}", online.attribution().text, tiles.attribution().text)
            }
            (None, None) => tiles.attribution().text.to_owned(),
        };
        let editing = &mut self.editing;
        let grabbing = chrome == MapChrome::Explore && editing.grabbing(ui);
        let mut map = Map::new(Some(tiles), &mut self.memory, my_position)
            .zoom_with_ctrl(false)
            .double_click_to_zoom(true);
        if grabbing {
            // The drag moves the place held, not the map.
            map = map.drag_pan_buttons(egui::DragPanButtons::empty());
        }
        if let Some(file) = self.file_tiles.as_mut() {
            map = map.with_layer(file, 1.0);
        }
        if let Some(online) = self.online.as_mut() {
            online.collect();
        }
        let online_status = self.online.as_ref().map(|o| (o.source().host().to_owned(), o.status().clone()));
        if let Some(online) = self.online.as_mut() {
            map = map.with_layer(online, 1.0);
        }
        map.show(ui, |ui, response, projector, _memory| {
            // Country and region names under the markers; city names over them, on their halo, so that a
            // marker never hides the name of the city it is in.
            let mut placed = Vec::new();
            draw_labels(ui, projector, dark, &mut placed, LabelLayer::Areas);
            let (markers, clusters) = draw_incidents(ui, state, projector, palette);
            draw_labels(ui, projector, dark, &mut placed, LabelLayer::Cities(&markers));
            let marker_responses = interact(ui, response, state, &markers, pick, commands);
            clusters_ui(ui, state, &clusters, commands);
            match chrome {
                MapChrome::Explore => {
                    editing.note_drawn(markers.iter().map(|m| (m.index, m.place, m.at, m.radius)));
                    editing.drag_ui(ui, response, projector, state, palette, commands);
                    let clickable = std::iter::once(response).chain(&marker_responses);
                    editing.menu_ui(clickable, projector, state, commands);
                    overlays(ui, state, projector, palette, legend_folded, commands);
                    attribution_ui(ui, projector, palette, &attribution);
                }
                MapChrome::Picture { attribution: true } => {
                    attribution_ui(ui, projector, palette, &attribution);
                }
                MapChrome::Picture { attribution: false } => {}
            }
            if let Some((host, status)) = &online_status {
                online_indicator_ui(ui, projector, palette, host, status);
            }
        });
    }

    fn follow(&mut self, request: MapRequest, state: &AppState, size: Vec2, insets: [f32; 4], now: f64) {
        match request {
            MapRequest::View { lat, lon, zoom, fly: true } => self.fly_to(lat, lon, zoom, now),
            MapRequest::View { lat, lon, zoom, fly: false } => self.set_view(lat, lon, zoom),
            MapRequest::CenterOn(index) => {
                if let Some(p) = state.store().points_of(index).first() {
                    self.memory.center_at(lat_lon(f64::from(p[1]), f64::from(p[0])));
                    if self.memory.zoom() < 5.0 {
                        let _ = self.memory.set_zoom(6.0);
                    }
                }
            }
            MapRequest::FitArea([west, south, east, north]) => {
                if let Some((center, zoom)) = fit(&[[west, south], [east, north]], size, insets) {
                    self.memory.center_at(center);
                    let _ = self.memory.set_zoom(zoom);
                }
            }
            MapRequest::FitVisible | MapRequest::FitAll => {
                let store = state.store();
                let all: Vec<u32>;
                let indices = if request == MapRequest::FitAll {
                    all = (0..u32::try_from(store.len()).unwrap_or(u32::MAX)).collect();
                    &all
                } else {
                    state.visible()
                };
                let points: Vec<[f32; 2]> =
                    indices.iter().flat_map(|&i| store.points_of(i).iter().copied()).collect();
                if let Some((center, zoom)) = fit(&points, size, insets) {
                    self.memory.center_at(center);
                    let _ = self.memory.set_zoom(zoom);
                }
            }
        }
    }
}

/// Centre and web-map zoom showing every point inside `size` with a margin.
/// `insets` (left, top, right, bottom, in points) are covered by cards: the points fit in the rest.
fn fit(points: &[[f32; 2]], size: Vec2, insets: [f32; 4]) -> Option<(Position, f64)> {
    let first = points.first()?;
    let (mut min_lon, mut max_lon, mut min_lat, mut max_lat) = (first[0], first[0], first[1], first[1]);
    for p in points {
        min_lon = min_lon.min(p[0]);
        max_lon = max_lon.max(p[0]);
        min_lat = min_lat.min(p[1]);
        max_lat = max_lat.max(p[1]);
    }
    // In Web Mercator units (the world is 1 wide and 1 high); y grows southwards.
    let (x0, y0) = mercator::unit(f64::from(max_lat), f64::from(min_lon));
    let (x1, y1) = mercator::unit(f64::from(min_lat), f64::from(max_lon));
    let [left, top, right, bottom] = insets;
    let inner = Vec2::new(size.x - left - right, size.y - top - bottom);
    let usable = |v: f32| f64::from(v.max(100.0)) * 0.8;
    let zoom_x = (usable(inner.x) / (256.0 * (x1 - x0).max(1e-9))).log2();
    let zoom_y = (usable(inner.y) / (256.0 * (y1 - y0).max(1e-9))).log2();
    let zoom = zoom_x.min(zoom_y).clamp(2.0, 12.0);
    // The map's centre sits off the free area's centre by half the difference of the insets.
    let world = 256.0 * 2f64.powf(zoom);
    let shift_x = f64::from(right - left) / 2.0 / world;
    let shift_y = f64::from(bottom - top) / 2.0 / world;
    let (center_lat, center_lon) =
        mercator::from_unit(f64::midpoint(x0, x1) + shift_x, f64::midpoint(y0, y1) + shift_y);
    Some((lat_lon(center_lat, center_lon), zoom))
}

/// Which basemap names to draw.
#[derive(Debug, Clone, Copy)]
enum LabelLayer<'a> {
    /// Countries and admin-1 regions (under the markers).
    Areas,
    /// Cities, over these markers; a city's dot is left out where a marker covers it (the marker shows
    /// the place).
    Cities(&'a [Marker]),
}

/// Draws one layer of basemap names, each on a halo, where it does not collide with a name already
/// `placed`.
fn draw_labels(ui: &Ui, projector: &Projector, dark: bool, placed: &mut Vec<Rect>, layer: LabelLayer<'_>) {
    let basemap = data::embedded();
    let zoom = projector.zoom();
    let clip = projector.clip_rect();
    let (country_color, city_color, halo) = theme::label_colors(dark);
    let region_color = country_color.gamma_multiply(0.8);
    let painter = ui.painter();
    let mut place = |at: Pos2, text: String, size: f32, color: Color32, dot: bool| {
        let galley = painter.layout_no_wrap(text, FontId::proportional(size), color);
        let offset = if dot { Vec2::new(4.0, -galley.size().y / 2.0) } else { -galley.size() / 2.0 };
        let rect = Rect::from_min_size(at + offset, galley.size()).expand(2.0);
        if !clip.contains_rect(rect) || placed.iter().any(|r| r.intersects(rect)) {
            return;
        }
        placed.push(rect);
        let covered = match layer {
            LabelLayer::Cities(markers) => markers.iter().any(|m| m.at.distance(at) <= m.radius),
            LabelLayer::Areas => false,
        };
        if dot && !covered {
            painter.circle_filled(at, theme::CITY_DOT_RADIUS, color);
        }
        for d in [Vec2::new(-1.0, 0.0), Vec2::new(1.0, 0.0), Vec2::new(0.0, -1.0), Vec2::new(0.0, 1.0)] {
            painter.galley_with_override_text_color(rect.min + Vec2::splat(2.0) + d, galley.clone(), halo);
        }
        painter.galley(rect.min + Vec2::splat(2.0), galley, color);
    };
    if let LabelLayer::Cities(_) = layer {
        let min_population = match zoom {
            z if z < 3.5 => return,
            z if z < 4.5 => 5_000_000,
            z if z < 5.5 => 1_500_000,
            z if z < 6.5 => 500_000,
            z if z < 7.5 => 200_000,
            z if z < 8.5 => 80_000,
            z if z < 9.5 => 30_000,
            _ => 15_000,
        };
        let mut shown = 0;
        for city in basemap.cities.iter().take_while(|c| c.population >= min_population) {
            let at = projector.project(position(city.at)).to_pos2();
            if clip.contains(at) {
                place(at, city.name.clone(), theme::CITY_LABEL_SIZE, city_color, true);
                shown += 1;
                if shown > 400 {
                    break;
                }
            }
        }
        return;
    }
    let min_area = match zoom {
        z if z < 2.5 => 150.0,
        z if z < 3.5 => 25.0,
        z if z < 4.5 => 4.0,
        _ => 0.0,
    };
    if zoom >= 1.5 {
        for c in basemap.countries.iter().filter(|c| c.area >= min_area) {
            let at = projector.project(position(c.at)).to_pos2();
            if clip.contains(at) {
                place(at, c.name.clone(), theme::COUNTRY_LABEL_SIZE, country_color, false);
            }
        }
    }
    let min_region_area = match zoom {
        z if z < 4.5 => f32::INFINITY,
        z if z < 5.5 => 2.0,
        z if z < 6.5 => 0.3,
        _ => 0.0,
    };
    for r in basemap.regions.iter().filter(|r| r.area >= min_region_area) {
        let at = projector.project(position(r.at)).to_pos2();
        if clip.contains(at) {
            place(at, r.name.clone(), theme::REGION_LABEL_SIZE, region_color, false);
        }
    }
}

/// While online tiles are on, a badge says so (the server sees which areas are viewed), and a failing
/// server is named with its error instead of leaving silent blank tiles.
fn online_indicator_ui(ui: &Ui, projector: &Projector, palette: &Palette, host: &str, status: &OnlineStatus) {
    let rect = projector.clip_rect();
    let pad = theme::OVERLAY_PADDING;
    egui::Area::new(ui.scope_id().with("online-indicator"))
        .pivot(Align2::RIGHT_TOP)
        .fixed_pos(Pos2::new(rect.right() - pad, rect.top() + pad))
        .constrain_to(rect)
        .show(ui.ctx(), |ui| {
            ui.set_max_width(rect.width() * 0.5);
            egui::Frame::NONE.fill(palette.overlay_fill).inner_margin(pad).corner_radius(4.0).show(ui, |ui| {
                ui.label(
                    egui::RichText::new(format!("● Online tiles on: {host} (the server sees which areas you view)"))
                        .color(palette.cursor),
                );
                if let Some(error) = &status.last_error {
                    let what = if status.loaded == 0 {
                        format!("Online tiles failed: {error}. Showing the embedded basemap.")
                    } else {
                        format!(
                            "{} online tiles failed (last: {error}); the embedded basemap fills the gaps.",
                            status.failed
                        )
                    };
                    ui.label(egui::RichText::new(what).color(palette.error));
                }
            });
        });
}

fn attribution_ui(ui: &Ui, projector: &Projector, palette: &Palette, text: &str) {
    let rect = projector.clip_rect();
    let galley = ui.painter().layout_no_wrap(text.to_owned(), FontId::proportional(11.0), palette.weak_text);
    let pad = theme::OVERLAY_PADDING;
    let at = Pos2::new(rect.right() - galley.size().x - pad, rect.bottom() - galley.size().y - 2.0);
    let background = Rect::from_min_size(at - Vec2::splat(3.0), galley.size() + Vec2::splat(6.0));
    ui.painter().rect_filled(background, 3.0, palette.overlay_fill);
    ui.painter().galley(at, galley, palette.weak_text);
}

fn position(p: [f32; 2]) -> Position {
    lat_lon(f64::from(p[1]), f64::from(p[0]))
}

/// Opacity for an incident while playing: the newest bright, older ones fading.
fn age_alpha(state: &AppState, index: u32) -> f32 {
    if !state.playback.playing {
        return 1.0;
    }
    let w = state.window;
    let age = (w.end - state.store().interval_of(index).start.max(w.start)) as f32
        / (w.end - w.start).max(1) as f32;
    (1.0 - 0.75 * age.clamp(0.0, 1.0)).max(0.25)
}

/// Draws the shown incidents: markers, or counted clusters when there are many.
fn draw_incidents(
    ui: &Ui,
    state: &AppState,
    projector: &Projector,
    palette: &Palette,
) -> (Vec<Marker>, Vec<Cluster>) {
    let store = state.store();
    let categories = store.categories();
    let colors: Vec<Color32> = categories.iter().map(|c| theme::category_color(c, categories)).collect();
    let color_of = |i: u32| colors.get(usize::from(store.category_of(i))).copied().unwrap_or(Color32::GRAY);
    let painter = ui.painter();
    let clip = projector.clip_rect().expand(theme::MARKER_MAX_RADIUS);
    let located: Vec<u32> =
        state.visible().iter().copied().filter(|&i| !store.points_of(i).is_empty()).collect();

    if located.len() > CLUSTER_THRESHOLD {
        let project = |p: [f32; 2]| projector.project(position(p)).to_pos2();
        let clusters = cluster(store, &located, project, projector.clip_rect());
        draw_clusters(ui, &clusters, palette, &colors);
        return (Vec::new(), clusters);
    }
    let mut markers = Vec::with_capacity(located.len());
    let mut rings = Vec::new();
    let mut lines = Vec::new();
    for &i in &located {
        let incident = store.incident(i);
        let radius = theme::marker_radius_in_view(incident.casualties(), projector.clip_rect().size());
        let alpha = age_alpha(state, i);
        let color = color_of(i).gamma_multiply(alpha);
        let points = store.points_of(i);
        let screen: Vec<Pos2> = points.iter().map(|&p| projector.project(position(p)).to_pos2()).collect();
        if screen.len() > 1 {
            lines.push(Shape::line(screen.clone(), Stroke::new(theme::MULTIPOINT_LINE_WIDTH, color)));
        }
        for (place, (&p, &at)) in points.iter().zip(&screen).enumerate() {
            if let Some(metres) = incident.uncertainty_radius_m() {
                let ring = metres as f32 * projector.scale_pixel_per_meter(position(p));
                if ring > radius + 1.0 && clip.expand(ring).contains(at) {
                    let fill = Color32::from_rgba_unmultiplied(
                        color.r(),
                        color.g(),
                        color.b(),
                        theme::UNCERTAINTY_FILL_ALPHA,
                    );
                    let edge = Color32::from_rgba_unmultiplied(
                        color.r(),
                        color.g(),
                        color.b(),
                        theme::UNCERTAINTY_STROKE_ALPHA,
                    );
                    rings.push(Shape::circle_filled(at, ring, fill));
                    rings.push(Shape::circle_stroke(at, ring, Stroke::new(1.0, edge)));
                }
            }
            if clip.contains(at) {
                markers.push(Marker { index: i, place, at, radius, color });
            }
        }
    }
    painter.extend(rings);
    painter.extend(lines);
    // Big markers first, so small ones stay visible on top.
    markers.sort_by(|a, b| b.radius.total_cmp(&a.radius));
    let stroke = palette.marker_stroke();
    for m in &markers {
        let faded = state.hover.is_some_and(|h| h != m.index) && state.selection != Some(m.index);
        let color = if faded { m.color.gamma_multiply(0.6) } else { m.color };
        painter.circle(m.at, m.radius, color, stroke);
    }
    let ringed = |m: &&Marker| {
        Some(m.index) == state.selection || Some(m.index) == state.hover || state.picked.contains(&m.index)
    };
    for m in markers.iter().filter(ringed) {
        let chosen = Some(m.index) == state.selection || state.picked.contains(&m.index);
        let width = if chosen { theme::SELECTION_RING_WIDTH } else { 1.5 };
        painter.circle_stroke(
            m.at,
            m.radius + theme::SELECTION_RING_GAP,
            Stroke::new(width, palette.selection),
        );
    }
    (markers, Vec::new())
}

/// Each cluster as a circle in its main category's colour with its full count inside.
fn draw_clusters(ui: &Ui, clusters: &[Cluster], palette: &Palette, colors: &[Color32]) {
    let painter = ui.painter();
    for c in clusters {
        let color = colors.get(c.dominant()).copied().unwrap_or(Color32::GRAY);
        let text = painter.layout_no_wrap(
            c.label(),
            FontId::proportional(theme::CLUSTER_TEXT_SIZE),
            palette.overlay_text,
        );
        let radius = c.radius(text.size().x);
        painter.circle(c.at, radius, color.gamma_multiply(0.85), palette.marker_stroke());
        if c.count > 1 {
            let corner = c.at - text.size() / 2.0;
            painter.rect_filled(
                Rect::from_min_size(corner, text.size()).expand(1.0),
                2.0,
                palette.overlay_fill.gamma_multiply(0.6),
            );
            painter.galley(corner, text, palette.overlay_text);
        }
    }
}

/// Clusters as buttons: hovering lists their main categories, a click zooms the map to their incidents.
fn clusters_ui(ui: &mut Ui, state: &AppState, clusters: &[Cluster], commands: &mut Vec<Command>) {
    let names = state.store().categories();
    for (k, c) in clusters.iter().enumerate() {
        let radius = c.radius(0.0).max(theme::MARKER_MIN_RADIUS);
        let rect = Rect::from_center_size(c.at, Vec2::splat(2.0 * radius));
        let response = ui.interact(rect, ui.scope_id().with(("cluster", k)), Sense::click());
        let label = format!("map cluster: {} incidents", c.label());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let response = response.on_hover_ui(|ui| {
            ui.label(egui::RichText::new(format!("{} incidents", c.label())).strong());
            for (name, n) in c.top_categories(names, 3) {
                ui.label(format!("{name}: {}", crate::model::group_thousands(n as usize)));
            }
            ui.label(egui::RichText::new("Click to zoom in").weak());
        });
        if response.clicked() {
            commands.push(Command::FitArea(zoom_box(c)));
        }
    }
}

/// Markers under a screen position, nearest first.
fn markers_at(markers: &[Marker], at: Pos2) -> Vec<u32> {
    let mut hits: Vec<(f32, u32)> = markers
        .iter()
        .filter_map(|m| {
            let d = m.at.distance(at);
            (d <= m.radius + theme::MARKER_PICK_SLOP).then_some((d, m.index))
        })
        .collect();
    hits.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut seen = Vec::new();
    for (_, i) in hits {
        if !seen.contains(&i) {
            seen.push(i);
        }
    }
    seen
}

fn interact(
    ui: &mut Ui,
    response: &egui::Response,
    state: &AppState,
    markers: &[Marker],
    pick: &mut Option<(Pos2, Vec<u32>)>,
    commands: &mut Vec<Command>,
) -> Vec<egui::Response> {
    let store = state.store();
    // Each marker is a small accessible widget (for screen readers and UI tests) when there are few.
    let mut clicked_at = response.clicked().then(|| response.interact_pointer_pos()).flatten();
    let mut hover_at = response.hover_pos();
    let mut widgets = Vec::new();
    if markers.len() <= ACCESSIBLE_MARKERS {
        for m in markers {
            let rect = Rect::from_center_size(m.at, Vec2::splat(2.0 * m.radius));
            let r = ui.interact(rect, ui.scope_id().with(("marker", m.index, m.place)), Sense::click());
            let label = format!("map marker: {}", store.incident(m.index).title);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
            if r.clicked() {
                clicked_at = Some(m.at);
            }
            if r.hovered() {
                hover_at = Some(r.hover_pos().unwrap_or(m.at));
            }
            widgets.push(r);
        }
    }
    let hovered = hover_at.map(|at| markers_at(markers, at)).unwrap_or_default();
    let top = hovered.first().copied();
    if top != state.hover && (top.is_some() || response.hovered()) {
        commands.push(Command::Hover(top));
    }
    if let Some(i) = top
        && pick.is_none()
    {
        egui::Tooltip::always_open(
            ui.ctx().clone(),
            ui.layer_id(),
            ui.scope_id().with("marker-tip"),
            response.rect,
        )
        .at_pointer()
        .show(|ui| tooltip_ui(ui, state, i, hovered.len()));
    }
    if let Some(at) = clicked_at {
        let under = markers_at(markers, at);
        match under.len() {
            0 => {
                *pick = None;
                commands.push(Command::ClearSelection);
            }
            1 => {
                *pick = None;
                commands.push(Command::Select(Some(under[0])));
            }
            _ => *pick = Some((at, under)),
        }
    }
    pick_list_ui(ui, state, pick, commands);
    widgets
}

fn tooltip_ui(ui: &mut Ui, state: &AppState, index: u32, overlapping: usize) {
    let incident = state.store().incident(index);
    ui.label(egui::RichText::new(&incident.title).strong());
    ui.label(incident.date.describe());
    if let Some(place) = &incident.place {
        ui.label(place);
    }
    if incident.killed.is_some() || incident.injured.is_some() {
        ui.label(casualty_text(incident.killed, incident.injured));
    }
    if overlapping > 1 {
        ui.label(egui::RichText::new(format!("{overlapping} incidents here: click to choose")).weak());
    }
}

fn pick_list_ui(ui: &Ui, state: &AppState, pick: &mut Option<(Pos2, Vec<u32>)>, commands: &mut Vec<Command>) {
    let Some((at, candidates)) = pick.as_ref() else { return };
    let mut chosen = None;
    let mut close = false;
    egui::Area::new(ui.scope_id().with("pick-list"))
        .fixed_pos(*at + Vec2::new(8.0, 8.0))
        .order(egui::Order::Foreground)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(egui::RichText::new(format!("{} incidents here", candidates.len())).weak());
                for &i in candidates {
                    let incident = state.store().incident(i);
                    let label = format!("{} — {}", incident.date.describe(), incident.title);
                    if ui.selectable_label(state.selection == Some(i), label).clicked() {
                        chosen = Some(i);
                    }
                }
                if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    close = true;
                }
            });
        });
    if let Some(i) = chosen {
        commands.push(Command::Select(Some(i)));
        close = true;
    }
    if close {
        *pick = None;
    }
}

fn overlays(
    ui: &mut Ui,
    state: &AppState,
    projector: &Projector,
    palette: &Palette,
    legend_folded: &mut Option<bool>,
    commands: &mut Vec<Command>,
) {
    let rect = projector.clip_rect();
    let pad = theme::OVERLAY_PADDING;
    let frame = egui::Frame::NONE.fill(palette.overlay_fill).inner_margin(pad).corner_radius(4.0);

    // "N of M shown" and fit, top left.
    let mut top = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(Rect::from_min_size(rect.min + Vec2::splat(pad), Vec2::new(360.0, 40.0))),
    );
    frame.show(&mut top, |ui| {
        ui.horizontal(|ui| {
            let split = state.store().located_split(state.visible());
            ui.label(egui::RichText::new(state.shown().to_string()).color(palette.overlay_text).strong());
            ui.label(
                egui::RichText::new(format!("({} without a place)", split.unlocated))
                    .color(palette.weak_text),
            );
            if ui.button("Fit").on_hover_text("Fit the map to the shown incidents (F)").clicked() {
                commands.push(Command::FitToData);
            }
        });
    });

    // Legend, bottom left; it folds away to a button.
    if legend_folded.unwrap_or(rect.width() < theme::LEGEND_AUTO_FOLD_WIDTH) {
        let at = Rect::from_min_size(
            Pos2::new(rect.left() + pad, rect.bottom() - pad - theme::LEGEND_ROW_HEIGHT - pad),
            Vec2::new(theme::LEGEND_FOLDED_WIDTH, theme::LEGEND_ROW_HEIGHT + pad),
        );
        let mut folded = ui.new_child(egui::UiBuilder::new().max_rect(at));
        if folded.button("Legend ▶").on_hover_text("Show the legend").clicked() {
            *legend_folded = Some(false);
        }
    } else if legend_box_ui(ui, state, rect, palette, commands) {
        *legend_folded = Some(true);
    }
    scale_bar_ui(ui, projector, rect, palette);
}

/// The legend in a box at the lower left, packed into rows that leave room for the scale bar, with a
/// button that folds it away; returns whether that button was pressed.
fn legend_box_ui(
    ui: &mut Ui,
    state: &AppState,
    rect: Rect,
    palette: &Palette,
    commands: &mut Vec<Command>,
) -> bool {
    let pad = theme::OVERLAY_PADDING;
    let store = state.store();
    let categories = store.categories();
    let counts = store.category_counts(state.visible().iter().copied());
    // A compact block along the bottom, leaving room for the scale bar on the right: items are packed
    // into rows here, so the block's height is known before it is placed.
    let legend_width =
        (rect.width() - theme::SCALE_BAR_MAX_WIDTH - 9.0 * pad - theme::LEGEND_ROW_HEIGHT).max(160.0);
    let font = egui::TextStyle::Body.resolve(ui.style());
    let item_width = |name: &str, n: usize| {
        let text = ui.fonts_mut(|f| f.layout_no_wrap(format!("{name} ({n})"), font.clone(), Color32::WHITE));
        text.size().x + 12.0 + 3.0 * ui.spacing().item_spacing.x + 4.0
    };
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut used = 0.0;
    for (k, (name, n)) in categories.iter().zip(&counts).enumerate() {
        let w = item_width(name, *n);
        if used + w > legend_width && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            used = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push(k);
        }
        used += w;
    }
    let widest = rows
        .iter()
        .map(|r| r.iter().map(|&k| item_width(&categories[k], counts[k])).sum::<f32>())
        .fold(0.0, f32::max);
    let height = rows.len() as f32 * theme::LEGEND_ROW_HEIGHT + 2.0 * pad;
    let fold_button = theme::LEGEND_ROW_HEIGHT;
    let legend_rect = Rect::from_min_size(
        Pos2::new(rect.left() + pad, rect.bottom() - pad - height),
        Vec2::new(widest + 2.0 * pad + fold_button, height),
    );
    ui.painter().rect_filled(legend_rect, 4.0, palette.overlay_fill);
    let mut legend = ui.new_child(egui::UiBuilder::new().max_rect(legend_rect.shrink(pad)));
    legend_ui(&mut legend, state, palette, &rows, &counts, commands);
    let corner = Rect::from_min_size(
        Pos2::new(legend_rect.right() - pad / 2.0 - fold_button, legend_rect.top() + pad / 2.0),
        Vec2::splat(fold_button),
    );
    let mut fold = ui.new_child(egui::UiBuilder::new().max_rect(corner));
    let response = fold.add(egui::Button::new("◀").frame(false)).on_hover_text("Fold the legend away");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, "Fold the legend away"));
    response.clicked()
}

/// A scale bar at the lower right: the longest round distance that fits.
fn scale_bar_ui(ui: &Ui, projector: &Projector, rect: Rect, palette: &Palette) {
    let pad = theme::OVERLAY_PADDING;
    let center = projector.unproject(rect.center().to_vec2());
    let px_per_m = f64::from(projector.scale_pixel_per_meter(center));
    if px_per_m > 0.0 {
        let (nice, label) = scale_length(f64::from(theme::SCALE_BAR_MAX_WIDTH) / px_per_m);
        let width = (nice * px_per_m) as f32;
        let base = Pos2::new(rect.right() - pad * 2.0 - width, rect.bottom() - pad * 5.0);
        let painter = ui.painter();
        let bg = Rect::from_min_max(base - Vec2::new(pad, 22.0), base + Vec2::new(width + pad, pad));
        painter.rect_filled(bg, 4.0, palette.overlay_fill);
        let stroke = Stroke::new(2.0, palette.overlay_text);
        painter.line_segment([base, base + Vec2::new(width, 0.0)], stroke);
        painter.line_segment([base, base - Vec2::new(0.0, 6.0)], stroke);
        painter.line_segment([base + Vec2::new(width, 0.0), base + Vec2::new(width, -6.0)], stroke);
        painter.text(
            base + Vec2::new(width / 2.0, -8.0),
            Align2::CENTER_BOTTOM,
            label,
            FontId::proportional(12.0),
            palette.overlay_text,
        );
    }
}

fn legend_ui(
    ui: &mut Ui,
    state: &AppState,
    palette: &Palette,
    rows: &[Vec<usize>],
    counts: &[usize],
    commands: &mut Vec<Command>,
) {
    let categories = state.store().categories();
    for row in rows {
        ui.horizontal(|ui| {
            ui.set_height(theme::LEGEND_ROW_HEIGHT);
            for &k in row {
                let (name, n) = (&categories[k], counts[k]);
                let shown = state.category_shown(name);
                let (swatch, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
                let color = theme::category_color(name, categories);
                let fill = if shown { color } else { color.gamma_multiply(0.25) };
                ui.painter().circle_filled(swatch.center(), 6.0, fill);
                let text_color = if shown { palette.overlay_text } else { palette.weak_text };
                let text = egui::RichText::new(format!("{name} ({n})")).color(text_color);
                let label = ui.add(egui::Label::new(text).sense(Sense::click()).selectable(false));
                if label.on_hover_text("Click to show or hide this category").clicked() {
                    commands.push(Command::ToggleCategory(name.clone()));
                }
                ui.add_space(4.0);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flight_ends_where_it_was_sent_and_zooms_out_on_long_hops() {
        let mut view = MapView::new(Some((55.75, 37.62, 8.0)));
        view.fly_to(34.52, 69.18, 9.0, 10.0);
        view.advance_flight(10.5, 800.0);
        let (_, _, mid_zoom) = view.view();
        assert!(mid_zoom < 6.0, "Moscow to Kabul passes out at zoom {mid_zoom}");
        assert!(view.is_flying());
        view.advance_flight(11.0, 800.0);
        let (lat, lon, zoom) = view.view();
        assert!((lat - 34.52).abs() < 1e-6 && (lon - 69.18).abs() < 1e-6 && (zoom - 9.0).abs() < 1e-9);
        assert!(!view.is_flying());
        let (x, y) = mercator::unit(55.75, 37.62);
        let (lat, lon) = mercator::from_unit(x, y);
        assert!((lat - 55.75).abs() < 1e-9 && (lon - 37.62).abs() < 1e-9);
    }

    #[test]
    fn fitting_keeps_every_point_in_view() {
        let points = [[37.6f32, 55.7], [30.3, 59.9], [69.2, 34.5]];
        let size = Vec2::new(1000.0, 700.0);
        let (center, zoom) = fit(&points, size, [0.0; 4]).expect("fit");
        assert!((center.x() - 49.75).abs() < 0.1, "{center:?}");
        assert!((2.0..6.0).contains(&zoom), "{zoom}");
        let (_, close) = fit(&[[37.6, 55.7]], size, [0.0; 4]).expect("fit");
        assert!((close - 12.0).abs() < f64::EPSILON, "a single point zooms in, capped");
    }

    #[test]
    fn fitting_between_cards_keeps_every_point_off_them() {
        let points = [[37.6f32, 55.7], [30.3, 59.9], [69.2, 34.5]];
        let size = Vec2::new(1000.0, 700.0);
        let insets = [20.0, 140.0, 20.0, 110.0];
        let (center, zoom) = fit(&points, size, insets).expect("fit");
        // Where each point lands on the picture, in points from its top left.
        let world = 256.0 * 2f64.powf(zoom);
        let (cx, cy) = mercator::unit(center.y(), center.x());
        for p in points {
            let (x, y) = mercator::unit(f64::from(p[1]), f64::from(p[0]));
            let (sx, sy) = ((x - cx) * world + 500.0, (y - cy) * world + 350.0);
            assert!((20.0..=980.0).contains(&sx), "{p:?} at x {sx}");
            assert!((140.0..=590.0).contains(&sy), "{p:?} at y {sy}: under a card");
        }
    }
}
