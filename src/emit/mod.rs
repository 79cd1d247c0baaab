//! The files of the site that are not rendered from templates: each document's citation
//! files (BibTeX, RIS, CSL-JSON) and raw capture, the theme's static files, the
//! highlighting stylesheet and the sitemap.

use crate::model::{DocId, paths};
use crate::output::Page;
use crate::render::context::SiteCx;
use crate::render::html::{escape, highlight};
use crate::render::routes::Route;
use crate::render::views::published_capture;
use crate::source::ThemeFiles;

/// Everything emitted beside the rendered pages of `routes`.
pub fn all(cx: &SiteCx<'_>, theme: &ThemeFiles, routes: &[Route]) -> Vec<Page> {
    let archive = cx.archive;
    let mut out = Vec::with_capacity(archive.docs.len() * 4 + theme.statics.len() + 2);
    for d in archive.docs.keys() {
        out.extend(citation_files(cx, d));
        if let Some(p) = raw_capture(cx, d) {
            out.push(p);
        }
    }
    out.push(sitemap(cx, routes));
    for (path, bytes) in &theme.statics {
        out.push(Page {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    out.push(Page {
        path: "syntax.css".into(),
        bytes: highlight::stylesheet(&archive.site.highlight).into_bytes(),
    });
    out
}

/// `cite.bib`, `cite.ris` and `cite.json` beside a document's page.
pub fn citation_files(cx: &SiteCx<'_>, doc: DocId) -> Vec<Page> {
    let dir = paths::doc_dir("", &cx.archive.docs[doc].doc.slug);
    crate::cite::files(&cx.cites.docs[doc].record)
        .into_iter()
        .map(|(name, text)| Page {
            path: format!("{dir}{name}"),
            bytes: text.into_bytes(),
        })
        .collect()
}

/// The bytes of a document's raw capture, if it has one and it was read.
pub fn capture_bytes<'a>(cx: &SiteCx<'a>, doc: DocId) -> Option<&'a [u8]> {
    let d = &cx.archive.docs[doc].doc;
    let capture = d.meta.capture.as_ref()?;
    let src = d.path.parent()?.join(&capture.file);
    cx.attachments.get(&src).map(Vec::as_slice)
}

/// A document's raw capture, published byte for byte beside its page.
fn raw_capture(cx: &SiteCx<'_>, doc: DocId) -> Option<Page> {
    let d = &cx.archive.docs[doc].doc;
    let capture = d.meta.capture.as_ref()?;
    Some(Page {
        path: format!(
            "{}{}",
            paths::doc_dir("", &d.slug),
            published_capture(&capture.file)
        ),
        bytes: capture_bytes(cx, doc)?.to_vec(),
    })
}

/// The sitemap: every page that is a folder's index, under the site's `base_url`.
fn sitemap(cx: &SiteCx<'_>, routes: &[Route]) -> Page {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut dirs: Vec<String> = routes
        .iter()
        .filter(|r| !matches!(r, Route::NotFound | Route::Feed))
        .map(|r| r.dir(cx.archive))
        .collect();
    dirs.sort_unstable();
    for dir in dirs {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape::xml(&format!("{}{dir}", cx.archive.site.base_url))
        ));
    }
    xml.push_str("</urlset>\n");
    Page {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}
