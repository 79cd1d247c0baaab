//! Typed identifiers of the archive's arenas. A document, an entity, an event and an
//! annotation are each a position in their own [`IdVec`], numbered in the archive's
//! order after the resolve stage sorts them; the type says which arena an index
//! belongs to, so a document's number can never index the entities.

use serde::Serialize;

/// A vector indexed by a typed id.
pub type IdVec<I, T> = typed_index_collections::TiVec<I, T>;
/// A slice indexed by a typed id.
pub type IdSlice<I, T> = typed_index_collections::TiSlice<I, T>;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub struct $name(u32);

        impl From<usize> for $name {
            fn from(i: usize) -> Self {
                $name(u32::try_from(i).expect("an archive holds fewer than 2^32 items"))
            }
        }

        impl From<$name> for usize {
            fn from(id: $name) -> usize {
                id.0 as usize
            }
        }
    };
}

id!(
    /// A document: its place in the archive's order (newest first).
    DocId
);
id!(
    /// A person, place or organisation (stubs included).
    EntityId
);
id!(
    /// An event (oldest first).
    EventId
);
id!(
    /// An archivist's annotation (by its id).
    AnnotationId
);

/// One block of one document: the unit paragraph addresses, mentions, quotations and
/// annotations attach to. `block` indexes the document's body blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct BlockRef {
    pub doc: DocId,
    pub block: usize,
}

impl BlockRef {
    pub fn new(doc: DocId, block: usize) -> Self {
        BlockRef { doc, block }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_index_only_their_own_arena() {
        let mut docs: IdVec<DocId, &str> = IdVec::new();
        let a = docs.push_and_get_key("a");
        let b = docs.push_and_get_key("b");
        assert_eq!((docs[a], docs[b]), ("a", "b"));
        assert_eq!(usize::from(b), 1);
        assert!(BlockRef::new(a, 3) < BlockRef::new(b, 0));
    }
}
