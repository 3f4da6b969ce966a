//! Access to the real PostgreSQL and Redis used by adapter tests.
//!
//! `TEST_DATABASE_URL` / `TEST_REDIS_URL` name the servers. When a URL is set, the test runs
//! and fails if the server does not answer. When it is unset, the test fails under CI
//! (`CI` set) and is skipped with a loud message on a developer machine, so a real-service
//! test never passes silently without its service. `make test` sets both URLs.

pub fn postgres_url() -> Option<String> {
    required_url("TEST_DATABASE_URL")
}

pub fn redis_url() -> Option<String> {
    required_url("TEST_REDIS_URL")
}

fn required_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{var} is not set but CI is: real-service tests must run in CI")
        }
        _ => {
            eprintln!("SKIPPED: {var} is not set; run `make test` to include real-service tests");
            None
        }
    }
}

/// A random suffix for schema names and key prefixes, so parallel tests and reruns never
/// collide.
pub fn unique_suffix() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}
