//! The basemap: the embedded offline world map (Natural Earth land, coastlines and borders, `GeoNames`
//! places), rendered as tiles for walkers, the data behind its labels, and tile files (MBTiles) chosen by
//! the user.

pub mod data;
pub mod embedded;
pub mod mbtiles;
pub mod render;

pub use embedded::EmbeddedTiles;
pub use mbtiles::{MbTiles, TileFileError};
pub use render::{TileAddress, TileStyle, render_tile};
