//! A document's kind: what sort of source it is. The kind decides how it is cited (a
//! news report is an article in a paper; a transcript or statement is a page its
//! publisher issued) and which kind page lists it. Kinds beyond the known ones are
//! allowed (`kind: hearing`), as long as they are slugs: the kind is a page's address.

use std::fmt;

/// A document's kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Transcript,
    Article,
    Statement,
    Interview,
    Speech,
    /// The default when front matter names none.
    Document,
    /// Any other kind, as written (a valid slug).
    Other(String),
}

impl Kind {
    /// The kinds Scholia knows, by name.
    pub const KNOWN: [&'static str; 6] = [
        "transcript",
        "article",
        "statement",
        "interview",
        "speech",
        "document",
    ];

    /// The kind named `name` (already checked to be a slug).
    pub fn from_name(name: &str) -> Kind {
        match name {
            "transcript" => Kind::Transcript,
            "article" => Kind::Article,
            "statement" => Kind::Statement,
            "interview" => Kind::Interview,
            "speech" => Kind::Speech,
            "document" => Kind::Document,
            other => Kind::Other(other.to_string()),
        }
    }

    /// Its name, as front matter writes it and as its page's address.
    pub fn name(&self) -> &str {
        match self {
            Kind::Transcript => "transcript",
            Kind::Article => "article",
            Kind::Statement => "statement",
            Kind::Interview => "interview",
            Kind::Speech => "speech",
            Kind::Document => "document",
            Kind::Other(s) => s,
        }
    }

    /// A news report: cited as an article of the paper that published it (so its
    /// publisher is never its author).
    pub fn is_news(&self) -> bool {
        matches!(self, Kind::Article)
    }

    /// Someone's spoken or issued words (not a report about them).
    pub fn is_primary_record(&self) -> bool {
        matches!(
            self,
            Kind::Transcript | Kind::Interview | Kind::Statement | Kind::Speech
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in Kind::KNOWN.into_iter().chain(["hearing"]) {
            assert_eq!(Kind::from_name(name).name(), name);
        }
        assert!(Kind::Article.is_news() && !Kind::Transcript.is_news());
        assert_eq!(Kind::from_name("hearing"), Kind::Other("hearing".into()));
    }
}
