//! Rendering one square web-map tile (Web Mercator, XYZ numbering) from the vector basemap with
//! tiny-skia. No UI types: the result is premultiplied RGBA bytes.

use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

use super::data::{Basemap, Group, Layer, LayerKind, SIMPLIFIED_UP_TO_ZOOM, Scale};
use super::mercator;

/// Colours (straight RGBA) and line widths (pixels) of a rendered tile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TileStyle {
    /// Sea and lakes.
    pub sea: [u8; 4],
    /// Land.
    pub land: [u8; 4],
    /// Coastlines.
    pub coast: [u8; 4],
    /// Country borders.
    pub border: [u8; 4],
    /// Coastline width in pixels.
    pub coast_width: f32,
    /// Border width in pixels.
    pub border_width: f32,
    /// Admin-1 region outlines (drawn from zoom 4).
    pub region: [u8; 4],
    /// Region outline width in pixels.
    pub region_width: f32,
    /// Disputed borders (dashed).
    pub disputed: [u8; 4],
}

/// Regions are outlined from this zoom on.
pub const REGIONS_FROM_ZOOM: u8 = 4;
/// Region outlines narrower than this many pixels on a tile are left out (they would read as markers).
pub const MIN_REGION_PIXELS: f32 = 32.0;

/// A tile address: zoom, column, row (row 0 at the top, as in OpenStreetMap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileAddress {
    /// Zoom level.
    pub zoom: u8,
    /// Column.
    pub x: u32,
    /// Row.
    pub y: u32,
}

impl TileAddress {
    /// The tile's bounds `[min_lon, min_lat, max_lon, max_lat]` in degrees.
    #[must_use]
    pub fn bounds(&self) -> [f64; 4] {
        let n = f64::from(1u32 << self.zoom.min(30));
        let corner = |x: u32, y: u32| mercator::from_unit(f64::from(x) / n, f64::from(y) / n);
        let ((north, west), (south, east)) = (corner(self.x, self.y), corner(self.x + 1, self.y + 1));
        [west, south, east, north]
    }

    /// The tile holding a position at a zoom.
    #[must_use]
    pub fn containing(lat: f64, lon: f64, zoom: u8) -> TileAddress {
        let n = f64::from(1u32 << zoom.min(30));
        let (x, y) = mercator::unit(lat, lon);
        let cell = |v: f64| (v * n).floor().clamp(0.0, n - 1.0) as u32;
        TileAddress { zoom, x: cell(x), y: cell(y) }
    }

    /// Pixel position inside this tile (of `size` pixels) of a longitude and a Mercator ordinate in
    /// degrees (as the basemap stores its points).
    #[must_use]
    pub fn pixel_from_mercator(&self, lon: f64, y_degrees: f64, size: u32) -> (f32, f32) {
        let world = f64::from(size) * f64::from(1u32 << self.zoom.min(30));
        let px = (lon + 180.0) / 360.0 * world - f64::from(self.x) * f64::from(size);
        let py = (1.0 - y_degrees / 180.0) / 2.0 * world - f64::from(self.y) * f64::from(size);
        (px as f32, py as f32)
    }

    /// Pixel position inside this tile (of `size` pixels) of a position.
    #[must_use]
    pub fn pixel(&self, lat: f64, lon: f64, size: u32) -> (f32, f32) {
        let world = f64::from(size) * f64::from(1u32 << self.zoom.min(30));
        let (x, y) = mercator::unit(lat, lon);
        let px = x * world - f64::from(self.x) * f64::from(size);
        let py = y * world - f64::from(self.y) * f64::from(size);
        (px as f32, py as f32)
    }
}

fn color(rgba: [u8; 4]) -> Color {
    Color::from_rgba8(rgba[0], rgba[1], rgba[2], rgba[3])
}

fn paint(rgba: [u8; 4]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(color(rgba));
    p.anti_alias = true;
    p
}

/// Renders one tile of `size` pixels; returns premultiplied RGBA bytes (`size * size * 4`).
#[must_use]
pub fn render_tile(basemap: &Basemap, style: &TileStyle, tile: TileAddress, size: u32) -> Vec<u8> {
    let Some(mut pixmap) = Pixmap::new(size, size) else { return Vec::new() };
    pixmap.fill(color(style.sea));
    let scale = Scale::for_zoom(tile.zoom);
    let [w, s, e, n] = tile.bounds();
    // A margin so that lines just outside still draw their edge inside.
    let margin = (e - w) * 0.02;
    let view = [(w - margin) as f32, (s - margin) as f32, (e + margin) as f32, (n + margin) as f32];
    let visible = |g: &Group| {
        g.bbox[0] <= view[2] && g.bbox[2] >= view[0] && g.bbox[1] <= view[3] && g.bbox[3] >= view[1]
    };
    let to_pixel = |p: &[f32; 2]| tile.pixel_from_mercator(f64::from(p[0]), f64::from(p[1]), size);
    let pixels = size as f32;

    // Middle zooms draw the simplified 1:10m layers; closer zooms every point.
    let layer = |kind: LayerKind, scale: Scale| {
        if scale == Scale::Large && tile.zoom <= SIMPLIFIED_UP_TO_ZOOM {
            basemap.simplified_layer(kind)
        } else {
            basemap.layer(kind, scale)
        }
    };
    // A region smaller than this on the tile (a city region such as Baikonur or Almaty at zoom 4 or 5) would
    // be a small closed ring that reads as an incident marker: its outline waits for a closer zoom.
    let degrees_per_pixel = ((e - w) / f64::from(size)) as f32;
    let big_enough = |g: &Group| {
        (g.bbox[2] - g.bbox[0]).max(g.bbox[3] - g.bbox[1]) >= MIN_REGION_PIXELS * degrees_per_pixel
    };
    // The visible rings of a layer as one path in tile pixels (`close` for fills).
    let path_of = |layer: &Layer, close: bool| {
        let mut pb = PathBuilder::new();
        let shown = |g: &&Group| visible(g) && (layer.kind != LayerKind::Regions || big_enough(g));
        for group in layer.groups.iter().filter(shown) {
            for ring in &group.rings {
                add_wrapped(&mut pb, ring, &to_pixel, close, pixels);
            }
        }
        pb.finish()
    };
    if let Some(path) = layer(LayerKind::Land, scale).and_then(|l| path_of(l, true)) {
        pixmap.fill_path(&path, &paint(style.land), FillRule::EvenOdd, Transform::identity(), None);
    }
    // Lakes (1:50m at every zoom from 3: the finer sources have none) in the sea's colour.
    let lakes = basemap.layer(LayerKind::Lakes, Scale::Medium).filter(|_| tile.zoom >= 3);
    if let Some(path) = lakes.and_then(|l| path_of(l, true)) {
        pixmap.fill_path(&path, &paint(style.sea), FillRule::EvenOdd, Transform::identity(), None);
        let stroke = Stroke { width: style.coast_width, ..Stroke::default() };
        pixmap.stroke_path(&path, &paint(style.coast), &stroke, Transform::identity(), None);
    }
    let regions = tile.zoom >= REGIONS_FROM_ZOOM;
    let lines = [
        (LayerKind::Regions, Scale::Large, style.region, style.region_width, false, regions),
        (LayerKind::Coastlines, scale, style.coast, style.coast_width, false, true),
        (LayerKind::Borders, scale, style.border, style.border_width, false, true),
        (LayerKind::Disputed, Scale::Large, style.disputed, style.border_width, true, true),
    ];
    for (kind, layer_scale, rgba, width, dashed, shown) in lines {
        let Some(path) = layer(kind, layer_scale).filter(|_| shown).and_then(|l| path_of(l, false)) else {
            continue;
        };
        let dash = if dashed { StrokeDash::new(vec![5.0, 4.0], 0.0) } else { None };
        let stroke = Stroke { width, dash, ..Stroke::default() };
        pixmap.stroke_path(&path, &paint(rgba), &stroke, Transform::identity(), None);
    }
    pixmap.take()
}

/// Adds a ring or line. One that crosses the antimeridian (a jump of more than 180° between two
/// points) is unwrapped into continuous longitudes and drawn at −360°, 0° and +360°, so that it neither
/// streaks across the world nor loses its far side.
fn add_wrapped(
    pb: &mut PathBuilder,
    ring: &[[f32; 2]],
    to_pixel: &impl Fn(&[f32; 2]) -> (f32, f32),
    close: bool,
    size: f32,
) {
    if !ring.windows(2).any(|w| (w[1][0] - w[0][0]).abs() > 180.0) {
        add_ring(pb, ring.iter().map(to_pixel), close, size);
        return;
    }
    let mut shift = 0.0;
    let mut unwrapped = Vec::with_capacity(ring.len());
    for (k, p) in ring.iter().enumerate() {
        if k > 0 {
            let step = p[0] - ring[k - 1][0];
            if step > 180.0 {
                shift -= 360.0;
            } else if step < -180.0 {
                shift += 360.0;
            }
        }
        unwrapped.push([p[0] + shift, p[1]]);
    }
    for offset in [-360.0, 0.0, 360.0] {
        add_ring(pb, unwrapped.iter().map(|p| to_pixel(&[p[0] + offset, p[1]])), close, size);
    }
}

/// Pixels beyond the tile's edge that still matter (line joins, anti-aliasing).
const CLIP_MARGIN: f32 = 8.0;

/// Adds one ring (`close`, for fills) or line to the path, in tile pixels, keeping only what can show:
/// a ring's points are clamped to the tile plus a margin (exact inside it, and long runs outside
/// collapse into a few points); a line keeps only segments with an end near the tile. Points closer
/// than a third of a pixel to the previous one are skipped.
fn add_ring(pb: &mut PathBuilder, points: impl Iterator<Item = (f32, f32)>, close: bool, size: f32) {
    let (lo, hi) = (-CLIP_MARGIN, size + CLIP_MARGIN);
    let near = |(x, y): (f32, f32)| x >= lo && x <= hi && y >= lo && y <= hi;
    let far_enough = |a: (f32, f32), b: (f32, f32)| (a.0 - b.0).abs() >= 0.3 || (a.1 - b.1).abs() >= 0.3;
    if close {
        let mut last: Option<(f32, f32)> = None;
        let mut count = 0;
        for (x, y) in points {
            let p = (x.clamp(lo, hi), y.clamp(lo, hi));
            match last {
                None => pb.move_to(p.0, p.1),
                Some(l) if !far_enough(l, p) => continue,
                Some(_) => pb.line_to(p.0, p.1),
            }
            last = Some(p);
            count += 1;
        }
        if count > 2 {
            pb.close();
        }
        return;
    }
    let mut previous: Option<(f32, f32)> = None;
    let mut drawn: Option<(f32, f32)> = None;
    for p in points {
        if let Some(prev) = previous {
            if near(prev) || near(p) {
                if drawn.is_none() {
                    pb.move_to(prev.0, prev.1);
                    drawn = Some(prev);
                }
                if drawn.is_some_and(|d| far_enough(d, p)) {
                    pb.line_to(p.0, p.1);
                    drawn = Some(p);
                }
            } else {
                drawn = None;
            }
        }
        previous = Some(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::data;

    const STYLE: TileStyle = TileStyle {
        sea: [10, 20, 200, 255],
        land: [200, 190, 150, 255],
        coast: [0, 0, 0, 255],
        border: [255, 0, 0, 255],
        coast_width: 1.0,
        border_width: 1.5,
        region: [0, 200, 0, 255],
        region_width: 1.0,
        disputed: [255, 0, 255, 255],
    };

    fn pixel_at(zoom: u8, lat: f64, lon: f64) -> [u8; 4] {
        let tile = TileAddress::containing(lat, lon, zoom);
        let rgba = render_tile(data::embedded(), &STYLE, tile, 256);
        let (x, y) = tile.pixel(lat, lon, 256);
        let i = ((y as usize).min(255) * 256 + (x as usize).min(255)) * 4;
        [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
    }

    #[test]
    fn land_on_land_and_sea_at_sea_around_crimea() {
        for zoom in [3, 5, 7] {
            assert_eq!(pixel_at(zoom, 45.2, 34.3), STYLE.land, "Crimea's steppe at zoom {zoom}");
            assert_eq!(pixel_at(zoom, 43.3, 34.0), STYLE.sea, "the open Black Sea at zoom {zoom}");
        }
        assert_eq!(pixel_at(6, 55.75, 37.6), STYLE.land, "Moscow");
        assert_eq!(pixel_at(2, 0.0, -150.0), STYLE.sea, "the Pacific");
        assert_eq!(pixel_at(6, 53.5, 108.0), STYLE.sea, "Lake Baikal");
        assert_eq!(pixel_at(6, 61.0, 31.5), STYLE.sea, "Lake Ladoga");
    }

    #[test]
    fn a_border_where_a_border_is() {
        // The Finnish-Russian border crosses this tile; the mid-Atlantic has none.
        let count_border = |tile: TileAddress| {
            render_tile(data::embedded(), &STYLE, tile, 256)
                .chunks_exact(4)
                .filter(|p| p[0] > 200 && p[1] < 60)
                .count()
        };
        assert!(count_border(TileAddress::containing(63.0, 30.0, 5)) > 50);
        assert_eq!(count_border(TileAddress::containing(30.0, -40.0, 5)), 0);
    }

    #[test]
    fn no_small_ring_around_baikonur_at_country_zooms() {
        // Baikonur (62.8–64.0° E, 45.56–46.39° N) is leased by Russia from Kazakhstan: a lease limit, not a
        // border, and a city region too small to outline at zooms 4 and 5. Its ring read as a marker.
        let lines_inside = |zoom: u8| {
            let tile = TileAddress::containing(46.0, 63.4, zoom);
            let hidden = TileStyle { region: STYLE.land, border: STYLE.land, ..STYLE };
            let shown = render_tile(data::embedded(), &STYLE, tile, 256);
            let plain = render_tile(data::embedded(), &hidden, tile, 256);
            let y = |lat: f32| f64::from(crate::basemap::mercator::ordinate_degrees(lat));
            let (x0, y0) = tile.pixel_from_mercator(62.9, y(46.3), 256);
            let (x1, y1) = tile.pixel_from_mercator(63.9, y(45.65), 256);
            let mut changed = 0;
            for (k, (a, b)) in shown.chunks_exact(4).zip(plain.chunks_exact(4)).enumerate() {
                let (px, py) = ((k % 256) as f32, (k / 256) as f32);
                if a != b && px >= x0 && px <= x1 && py >= y0 && py <= y1 {
                    changed += 1;
                }
            }
            changed
        };
        assert_eq!(lines_inside(4), 0);
        assert_eq!(lines_inside(5), 0);
        // Closer in, the city region is outlined like any other.
        assert!(lines_inside(7) > 0);
    }

    #[test]
    fn region_outlines_from_zoom_4_and_disputed_borders_dashed() {
        // Pixels that change when the region colour changes are region outlines.
        let region_pixels = |tile: TileAddress| {
            let hidden = TileStyle { region: STYLE.land, ..STYLE };
            let shown = render_tile(data::embedded(), &STYLE, tile, 256);
            let plain = render_tile(data::embedded(), &hidden, tile, 256);
            shown.chunks_exact(4).zip(plain.chunks_exact(4)).filter(|(a, b)| a != b).count()
        };
        // The republics of the North Caucasus are outlined at zoom 6, not at zoom 3.
        assert!(region_pixels(TileAddress::containing(43.3, 45.0, 6)) > 500);
        assert_eq!(region_pixels(TileAddress::containing(43.3, 45.0, 3)), 0);
        // Anti-aliased dashes blend with land and sea: count pixels of the dash's hue.
        let magenta = |p: &[u8]| p[0] > 180 && p[1] < 150 && p[2] > 170;
        let count = |tile: TileAddress| {
            render_tile(data::embedded(), &STYLE, tile, 256).chunks_exact(4).filter(|p| magenta(p)).count()
        };
        // Kashmir's line of control is disputed.
        assert!(count(TileAddress::containing(34.5, 75.0, 5)) > 5);
    }

    #[test]
    fn no_streak_where_land_crosses_the_antimeridian() {
        // Chukotka crosses 180°: the open Arctic sea west of Norway stays sea at zoom 1 and 2.
        assert_eq!(pixel_at(1, 75.0, 0.0), STYLE.sea);
        assert_eq!(pixel_at(2, 74.0, -10.0), STYLE.sea);
        // ... and Chukotka's land on both sides of the line is drawn.
        assert_eq!(pixel_at(5, 66.5, 179.0), STYLE.land);
        assert_eq!(pixel_at(5, 65.6, -179.5), STYLE.land);
    }

    #[test]
    fn tile_addresses_round_trip() {
        let tile = TileAddress::containing(55.75, 37.62, 10);
        let [west, south, east, north] = tile.bounds();
        assert!(west <= 37.62 && 37.62 <= east && south <= 55.75 && 55.75 <= north);
        assert_eq!(TileAddress::containing(0.0, 0.0, 0), TileAddress { zoom: 0, x: 0, y: 0 });
        // Stored Mercator ordinates land on the same pixel as latitudes.
        for (lat, lon) in [(55.75f32, 37.62f32), (-33.9, 151.2), (0.0, 0.0), (70.0, -170.0)] {
            let direct = tile.pixel(f64::from(lat), f64::from(lon), 256);
            let stored =
                tile.pixel_from_mercator(f64::from(lon), f64::from(mercator::ordinate_degrees(lat)), 256);
            assert!(
                (direct.0 - stored.0).abs() < 0.01 && (direct.1 - stored.1).abs() < 0.05,
                "{direct:?} {stored:?}"
            );
        }
    }
}
