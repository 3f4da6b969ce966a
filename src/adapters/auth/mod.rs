//! Credentials: argon2id password hashing and HS256 JWT access tokens.

pub mod argon2_hasher;
pub mod jwt;

pub use argon2_hasher::{Argon2Hasher, Argon2Settings};
pub use jwt::{JwtIssuer, JwtSettings};
