//! Routes the chosen adapters bring along, composed onto the API's route table.

use std::sync::Arc;

use poem::Route;
use secrecy::SecretString;

use crate::adapters::simulated_stripe::{SimulatedPages, SimulatedStripe};
use crate::app::billing::BillingService;
use crate::bootstrap::config::{DEV_WEBHOOK_SECRET, Settings};

pub type Pages = Box<dyn FnOnce(Route) -> Route + Send>;

/// No pages beyond the API's.
pub fn no_pages() -> Pages {
    Box::new(|routes| routes)
}

/// `first`'s pages, then `second`'s.
pub fn both_pages(first: Pages, second: Pages) -> Pages {
    Box::new(move |routes| second(first(routes)))
}

/// The simulated Stripe's checkout and portal pages, signing their events with `settings`'
/// first webhook secret.
pub fn simulated_pages(settings: &Settings, billing: Arc<BillingService>, stripe: Arc<SimulatedStripe>) -> Pages {
    let pages = SimulatedPages {
        billing,
        stripe,
        signing_secret: signing_secret(settings),
        frontend_url: settings.frontend_url(),
    };
    Box::new(move |routes| pages.mount(routes))
}

/// The secret the simulated checkout signs its events with: the first configured one.
fn signing_secret(settings: &Settings) -> SecretString {
    settings.webhook_secrets().into_iter().next().unwrap_or_else(|| SecretString::from(DEV_WEBHOOK_SECRET))
}
