//! Every status each `/billing/*` operation answers, and how each use case's errors map onto
//! them (once per use case).

use poem_openapi::ApiResponse;
use poem_openapi::payload::Json;

use super::authenticated_failures::authenticated_failures;
use super::billing_bodies::{BillingStatusBody, CheckoutBody, PortalBody, WebhookAck};
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::Unauthenticated;
use crate::app::billing::{BillingStatusError, CreateCheckoutError, HandleWebhookError, OpenBillingPortalError};
use crate::ports::GatewayError;

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum CreateCheckoutResponse {
    #[oai(status = 200)]
    Ok(Json<CheckoutBody>),
    /// Already subscribed: manage the subscription from the billing portal instead.
    #[oai(status = 409)]
    AlreadySubscribed(Json<ErrorBody>),
    /// The payment provider refused or failed.
    #[oai(status = 502)]
    BadGateway(Json<ErrorBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(CreateCheckoutResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum PortalResponse {
    #[oai(status = 200)]
    Ok(Json<PortalBody>),
    /// No subscription to manage yet: start one with `POST /billing/create-checkout`.
    #[oai(status = 409)]
    NoSubscription(Json<ErrorBody>),
    /// The payment provider refused or failed.
    #[oai(status = 502)]
    BadGateway(Json<ErrorBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(PortalResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum BillingStatusResponse {
    #[oai(status = 200)]
    Ok(Json<BillingStatusBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(BillingStatusResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum WebhookResponse {
    #[oai(status = 200)]
    Ok(Json<WebhookAck>),
    /// Missing or wrong signature, stale timestamp, or an unparseable event. Nothing changed.
    #[oai(status = 400)]
    Rejected(Json<ErrorBody>),
    /// Another delivery of this event is being applied; Stripe will retry.
    #[oai(status = 409)]
    InProgress(Json<ErrorBody>),
    #[oai(status = 415)]
    UnsupportedMediaType(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

impl FromRequestError for WebhookResponse {
    fn from_request_error(error: RequestError) -> Self {
        match error {
            RequestError::UnsupportedMediaType(d) => Self::UnsupportedMediaType(Json(ErrorBody::new(d))),
            RequestError::Unauthorized(_) | RequestError::Unprocessable(_) => {
                Self::Rejected(Json(ErrorBody::new("malformed webhook request")))
            }
        }
    }
}

server_failures!(WebhookResponse);

pub const PROVIDER_DECLINED_DETAIL: &str =
    "the payment provider declined the request; please try again or contact support";

/// The one answer to a payment provider that refused or failed: 502, whatever the operation.
/// The provider's own text goes to the log only: it is written for the merchant (`No such
/// price: 'price_…'`, account settings, request ids), not for our users.
fn bad_gateway(err: GatewayError) -> Json<ErrorBody> {
    match err {
        GatewayError::Rejected(message) => {
            tracing::warn!(error = %message, "request rejected by the payment provider");
            Json(ErrorBody::new(PROVIDER_DECLINED_DETAIL))
        }
        GatewayError::Unavailable(source) => {
            tracing::error!(error = format!("{source:#}"), "the payment provider is unavailable");
            Json(ErrorBody::new("the payment provider is unavailable; please try again shortly"))
        }
    }
}

impl From<CreateCheckoutError> for CreateCheckoutResponse {
    fn from(err: CreateCheckoutError) -> Self {
        match err {
            err @ CreateCheckoutError::AlreadySubscribed => {
                Self::AlreadySubscribed(Json(ErrorBody::new(err.to_string())))
            }
            CreateCheckoutError::UserNotFound => Unauthenticated::account_gone().into(),
            CreateCheckoutError::Gateway(err) => Self::BadGateway(bad_gateway(err)),
            CreateCheckoutError::Unavailable(err) => Self::outage(err),
            CreateCheckoutError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<OpenBillingPortalError> for PortalResponse {
    fn from(err: OpenBillingPortalError) -> Self {
        match err {
            err @ (OpenBillingPortalError::NoCustomer | OpenBillingPortalError::OnlyLocalGrant) => {
                Self::NoSubscription(Json(ErrorBody::new(err.to_string())))
            }
            OpenBillingPortalError::UserNotFound => Unauthenticated::account_gone().into(),
            OpenBillingPortalError::Gateway(err) => Self::BadGateway(bad_gateway(err)),
            OpenBillingPortalError::Unavailable(err) => Self::outage(err),
            OpenBillingPortalError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<BillingStatusError> for BillingStatusResponse {
    fn from(err: BillingStatusError) -> Self {
        match err {
            BillingStatusError::Unavailable(err) => Self::outage(err),
            BillingStatusError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<HandleWebhookError> for WebhookResponse {
    fn from(err: HandleWebhookError) -> Self {
        match err {
            HandleWebhookError::Rejected(err) => {
                tracing::warn!(error = %err, "webhook rejected");
                Self::Rejected(Json(ErrorBody::new(err.to_string())))
            }
            err @ HandleWebhookError::InProgress => Self::InProgress(Json(ErrorBody::new(err.to_string()))),
            HandleWebhookError::Unavailable(err) => Self::outage(err),
            HandleWebhookError::Unexpected(err) => Self::bug(err),
        }
    }
}
