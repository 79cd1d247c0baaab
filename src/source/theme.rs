//! The default theme, built into the binary so `scholia init` can write it anywhere.
//!
//! A test checks that this list matches `themes/default/` exactly, so the shipped
//! archive and new archives use the same theme.

/// `(path below the theme folder, contents)` of every file of the default theme.
pub const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "static/scholia.js",
        include_str!("../../themes/default/static/scholia.js"),
    ),
    (
        "static/style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "templates/404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/annotation.html",
        include_str!("../../themes/default/templates/annotation.html"),
    ),
    (
        "templates/annotations.html",
        include_str!("../../themes/default/templates/annotations.html"),
    ),
    (
        "templates/atom.xml",
        include_str!("../../themes/default/templates/atom.xml"),
    ),
    (
        "templates/base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/capture.html",
        include_str!("../../themes/default/templates/capture.html"),
    ),
    (
        "templates/document.html",
        include_str!("../../themes/default/templates/document.html"),
    ),
    (
        "templates/entity.html",
        include_str!("../../themes/default/templates/entity.html"),
    ),
    (
        "templates/event.html",
        include_str!("../../themes/default/templates/event.html"),
    ),
    (
        "templates/events.html",
        include_str!("../../themes/default/templates/events.html"),
    ),
    (
        "templates/index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "templates/taxonomy.html",
        include_str!("../../themes/default/templates/taxonomy.html"),
    ),
    (
        "templates/term.html",
        include_str!("../../themes/default/templates/term.html"),
    ),
    (
        "templates/timeline.html",
        include_str!("../../themes/default/templates/timeline.html"),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn embedded_theme_matches_the_theme_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(embedded, on_disk, "update src/theme.rs");
        for (path, text) in DEFAULT_THEME {
            assert_eq!(
                std::fs::read_to_string(dir.join(path)).unwrap(),
                *text,
                "{path}"
            );
        }
    }
}
