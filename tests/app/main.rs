//! Integration tests, gathered in one binary so that the heavy dependencies link once.

mod briefing;
mod cli;
mod dataset;
mod editing;
mod extract;
mod import;
mod interop;
mod real;
mod render;
mod roundtrip;
mod support;
mod ui;
