pub mod api_client;
pub mod backing;
pub mod flaky_proxy;
pub mod passing_time;
pub mod real_services;
pub mod redis;
pub mod signed_events;
pub mod test_app;
