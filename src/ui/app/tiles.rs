//! The map's tile sources: the embedded basemap always, a tile file or online tiles above it when the
//! user (or a scene) asks. Online tiles are never turned on without the user.

use std::path::PathBuf;

use super::AtlasApp;
use crate::basemap::{OnlineSource, OnlineStatus, OnlineTiles, TileFile};
use crate::state::{BasemapChoice, Command};

impl AtlasApp {
    /// The tile source on screen, as a scene records it.
    pub(super) fn basemap_choice(&self) -> BasemapChoice {
        if let Some(path) = &self.tile_file_path {
            BasemapChoice::TileFile { path: path.display().to_string() }
        } else if let Some(online) = self.map.online() {
            BasemapChoice::Online {
                url: online.source().template.clone(),
                attribution: online.source().attribution.clone(),
            }
        } else {
            BasemapChoice::Embedded
        }
    }

    /// Turns online tiles on from a source (cached on disk), or off with `None`. Off by default.
    pub fn use_online_tiles(&mut self, ctx: &egui::Context, source: Option<OnlineSource>) {
        let online = source.map(|s| {
            let cache = tile_cache_dir(s.host());
            OnlineTiles::new(ctx, s, cache.as_deref())
        });
        if online.is_some() {
            self.tile_file_path = None;
        }
        self.map.set_online(online);
    }

    /// Whether online tiles are on, and how they are doing.
    #[must_use]
    pub fn online_status(&self) -> Option<OnlineStatus> {
        self.map.online().map(|o| o.status().clone())
    }

    /// Shows an MBTiles or PMTiles file above the embedded basemap, or removes it with `None`. A file that cannot
    /// be used is reported in the problems panel and the map stays as it was.
    pub fn use_tile_file(&mut self, ctx: &egui::Context, path: Option<PathBuf>) {
        match path.as_ref().map(|p| TileFile::open(p, ctx)) {
            None => {
                self.map.set_file_tiles(None);
                self.tile_file_path = None;
            }
            Some(Ok(tiles)) => {
                self.map.set_file_tiles(Some(tiles));
                self.tile_file_path = path;
            }
            Some(Err(e)) => self.commands.push(Command::ReportLoadProblems(vec![e.to_string()])),
        }
    }

    /// The attribution of the tile file on the map, if one is shown.
    #[must_use]
    pub fn tile_file_attribution(&self) -> Option<&'static str> {
        self.map.file_tiles_attribution()
    }

    /// Basemap tiles still being rendered; pictures wait for 0.
    #[must_use]
    pub fn tiles_in_progress(&self) -> usize {
        self.map.tiles_in_progress()
    }

    /// Switches tile sources as a scene asks. Online tiles are never turned on by a scene: the user is told.
    pub(super) fn use_basemap(&mut self, ctx: &egui::Context, choice: BasemapChoice) {
        match choice {
            BasemapChoice::Embedded => {
                if self.tile_file_path.is_some() || self.map.online().is_some() {
                    self.use_tile_file(ctx, None);
                    self.use_online_tiles(ctx, None);
                }
            }
            BasemapChoice::TileFile { path } => {
                let path = PathBuf::from(path);
                if self.tile_file_path.as_ref() != Some(&path) {
                    self.use_tile_file(ctx, Some(path));
                }
            }
            BasemapChoice::Online { url, attribution } => {
                let on = self.map.online().is_some_and(|o| o.source().template == url);
                if !on {
                    let host = OnlineSource { template: url, attribution }.host().to_owned();
                    self.show_toast(
                        ctx,
                        format!("This scene was made with online tiles from {host}; turn them on in View to see them."),
                    );
                }
            }
        }
    }
}

/// Where online tiles from a host are kept: `$XDG_CACHE_HOME/incident-atlas/tiles/HOST` (or under
/// `~/.cache`); `None` when neither is set.
fn tile_cache_dir(host: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let safe: String =
        host.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '_' }).collect();
    Some(base.join("incident-atlas").join("tiles").join(safe))
}
