//! What a citation says, read from the resolved archive: a document's [`Record`] and an
//! annotation's CSL-JSON item.

use serde_json::{Value, json};

use crate::model::{AnnotationId, DocId, paths};
use crate::resolve::Archive;

use super::{Record, date_parts, person};

/// The citation record of a document.
pub fn record(archive: &Archive, doc: DocId) -> Record {
    let d = &archive.docs[doc].doc;
    let m = &d.meta;
    let permalink = paths::doc_dir(&archive.site.base_url, &d.slug);
    Record {
        id: d.slug.clone(),
        kind: m.kind.clone(),
        title: m.title.clone(),
        authors: m.source.authors.clone(),
        publisher: m.source.publisher.clone(),
        date: m.date,
        url: m.source.url.clone(),
        archive_url: Some(permalink).filter(|u| u.contains("://")),
        archive_name: archive.site.title.clone(),
        accessed: m.capture.as_ref().and_then(|c| c.date),
        republished: m
            .republished
            .iter()
            .map(|r| (r.publisher.clone(), r.date))
            .collect(),
        language: m
            .language
            .clone()
            .unwrap_or_else(|| archive.site.language.clone()),
    }
}

/// The CSL-JSON item of an annotation: a post of the archive, by its author.
pub fn annotation_item(archive: &Archive, id: AnnotationId) -> Value {
    let r = &archive.annotations[id];
    let a = &r.annotation;
    let title = a.title.clone().unwrap_or_else(|| {
        format!(
            "Annotation on “{}”",
            r.doc.map_or(a.target.as_str(), |d| archive.docs[d]
                .doc
                .meta
                .title
                .as_str())
        )
    });
    json!({
        "id": a.id,
        "type": "post-weblog",
        "title": title,
        "author": [person(&a.author)],
        "issued": { "date-parts": [date_parts(a.date)] },
        "container-title": archive.site.title,
        "URL": paths::annotation_dir(&archive.site.base_url, &a.id),
        "genre": format!("{} annotation", a.kind),
    })
}
