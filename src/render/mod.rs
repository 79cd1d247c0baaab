//! The render stage: the resolved archive in, every output file (path and bytes) out.
//!
//! Templates are compiled once; documents render in parallel, each exactly once.
//! Nothing here touches the disk: the theme's files arrive in memory from `source`.

pub mod html;
pub mod views;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::cite::Citer;
use crate::diag::{Diagnostic, Pos};
use crate::render::html::highlight::{self, Highlighter};
use crate::resolve::{Archive, TaxonomyKind};
use crate::source::ThemeFiles;
use html::blocks::BlockWriter;
use html::escape;
use views::{DocSummary, LinkView, root_for_depth, site_view, summary, term_href};
use views::{annotations as notes_view, body as body_view, cite as cite_view, pages};

/// One output file, with its path below the output folder written with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "document.html",
    "timeline.html",
    "taxonomy.html",
    "term.html",
    "entity.html",
    "event.html",
    "events.html",
    "capture.html",
    "annotation.html",
    "annotations.html",
    "404.html",
];

/// Renders the whole site. `citer` formats citations (with the last build's cache);
/// `progress` is called once per document rendered.
pub fn render(
    archive: &Archive,
    theme: &ThemeFiles,
    attachments: &BTreeMap<PathBuf, Vec<u8>>,
    citer: &Citer,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    let r = Renderer::new(archive, theme)?;
    let highlighter = Highlighter::new();
    let doc_pages: Vec<Result<Page, Diagnostic>> = (0..archive.docs.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let pages = r.document(i, &highlighter, citer, attachments);
            progress();
            pages
        })
        .collect();
    let mut pages = Vec::with_capacity(archive.docs.len() * 2 + 16);
    let mut errors = Vec::new();
    let others = [r.home(), r.timeline(), r.not_found()];
    let listings = r
        .annotations(&highlighter, citer)
        .into_iter()
        .chain(r.taxonomies(&highlighter))
        .chain(r.events(&highlighter));
    for page in doc_pages.into_iter().chain(others).chain(listings) {
        match page {
            Ok(p) => pages.push(p),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if r.tera.get_template_names().any(|n| n == "atom.xml") {
        pages.push(r.feed().map_err(|d| vec![d])?);
    }
    pages.push(r.sitemap(&pages));
    for (path, bytes) in &theme.statics {
        pages.push(Page {
            path: path.clone(),
            bytes: bytes.clone(),
        });
    }
    pages.push(Page {
        path: "syntax.css".into(),
        bytes: highlight::stylesheet(&archive.site.highlight).into_bytes(),
    });
    pages.extend(captures(archive, attachments));
    Ok(pages)
}

struct Renderer<'a> {
    archive: &'a Archive,
    tera: Tera,
}

impl<'a> Renderer<'a> {
    fn new(archive: &'a Archive, theme: &ThemeFiles) -> Result<Self, Vec<Diagnostic>> {
        let theme_dir = format!("themes/{}/templates", archive.site.theme);
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape::html);

        let templates: Vec<(&str, &str)> = theme
            .templates
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        tera.add_raw_templates(templates).map_err(|e| {
            vec![
                Diagnostic::error(
                    &theme_dir,
                    Pos::START,
                    format!("the theme's templates do not compile: {}", error_chain(&e)),
                )
                .help("fix the template named in the message (Tera gives no line number)"),
            ]
        })?;
        let missing: Vec<Diagnostic> = REQUIRED_TEMPLATES
            .iter()
            .filter(|t| !tera.get_template_names().any(|n| n == **t))
            .map(|t| {
                Diagnostic::error(
                    format!("{theme_dir}/{t}"),
                    Pos::START,
                    format!("the theme has no template `{t}`"),
                )
                .help("copy it from the default theme (`scholia init` writes one)")
            })
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(Renderer { archive, tera })
    }

    /// The context every page gets: `site`, `root`, `nav`, `page_path`, `canonical`
    /// (absent when `base_url` has no host).
    fn context(&self, root: &str, page_path: &str) -> Context {
        let mut cx = Context::new();
        cx.insert("site", &site_view(self.archive));
        cx.insert("root", root);
        cx.insert("page_path", page_path);
        // A canonical URL must be absolute: none when base_url is only a path.
        let base = &self.archive.site.base_url;
        let canonical = base.contains("://").then(|| format!("{base}{page_path}"));
        cx.insert("canonical", &canonical);

        let mut nav = vec![
            LinkView {
                name: "Documents".into(),
                href: root.to_string(),
            },
            LinkView {
                name: "Timeline".into(),
                href: format!("{root}timeline/"),
            },
        ];
        if !self.archive.events.is_empty() {
            nav.push(LinkView {
                name: "Events".into(),
                href: format!("{root}events/"),
            });
        }
        if !self.archive.annotations.is_empty() {
            nav.push(LinkView {
                name: "Annotations".into(),
                href: format!("{root}annotations/"),
            });
        }
        for tax in &self.archive.taxonomies {
            if !tax.terms.is_empty() && tax.kind != TaxonomyKind::Kinds {
                nav.push(LinkView {
                    name: tax.kind.title().into(),
                    href: format!("{root}{}/", tax.kind.key()),
                });
            }
        }
        cx.insert("nav", &nav);
        cx
    }

    fn page(&self, template: &str, path: &str, cx: &Context) -> Result<Page, Diagnostic> {
        let html = self.tera.render(template, cx).map_err(|e| {
            Diagnostic::error(
                format!("themes/{}/templates/{template}", self.archive.site.theme),
                Pos::START,
                format!("could not render {path}: {}", error_chain(&e)),
            )
            .help("a template used a value the page does not have, or a filter failed")
        })?;
        Ok(Page {
            path: path.to_string(),
            bytes: html.into_bytes(),
        })
    }

    /// A document's page, its citation files and its capture page.
    fn document(
        &self,
        index: usize,
        highlighter: &Highlighter,
        citer: &Citer,
        attachments: &BTreeMap<PathBuf, Vec<u8>>,
    ) -> Vec<Result<Page, Diagnostic>> {
        let doc = &self.archive.docs[index];
        let dir = views::doc_href("", &doc.slug);
        let root = root_for_depth(2);
        let record = cite_view::record(self.archive, index);
        let (cite, files) = cite_view::cite(self.archive, index, &record, citer);
        let mut out: Vec<Result<Page, Diagnostic>> = files.into_iter().map(Ok).collect();
        let capture_text = doc
            .meta
            .capture
            .as_ref()
            .and_then(|c| attachments.get(&doc.path.parent()?.join(&c.file)));
        if let (Some(c), Some(bytes)) = (&doc.meta.capture, capture_text) {
            let text = String::from_utf8_lossy(bytes);
            // Captures with Markdown of their own are shown highlighted as Markdown.
            let lang = crate::import::is_markdown(&text).then_some("markdown");
            let mut cx = self.context(&root_for_depth(3), &format!("{dir}capture/"));
            cx.insert("doc_title", &doc.meta.title);
            cx.insert("doc_href", "../");
            cx.insert("file", &c.file);
            cx.insert("file_href", &views::published_capture(&c.file));
            cx.insert("sha256", &c.sha256);
            cx.insert("code_html", &highlighter.highlight(&text, lang));
            out.push(self.page("capture.html", &format!("{dir}capture/index.html"), &cx));
        }
        let links = |dest: &str| {
            self.archive.doc_links[index]
                .get(dest)
                .and_then(|t| body_view::href(self.archive, t, &root, Some(index), true))
        };
        let mut writer = BlockWriter::new(highlighter, &doc.body.footnotes, &links);
        let (list, anchored, orphans) =
            notes_view::document_notes(self.archive, index, highlighter, &root);
        let view = views::document(
            (&list, anchored, orphans),
            self.archive,
            index,
            &mut writer,
            &root,
        );
        let mut cx = self.context(&root, &dir);
        cx.insert("doc", &view);
        cx.insert("cite", &cite);
        cx.insert("head", &cite_view::head(self.archive, index, &record));
        out.push(self.page("document.html", &format!("{dir}index.html"), &cx));
        out
    }

    fn summaries(&self, indices: impl Iterator<Item = usize>, root: &str) -> Vec<DocSummary> {
        indices
            .map(|i| summary(&self.archive.docs[i], root))
            .collect()
    }

    fn home(&self) -> Result<Page, Diagnostic> {
        let mut cx = self.context("", "");
        cx.insert("docs", &self.summaries(0..self.archive.docs.len(), ""));
        self.page("index.html", "index.html", &cx)
    }

    fn timeline(&self) -> Result<Page, Diagnostic> {
        #[derive(Serialize)]
        struct MonthView {
            month: u32,
            name: String,
            docs: Vec<DocSummary>,
        }
        #[derive(Serialize)]
        struct YearView {
            year: i32,
            count: usize,
            months: Vec<MonthView>,
        }
        let root = root_for_depth(1);
        let years: Vec<YearView> = self
            .archive
            .timeline
            .iter()
            .map(|y| YearView {
                year: y.year,
                count: y.months.iter().map(|m| m.docs.len()).sum(),
                months: y
                    .months
                    .iter()
                    .map(|m| MonthView {
                        month: m.month,
                        name: month_name(m.month).into(),
                        docs: self.summaries(m.docs.iter().copied(), &root),
                    })
                    .collect(),
            })
            .collect();
        let mut cx = self.context(&root, "timeline/");
        cx.insert("years", &years);
        self.page("timeline.html", "timeline/index.html", &cx)
    }

    /// Each taxonomy's index (every term with its count) and a page per term. A term
    /// page gets its taxonomy's name and link but not the list of all its terms: that
    /// list is the index's, and copying it into every term page made the pages of a
    /// taxonomy cost the square of its size.
    fn taxonomies(&self, highlighter: &Highlighter) -> Vec<Result<Page, Diagnostic>> {
        #[derive(Serialize)]
        struct TermView<'a> {
            name: &'a str,
            href: String,
            count: usize,
        }
        /// `taxonomy` on the index page; on term pages without `terms`.
        #[derive(Serialize)]
        struct TaxView<'a> {
            key: &'a str,
            title: &'a str,
            href: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            terms: Option<Vec<TermView<'a>>>,
        }
        let mut pages = Vec::new();
        for tax in &self.archive.taxonomies {
            let key = tax.kind.key();
            let root = root_for_depth(1);
            let mut cx = self.context(&root, &format!("{key}/"));
            let terms = tax
                .terms
                .iter()
                .map(|t| TermView {
                    name: &t.name,
                    href: term_href(&root, tax.kind, &t.slug),
                    count: t.docs.len(),
                })
                .collect();
            cx.insert(
                "taxonomy",
                &TaxView {
                    key,
                    title: tax.kind.title(),
                    href: format!("{root}{key}/"),
                    terms: Some(terms),
                },
            );
            pages.push(self.page("taxonomy.html", &format!("{key}/index.html"), &cx));
            let root = root_for_depth(2);
            let tax_view = TaxView {
                key,
                title: tax.kind.title(),
                href: format!("{root}{key}/"),
                terms: None,
            };
            // Term pages are independent of each other: rendered in parallel, in order.
            let term_pages: Vec<_> = tax
                .terms
                .par_iter()
                .map(|term| {
                    let dir = format!("{key}/{}/", term.slug);
                    let mut cx = self.context(&root, &dir);
                    cx.insert("taxonomy", &tax_view);
                    cx.insert(
                        "term",
                        &TermView {
                            name: &term.name,
                            href: term_href(&root, tax.kind, &term.slug),
                            count: term.docs.len(),
                        },
                    );
                    cx.insert("docs", &self.summaries(term.docs.iter().copied(), &root));
                    match term.entity {
                        Some(e) => {
                            cx.insert(
                                "entity",
                                &pages::entity(self.archive, e, highlighter, &root),
                            );
                            self.page("entity.html", &format!("{dir}index.html"), &cx)
                        }
                        None => self.page("term.html", &format!("{dir}index.html"), &cx),
                    }
                })
                .collect();
            pages.extend(term_pages);
        }
        pages
    }

    /// The annotations index and a page per annotation.
    fn annotations(
        &self,
        highlighter: &Highlighter,
        citer: &Citer,
    ) -> Vec<Result<Page, Diagnostic>> {
        if self.archive.annotations.is_empty() {
            return Vec::new();
        }
        let root = root_for_depth(1);
        let mut cx = self.context(&root, "annotations/");
        cx.insert("index", &notes_view::index(self.archive, &root));
        let mut out = vec![self.page("annotations.html", "annotations/index.html", &cx)];
        let root = root_for_depth(3);
        for (i, a) in self.archive.annotations.iter().enumerate() {
            let dir = views::annotation_href("", &a.id);
            let mut cx = self.context(&root, &dir);
            cx.insert(
                "annotation",
                &notes_view::page(self.archive, i, highlighter, citer, &root),
            );
            out.push(self.page("annotation.html", &format!("{dir}index.html"), &cx));
        }
        out
    }

    /// The events index and a page per event.
    fn events(&self, highlighter: &Highlighter) -> Vec<Result<Page, Diagnostic>> {
        #[derive(Serialize)]
        struct EventItem {
            title: String,
            href: String,
            date: String,
            date_display: String,
            summary: Option<String>,
            documents: usize,
        }
        let root = root_for_depth(1);
        let items: Vec<EventItem> = self
            .archive
            .events
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| EventItem {
                title: e.title.clone(),
                href: views::event_href(&root, &e.slug),
                date: views::iso(e.date),
                date_display: views::display_date(e.date),
                summary: e.summary.clone(),
                documents: self.archive.event_docs[i].len(),
            })
            .collect();
        let mut cx = self.context(&root, "events/");
        cx.insert("events", &items);
        let mut out = vec![self.page("events.html", "events/index.html", &cx)];
        let root = root_for_depth(2);
        for (i, e) in self.archive.events.iter().enumerate() {
            let dir = views::event_href("", &e.slug);
            let mut cx = self.context(&root, &dir);
            cx.insert("event", &pages::event(self.archive, i, highlighter, &root));
            out.push(self.page("event.html", &format!("{dir}index.html"), &cx));
        }
        out
    }

    /// The 404 page is served at any depth, so its links start from the site's path.
    fn not_found(&self) -> Result<Page, Diagnostic> {
        let root = self.archive.site.base_path.clone();
        let cx = self.context(&root, "404.html");
        self.page("404.html", "404.html", &cx)
    }

    fn feed(&self) -> Result<Page, Diagnostic> {
        let base = &self.archive.site.base_url;
        let mut cx = self.context(base, "atom.xml");
        let docs = self.summaries(0..self.archive.docs.len().min(50), base);
        cx.insert(
            "updated",
            &docs
                .first()
                .map(|d| d.date.clone())
                .unwrap_or_else(|| "1970-01-01".into()),
        );
        cx.insert("docs", &docs);
        self.page("atom.xml", "atom.xml", &cx)
    }

    fn sitemap(&self, pages: &[Page]) -> Page {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut paths: Vec<&str> = pages
            .iter()
            .filter_map(|p| p.path.strip_suffix("index.html"))
            .collect();
        paths.sort_unstable();
        for path in paths {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                escape::xml(&format!("{}{path}", self.archive.site.base_url))
            ));
        }
        xml.push_str("</urlset>\n");
        Page {
            path: "sitemap.xml".into(),
            bytes: xml.into_bytes(),
        }
    }
}

/// Each document's raw capture, published beside its page.
fn captures<'a>(
    archive: &'a Archive,
    attachments: &'a BTreeMap<PathBuf, Vec<u8>>,
) -> impl Iterator<Item = Page> + 'a {
    archive.docs.iter().filter_map(move |doc| {
        let capture = doc.meta.capture.as_ref()?;
        let src = doc.path.parent()?.join(&capture.file);
        let bytes = attachments.get(&src)?;
        Some(Page {
            path: format!(
                "documents/{}/{}",
                doc.slug,
                views::published_capture(&capture.file)
            ),
            bytes: bytes.clone(),
        })
    })
}

fn month_name(month: u32) -> &'static str {
    u8::try_from(month)
        .ok()
        .and_then(|m| chrono::Month::try_from(m).ok())
        .map_or("", |m| m.name())
}

/// A Tera error with its causes (Tera 1 puts the useful part in the sources).
fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}
