//! Handlers written as a sequence of steps: every step's failure converts (`From`) into the
//! operation's own response enum, so `?` answers it, and the last step builds the success.
//! The response enum stays one type with every status on it, so `openapi.json` is unchanged.

/// The answer of a handler whose steps ran in `steps`: the success, or the first failure.
pub(super) fn answered<R>(steps: Result<R, R>) -> R {
    steps.unwrap_or_else(|failure| failure)
}
