//! The values the stages pass each other: identifiers, and the validators for names
//! that become paths.

pub mod ids;
pub mod kind;
pub mod paths;
pub mod slug;

pub use ids::{AnnotationId, BlockRef, DocId, EntityId, EventId, IdSlice, IdVec};
pub use kind::Kind;
