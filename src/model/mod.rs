//! The incident types: dates, places and the incident record, and their text forms. No UI and no I/O.

mod date;
mod draft;
mod incident;
mod location;
mod number;
mod palette;
mod properties;
mod tags;

pub use date::{
    DateError, DatePoint, DatePrecision, EdtfDate, Endpoint, MONTHS, Qualifiers, TimeInterval,
    UNBOUNDED_FUTURE, UNBOUNDED_PAST, UnixSeconds, utc_datetime, utc_text,
};
pub use draft::{DRAFT_FIELDS, DRAFT_PROPERTY, draft_of, set_draft};
pub use incident::{Incident, MAX_URL_CHARS, Source};
pub use location::{Geometry, LocationPrecision, Position, UnknownPrecision};
pub use number::group_thousands;
pub use palette::{CATEGORY_PALETTE, Rgb, category_colour};
pub use properties::Properties;
pub use tags::{TAGS_PROPERTY, set_tags, tags_of};
