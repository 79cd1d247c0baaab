//! `scholia cite DOC[#pN]`: one document's citation, or one paragraph's, in one style.

use crate::diag::suggestion;
use crate::model::{DocId, paths};
use crate::resolve::Archive;

use super::{Citer, Style, bibtex, record, ris};

/// Why a citation could not be given, with what to do instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteError {
    pub message: String,
    pub help: String,
}

/// The citation of `target` (`2022-04-26-x`, `2022-04-26-x#p14`, `…#14`, or the
/// document's path) in `style`, as `scholia cite` prints it; with a note when the
/// paragraph was removed (its address is cited as published).
pub fn cite_text(
    archive: &Archive,
    citer: &Citer,
    target: &str,
    style: Style,
) -> Result<(String, Option<String>), CiteError> {
    let (slug, para) = match target.split_once('#') {
        Some((s, p)) => (s, Some(p)),
        None => (target, None),
    };
    let slug = slug
        .trim_end_matches(".md")
        .rsplit('/')
        .next()
        .unwrap_or(slug);
    let Some(doc) = archive.doc_by_slug(slug) else {
        let slugs: Vec<&str> = archive.docs.iter().map(|d| d.doc.slug.as_str()).collect();
        return Err(CiteError {
            message: format!("no document `{slug}` in the archive"),
            help: suggestion(slug, &slugs),
        });
    };
    let (label, note) = match para {
        None => (None, None),
        Some(p) => paragraph(archive, doc, slug, p)?,
    };
    let record = record(archive, doc);
    let text = match style {
        Style::Bibtex => bibtex(&record, label.as_deref()),
        Style::Ris => ris(&record, label.as_deref()),
        Style::CslJson => {
            let mut item = record.csl_json();
            if let Some(l) = &label {
                item["locator"] = serde_json::json!(l);
                item["label"] = serde_json::json!("paragraph");
            }
            serde_json::to_string_pretty(&serde_json::json!([item])).unwrap_or_default() + "\n"
        }
        style => {
            let f = citer
                .format(&record.csl_json(), style, label.as_deref())
                .ok_or_else(|| CiteError {
                    message: format!("could not format the citation in {}", style.title()),
                    help: "try another style, or check the document's front matter".into(),
                })?;
            let permalink = paths::doc_dir(&archive.site.base_url, slug);
            match &label {
                Some(l) => {
                    let id = archive.docs[doc]
                        .blocks
                        .iter()
                        .filter_map(|b| b.anchor.as_ref())
                        .find(|a| &a.label == l)
                        .map_or(format!("p{l}"), |a| a.id.clone());
                    format!("{}\n{}\n{permalink}#{id}\n", f.citation, f.reference)
                }
                None => format!("{}\n", f.reference),
            }
        }
    };
    Ok((text, note))
}

/// The label of paragraph `p` of a document (live or removed), and a note if removed.
fn paragraph(
    archive: &Archive,
    doc: DocId,
    slug: &str,
    p: &str,
) -> Result<(Option<String>, Option<String>), CiteError> {
    let d = &archive.docs[doc];
    let mut live = d.blocks.iter().filter_map(|b| b.anchor.as_ref());
    if let Some(a) = live.clone().find(|a| a.id == p || a.label == p) {
        return Ok((Some(a.label.clone()), None));
    }
    if let Some(r) = d.removed.iter().find(|r| r.id == p || r.label == p) {
        return Ok((
            Some(r.label.clone()),
            Some(format!(
                "¶{} was removed on {}; citing the address as published",
                r.label, r.date
            )),
        ));
    }
    let n = live.by_ref().count();
    Err(CiteError {
        message: format!("{slug} has no paragraph `{p}`"),
        help: format!("its paragraphs are p1 to p{n} (as in the page's margin)"),
    })
}
