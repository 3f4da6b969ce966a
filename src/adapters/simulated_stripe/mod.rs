//! A stand-in for Stripe that keeps the whole product working offline.
//!
//! It implements the [`crate::ports::PaymentGateway`] port in memory, and produces the events
//! Stripe would send when the user pays or cancels on our simulated checkout page. Those events
//! are real-shaped and signed with the webhook secret, then go through the same verification
//! and handling path as Stripe's own deliveries.

pub mod events;
pub mod gateway;

pub use gateway::{SimulatedSession, SimulatedStripe};
