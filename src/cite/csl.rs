//! The CSL engine: hayagriva with the official styles, loaded once per build. A
//! formatted reference comes out as plain text and as styled [`Run`]s (its structure,
//! not hayagriva's HTML, which pastes the item's strings unescaped); the render stage
//! writes the runs as HTML through its escaper.

use hayagriva::citationberg::json as csl_json;
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style as CslStyle};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest,
    LocatorPayload, SpecificLocator,
};
use serde_json::Value;

use super::Style;

/// The CSL styles and locales, loaded once per build.
pub struct Citer {
    styles: Vec<(Style, IndependentStyle)>,
    locales: Vec<Locale>,
}

impl Default for Citer {
    fn default() -> Self {
        Self::new()
    }
}

/// A formatted citation: the reference (bibliography entry) as plain text and as
/// styled runs, and the in-text or note citation as plain text. No HTML: the render
/// stage writes the runs as HTML through its escaper.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Formatted {
    pub reference: String,
    pub reference_runs: Vec<Run>,
    pub citation: String,
}

/// A piece of a formatted reference: its text, the style's formatting, and the
/// address when the style made it a link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Run {
    pub text: String,
    #[serde(default)]
    pub face: Face,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// The formatting a CSL style gives a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Face {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub underline: bool,
    /// Superscript (`Some(true)`) or subscript (`Some(false)`).
    pub raised: Option<bool>,
}

impl Face {
    fn of(f: hayagriva::Formatting) -> Face {
        use hayagriva::citationberg::{
            FontStyle, FontVariant, FontWeight, TextDecoration, VerticalAlign,
        };
        Face {
            italic: f.font_style == FontStyle::Italic,
            bold: f.font_weight == FontWeight::Bold,
            small_caps: f.font_variant == FontVariant::SmallCaps,
            underline: f.text_decoration == TextDecoration::Underline,
            raised: match f.vertical_align {
                VerticalAlign::Sup => Some(true),
                VerticalAlign::Sub => Some(false),
                _ => None,
            },
        }
    }
}

/// The runs of hayagriva's formatted output: its structure, not its HTML (which pastes
/// the item's strings unescaped). Adjacent runs with the same face and link merge.
fn runs(children: &hayagriva::ElemChildren) -> Vec<Run> {
    fn walk(children: &hayagriva::ElemChildren, out: &mut Vec<Run>) {
        for child in &children.0 {
            let (text, face, link) = match child {
                hayagriva::ElemChild::Text(t) => (&t.text, Face::of(t.formatting), None),
                hayagriva::ElemChild::Markup(m) => (m, Face::default(), None),
                hayagriva::ElemChild::Link { text, url } => {
                    (&text.text, Face::of(text.formatting), Some(url))
                }
                hayagriva::ElemChild::Elem(e) => {
                    walk(&e.children, out);
                    continue;
                }
                hayagriva::ElemChild::Transparent { .. } => continue,
            };
            match out.last_mut() {
                Some(last) if last.face == face && last.link.as_ref() == link => {
                    last.text.push_str(text);
                }
                _ => out.push(Run {
                    text: text.clone(),
                    face,
                    link: link.cloned(),
                }),
            }
        }
    }
    let mut out = Vec::new();
    walk(children, &mut out);
    out
}

impl Citer {
    pub fn new() -> Self {
        let styles = Style::CSL
            .iter()
            .filter_map(|&s| match s.archived()?.get() {
                CslStyle::Independent(style) => Some((s, style)),
                CslStyle::Dependent(_) => None,
            })
            .collect();
        // Only English locale files: the engine searches every file it is given on each
        // request, and citations are written in English.
        let locales = hayagriva::archive::locales()
            .into_iter()
            .filter(|l| l.lang.as_ref().is_some_and(|c| c.0.starts_with("en")))
            .collect();
        Citer { styles, locales }
    }

    /// Formats a CSL-JSON item in a CSL style; `locator` is a paragraph label. `None`
    /// when the item is not valid CSL-JSON for the engine.
    pub fn format(&self, item: &Value, style: Style, locator: Option<&str>) -> Option<Formatted> {
        let csl = &self.styles.iter().find(|(s, _)| *s == style)?.1;
        let entry: csl_json::Item = serde_json::from_value(item.clone()).ok()?;
        let locale = Some(LocaleCode::en_us());
        let mut driver: BibliographyDriver<'_, csl_json::Item> = BibliographyDriver::new();
        let mut cite_item = CitationItem::new(&entry, None, locale.clone(), false, None);
        if let Some(l) = locator {
            cite_item.locator = Some(SpecificLocator(Locator::Paragraph, LocatorPayload::Str(l)));
        }
        driver.citation(CitationRequest::new(
            vec![cite_item],
            csl,
            locale.clone(),
            &self.locales,
            Some(1),
        ));
        let result = driver.finish(BibliographyRequest::new(csl, locale, &self.locales));
        let write = |e: &hayagriva::ElemChildren, f: BufWriteFormat| {
            let mut s = String::new();
            e.write_buf(&mut s, f).ok()?;
            Some(s)
        };
        let citation = write(&result.citations.first()?.citation, BufWriteFormat::Plain)?;
        let (reference, reference_runs) =
            match result.bibliography.as_ref().and_then(|b| b.items.first()) {
                Some(item) => (
                    write(&item.content, BufWriteFormat::Plain)?,
                    runs(&item.content),
                ),
                None => (citation.clone(), runs(&result.citations.first()?.citation)),
            };
        Some(Formatted {
            reference,
            reference_runs,
            citation,
        })
    }
}
