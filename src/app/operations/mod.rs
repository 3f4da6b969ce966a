//! The operations context: readiness (`/ready`), the demo accounts (`signalbox demo seed`) and
//! an operator's look at one account (`signalbox users show`), and the deployment's public
//! identity (`/site`).
//!
//! [`OperationsService`] holds the health checks and the few account ports these need; what
//! billing knows it asks of billing through [`crate::app::shared::OperatorBilling`].

mod readiness;
mod seed_demo;
mod service;
mod site;
mod user_overview;

pub use readiness::Readiness;
pub use seed_demo::{DEMO_GRANT_DAYS, DemoAccounts, SeedDemoError};
pub use service::{OperationsPolicies, OperationsPorts, OperationsService};
pub use site::SiteFacts;
pub use user_overview::{UserOverview, UserOverviewError};
