//! The five services, as the composition root hands them to the adapters that drive them
//! (HTTP, the command line, the simulated Stripe's pages).

use std::sync::Arc;

use super::accounts::AccountsService;
use super::alerts::{AlertsService, PushDeviceRegistry};
use super::billing::BillingService;
use super::operations::OperationsService;
use super::signals::SignalsService;

#[derive(Clone)]
pub struct Services {
    pub accounts: Arc<AccountsService>,
    pub billing: Arc<BillingService>,
    pub signals: Arc<SignalsService>,
    pub operations: Arc<OperationsService>,
    /// The browsers each user receives push alerts on.
    pub push_devices: Arc<PushDeviceRegistry>,
    pub alerts: Arc<AlertsService>,
}
