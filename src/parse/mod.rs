//! The parse stage: one source file in, one typed value (and its diagnostics) out.
//! Parsers take text, never the disk, and run per file in parallel.

pub mod annotation;
pub mod body;
pub mod config;
pub mod document;
pub mod entity;
pub mod fields;
pub mod frontmatter;
pub mod meta;
