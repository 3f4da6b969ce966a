//! The operations service: what the process itself and its operators need — whether every
//! backing service answers, the demo accounts, an operator's look at one account — and what
//! the deployment tells every visitor about itself (`/site`).
//!
//! Billing facts come from billing through [`OperatorBilling`]; this context holds no billing
//! port.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::app::shared::OperatorBilling;
use crate::domain::disclosure::SiteIdentity;
use crate::domain::market::MarketCalendar;
use crate::ports::{Clock, HealthCheck, MarketData, PasswordHasher, UserRepository};

/// The ports the operations context talks through.
#[derive(Clone)]
pub struct OperationsPorts {
    /// Every backing service `/ready` asks.
    pub health_checks: Vec<Arc<dyn HealthCheck>>,
    /// Demo accounts are created, and accounts looked up by email.
    pub users: Arc<dyn UserRepository>,
    pub hasher: Arc<dyn PasswordHasher>,
    pub clock: Arc<dyn Clock>,
    /// The exchange's calendar: `/ready` fails while the market's current year is missing.
    pub calendar: MarketCalendar,
    /// The market's time (the clock signals run on), which decides the year that must be known.
    pub market_clock: Arc<dyn Clock>,
    /// Asked only where its candles come from (`/site` says whether prices are simulated).
    pub market: Arc<dyn MarketData>,
}

/// What the operations context is told rather than asks a port.
#[derive(Clone, Debug)]
pub struct OperationsPolicies {
    /// The business's public identity, checked at startup (see `bootstrap::config`).
    pub site: SiteIdentity,
}

pub struct OperationsService {
    pub(super) health_checks: Vec<Arc<dyn HealthCheck>>,
    pub(super) users: Arc<dyn UserRepository>,
    pub(super) hasher: Arc<dyn PasswordHasher>,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) billing: Arc<dyn OperatorBilling>,
    pub(super) calendar: MarketCalendar,
    pub(super) market_clock: Arc<dyn Clock>,
    pub(super) market: Arc<dyn MarketData>,
    pub(super) policies: OperationsPolicies,
}

impl OperationsService {
    pub fn new(ports: OperationsPorts, billing: Arc<dyn OperatorBilling>, policies: OperationsPolicies) -> Self {
        Self {
            health_checks: ports.health_checks,
            users: ports.users,
            hasher: ports.hasher,
            clock: ports.clock,
            billing,
            calendar: ports.calendar,
            market_clock: ports.market_clock,
            market: ports.market,
            policies,
        }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }
}
