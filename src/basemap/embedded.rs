//! The embedded basemap as a walkers tile source: tiles render on worker threads and are cached as
//! textures; until a tile is ready, the nearest rendered ancestor stands in for it.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::mpsc::{Receiver, Sender};

use egui::{ColorImage, Context, TextureHandle, TextureOptions};
use walkers::sources::Attribution;
use walkers::{TileId, TilePiece, Tiles};

use super::data;
use super::render::{TileAddress, TileStyle, render_tile};

/// Tile edge in pixels.
pub const TILE_SIZE: u32 = 256;
/// Rendered tiles kept as textures.
const CACHE_TILES: usize = 768;
/// Worker threads rendering tiles.
const WORKERS: usize = 2;

type Key = (u8, u32, u32);
/// A tile to render: where, for which style generation, in which style, at how many pixels a side.
type Job = (Key, u64, TileStyle, u32);

struct Rendered {
    key: Key,
    generation: u64,
    image: ColorImage,
}

/// The embedded Natural Earth basemap, rendered off the UI thread.
pub struct EmbeddedTiles {
    ctx: Context,
    style: TileStyle,
    density: u32,
    generation: u64,
    cache: HashMap<Key, TextureHandle>,
    order: VecDeque<Key>,
    pending: HashSet<Key>,
    requests: Sender<Job>,
    results: Receiver<Rendered>,
}

impl EmbeddedTiles {
    /// A tile source drawing in `style`; `ctx` receives the textures and is woken when tiles are ready.
    #[must_use]
    pub fn new(ctx: &Context, style: TileStyle) -> Self {
        // Parse the data and simplify the 1:10m layers now, off the UI thread, so that the first tiles
        // rarely wait for them (a tile that needs them before they are ready waits: the result is the same).
        crate::sys::threads::spawn("basemap-simplify", || {
            let _ = data::embedded().simplified_layer(data::LayerKind::Land);
        });
        let (requests, results) =
            super::worker_pool(WORKERS, ctx, |(key, generation, style, pixels): Job| {
                let (zoom, x, y) = key;
                let rgba = render_tile(data::embedded(), &style, TileAddress { zoom, x, y }, pixels);
                let side = pixels as usize;
                Rendered { key, generation, image: ColorImage::from_rgba_premultiplied([side, side], &rgba) }
            });
        Self {
            ctx: ctx.clone(),
            style,
            density: 1,
            generation: 0,
            cache: HashMap::new(),
            order: VecDeque::new(),
            pending: HashSet::new(),
            requests,
            results,
        }
    }

    /// Switches the style (e.g. with the app theme); cached tiles are dropped.
    pub fn set_style(&mut self, style: TileStyle) {
        if style != self.style {
            self.style = style;
            self.drop_tiles();
        }
    }

    /// Renders tiles with `density` pixels per point (2 on a high-density screen or a picture exported at
    /// twice the size), so that they stay crisp; cached tiles are dropped when it changes.
    pub fn set_density(&mut self, density: u32) {
        let density = density.clamp(1, 4);
        if density != self.density {
            self.density = density;
            self.drop_tiles();
        }
    }

    /// The current style.
    #[must_use]
    pub fn style(&self) -> TileStyle {
        self.style
    }

    /// Forgets every tile, and any still rendering, after the look changed.
    fn drop_tiles(&mut self) {
        self.generation += 1;
        self.cache.clear();
        self.order.clear();
        self.pending.clear();
    }

    /// The style with line widths scaled to the tile density.
    fn scaled_style(&self) -> TileStyle {
        let k = self.density as f32;
        TileStyle {
            coast_width: self.style.coast_width * k,
            border_width: self.style.border_width * k,
            region_width: self.style.region_width * k,
            ..self.style
        }
    }

    fn collect(&mut self) {
        while let Ok(rendered) = self.results.try_recv() {
            if rendered.generation != self.generation {
                continue;
            }
            self.pending.remove(&rendered.key);
            let (z, x, y) = rendered.key;
            let texture =
                self.ctx.load_texture(format!("basemap-{z}-{x}-{y}"), rendered.image, TextureOptions::LINEAR);
            self.cache.insert(rendered.key, texture);
            self.order.push_back(rendered.key);
            while self.order.len() > CACHE_TILES {
                if let Some(old) = self.order.pop_front() {
                    self.cache.remove(&old);
                }
            }
        }
    }
}

impl Tiles for EmbeddedTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.collect();
        let key = (tile_id.zoom, tile_id.x, tile_id.y);
        if !self.cache.contains_key(&key)
            && self.pending.insert(key)
            && self
                .requests
                .send((key, self.generation, self.scaled_style(), TILE_SIZE * self.density))
                .is_err()
        {
            self.pending.remove(&key);
        }
        super::piece_from_ancestors(key, 0..=key.0, |k| self.cache.get(&k).cloned())
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "Made with Natural Earth · places: GeoNames (CC BY 4.0)",
            url: "https://www.naturalearthdata.com",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        TILE_SIZE
    }

    fn stats(&self) -> walkers::Stats {
        walkers::Stats { in_progress: self.pending.len() }
    }
}
