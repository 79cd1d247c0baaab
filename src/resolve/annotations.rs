//! Annotations in the resolve stage: each is anchored to its document's text
//! (preferring the paragraph the lock recorded, then its own hint), reported by status
//! with its place, and its sources resolved, so the paragraphs it cites can show that
//! an annotation cites them.

use std::collections::{BTreeMap, HashMap};

use crate::diag::{Diagnostic, Severity, did_you_mean};
use crate::model::{AnnotationId, BlockRef, DocId, IdSlice, IdVec};
use crate::parse::annotation::Annotation;
use crate::parse::document::Document;
use crate::resolve::Anchor;
use crate::resolve::addresses::Addresses;
use crate::resolve::selector::{self, Anchored, Selector, Status};

use super::links::{LinkIndex, Target};

/// Where an annotation anchored, what its sources are and where its links go.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The target document, if it exists.
    pub doc: Option<DocId>,
    pub anchored: Anchored,
    /// Its `[[…]]` sources, resolved, by source string.
    pub sources: Vec<(String, Target)>,
    /// The paragraphs its sources cite.
    pub cites: Vec<BlockRef>,
    /// Its body's links.
    pub links: HashMap<String, Target>,
}

/// Every annotation placed, and the lock's annotation entries (id → paragraph address).
pub struct Placements {
    pub annotations: IdVec<AnnotationId, Placed>,
    pub lock: BTreeMap<String, String>,
}

pub fn resolve(
    annotations: &IdSlice<AnnotationId, Annotation>,
    docs: &IdSlice<DocId, Document>,
    addresses: &IdSlice<DocId, Addresses>,
    locked: &BTreeMap<String, String>,
    ix: &LinkIndex<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Placements {
    let mut out = Placements {
        annotations: IdVec::new(),
        lock: BTreeMap::new(),
    };
    for a in annotations {
        let doc = ix.doc(&a.target);
        let anchored = match doc {
            None => {
                diags.push(unknown_target(a, docs));
                Anchored {
                    status: Status::Orphaned,
                    place: None,
                    score: 0.0,
                }
            }
            Some(d) => {
                let anchors = &addresses[d].per_block;
                let anchored = place(a, &docs[d], anchors, locked.get(&a.id));
                report(a, &docs[d], anchors, &anchored, diags);
                if let Some((b, _, _)) = anchored.place
                    && let Some(Some(anchor)) = anchors.get(b)
                {
                    out.lock.insert(a.id.clone(), anchor.id.clone());
                }
                anchored
            }
        };
        let (sources, cites) = sources(a, addresses, ix, diags);
        let (links, d) = super::links::resolve(&a.body, &a.path, None, ix);
        diags.extend(d);
        out.annotations.push(Placed {
            doc,
            anchored,
            sources,
            cites,
            links,
        });
    }
    out
}

/// An annotation whose target is no document: an error, with the nearest address.
fn unknown_target(a: &Annotation, docs: &IdSlice<DocId, Document>) -> Diagnostic {
    let slugs: Vec<&str> = docs.iter().map(|d| d.slug.as_str()).collect();
    let help = match did_you_mean(&a.target, &slugs) {
        Some(c) => format!("did you mean `{c}`?"),
        None => "`target` is a document's file name without .md".into(),
    };
    Diagnostic::error(
        &a.path,
        a.target_pos,
        format!(
            "the annotated document `{}` is not in the archive",
            a.target
        ),
    )
    .help(help)
}

/// Where an annotation's quote anchors in its document, preferring the paragraph the
/// lock recorded, then its own paragraph hint.
fn place(
    a: &Annotation,
    doc: &Document,
    anchors: &[Option<Anchor>],
    locked: Option<&String>,
) -> Anchored {
    let block_of = |id: &str| {
        anchors
            .iter()
            .position(|x| x.as_ref().is_some_and(|x| x.id == id))
    };
    let hint = locked
        .and_then(|p| block_of(p))
        .or_else(|| a.paragraph.as_deref().and_then(block_of));
    let texts: Vec<&str> = doc.body.blocks.iter().map(|b| b.text.as_str()).collect();
    selector::anchor(
        &texts,
        &Selector {
            quote: a.quote.clone(),
            prefix: a.prefix.clone(),
            suffix: a.suffix.clone(),
            hint,
        },
    )
}

/// An annotation's `[[…]]` sources resolved (an unknown one is an error), and the
/// paragraphs they cite.
fn sources(
    a: &Annotation,
    addresses: &IdSlice<DocId, Addresses>,
    ix: &LinkIndex<'_>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<(String, Target)>, Vec<BlockRef>) {
    let mut sources = Vec::new();
    let mut cites = Vec::new();
    for s in &a.sources {
        let Some(inner) = s
            .trim()
            .strip_prefix("[[")
            .and_then(|r| r.strip_suffix("]]"))
        else {
            continue;
        };
        let dest = inner.split('|').next().unwrap_or(inner);
        match ix.wiki(dest, None) {
            Ok(t) => {
                if let Target::Document {
                    doc,
                    anchor: Some(id),
                } = &t
                    && let Some(b) = addresses[*doc]
                        .per_block
                        .iter()
                        .position(|x| x.as_ref().is_some_and(|x| &x.id == id))
                {
                    cites.push(BlockRef::new(*doc, b));
                }
                sources.push((s.clone(), t));
            }
            Err((message, help)) => diags.push(
                Diagnostic::error(&a.path, a.sources_pos, format!("source {message}")).help(help),
            ),
        }
    }
    (sources, cites)
}

/// `check` lists every annotation with its status; an orphan is a warning.
fn report(
    a: &Annotation,
    doc: &Document,
    anchors: &[Option<Anchor>],
    anchored: &Anchored,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |b: usize| {
        anchors.get(b).and_then(Option::as_ref).map_or_else(
            || "an unnumbered block".to_string(),
            |x| format!("¶{}", x.label),
        )
    };
    let words = |b: usize, s: usize, e: usize| {
        doc.body.blocks[b].text[s..e]
            .chars()
            .take(60)
            .collect::<String>()
    };
    let (severity, message, help) = match (anchored.status, anchored.place) {
        (Status::Orphaned, _) => (
            Severity::Warning,
            format!("annotation is orphaned: its quoted words are no longer in {}", doc.slug),
            "it is listed apart on the document's page; update `quote` to the words as they now read, or remove the annotation".to_string(),
        ),
        (status, Some((b, s, e))) => (
            Severity::Note,
            format!("annotation anchored ({}) at {} of {}: \"{}\"", status.name(), at(b), doc.slug, words(b, s, e)),
            match status {
                Status::Fuzzy => format!("the words differ slightly from the quote (similarity {:.2}); check and update `quote`", anchored.score),
                Status::Moved => "found elsewhere than its paragraph hint, or with spacing or punctuation styles differing".into(),
                _ => "anchored as written".into(),
            },
        ),
        (_, None) => return,
    };
    diags.push(Diagnostic::new(severity, &a.path, a.quote_pos, message).help(help));
}
