//! Character-level clean-up of a capture before anything reads it: byte-order mark,
//! Windows and old Mac line endings, non-breaking and other unusual spaces, zero-width
//! characters and soft hyphens. Letters, digits and punctuation are never touched, so
//! the words stay the source's.

/// The normalised text and how many characters of each kind were changed.
pub fn normalize(raw: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(raw.len());
    let mut counts = [0usize; 5];
    let mut chars = raw
        .strip_prefix('\u{feff}')
        .unwrap_or(raw)
        .chars()
        .peekable();
    if raw.starts_with('\u{feff}') {
        counts[0] += 1;
    }
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                counts[1] += 1;
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\u{2028}' | '\u{2029}' | '\u{0085}' => {
                counts[1] += 1;
                out.push('\n');
            }
            '\u{00a0}' | '\u{2007}' | '\u{202f}' | '\u{2000}'..='\u{200a}' | '\u{3000}' | '\t' => {
                counts[2] += 1;
                out.push(' ');
            }
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => counts[3] += 1,
            '\u{00ad}' => counts[4] += 1,
            c if c.is_control() && c != '\n' => counts[2] += 1,
            c => out.push(c),
        }
    }
    // Trailing spaces carry nothing.
    let mut cleaned = String::with_capacity(out.len());
    for line in out.split('\n') {
        cleaned.push_str(line.trim_end());
        cleaned.push('\n');
    }
    let names = [
        "byte-order mark",
        "line endings",
        "unusual spaces or control characters",
        "zero-width characters",
        "soft hyphens",
    ];
    let changes = names
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| format!("normalised: {n} {name}"))
        .collect();
    (cleaned, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_differences_go_and_words_stay() {
        let (t, changes) =
            normalize("\u{feff}Co\u{00ad}operation\u{200b} in\u{00a0}Kyiv\r\nnext\rline\t \n");
        assert_eq!(t, "Cooperation in Kyiv\nnext\nline\n\n");
        assert_eq!(changes.len(), 5, "{changes:?}");
    }

    #[test]
    fn punctuation_and_quotes_are_kept() {
        let s = "“Quoted” – it's 'x'… «да» — 1,300\n";
        assert_eq!(normalize(s).0, format!("{s}\n"));
    }
}
