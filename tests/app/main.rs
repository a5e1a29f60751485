//! Integration tests, gathered in one binary so that the heavy dependencies link once.

mod cli;
mod dataset;
mod interop;
mod support;
mod ui;
