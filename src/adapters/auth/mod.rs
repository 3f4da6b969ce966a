//! Credentials: argon2id password hashing and HS256 JWT access tokens.

pub mod argon2_hasher;
mod hashing_priority;
mod hashing_threads;
pub mod jwt;
mod verified_tokens;

pub use argon2_hasher::{Argon2Hasher, Argon2Settings, HashingPool};
pub use jwt::{JwtIssuer, JwtSettings};
