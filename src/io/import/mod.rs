//! The import machinery that the readers of other tools' files share: what an import is asked and what
//! it produced (`imported`), tables read as streams ([`table`]) within caps ([`bounded`]), column roles ([`roles`]) and the field
//! mapping ([`mapping`]), value parsing ([`dates`], [`values`]), foreign records mapped to incidents ([`foreign`]) and lists
//! shared between records ([`shared`]). The formats themselves live in [`crate::io::formats`].

pub mod bounded;
pub mod dates;
pub mod foreign;
mod imported;
pub mod mapping;
pub mod roles;
pub mod shared;
pub mod table;
pub mod values;

pub use imported::{
    ImportFormat, ImportOptions, ImportProgress, Imported, OUR_OWN_CSV, OUR_OWN_FLATGEOBUF, OUR_OWN_GEOJSON,
    OUR_OWN_GEOPACKAGE, OUR_OWN_GEOPARQUET, OUR_OWN_KML, Preview, usable,
};
