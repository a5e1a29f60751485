//! The basemap: the embedded offline world map (Natural Earth land, coastlines and borders, `GeoNames`
//! places), rendered as tiles for walkers, the data behind its labels, and tile files (MBTiles) chosen by
//! the user (MBTiles, PMTiles) or fetched online when asked.

pub mod data;
pub mod embedded;
pub mod file;
pub mod mbtiles;
pub mod mercator;
pub mod online;
pub mod render;

pub use embedded::EmbeddedTiles;
pub use file::TileFile;
pub use mbtiles::{MbTiles, TileFileError};
pub use online::{OnlineSource, OnlineStatus, OnlineTiles};
pub use render::{TileAddress, TileStyle, render_tile};

/// A tile key: zoom, column, row (XYZ numbering).
pub(crate) type TileKey = (u8, u32, u32);

/// The tile `(zoom, x, y)`, or the nearest of its ancestors (`ups` levels up) that `texture_of` has,
/// cut to the part that covers the tile: a coarser tile stands in until the right one is ready.
pub(crate) fn piece_from_ancestors(
    (zoom, x, y): TileKey,
    ups: std::ops::RangeInclusive<u8>,
    mut texture_of: impl FnMut(TileKey) -> Option<egui::TextureHandle>,
) -> Option<walkers::TilePiece> {
    ups.take_while(|&up| up <= zoom).find_map(|up| {
        let parent = (zoom - up, x >> up, y >> up);
        let texture = texture_of(parent)?;
        let size = 1.0 / (1u32 << up) as f32;
        let (u, v) = ((x - (parent.1 << up)) as f32 * size, (y - (parent.2 << up)) as f32 * size);
        let uv = egui::Rect::from_min_size(egui::pos2(u, v), egui::vec2(size, size));
        Some(walkers::TilePiece::new(walkers::Tile::Raster(texture), uv))
    })
}

/// Runs `work` on `count` threads that share one queue of jobs: each result goes to the returned
/// receiver and wakes `ctx` for a repaint. The threads end when the job sender or result receiver is
/// dropped.
pub(crate) fn worker_pool<J, R>(
    count: usize,
    ctx: &egui::Context,
    work: impl Fn(J) -> R + Send + Sync + 'static,
) -> (std::sync::mpsc::Sender<J>, std::sync::mpsc::Receiver<R>)
where
    J: Send + 'static,
    R: Send + 'static,
{
    use std::sync::{Arc, Mutex, mpsc::channel};
    let (requests, jobs) = channel::<J>();
    let (done, results) = channel::<R>();
    let jobs = Arc::new(Mutex::new(jobs));
    let work = Arc::new(work);
    for k in 0..count {
        let (jobs, done, work, ctx) = (Arc::clone(&jobs), done.clone(), Arc::clone(&work), ctx.clone());
        crate::sys::threads::spawn(&format!("tiles-{k}"), move || {
            loop {
                let job = match jobs.lock() {
                    Ok(receiver) => receiver.recv(),
                    Err(_) => return,
                };
                let Ok(job) = job else { return };
                if done.send(work(job)).is_err() {
                    return;
                }
                ctx.request_repaint();
            }
        });
    }
    (requests, results)
}

/// The most characters of a tile file's attribution that are shown (a file's metadata is anyone's).
const ATTRIBUTION_CHARS: usize = 200;

/// A tile file's attribution as the `'static` text walkers asks for: cut to [`ATTRIBUTION_CHARS`] and kept
/// once per distinct text, so that opening files again and again does not keep more.
pub(crate) fn lasting_attribution(text: &str) -> &'static str {
    static KEPT: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let cut = crate::sys::terminal::excerpt(text, ATTRIBUTION_CHARS);
    let mut kept = KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(same) = kept.iter().find(|k| **k == cut) {
        return same;
    }
    let text: &'static str = Box::leak(cut.into_boxed_str());
    kept.push(text);
    text
}
