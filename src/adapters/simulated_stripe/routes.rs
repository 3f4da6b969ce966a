//! Where the simulated checkout and billing-portal pages live in the route table. The
//! composition root mounts them only when checkout is simulated.
//!
//! Every page is `Cache-Control: no-store`: its link stays in the browser's history, and Back
//! after logging out must ask the server again rather than show a stored copy.

use poem::http::header::CACHE_CONTROL;
use poem::middleware::SetHeader;
use poem::{EndpointExt, Route, get, post};

use super::checkout_page::{STYLESHEET_PATH, SimulatedPages, pay_page, show_page, stylesheet};
use super::portal_page::{cancel_subscription, confirm_cancel, resume_subscription, show_portal};

impl SimulatedPages {
    /// `routes` plus the pages, at the URLs [`super::SimulatedStripe`] hands out.
    pub fn mount(self, routes: Route) -> Route {
        let no_store = || SetHeader::new().overriding(CACHE_CONTROL, "no-store");
        routes
            .at(STYLESHEET_PATH, get(stylesheet))
            .at("/billing/simulated-checkout/:session_id", get(show_page).data(self.clone()).with(no_store()))
            .at("/billing/simulated-checkout/:session_id/pay", post(pay_page).data(self.clone()).with(no_store()))
            .at("/billing/simulated-portal/:session_id", get(show_portal).data(self.clone()).with(no_store()))
            .at(
                "/billing/simulated-portal/:session_id/cancel",
                get(confirm_cancel).post(cancel_subscription).data(self.clone()).with(no_store()),
            )
            .at("/billing/simulated-portal/:session_id/resume", post(resume_subscription).data(self).with(no_store()))
    }
}
