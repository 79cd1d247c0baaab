//! BibTeX, readable by BibTeX, biblatex and reference managers.

use super::Record;

/// Text as a BibTeX field value: TeX's special characters as commands, and braces as
/// `\textbraceleft{}`/`\textbraceright{}` (BibTeX counts every brace, escaped or not,
/// so `\{` would unbalance the field).
fn tex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An address as a verbatim BibTeX field: braces, spaces and backslashes
/// percent-encoded, so the field stays balanced and the address unchanged in meaning.
fn tex_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            ' ' => out.push_str("%20"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// BibTeX, readable by BibTeX, biblatex and reference managers: `@article` for news
/// reports (with the paper as `journal`), `@misc` for the rest. Every value is one
/// braced group; a corporate author is braced again so it is not split into names.
pub fn bibtex(r: &Record, locator: Option<&str>) -> String {
    let article = r.kind.is_news();
    let mut fields: Vec<(&str, String)> = vec![("title", format!("{{{}}}", tex(&r.title)))];
    if let Some(p) = r.corporate_author() {
        fields.push(("author", format!("{{{}}}", tex(p))));
    } else if !r.authors.is_empty() {
        let names: Vec<String> = r
            .authors
            .iter()
            .map(|a| match a.trim().rsplit_once(' ') {
                Some((given, family)) => format!("{}, {}", tex(family), tex(given)),
                None => format!("{{{}}}", tex(a)),
            })
            .collect();
        fields.push(("author", names.join(" and ")));
    }
    fields.push(("date", r.date.format("%Y-%m-%d").to_string()));
    fields.push(("year", r.date.format("%Y").to_string()));
    fields.push(("month", r.date.format("%-m").to_string()));
    if let Some(p) = &r.publisher {
        if article {
            fields.push(("journal", tex(p)));
            fields.push(("journaltitle", tex(p)));
            fields.push(("entrysubtype", "newspaper".into()));
        } else {
            fields.push(("publisher", tex(p)));
            fields.push(("organization", tex(p)));
        }
    }
    if let Some(url) = r.url.as_ref().or(r.archive_url.as_ref()) {
        let url = tex_url(url);
        fields.push(("howpublished", format!("\\url{{{url}}}")));
        fields.push(("url", url));
    }
    if let Some(a) = r.accessed {
        fields.push(("urldate", a.format("%Y-%m-%d").to_string()));
    }
    if let Some(l) = locator {
        fields.push(("pages", format!("para. {}", tex(l))));
    }
    fields.push(("note", tex(&r.note())));
    fields.push(("langid", tex(&r.language)));
    let body: Vec<String> = fields
        .into_iter()
        .map(|(k, v)| format!("  {k} = {{{v}}}"))
        .collect();
    let kind = if article { "article" } else { "misc" };
    format!("@{kind}{{{},\n{}\n}}\n", r.id, body.join(",\n"))
}
