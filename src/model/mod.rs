//! The values the stages pass each other: identifiers, and the validators for names
//! that become paths.

pub mod slug;
