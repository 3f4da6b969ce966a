//! Account changes: "something about user X's access changed" — their billing, a session
//! ended, sessions revoked, the account deleted — announced on a [`Bus`] to every instance,
//! so each drops what it cached of that user (plans, profiles) and ends the live streams the
//! change takes away.
//!
//! A subscriber that may have missed changes is told so with [`AccessChange::MaybeMissed`] and
//! must then forget everything it cached and check again what it holds; the caches' short
//! lifetime bounds the damage of a change lost without that notice.

use crate::domain::access::AccessChange;
use crate::ports::{Bus, BusMessage, BusSubscription};

/// The bus carrying account changes.
pub trait AccountChanges: Bus<AccessChange> {}
impl<B: Bus<AccessChange> + ?Sized> AccountChanges for B {}

/// One subscriber's view of the account-change bus.
pub type AccountChangeSubscription = BusSubscription<AccessChange>;

impl BusMessage for AccessChange {
    const BACKLOG: usize = 1024;

    fn maybe_missed() -> Option<Self> {
        Some(AccessChange::MaybeMissed)
    }
}
