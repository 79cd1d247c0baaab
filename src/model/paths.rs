//! The site's addresses: where each kind of page lives below the site root. These are
//! the archive's permanent addresses (citations print them), so they are made here and
//! nowhere else; every part comes from a validated slug or id.

/// A document's page folder: `documents/<slug>/`.
pub fn doc_dir(root: &str, slug: &str) -> String {
    format!("{root}documents/{slug}/")
}

/// An event's page folder: `events/<slug>/`.
pub fn event_dir(root: &str, slug: &str) -> String {
    format!("{root}events/{slug}/")
}

/// An annotation's page folder: `annotations/<document>/<name>/`.
pub fn annotation_dir(root: &str, id: &str) -> String {
    format!("{root}annotations/{id}/")
}

/// A taxonomy term's page folder: `people/<slug>/`, `tags/<slug>/`, ….
pub fn term_dir(root: &str, taxonomy: &str, slug: &str) -> String {
    format!("{root}{taxonomy}/{slug}/")
}

/// `../` once per folder level of a page below the site root.
pub fn root_for_depth(depth: usize) -> String {
    "../".repeat(depth)
}
