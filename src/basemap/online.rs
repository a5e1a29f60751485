//! Online XYZ tiles (OpenStreetMap or any URL template), only when the user turns them on: fetched on
//! worker threads, kept in a disk cache, drawn above the embedded basemap, and failures reported.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{Receiver, Sender};
use std::time::Duration;

use egui::{ColorImage, Context, TextureHandle, TextureOptions};
use thiserror::Error;
use walkers::sources::Attribution;
use walkers::{TileId, TilePiece, Tiles};

/// Parallel downloads (tile servers ask for few).
const WORKERS: usize = 2;

/// Where online tiles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineSource {
    /// URL with `{z}`, `{x}` and `{y}`, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub template: String,
    /// The attribution the provider requires.
    pub attribution: String,
}

/// A URL template that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum TemplateError {
    /// Not `http://` or `https://`.
    #[error("the tile URL must start with http:// or https://")]
    Scheme,
    /// A placeholder is missing.
    #[error("the tile URL must contain {{z}}, {{x}} and {{y}}")]
    Placeholders,
}

impl OnlineSource {
    /// OpenStreetMap's standard tiles.
    #[must_use]
    pub fn openstreetmap() -> Self {
        Self {
            template: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            attribution: "© OpenStreetMap contributors".into(),
        }
    }

    /// A source from a template the user typed, checked.
    ///
    /// # Errors
    /// A [`TemplateError`] for a template without a web scheme or placeholders.
    pub fn custom(template: &str, attribution: &str) -> Result<Self, TemplateError> {
        let t = template.trim();
        if !(t.starts_with("https://") || t.starts_with("http://")) {
            return Err(TemplateError::Scheme);
        }
        if !(t.contains("{z}") && t.contains("{x}") && t.contains("{y}")) {
            return Err(TemplateError::Placeholders);
        }
        Ok(Self { template: t.to_owned(), attribution: attribution.trim().to_owned() })
    }

    /// The URL of one tile.
    ///
    /// ```
    /// use incident_atlas::basemap::OnlineSource;
    /// assert_eq!(OnlineSource::openstreetmap().url(3, 4, 2), "https://tile.openstreetmap.org/3/4/2.png");
    /// ```
    #[must_use]
    pub fn url(&self, zoom: u8, x: u32, y: u32) -> String {
        self.template
            .replace("{z}", &zoom.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string())
    }

    /// The host, for the indicator ("tile.openstreetmap.org").
    #[must_use]
    pub fn host(&self) -> &str {
        let rest = self.template.split("://").nth(1).unwrap_or(&self.template);
        rest.split('/').next().unwrap_or(rest)
    }
}

/// What choosing an online source from a menu turns on: `wanted`, unless it is already on, in which case
/// the choice turns online tiles off (`None`).
///
/// ```
/// use incident_atlas::basemap::online::{OnlineSource, toggled};
/// let osm = OnlineSource::openstreetmap();
/// assert_eq!(toggled(None, osm.clone()), Some(osm.clone()));
/// assert_eq!(toggled(Some(&osm), osm.clone()), None);
/// let other = OnlineSource::custom("https://tiles.example.org/{z}/{x}/{y}.png", "Example").unwrap();
/// assert_eq!(toggled(Some(&other), osm.clone()), Some(osm));
/// ```
#[must_use]
pub fn toggled(current: Option<&OnlineSource>, wanted: OnlineSource) -> Option<OnlineSource> {
    (current != Some(&wanted)).then_some(wanted)
}

/// How the online source is doing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OnlineStatus {
    /// Tiles received.
    pub loaded: usize,
    /// Tiles that failed.
    pub failed: usize,
    /// The last failure, in words.
    pub last_error: Option<String>,
}

type Key = (u8, u32, u32);
type Outcome = (Key, Result<ColorImage, String>);

/// Online tiles, fetched off the UI thread.
pub struct OnlineTiles {
    source: OnlineSource,
    attribution: &'static str,
    ctx: Context,
    cache: HashMap<Key, TextureHandle>,
    failed: HashSet<Key>,
    pending: HashSet<Key>,
    requests: Sender<Key>,
    results: Receiver<Outcome>,
    status: OnlineStatus,
}

impl OnlineTiles {
    /// Starts fetching from `source`; tiles are kept under `cache_dir` when given.
    #[must_use]
    pub fn new(ctx: &Context, source: OnlineSource, cache_dir: Option<&std::path::Path>) -> Self {
        let client = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(15))
            .user_agent(concat!("incident-atlas/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot start an HTTP client: {e}"));
        let (worker_source, cache_dir) = (source.clone(), cache_dir.map(std::path::Path::to_path_buf));
        let (requests, results) = super::worker_pool(WORKERS, ctx, move |key: Key| -> Outcome {
            let outcome = match &client {
                Ok(client) => fetch(client, &worker_source, cache_dir.as_deref(), key),
                Err(e) => Err(e.clone()),
            };
            (key, outcome)
        });
        let attribution: &'static str = Box::leak(source.attribution.clone().into_boxed_str());
        Self {
            source,
            attribution,
            ctx: ctx.clone(),
            cache: HashMap::new(),
            failed: HashSet::new(),
            pending: HashSet::new(),
            requests,
            results,
            status: OnlineStatus::default(),
        }
    }

    /// The source.
    #[must_use]
    pub fn source(&self) -> &OnlineSource {
        &self.source
    }

    /// Loaded and failed counts and the last error.
    #[must_use]
    pub fn status(&self) -> &OnlineStatus {
        &self.status
    }

    /// Takes in what the workers finished.
    pub fn collect(&mut self) {
        while let Ok((key, outcome)) = self.results.try_recv() {
            self.pending.remove(&key);
            match outcome {
                Ok(image) => {
                    let name = format!("online-{}-{}-{}", key.0, key.1, key.2);
                    self.cache.insert(key, self.ctx.load_texture(name, image, TextureOptions::LINEAR));
                    self.status.loaded += 1;
                }
                Err(e) => {
                    self.failed.insert(key);
                    self.status.failed += 1;
                    self.status.last_error = Some(e);
                }
            }
        }
    }
}

fn fetch(
    client: &reqwest::blocking::Client,
    source: &OnlineSource,
    cache_dir: Option<&std::path::Path>,
    (zoom, x, y): Key,
) -> Result<ColorImage, String> {
    let cached = cache_dir.map(|d| d.join(zoom.to_string()).join(x.to_string()).join(format!("{y}.tile")));
    let bytes = if let Some(bytes) = cached.as_ref().and_then(|p| std::fs::read(p).ok()) {
        bytes
    } else {
        let url = source.url(zoom, x, y);
        let response = client.get(&url).send().map_err(|e| format!("{}: {e}", source.host()))?;
        if !response.status().is_success() {
            return Err(format!("{} answered {} for tile {zoom}/{x}/{y}", source.host(), response.status()));
        }
        let bytes = response.bytes().map_err(|e| format!("{}: {e}", source.host()))?.to_vec();
        if let Some(path) = &cached {
            // A failed cache write only costs a download next time.
            let _ = path.parent().map(std::fs::create_dir_all);
            let _ = crate::sys::write_atomically(path, |out| out.write_all(&bytes));
        }
        bytes
    };
    let image =
        image::load_from_memory(&bytes).map_err(|e| format!("tile {zoom}/{x}/{y} is not an image: {e}"))?;
    let rgba = image.to_rgba8();
    Ok(ColorImage::from_rgba_unmultiplied([rgba.width() as usize, rgba.height() as usize], rgba.as_raw()))
}

impl Tiles for OnlineTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.collect();
        let (zoom, x, y) = (tile_id.zoom, tile_id.x, tile_id.y);
        let key = (zoom, x, y);
        if !self.cache.contains_key(&key)
            && !self.failed.contains(&key)
            && self.pending.insert(key)
            && self.requests.send(key).is_err()
        {
            self.pending.remove(&key);
        }
        // The tile, or its nearest loaded ancestor scaled up; nothing (the embedded basemap shows).
        super::piece_from_ancestors(key, 0..=zoom, |k| self.cache.get(&k).cloned())
    }

    fn attribution(&self) -> Attribution {
        Attribution { text: self.attribution, url: "", logo_light: None, logo_dark: None }
    }

    fn tile_size(&self) -> u32 {
        256
    }

    fn stats(&self) -> walkers::Stats {
        walkers::Stats { in_progress: self.pending.len() }
    }
}

#[cfg(test)]
mod tests;
