//! Who may keep using what they were given: the announcements that take access away, and the
//! rule that turns one into the end of a long-lived use such as the live stream.
//!
//! A request is checked when it arrives; a stream lasts for hours. Everything that can end a
//! holder's right to it — the token's expiry, a logout, revoked sessions, a changed password,
//! a deleted account, a plan turning free — is either known in advance (expiry) or announced
//! across instances as an [`AccessChange`]; [`stream_end_for`] says whether one ends a given
//! stream and why.

mod access_change;
mod stream_end;

pub use access_change::AccessChange;
pub use stream_end::{StreamEnd, StreamHolder, stream_end_for};
