//! A stand-in for Stripe that keeps the whole product working offline, in one place.
//!
//! - [`gateway`]: the [`crate::ports::PaymentGateway`] port in memory (customers, checkout and
//!   portal sessions).
//! - [`events`]: the real-shaped events Stripe would send when a user pays or cancels.
//! - [`checkout_page`] and [`portal_page`]: the pages a browser is sent to instead of Stripe's,
//!   and [`routes`], where they are mounted.
//!
//! The pages sign their events with the webhook secret (Stripe's scheme, the one module this
//! adapter shares with `stripe_webhook`) and hand them to the same verification and handling
//! path as Stripe's own deliveries, so a simulated payment exercises the real webhook code.

pub mod checkout_page;
pub mod events;
pub mod gateway;
pub mod portal_page;
pub mod routes;

pub use checkout_page::SimulatedPages;
pub use gateway::{SimulatedSession, SimulatedStripe};
