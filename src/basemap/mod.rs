//! The basemap: the embedded offline world map (Natural Earth land, coastlines and borders, `GeoNames`
//! places), rendered as tiles for walkers, and the data behind its labels.

pub mod data;
pub mod embedded;
pub mod render;

pub use embedded::EmbeddedTiles;
pub use render::{TileAddress, TileStyle, render_tile};
