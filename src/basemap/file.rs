//! Tile files the user chooses as the basemap: MBTiles or PMTiles, by extension.

use std::path::Path;

use egui::Context;
use walkers::sources::Attribution;
use walkers::{PmTiles, TileId, TilePiece, Tiles};

use super::mbtiles::{MbTiles, TileFileError};

/// An opened tile file.
pub enum TileFile {
    /// An MBTiles (SQLite) file.
    MbTiles(Box<MbTiles>),
    /// A PMTiles (version 3) archive, read by walkers; the attribution names the file.
    PmTiles(Box<PmTiles>, &'static str),
}

impl TileFile {
    /// Opens `.mbtiles` or `.pmtiles`; checks what can be checked before the first tile is drawn.
    ///
    /// # Errors
    /// A [`TileFileError`] for an unknown extension, an unreadable file or a wrong header.
    pub fn open(path: &Path, ctx: &Context) -> Result<TileFile, TileFileError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("mbtiles") => MbTiles::open(path, ctx).map(|t| TileFile::MbTiles(Box::new(t))),
            Some("pmtiles") => {
                let mut header = [0u8; 8];
                let read = std::fs::File::open(path)
                    .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
                    .map_err(|e| TileFileError::Empty { path: path.to_owned(), what: io_what(&e) });
                read?;
                if &header[..7] != b"PMTiles" || header[7] != 3 {
                    return Err(TileFileError::Empty {
                        path: path.to_owned(),
                        what: "not a PMTiles version 3 archive",
                    });
                }
                let name = path
                    .file_name()
                    .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                let attribution = super::lasting_attribution(&format!("Tiles: {name}"));
                Ok(TileFile::PmTiles(Box::new(PmTiles::new(path, ctx.clone())), attribution))
            }
            _ => Err(TileFileError::Empty {
                path: path.to_owned(),
                what: "unknown tile file (expected .mbtiles or .pmtiles)",
            }),
        }
    }
}

fn io_what(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file",
        std::io::ErrorKind::PermissionDenied => "permission denied",
        std::io::ErrorKind::UnexpectedEof => "too short to be a PMTiles archive",
        _ => "cannot be read",
    }
}

impl Tiles for TileFile {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        match self {
            TileFile::MbTiles(t) => t.at(tile_id),
            TileFile::PmTiles(t, _) => t.at(tile_id),
        }
    }

    fn attribution(&self) -> Attribution {
        match self {
            TileFile::MbTiles(t) => t.attribution(),
            TileFile::PmTiles(_, text) => Attribution { text, url: "", logo_light: None, logo_dark: None },
        }
    }

    fn tile_size(&self) -> u32 {
        match self {
            TileFile::MbTiles(t) => t.tile_size(),
            TileFile::PmTiles(t, _) => t.tile_size(),
        }
    }

    fn stats(&self) -> walkers::Stats {
        match self {
            TileFile::MbTiles(t) => t.stats(),
            TileFile::PmTiles(t, _) => t.stats(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn red_png() -> Vec<u8> {
        let mut png = Vec::new();
        image::RgbaImage::from_pixel(256, 256, image::Rgba([220, 20, 30, 255]))
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("png");
        png
    }

    #[test]
    fn a_pmtiles_file_opens_and_shows_its_tiles() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("test.pmtiles");
        let file = std::fs::File::create(&path).expect("create");
        let mut writer =
            pmtiles::PmTilesWriter::new(pmtiles::TileType::Png).max_zoom(0).create(file).expect("writer");
        writer.add_tile(pmtiles::TileCoord::new(0, 0, 0).expect("coord"), &red_png()).expect("tile");
        writer.finalize().expect("finalize");

        let ctx = Context::default();
        let mut tiles = TileFile::open(&path, &ctx).expect("opens");
        assert_eq!(tiles.attribution().text, "Tiles: test.pmtiles");
        // PMTiles load asynchronously: ask until the tile is in.
        let mut piece = None;
        for _ in 0..500 {
            piece = tiles.at(TileId { x: 0, y: 0, zoom: 0 });
            if piece.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(piece.is_some(), "the tile arrived");
    }

    #[test]
    fn wrong_files_are_refused_with_the_reason() {
        let dir = tempfile::tempdir().expect("dir");
        let ctx = Context::default();
        let fake = dir.path().join("fake.pmtiles");
        std::fs::write(&fake, b"GIF89a..........").expect("write");
        let err = TileFile::open(&fake, &ctx).err().expect("refused").to_string();
        assert!(err.contains("fake.pmtiles: not a PMTiles version 3 archive"), "{err}");
        let other = dir.path().join("map.png");
        assert!(
            TileFile::open(&other, &ctx).err().expect("refused").to_string().contains("unknown tile file")
        );
        let missing = dir.path().join("missing.pmtiles");
        assert!(TileFile::open(&missing, &ctx).err().expect("refused").to_string().contains("no such file"));
    }
}
