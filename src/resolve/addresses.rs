//! Permanent paragraph addresses in the resolve stage: each document's numbered
//! blocks matched against the anchors lock ([`super::anchors`] holds the matching),
//! the addresses of removed paragraphs, and document addresses that clash.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Pos};
use crate::parse::document::Document;

use super::anchors;

/// A paragraph's address within its document: `id` is the fragment (`p14`), `label`
/// the number shown (`14`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub id: String,
    pub label: String,
    /// The date the paragraph's text was last found changed, if it ever was.
    pub revised: Option<String>,
}

/// An address whose paragraph was removed: it resolves to a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemovedAnchor {
    pub id: String,
    pub label: String,
    pub date: String,
    /// The live addresses it stood between.
    pub after: Option<String>,
    pub before: Option<String>,
}

/// A document's addresses: one per block (numbered blocks only), the removed ones, and
/// the document's entries for the next lock.
pub struct Addresses {
    pub per_block: Vec<Option<Anchor>>,
    pub removed: Vec<RemovedAnchor>,
    pub lock: Vec<anchors::Locked>,
}

/// Each numbered block's permanent address, matched against the lock; the removed
/// addresses that still resolve to a note; and the document's new lock entries.
pub fn assign(doc: &Document, locked: &[anchors::Locked], today: &str) -> Addresses {
    let texts: Vec<&str> = doc
        .body
        .blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .map(|b| b.text.as_str())
        .collect();
    let prints = anchors::prints(&texts, locked);
    let matched = anchors::assign(&prints, locked, today);
    let mut assigned = matched.assigned.into_iter();
    let per_block = doc
        .body
        .blocks
        .iter()
        .map(|b| {
            let a = if b.kind.is_numbered() {
                assigned.next()
            } else {
                None
            };
            a.map(|a| Anchor {
                label: label_of(&a.id),
                id: a.id,
                revised: a.revised,
            })
        })
        .collect();
    let removed = matched
        .lock
        .iter()
        .filter_map(|l| {
            Some(RemovedAnchor {
                id: l.id.clone(),
                label: label_of(&l.id),
                date: l.removed.clone()?,
                after: l.after.clone(),
                before: l.before.clone(),
            })
        })
        .collect();
    Addresses {
        per_block,
        removed,
        lock: matched.lock,
    }
}

/// `p14a` → `14a`.
pub fn label_of(id: &str) -> String {
    id.strip_prefix('p').unwrap_or(id).to_string()
}

/// Two documents with the same file name (in different folders) would have one
/// address: an error at the second.
pub fn duplicate_slugs<'a>(docs: impl Iterator<Item = &'a Document>) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<&str, &Document> = BTreeMap::new();
    let mut diags = Vec::new();
    let mut by_path: Vec<&Document> = docs.collect();
    by_path.sort_by(|a, b| a.path.cmp(&b.path));
    for doc in by_path {
        if let Some(first) = seen.get(doc.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &doc.path,
                    Pos::START,
                    format!(
                        "duplicate document address `{}`: {} has it too",
                        doc.slug,
                        first.path.display()
                    ),
                )
                .help(
                    "two documents cannot share a file name, even in different folders; rename one",
                ),
            );
        } else {
            seen.insert(&doc.slug, doc);
        }
    }
    diags
}
