//! Scholia's integration tests: one binary, fixture archives on disk, HTML checked by
//! parsing it.

mod annotations;
mod browser;
mod citable;
mod common;
mod crosslinks;
mod errors;
mod import;
mod publish;
mod site;
mod web;
