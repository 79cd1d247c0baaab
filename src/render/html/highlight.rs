//! Code highlighting with syntect, as CSS classes (`hl-…`) so one stylesheet serves the
//! light and the dark colour scheme.
//!
//! The syntax set loads on first use, once per build, and only if a document has code.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::parse::config::HighlightConfig;
use crate::render::html::escape::html as escape;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// A highlighter that loads syntect's syntaxes on first use.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    pub fn new() -> Self {
        Self::default()
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// `<pre class="code" data-lang="…"><code>…</code></pre>` with highlighting classes;
    /// an unknown or missing language is shown as plain, escaped text.
    pub fn highlight(&self, code: &str, lang: Option<&str>) -> String {
        let lang_attr = lang
            .map(|l| format!(" data-lang=\"{}\"", escape(l)))
            .unwrap_or_default();
        let syntax = lang.and_then(|l| self.syntaxes().find_syntax_by_token(l));
        let inner = match syntax {
            None => escape(code),
            Some(syntax) => {
                let ss = self.syntaxes();
                let mut generator =
                    ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
                let mut ok = true;
                for line in LinesWithEndings::from(code) {
                    if generator
                        .parse_html_for_line_which_includes_newline(line)
                        .is_err()
                    {
                        ok = false;
                        break;
                    }
                }
                if ok {
                    generator.finalize()
                } else {
                    escape(code)
                }
            }
        };
        format!("<pre class=\"code\"{lang_attr}><code>{inner}</code></pre>")
    }
}

/// The stylesheet for the configured light and dark themes. Unknown theme names fall
/// back to the defaults (config validation reports them).
pub fn stylesheet(config: &HighlightConfig) -> String {
    let themes = ThemeSet::load_defaults();
    let defaults = HighlightConfig::default();
    let pick = |name: &str, fallback: &str| {
        themes
            .themes
            .get(name)
            .or_else(|| themes.themes.get(fallback))
            .and_then(|t| css_for_theme_with_class_style(t, CLASS_STYLE).ok())
            .unwrap_or_default()
    };
    let light = pick(&config.light_theme, &defaults.light_theme);
    let dark = pick(&config.dark_theme, &defaults.dark_theme);
    format!(
        "/* Code highlighting (syntect), light scheme. */\n{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
    )
}

/// The names of the highlighting themes syntect ships.
pub fn theme_names() -> Vec<String> {
    ThemeSet::load_defaults().themes.keys().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_is_escaped() {
        let h = Highlighter::new();
        let rust = h.highlight("fn main() {}\n", Some("rust"));
        assert!(rust.contains("class=\"hl-"), "{rust}");
        assert!(rust.starts_with("<pre class=\"code\" data-lang=\"rust\"><code>"));
        let plain = h.highlight("<script>x</script>\n", Some("nonesuch"));
        assert_eq!(
            plain,
            "<pre class=\"code\" data-lang=\"nonesuch\"><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>"
        );
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = stylesheet(&HighlightConfig::default());
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
