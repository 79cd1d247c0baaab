//! Formatted citations kept between builds in `.scholia/cache/citations.json`, keyed
//! by a hash of everything a citation's text depends on. A damaged or outdated cache is
//! simply empty: the build never depends on it for its result.

use std::collections::BTreeMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{Formatted, Style};

/// The key of a formatted citation: a hash of everything its text depends on.
pub(crate) fn cache_key(item: &Value, style: Style, locator: Option<&str>) -> String {
    let digest = Sha256::digest(
        format!(
            "{}\0{}\0{}\0{}",
            CACHE_VERSION,
            item,
            style.key(),
            locator.unwrap_or("")
        )
        .as_bytes(),
    );
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Bump when the formatting changes, so cached citations are not reused.
const CACHE_VERSION: &str = "scholia-cite-2";

/// The citation cache, as stored between builds.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct CiteCache {
    pub entries: BTreeMap<String, Formatted>,
}

impl CiteCache {
    pub const PATH: &'static str = ".scholia/cache/citations.json";

    /// Parses a stored cache; a damaged or outdated one is simply empty.
    pub fn parse(text: &str) -> CiteCache {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn render(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl CiteCache {
    /// The citation of `item` in `style`: from this cache when it holds it, else
    /// formatted. Either way it is recorded in `next`, the next build's cache.
    pub fn format(
        &self,
        citer: &super::Citer,
        next: &mut BTreeMap<String, Formatted>,
        item: &Value,
        style: Style,
        locator: Option<&str>,
    ) -> Option<Formatted> {
        let key = cache_key(item, style, locator);
        let f = match self.entries.get(&key) {
            Some(f) => f.clone(),
            None => citer.format(item, style, locator)?,
        };
        next.insert(key, f.clone());
        Some(f)
    }
}
