//! `/billing/*`: checkout, billing portal, subscription status and Stripe's webhook.
//!
//! The bodies are in [`super::billing_bodies`], the statuses of each operation in
//! [`super::billing_responses`].

use std::sync::Arc;

use poem_openapi::OpenApi;
use poem_openapi::param::Header;
use poem_openapi::payload::Json;

use super::ApiTags;
use super::answer::answered;
use super::billing_bodies::StripeEventBody;
pub use super::billing_responses::PROVIDER_DECLINED_DETAIL;
use super::billing_responses::{BillingStatusResponse, CreateCheckoutResponse, PortalResponse, WebhookResponse};
use crate::adapters::http::security::BearerAuth;
use crate::app::billing::BillingService;

pub struct BillingApi {
    pub billing: Arc<BillingService>,
}

#[OpenApi(tag = "ApiTags::Billing")]
impl BillingApi {
    /// Start the ₹499 subscription checkout
    ///
    /// Returns the hosted checkout page to send the browser to. Without Stripe keys configured
    /// this is a simulated checkout page served by Signalbox itself.
    #[oai(path = "/billing/create-checkout", method = "post")]
    async fn create_checkout(&self, bearer: BearerAuth) -> CreateCheckoutResponse {
        let user = bearer.0.user;
        answered(
            async {
                let session = self.billing.create_checkout(user).await?;
                Ok::<_, CreateCheckoutResponse>(CreateCheckoutResponse::Ok(Json(session.into())))
            }
            .await,
        )
    }

    /// Open the billing portal
    ///
    /// Returns a short-lived link where a subscriber updates their card, sees invoices or
    /// cancels. Without Stripe keys configured this is a simulated portal served by Signalbox.
    #[oai(path = "/billing/portal", method = "post")]
    async fn portal(&self, bearer: BearerAuth) -> PortalResponse {
        let user = bearer.0.user;
        answered(
            async {
                let session = self.billing.open_billing_portal(user).await?;
                Ok::<_, PortalResponse>(PortalResponse::Ok(Json(session.into())))
            }
            .await,
        )
    }

    /// Subscription status
    #[oai(path = "/billing/status", method = "get")]
    async fn status(&self, bearer: BearerAuth) -> BillingStatusResponse {
        let user = bearer.0.user;
        answered(
            async {
                let status = self.billing.billing_status(user).await?;
                Ok::<_, BillingStatusResponse>(BillingStatusResponse::Ok(Json(status.into())))
            }
            .await,
        )
    }

    /// Stripe webhook
    ///
    /// Called by Stripe, not by users. Verifies `Stripe-Signature` over the raw body (any
    /// configured secret, 300 s tolerance) and applies each event id exactly once.
    #[oai(path = "/billing/webhook", method = "post")]
    async fn webhook(
        &self,
        #[oai(name = "Stripe-Signature")] signature: Header<Option<String>>,
        body: StripeEventBody,
    ) -> WebhookResponse {
        answered(
            async {
                let outcome = self.billing.handle_webhook(body.payload(), signature.0.as_deref()).await?;
                Ok::<_, WebhookResponse>(WebhookResponse::Ok(Json(outcome.into())))
            }
            .await,
        )
    }
}
