//! All integration tests, in one binary so it links once.
//!
//! - `contracts`: one suite per port, run against the in-memory fake and every real adapter.
//! - `support`: shared helpers (real-service URLs, test apps).

mod contracts;
mod support;
