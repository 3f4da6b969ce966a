pub mod faulty_billing;
pub mod flaky_proxy;
pub mod passing_time;
pub mod real_services;
pub mod redis;
pub mod set_cookie;
pub mod test_app;
