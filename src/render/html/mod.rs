//! Every piece of HTML built in Rust rather than in a template: the one escaper per
//! output context, Markdown blocks through pulldown-cmark's writer, standoff spans
//! (mention links, quotation marks, annotation highlights) and code highlighting.

pub mod blocks;
pub mod escape;
pub mod fragments;
pub mod highlight;
pub mod spans;
