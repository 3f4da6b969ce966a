//! The one input error of the HTTP edge: a request whose fields could not be parsed into a
//! command (an invalid email, a weak new password). Parsing happens here, in the adapter, and
//! the use cases take commands of parsed values; each operation answers this with its 422.

use std::fmt::Display;

/// What was wrong with the input, for the client.
#[derive(Debug)]
pub struct InvalidInput(pub String);

impl InvalidInput {
    /// The input error a parser reported, worded as it words it.
    pub fn from_error(err: impl Display) -> Self {
        Self(err.to_string())
    }
}
