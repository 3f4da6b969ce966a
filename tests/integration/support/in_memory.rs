//! The whole application over in-memory adapters and a clock the test controls: what
//! [`super::test_app::TestApp`] serves.

use std::sync::Arc;

use signalbox::adapters::clock::ManualClock;
use signalbox::adapters::mail::DevOutbox;
use signalbox::adapters::memory::{InMemoryAccounts, InMemoryPasswordResets, InMemoryRefreshTokens};
use signalbox::adapters::simulated_stripe::SimulatedStripe;
use signalbox::bootstrap::config::Settings;
use signalbox::bootstrap::wiring::{InProcess, Wired, both_pages, in_process, mailbox_page, no_pages, simulated_pages};
use signalbox::ports::{BillingStore, PasswordHasher, PaymentGateway, UserRepository};

/// The stores behind an in-memory app. A test keeps them to rebuild the app over the same
/// data, e.g. with a raised password-hashing cost.
#[derive(Clone)]
pub struct MemoryStores {
    pub accounts: Arc<InMemoryAccounts>,
    pub refresh_tokens: Arc<InMemoryRefreshTokens>,
    pub password_resets: Arc<InMemoryPasswordResets>,
    /// The mail the app sent, as `GET /dev/mailbox` lists it.
    pub outbox: Arc<DevOutbox>,
    /// The payment gateway, to see what the app asked of it.
    pub stripe: Arc<SimulatedStripe>,
}

impl MemoryStores {
    /// Empty stores; the outbox stamps mail with `clock`.
    pub fn new(clock: Arc<ManualClock>, settings: &Settings) -> Self {
        Self {
            accounts: Arc::default(),
            refresh_tokens: Arc::default(),
            password_resets: Arc::default(),
            outbox: Arc::new(DevOutbox::new(clock)),
            stripe: Arc::new(SimulatedStripe::new(settings.public_url())),
        }
    }
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
    let users = stores.accounts.clone();
    with_users_and_billing(settings, clock, hasher, stores, users, billing)
}

/// Like [`in_memory`], with `users` (e.g. a wrapper around the accounts store) as the user
/// repository.
pub fn with_users(
    settings: &Settings,
    clock: Arc<ManualClock>,
    hasher: Arc<dyn PasswordHasher>,
    stores: MemoryStores,
    users: Arc<dyn UserRepository>,
) -> Wired {
    let billing = stores.accounts.clone();
    with_users_and_billing(settings, clock, hasher, stores, users, billing)
}

/// The app over `stores`, with `users` and `billing` as those two ports.
fn with_users_and_billing(
    settings: &Settings,
    clock: Arc<ManualClock>,
    hasher: Arc<dyn PasswordHasher>,
    stores: MemoryStores,
    users: Arc<dyn UserRepository>,
    billing: Arc<dyn BillingStore>,
) -> Wired {
    let simulated = stores.stripe.clone();
    let parts = InProcess {
        users,
        billing,
        refresh_tokens: stores.refresh_tokens,
        password_resets: stores.password_resets,
        mailer: stores.outbox.clone(),
        gateway: simulated.clone(),
        hasher,
        market_clock: clock.clone(),
        clock,
    };
    let app = in_process(settings, parts).expect("valid settings");
    let pages = both_pages(
        simulated_pages(settings, app.billing.clone(), simulated),
        mailbox_page(stores.outbox, app.accounts.clone()),
    );
    Wired { pages, app }
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
        password_resets: stores.password_resets,
        mailer: stores.outbox,
        gateway,
        hasher,
        market_clock: clock.clone(),
        clock,
    };
    Wired { app: in_process(settings, parts).expect("valid settings"), pages: no_pages() }
}
