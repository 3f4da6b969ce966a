//! The simulated payment gateway: customers, checkout sessions and billing-portal sessions held
//! in memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use async_trait::async_trait;

use crate::domain::{CheckoutSessionId, Email, StripeCustomerId, StripeSubscriptionId, UserId};
use crate::ports::{
    CheckoutRequest, CheckoutSession, GatewayError, PaymentGateway, PortalSession, SubscriptionSnapshot,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimulatedSession {
    pub id: CheckoutSessionId,
    pub user_id: UserId,
    pub email: Email,
    pub customer: StripeCustomerId,
    /// The subscription this checkout creates when paid.
    pub subscription: StripeSubscriptionId,
    pub paid: bool,
    /// A newer checkout of the same user replaced it; it can no longer be paid.
    pub expired: bool,
}

#[derive(Default)]
struct State {
    customers: HashMap<UserId, StripeCustomerId>,
    sessions: HashMap<String, SimulatedSession>,
    sessions_by_idempotency_key: HashMap<String, String>,
    /// Portal session id → its customer and when it was issued. The id is random and
    /// unguessable, like the token in a Stripe portal URL, because whoever holds the link can
    /// cancel the subscription.
    portal_sessions: HashMap<String, PortalLink>,
    /// Subscriptions cancelled through the gateway (account deletion), in order.
    canceled: Vec<StripeSubscriptionId>,
}

struct PortalLink {
    customer: StripeCustomerId,
    issued: Instant,
}

/// How long a billing-portal link works. Stripe's portal sessions are short-lived for the same
/// reason: the link is a bearer credential, it stays in the browser's history, and Back after
/// logging out must not keep showing the plan and its dates to whoever holds the browser.
/// Long enough to look at the plan and cancel; the dashboard issues a fresh link on each click.
pub const PORTAL_LINK_LIFETIME: Duration = Duration::from_secs(10 * 60);

pub struct SimulatedStripe {
    public_url: String,
    portal_link_lifetime: Duration,
    state: Mutex<State>,
}

fn random_id(prefix: &str) -> String {
    format!("{prefix}sim{}", uuid::Uuid::new_v4().simple())
}

impl SimulatedStripe {
    /// `public_url` is where browsers reach this server; checkout URLs point at its
    /// simulated checkout page.
    pub fn new(public_url: impl Into<String>) -> Self {
        Self { public_url: public_url.into(), portal_link_lifetime: PORTAL_LINK_LIFETIME, state: Mutex::default() }
    }

    /// The same, with portal links that work for `lifetime` (tests shorten it).
    #[must_use]
    pub fn with_portal_link_lifetime(mut self, lifetime: Duration) -> Self {
        self.portal_link_lifetime = lifetime;
        self
    }

    pub fn session(&self, id: &str) -> Option<SimulatedSession> {
        self.state.lock().expect("simulated stripe poisoned").sessions.get(id).cloned()
    }

    /// The customer a portal session was opened for, while its link still works. An expired
    /// link is forgotten, so the map holds only the links of the last few minutes.
    pub fn portal_customer(&self, portal_session_id: &str) -> Option<StripeCustomerId> {
        let mut state = self.state.lock().expect("simulated stripe poisoned");
        let lifetime = self.portal_link_lifetime;
        state.portal_sessions.retain(|_, link| link.issued.elapsed() < lifetime);
        state.portal_sessions.get(portal_session_id).map(|link| link.customer.clone())
    }

    /// The subscriptions cancelled through [`PaymentGateway::cancel_subscription`], in order.
    pub fn canceled_subscriptions(&self) -> Vec<StripeSubscriptionId> {
        self.state.lock().expect("simulated stripe poisoned").canceled.clone()
    }

    /// Marks the session paid; `false` if it already was (a repeated form post) or has
    /// expired, so the caller does not deliver a payment.
    pub fn mark_paid(&self, id: &str) -> bool {
        let mut state = self.state.lock().expect("simulated stripe poisoned");
        match state.sessions.get_mut(id) {
            Some(session) if !session.paid && !session.expired => {
                session.paid = true;
                true
            }
            _ => false,
        }
    }
}

#[async_trait]
impl PaymentGateway for SimulatedStripe {
    async fn create_customer(&self, user_id: UserId, _email: &Email) -> Result<StripeCustomerId, GatewayError> {
        let mut state = self.state.lock().expect("simulated stripe poisoned");
        let customer = state
            .customers
            .entry(user_id)
            .or_insert_with(|| StripeCustomerId::parse(&random_id("cus_")).expect("valid simulated id"));
        Ok(customer.clone())
    }

    async fn create_checkout_session(&self, request: &CheckoutRequest) -> Result<CheckoutSession, GatewayError> {
        let mut state = self.state.lock().expect("simulated stripe poisoned");
        let id = match state.sessions_by_idempotency_key.get(&request.idempotency_key) {
            Some(existing) => existing.clone(),
            None => {
                let session = SimulatedSession {
                    id: CheckoutSessionId::parse(&random_id("cs_test_")).expect("valid simulated id"),
                    user_id: request.user_id,
                    email: request.email.clone(),
                    customer: request.customer.clone(),
                    subscription: StripeSubscriptionId::parse(&random_id("sub_")).expect("valid simulated id"),
                    paid: false,
                    expired: false,
                };
                let id = session.id.as_str().to_owned();
                state.sessions.insert(id.clone(), session);
                state.sessions_by_idempotency_key.insert(request.idempotency_key.clone(), id.clone());
                id
            }
        };
        Ok(CheckoutSession {
            id: CheckoutSessionId::parse(&id).expect("stored ids are valid"),
            url: format!("{}/billing/simulated-checkout/{id}", self.public_url),
        })
    }

    async fn create_portal_session(&self, customer: &StripeCustomerId) -> Result<PortalSession, GatewayError> {
        let id = random_id("bps_");
        let mut state = self.state.lock().expect("simulated stripe poisoned");
        let lifetime = self.portal_link_lifetime;
        state.portal_sessions.retain(|_, link| link.issued.elapsed() < lifetime);
        state.portal_sessions.insert(id.clone(), PortalLink { customer: customer.clone(), issued: Instant::now() });
        Ok(PortalSession { url: format!("{}/billing/simulated-portal/{id}", self.public_url) })
    }

    async fn expire_checkout_session(&self, session: &CheckoutSessionId) -> Result<(), GatewayError> {
        let mut state = self.state.lock().expect("simulated stripe poisoned");
        match state.sessions.get_mut(session.as_str()) {
            Some(found) if found.paid => Err(GatewayError::Rejected("the checkout session is already complete".into())),
            Some(found) => {
                found.expired = true;
                Ok(())
            }
            None => Err(GatewayError::Rejected("no such checkout session".into())),
        }
    }

    /// The simulation keeps no subscription objects of its own (its portal changes them
    /// through events), so there is nothing to reconcile against: an empty list.
    async fn list_subscriptions(
        &self,
        _customer: &StripeCustomerId,
    ) -> Result<Vec<SubscriptionSnapshot>, GatewayError> {
        Ok(Vec::new())
    }

    /// Remembers the cancellation. No event follows: the only caller deletes the account the
    /// subscription belonged to, so there is no one left to tell.
    async fn cancel_subscription(&self, subscription: &StripeSubscriptionId) -> Result<(), GatewayError> {
        let mut state = self.state.lock().expect("simulated stripe poisoned");
        if !state.canceled.contains(subscription) {
            state.canceled.push(subscription.clone());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(user: UserId, key: &str) -> CheckoutRequest {
        CheckoutRequest {
            user_id: user,
            email: Email::parse("a@b.co").unwrap(),
            customer: StripeCustomerId::parse("cus_1").unwrap(),
            idempotency_key: key.into(),
        }
    }

    #[tokio::test]
    async fn one_customer_per_user() {
        let stripe = SimulatedStripe::new("http://x");
        let user = UserId::new_random();
        let email = Email::parse("a@b.co").unwrap();
        let first = stripe.create_customer(user, &email).await.unwrap();
        assert_eq!(stripe.create_customer(user, &email).await.unwrap(), first);
        assert_ne!(stripe.create_customer(UserId::new_random(), &email).await.unwrap(), first);
    }

    #[tokio::test]
    async fn the_same_idempotency_key_returns_the_same_session() {
        let stripe = SimulatedStripe::new("http://x");
        let user = UserId::new_random();
        let a = stripe.create_checkout_session(&request(user, "k1")).await.unwrap();
        let b = stripe.create_checkout_session(&request(user, "k1")).await.unwrap();
        let c = stripe.create_checkout_session(&request(user, "k2")).await.unwrap();
        assert_eq!(a, b);
        assert_ne!(a.id, c.id);
        assert_eq!(a.url, format!("http://x/billing/simulated-checkout/{}", a.id));
    }

    #[tokio::test]
    async fn each_portal_session_gets_its_own_unguessable_link_to_its_customer() {
        let stripe = SimulatedStripe::new("http://x");
        let customer = StripeCustomerId::parse("cus_portal").unwrap();
        let first = stripe.create_portal_session(&customer).await.unwrap();
        let second = stripe.create_portal_session(&customer).await.unwrap();
        assert_ne!(first, second);
        let id = first.url.strip_prefix("http://x/billing/simulated-portal/").unwrap();
        assert!(id.len() > 30, "{id}");
        assert_eq!(stripe.portal_customer(id), Some(customer));
        assert_eq!(stripe.portal_customer("bps_guess"), None);
    }

    #[tokio::test]
    async fn a_portal_link_stops_working_when_its_lifetime_ends() {
        let stripe = SimulatedStripe::new("http://x").with_portal_link_lifetime(Duration::from_millis(50));
        let customer = StripeCustomerId::parse("cus_portal").unwrap();
        let link = stripe.create_portal_session(&customer).await.unwrap();
        let id = link.url.strip_prefix("http://x/billing/simulated-portal/").unwrap();
        assert_eq!(stripe.portal_customer(id), Some(customer));
        tokio::time::sleep(Duration::from_millis(80)).await;
        assert_eq!(stripe.portal_customer(id), None);
    }

    #[tokio::test]
    async fn an_expired_session_cannot_be_paid_and_a_paid_one_cannot_expire() {
        let stripe = SimulatedStripe::new("http://x");
        let first = stripe.create_checkout_session(&request(UserId::new_random(), "k1")).await.unwrap();
        stripe.expire_checkout_session(&first.id).await.unwrap();
        assert!(!stripe.mark_paid(first.id.as_str()));
        let second = stripe.create_checkout_session(&request(UserId::new_random(), "k2")).await.unwrap();
        assert!(stripe.mark_paid(second.id.as_str()));
        assert!(matches!(stripe.expire_checkout_session(&second.id).await, Err(GatewayError::Rejected(_))));
    }

    #[tokio::test]
    async fn a_session_is_paid_once() {
        let stripe = SimulatedStripe::new("http://x");
        let session = stripe.create_checkout_session(&request(UserId::new_random(), "k")).await.unwrap();
        assert!(stripe.mark_paid(session.id.as_str()));
        assert!(!stripe.mark_paid(session.id.as_str()));
        assert!(stripe.session(session.id.as_str()).unwrap().paid);
    }
}
