//! The whole application over in-memory adapters and a clock the test controls: what
//! [`super::test_app::TestApp`] serves.

use std::sync::Arc;

use signalbox::adapters::clock::ManualClock;
use signalbox::adapters::memory::{InMemoryAccounts, InMemoryRefreshTokens};
use signalbox::adapters::simulated_stripe::SimulatedStripe;
use signalbox::bootstrap::config::Settings;
use signalbox::bootstrap::wiring::{InProcess, Wired, in_process, no_pages, simulated_pages};
use signalbox::ports::{BillingStore, PasswordHasher, PaymentGateway};

/// The stores behind an in-memory app. A test keeps them to rebuild the app over the same
/// data, e.g. with a raised password-hashing cost.
#[derive(Clone, Default)]
pub struct MemoryStores {
    pub accounts: Arc<InMemoryAccounts>,
    pub refresh_tokens: Arc<InMemoryRefreshTokens>,
}

/// Every port in memory, with the simulated Stripe as the payment gateway.
pub fn in_memory(
    settings: &Settings,
    clock: Arc<ManualClock>,
    hasher: Arc<dyn PasswordHasher>,
    stores: MemoryStores,
) -> Wired {
    let billing = stores.accounts.clone();
    with_billing(settings, clock, hasher, stores, billing)
}

/// Like [`in_memory`], with `billing` as the billing port instead of the accounts store.
pub fn with_billing(
    settings: &Settings,
    clock: Arc<ManualClock>,
    hasher: Arc<dyn PasswordHasher>,
    stores: MemoryStores,
    billing: Arc<dyn BillingStore>,
) -> Wired {
    let simulated = Arc::new(SimulatedStripe::new(settings.public_url()));
    let parts = InProcess {
        users: stores.accounts,
        billing,
        refresh_tokens: stores.refresh_tokens,
        gateway: simulated.clone(),
        hasher,
        clock,
    };
    let app = in_process(settings, parts).expect("valid settings");
    Wired { pages: simulated_pages(settings, app.clone(), simulated), app }
}

/// Every store in memory, with `gateway` (e.g. the Stripe adapter against a fake Stripe) as
/// the payment gateway and no simulated pages.
pub fn with_gateway(
    settings: &Settings,
    clock: Arc<ManualClock>,
    hasher: Arc<dyn PasswordHasher>,
    stores: MemoryStores,
    gateway: Arc<dyn PaymentGateway>,
) -> Wired {
    let parts = InProcess {
        users: stores.accounts.clone(),
        billing: stores.accounts,
        refresh_tokens: stores.refresh_tokens,
        gateway,
        hasher,
        clock,
    };
    Wired { app: in_process(settings, parts).expect("valid settings"), pages: no_pages() }
}
