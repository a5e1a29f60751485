//! MBTiles files (SQLite, TMS row order) of raster tiles (PNG, JPEG or WebP) as a basemap.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use egui::{ColorImage, Context, TextureHandle, TextureOptions};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use thiserror::Error;
use walkers::sources::Attribution;
use walkers::{TileId, TilePiece, Tiles};

/// A tile file that cannot be used.
#[derive(Debug, Error)]
pub enum TileFileError {
    /// SQLite could not open or read it.
    #[error("{}: not a readable MBTiles file: {source}", path.display())]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: rusqlite::Error,
    },
    /// It has no `tiles` table or no tiles.
    #[error("{}: {what}", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
        /// What is missing.
        what: &'static str,
    },
    /// A tile's bytes are not an image.
    #[error("{}: tile {zoom}/{x}/{y} is not a PNG, JPEG or WebP image: {reason}", path.display())]
    BadTile {
        /// The file.
        path: PathBuf,
        /// Zoom.
        zoom: u8,
        /// Column.
        x: u32,
        /// Row (XYZ numbering).
        y: u32,
        /// Why.
        reason: String,
    },
}

type Key = (u8, u32, u32);

/// The deepest zoom a tile is read at: deeper rows are more than an `i64` of rows (and than any map).
const MAX_ZOOM: u8 = 30;

/// The number of tile rows (and columns) at `zoom` (at most [`MAX_ZOOM`]).
fn rows_at(zoom: u8) -> i64 {
    1i64 << zoom.min(MAX_ZOOM)
}

/// An MBTiles file opened read-only.
pub struct MbTiles {
    path: PathBuf,
    connection: Mutex<Connection>,
    ctx: Context,
    cache: HashMap<Key, Option<TextureHandle>>,
    tile_size: u32,
    max_zoom: u8,
    attribution: &'static str,
    /// Problems with single tiles, for the app to show once.
    pub problems: Vec<String>,
}

impl MbTiles {
    /// Opens a file; checks that it holds tiles and reads its metadata (attribution, zoom range).
    ///
    /// # Errors
    /// A [`TileFileError`] naming the file and what is wrong.
    pub fn open(path: &Path, ctx: &Context) -> Result<MbTiles, TileFileError> {
        let sqlite = |source| TileFileError::Sqlite { path: path.to_owned(), source };
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        let has_tiles: i64 = connection
            .query_row("SELECT count(*) FROM sqlite_master WHERE name = 'tiles'", [], |r| r.get(0))
            .map_err(sqlite)?;
        if has_tiles == 0 {
            return Err(TileFileError::Empty {
                path: path.to_owned(),
                what: "no 'tiles' table: not an MBTiles file",
            });
        }
        let max_zoom: Option<i64> =
            connection.query_row("SELECT max(zoom_level) FROM tiles", [], |r| r.get(0)).map_err(sqlite)?;
        let Some(max_zoom) = max_zoom else {
            return Err(TileFileError::Empty { path: path.to_owned(), what: "the file holds no tiles" });
        };
        let metadata = |name: &str| -> Option<String> {
            connection
                .query_row("SELECT value FROM metadata WHERE name = ?1", [name], |r| r.get(0))
                .optional()
                .ok()
                .flatten()
        };
        let name = metadata("name").unwrap_or_else(|| {
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
        });
        let attribution = metadata("attribution").unwrap_or_else(|| format!("Tiles: {name}"));
        // walkers wants a 'static attribution: kept once per distinct (short) text.
        let attribution = super::lasting_attribution(&attribution);
        let mut tiles = MbTiles {
            path: path.to_owned(),
            connection: Mutex::new(connection),
            ctx: ctx.clone(),
            cache: HashMap::new(),
            tile_size: 256,
            max_zoom: u8::try_from(max_zoom.clamp(0, 24)).unwrap_or(0),
            attribution,
            problems: Vec::new(),
        };
        // The first tile tells the tile size (256 or 512).
        if let Some(first) = tiles.first_tile()? {
            tiles.tile_size = u32::try_from(first.size[0]).unwrap_or(256).max(1);
        }
        Ok(tiles)
    }

    fn first_tile(&self) -> Result<Option<ColorImage>, TileFileError> {
        let row: Option<(i64, i64, i64)> = self
            .lock()
            .query_row("SELECT zoom_level, tile_column, tile_row FROM tiles LIMIT 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
            .map_err(|source| TileFileError::Sqlite { path: self.path.clone(), source })?;
        let Some((z, x, tms_y)) = row else { return Ok(None) };
        // A zoom or row no tile pyramid has (the file's numbers are anyone's) means no first tile.
        let Some(zoom) = u8::try_from(z).ok().filter(|z| *z <= MAX_ZOOM) else { return Ok(None) };
        let Some(y) = rows_at(zoom).checked_sub(1).and_then(|last| last.checked_sub(tms_y)) else {
            return Ok(None);
        };
        let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y)) else { return Ok(None) };
        self.read(zoom, x, y)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The decoded image of tile `zoom/x/y` (XYZ numbering), if the file has it.
    ///
    /// # Errors
    /// A [`TileFileError`] when the file cannot be read or the tile is not an image.
    pub fn read(&self, zoom: u8, x: u32, y: u32) -> Result<Option<ColorImage>, TileFileError> {
        if zoom > MAX_ZOOM {
            return Ok(None);
        }
        let tms_row = rows_at(zoom) - 1 - i64::from(y);
        let bytes: Option<Vec<u8>> = self
            .lock()
            .query_row(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                (i64::from(zoom), i64::from(x), tms_row),
                |r| r.get(0),
            )
            .optional()
            .map_err(|source| TileFileError::Sqlite { path: self.path.clone(), source })?;
        let Some(bytes) = bytes else { return Ok(None) };
        let image = image::load_from_memory(&bytes).map_err(|e| TileFileError::BadTile {
            path: self.path.clone(),
            zoom,
            x,
            y,
            reason: e.to_string(),
        })?;
        let rgba = image.to_rgba8();
        let size = [rgba.width() as usize, rgba.height() as usize];
        Ok(Some(ColorImage::from_rgba_unmultiplied(size, rgba.as_raw())))
    }

    fn texture(&mut self, key: Key) -> Option<TextureHandle> {
        if let Some(cached) = self.cache.get(&key) {
            return cached.clone();
        }
        let texture = match self.read(key.0, key.1, key.2) {
            Ok(Some(image)) => {
                let name = format!("mbtiles-{}-{}-{}", key.0, key.1, key.2);
                Some(self.ctx.load_texture(name, image, TextureOptions::LINEAR))
            }
            Ok(None) => None,
            Err(e) => {
                self.problems.push(e.to_string());
                None
            }
        };
        self.cache.insert(key, texture.clone());
        texture
    }
}

impl Tiles for MbTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        // Beyond the file's deepest zoom, or where the file has a gap, the nearest ancestor is scaled up.
        let (zoom, x, y) = (tile_id.zoom, tile_id.x, tile_id.y);
        super::piece_from_ancestors((zoom, x, y), zoom.saturating_sub(self.max_zoom)..=zoom, |k| {
            self.texture(k)
        })
    }

    fn attribution(&self) -> Attribution {
        Attribution { text: self.attribution, url: "", logo_light: None, logo_dark: None }
    }

    fn tile_size(&self) -> u32 {
        self.tile_size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes an MBTiles file with one red 256-px PNG tile at 0/0/0 and a damaged one at 1/0/0.
    pub(crate) fn write_test_file(path: &Path) {
        let connection = Connection::open(path).expect("create");
        connection
            .execute_batch(
                "CREATE TABLE metadata (name TEXT, value TEXT);
                 CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
                 INSERT INTO metadata VALUES ('name', 'Test tiles'), ('attribution', '© Test tiles');",
            )
            .expect("schema");
        let red = image::RgbaImage::from_pixel(256, 256, image::Rgba([220, 20, 30, 255]));
        let mut png = Vec::new();
        red.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("png");
        connection.execute("INSERT INTO tiles VALUES (0, 0, 0, ?1)", [&png]).expect("tile");
        // TMS row 1 at zoom 1 is XYZ row 0.
        connection.execute("INSERT INTO tiles VALUES (1, 0, 1, x'00010203')", []).expect("bad tile");
    }

    #[test]
    fn an_mbtiles_file_opens_and_shows_its_tiles() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("test.mbtiles");
        write_test_file(&path);
        let ctx = Context::default();
        let mut tiles = MbTiles::open(&path, &ctx).expect("opens");
        assert_eq!(tiles.tile_size(), 256);
        assert_eq!(tiles.attribution().text, "© Test tiles");
        let image = tiles.read(0, 0, 0).expect("reads").expect("has the tile");
        assert_eq!(image.pixels[128 * 256 + 128], egui::Color32::from_rgb(220, 20, 30));
        assert!(tiles.at(TileId { x: 0, y: 0, zoom: 0 }).is_some());
        // Zoom 3 has no tiles of its own: the zoom-0 tile stands in, scaled.
        let piece = tiles.at(TileId { x: 5, y: 2, zoom: 3 }).expect("stand-in");
        assert!((piece.uv.width() - 0.125).abs() < 1e-6);
        // A damaged tile is reported, not a panic.
        assert!(tiles.read(1, 0, 0).is_err());
        let piece = tiles.at(TileId { x: 0, y: 0, zoom: 1 }).expect("its parent stands in");
        assert!((piece.uv.width() - 0.5).abs() < 1e-6);
        assert_eq!(tiles.problems.len(), 1);
    }

    #[test]
    fn an_attribution_is_kept_once_and_cut_short() {
        // Found by fuzzing: each opened file kept its attribution for good; a file's metadata may be long.
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("long.mbtiles");
        write_test_file(&path);
        let long = "© ".to_owned() + &"x".repeat(10_000);
        Connection::open(&path)
            .expect("db")
            .execute("UPDATE metadata SET value = ?1 WHERE name = 'attribution'", [&long])
            .expect("update");
        let ctx = Context::default();
        let first = MbTiles::open(&path, &ctx).expect("opens").attribution;
        let again = MbTiles::open(&path, &ctx).expect("opens").attribution;
        assert!(std::ptr::eq(first, again), "the same text is kept once");
        assert!(first.chars().count() <= 201, "{} characters", first.chars().count());
    }

    #[test]
    fn tile_numbers_no_pyramid_has_do_not_panic() {
        // Found by fuzzing: a first tile at zoom 70 shifted a 64-bit row count past its width.
        let dir = tempfile::tempdir().expect("dir");
        let ctx = Context::default();
        for (zoom, row) in [(70, 0), (5, i64::MIN), (5, i64::MAX), (-1, 0), (3, 9)] {
            let path = dir.path().join(format!("z{zoom}-{row}.mbtiles"));
            let connection = Connection::open(&path).expect("db");
            connection
                .execute_batch(
                    "CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);",
                )
                .expect("schema");
            connection.execute("INSERT INTO tiles VALUES (?1, 0, ?2, x'00')", (zoom, row)).expect("tile");
            drop(connection);
            let tiles = MbTiles::open(&path, &ctx).expect("opens: the odd tile is never read");
            assert_eq!(tiles.tile_size(), 256);
            assert!(tiles.read(200, 0, 0).expect("no such zoom").is_none());
        }
    }

    #[test]
    fn files_that_are_not_mbtiles_are_refused_clearly() {
        let dir = tempfile::tempdir().expect("dir");
        let ctx = Context::default();
        let text = dir.path().join("notes.mbtiles");
        std::fs::write(&text, "hello").expect("write");
        assert!(MbTiles::open(&text, &ctx).err().expect("refused").to_string().contains("notes.mbtiles"));
        let empty = dir.path().join("empty.mbtiles");
        Connection::open(&empty).expect("db").execute_batch("CREATE TABLE t (a);").expect("table");
        assert!(MbTiles::open(&empty, &ctx).err().expect("refused").to_string().contains("no 'tiles' table"));
    }
}
