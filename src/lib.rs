//! incident-atlas: a map-and-timeline visualiser of geocoded incidents.
//!
//! Layers, from the bottom: [`model`] (the incident types), [`store`] (columnar, indexed event store),
//! [`io`] (one module per file format) and [`cli`] (the command line).

pub mod basemap;
pub mod cli;
pub mod export;
pub mod extract;
pub mod geocode;
pub mod io;
pub mod model;
pub mod state;
pub mod store;
pub mod sys;
pub mod ui;
