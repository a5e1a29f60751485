//! incident-atlas: a map-and-timeline visualiser of geocoded incidents.
//!
//! Data flows one way, and each layer imports only the layers below it:
//!
//! ```text
//! cli ─> ui ─> extract, export ─> state ─> io, store ─> geocode ─> basemap ─> model, sys
//! ```
//!
//! - [`sys`]: the process and the file system (atomic writes, named threads, CPU work split, memory).
//! - [`model`]: the incident types (dates, places, the incident record) and their text forms. No I/O.
//! - [`basemap`]: the embedded offline world map, tile sources for walkers, and the one Web Mercator.
//! - [`geocode`]: the offline gazetteer (place names to candidates; points to regions and countries).
//! - [`store`]: the event store (columns indexed by time and space) and its queries. Read-only to views.
//! - [`io`]: files in and out: one file per format under `io::formats`, the import machinery they share
//!   under `io::import`, our field list, the bundled dataset.
//! - [`state`]: the loaded dataset, filters, time window, selection, playback and briefing, changed only
//!   through [`state::Command`]s; loading files into a dataset; briefing files.
//! - [`export`]: PNG and GIF encoders and the errors of making pictures.
//! - [`extract`]: the article assistant (draft incidents from a news article).
//! - [`ui`]: the eframe app and one module per view, the theme, and pictures rendered from the views.
//! - [`cli`]: the command line (the desktop app by default, plus subcommands).
//!
//! `model`, `store`, `io`, `geocode` and `sys` never import egui.

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
