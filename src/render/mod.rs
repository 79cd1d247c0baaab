//! The render stage: the resolved archive and its prepared citations in, every page
//! out, each given to the output [`Sink`] as soon as it is made (a page written is
//! dropped, so memory does not grow with the site).
//!
//! Templates are compiled once; [`routes::plan`] lists the pages, which render in
//! parallel, each exactly once, from typed views. Nothing here touches the disk: the
//! theme's files arrive in memory from `source`, and the sink decides where pages go.

pub mod context;
pub mod html;
pub mod routes;
pub mod views;

use rayon::prelude::*;
use tera::Tera;

use crate::diag::{Diagnostic, Pos};
use crate::emit;
use crate::error::Error;
use crate::output::{Page, Sink};
use crate::source::ThemeFiles;
use context::{SiteCx, error_chain};
use routes::Route;

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

/// Why rendering stopped: problems in the templates or the content (all of them), or
/// the sink failing to take a page.
#[derive(Debug)]
pub enum RenderError {
    Content(Vec<Diagnostic>),
    Output(Error),
}

/// Compiles the theme's templates, with autoescape through the one HTML escaper.
pub fn compile(theme: &ThemeFiles, theme_name: &str) -> Result<Tera, Vec<Diagnostic>> {
    let theme_dir = format!("themes/{theme_name}/templates");
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(html::escape::html);
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
    if missing.is_empty() {
        Ok(tera)
    } else {
        Err(missing)
    }
}

/// Renders the whole site into `sink`: every page of the plan, then what is emitted
/// beside them (citation files, raw captures, the theme's static files, the feed and
/// the sitemap). `progress` is called once per document page. Returns the number of
/// files written.
pub fn render(
    cx: &SiteCx<'_>,
    theme: &ThemeFiles,
    sink: &dyn Sink,
    progress: &(dyn Fn() + Sync),
) -> Result<usize, RenderError> {
    let archive = cx.archive;
    let feed = cx.tera.get_template_names().any(|n| n == "atom.xml");
    let routes = routes::plan(archive, feed, |d| emit::capture_bytes(cx, d).is_some());
    let errors: Vec<Diagnostic> = routes
        .par_iter()
        .filter_map(|route| {
            let result = page(cx, *route)
                .map_err(RenderError::Content)
                .and_then(|p| sink.put(p).map_err(RenderError::Output));
            if matches!(route, Route::Document(_)) {
                progress();
            }
            match result {
                Ok(()) => None,
                Err(RenderError::Content(d)) => Some(Ok(d)),
                Err(RenderError::Output(e)) => Some(Err(e)),
            }
        })
        .collect::<Result<Vec<Vec<Diagnostic>>, Error>>()
        .map_err(RenderError::Output)?
        .into_iter()
        .flatten()
        .collect();
    if !errors.is_empty() {
        return Err(RenderError::Content(errors));
    }
    let emitted = emit::all(cx, theme, &routes);
    let count = routes.len() + emitted.len();
    emitted
        .into_par_iter()
        .try_for_each(|p| sink.put(p))
        .map_err(RenderError::Output)?;
    Ok(count)
}

/// Renders one page of the plan.
pub fn page(cx: &SiteCx<'_>, route: Route) -> Result<Page, Vec<Diagnostic>> {
    let archive = cx.archive;
    let dir = route.dir(archive);
    let path = route.path(archive);
    let template = route.template(archive);
    let p = match route {
        // Served at any depth, so its links start from the site's path.
        Route::NotFound => cx.page_at(&dir, &archive.site.base_path),
        Route::Feed => cx.page_at(&dir, &archive.site.base_url),
        _ => cx.page(&dir),
    };
    let mut tcx = p.tera_context();
    match route {
        Route::Home => tcx.insert("docs", &views::summaries(&p, archive.docs.keys())),
        Route::Timeline => tcx.insert("years", &views::listing::timeline(&p)),
        Route::Document(d) => {
            tcx.insert("doc", &views::document::document(&p, d));
            tcx.insert("cite", &views::cite::cite(&p, d));
            tcx.insert("head", &views::cite::head(&p, d));
        }
        Route::Capture(d) => capture(cx, d, &mut tcx),
        Route::Taxonomy(k) => {
            let tax = &archive.taxonomies[k as usize];
            tcx.insert("taxonomy", &views::listing::taxonomy_view(&p, tax));
        }
        Route::Term(k, t) => {
            let tax = &archive.taxonomies[k as usize];
            let (term, docs) = views::listing::term(&p, tax, t);
            tcx.insert("taxonomy", &views::listing::taxonomy_view(&p, tax));
            tcx.insert("term", &term);
            tcx.insert("docs", &docs);
            if let Some(e) = tax.terms[t].entity {
                tcx.insert("entity", &views::entity::entity(&p, e));
            }
        }
        Route::Events => tcx.insert("events", &views::event::index(&p)),
        Route::Event(e) => tcx.insert("event", &views::event::event(&p, e)),
        Route::Annotations => tcx.insert("index", &views::annotations::index(&p)),
        Route::Annotation(a) => tcx.insert("annotation", &views::annotations::page(&p, a)),
        Route::NotFound => {}
        Route::Feed => {
            let docs = views::summaries(&p, archive.docs.keys().take(50));
            tcx.insert(
                "updated",
                &docs
                    .first()
                    .map_or_else(|| "1970-01-01".into(), |d| d.date.clone()),
            );
            tcx.insert("docs", &docs);
        }
    }
    p.render(template, &path, &tcx).map_err(|d| vec![d])
}

/// The capture page: the raw capture as highlighted text.
fn capture(cx: &SiteCx<'_>, d: crate::model::DocId, tcx: &mut tera::Context) {
    let doc = &cx.archive.docs[d].doc;
    let (Some(c), Some(bytes)) = (&doc.meta.capture, emit::capture_bytes(cx, d)) else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    // Captures with Markdown of their own are shown highlighted as Markdown.
    let lang = crate::import::is_markdown(&text).then_some("markdown");
    tcx.insert("doc_title", &doc.meta.title);
    tcx.insert("doc_href", "../");
    tcx.insert("file", &c.file);
    tcx.insert("file_href", &views::published_capture(&c.file));
    tcx.insert("sha256", &c.sha256);
    tcx.insert("code_html", &cx.highlighter.highlight(&text, lang));
}
