pub mod real_services;
