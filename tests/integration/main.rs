//! Scholia's integration tests: one binary, fixture archives on disk, HTML checked by
//! parsing it.

mod annotations;
mod browser;
mod citable;
mod common;
mod crosslinks;
mod errors;
mod import;
mod limits;
mod paths;
mod publish;
mod site;
mod snapshots;
mod web;
mod xss;
mod zotero;
