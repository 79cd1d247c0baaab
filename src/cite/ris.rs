//! RIS, as reference managers import it.

use super::Record;

/// RIS, as reference managers import it.
pub fn ris(r: &Record, locator: Option<&str>) -> String {
    let mut lines = vec![format!(
        "TY  - {}",
        if r.kind.is_news() { "NEWS" } else { "ELEC" }
    )];
    lines.push(format!("TI  - {}", r.title));
    if let Some(p) = r.corporate_author() {
        lines.push(format!("AU  - {p}"));
    } else {
        for a in &r.authors {
            lines.push(format!(
                "AU  - {}",
                match a.rsplit_once(' ') {
                    Some((given, family)) => format!("{family}, {given}"),
                    None => a.clone(),
                }
            ));
        }
    }
    lines.push(format!("PY  - {}", r.date.format("%Y")));
    lines.push(format!("DA  - {}", r.date.format("%Y/%m/%d/")));
    if let Some(p) = &r.publisher {
        lines.push(format!("PB  - {p}"));
        lines.push(format!("T2  - {p}"));
    }
    if let Some(u) = r.url.as_ref().or(r.archive_url.as_ref()) {
        lines.push(format!("UR  - {u}"));
    }
    if let Some(a) = r.accessed {
        lines.push(format!("Y2  - {}", a.format("%Y/%m/%d/")));
    }
    if let Some(l) = locator {
        lines.push(format!("SP  - para. {l}"));
    }
    lines.push(format!("N1  - {}", r.note()));
    lines.push(format!("LA  - {}", r.language));
    lines.push(format!("DB  - {}", r.archive_name));
    lines.push("ER  - ".into());
    lines.join("\n") + "\n"
}
