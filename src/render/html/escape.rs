//! The one escaper for each output context. Content is untrusted (captures come from
//! the web, front matter is typed by hand), so every string from content reaches an
//! output only through one of these functions, or through Tera's autoescape, which
//! calls [`html`]:
//!
//! | context | function |
//! | --- | --- |
//! | HTML text and quoted attribute values | [`html`] |
//! | a link or image address | [`is_safe_url`] (an allow-list of schemes), then [`html`] |
//! | JSON inside `<script type="application/json">` / `ld+json` | [`json_in_script`] |
//! | XML text and attribute values (feeds, sitemap) | [`xml`] |
//!
//! Characters that XML 1.0 forbids (C0 controls other than tab, line feed and carriage
//! return, and the noncharacters U+FFFE/U+FFFF) are dropped by [`html`] and [`xml`]:
//! they are never words, an XML parser rejects them, and an HTML parser reports them.

use serde::Serialize;

/// Whether a character may appear in an XML 1.0 document (and, by the same rule, in
/// the text this crate writes into HTML).
fn allowed(c: char) -> bool {
    !matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Escapes text for HTML element content and double- or single-quoted attribute
/// values: `&`, `<`, `>`, `"` and `'` become references; forbidden characters are
/// dropped.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Escapes text for XML content and attribute values (feeds, the sitemap).
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// A value as JSON that may stand inside a `<script>` element: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026` (so neither `</script>` nor `<!--` can end
/// or hide the element), and U+2028/U+2029 as escapes (older JavaScript parsers read
/// them as line ends). These characters only occur inside JSON strings, where the
/// escapes mean the same characters.
pub fn json_in_script(value: &impl Serialize) -> String {
    let text = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a link or image address may be kept: `http`, `https`, `mailto`, or no
/// scheme at all (relative). A scheme is what CommonMark and browsers read as one: a
/// letter, then letters, digits, `+`, `-` or `.`, then a colon. Browsers ignore ASCII
/// whitespace and control characters inside a scheme (`java\tscript:`), so those are
/// removed before looking.
pub fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let Some(colon) = cleaned.find(':') else {
        return true;
    };
    let scheme = &cleaned[..colon];
    let mut chars = scheme.chars();
    let is_scheme = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !is_scheme {
        // `a/b:c`, `?x:y`, `#p:1`: the colon is in a path, query or fragment.
        return !scheme.chars().any(char::is_control);
    }
    matches!(
        scheme.to_ascii_lowercase().as_str(),
        "http" | "https" | "mailto"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_the_five_and_drops_controls() {
        assert_eq!(
            html("<a href=\"x\" title='y'>&\u{1}\u{7}ok\t\n</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;ok\t\n&lt;/a&gt;"
        );
        assert_eq!(html("Київ — ‘x’"), "Київ — ‘x’");
    }

    #[test]
    fn xml_drops_what_xml_forbids() {
        assert_eq!(xml("a\u{0}b\u{1b}c\u{FFFF}]]>"), "abc]]&gt;");
    }

    #[test]
    fn json_in_script_cannot_close_or_hide_the_element() {
        let v = serde_json::json!({"t": "</script><!--<script>&\u{2028}"});
        let s = json_in_script(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn only_safe_schemes_pass() {
        for ok in [
            "https://x.org/a?b=c:d",
            "http://x",
            "mailto:a@b.c",
            "../a.md#p3",
            "a_b:c/../x",
            "#fragment",
            "",
            "foo):",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:x",
            "java\tscript:x",
            "java\nscript:x",
            "vbscript:x",
            "data:text/html,<script>",
            "\u{1}javascript:x",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(bad), "{bad:?}");
        }
    }
}
