//! `GET` and `PUT /alerts/preferences`: what a user chose, with what they cannot choose (is a
//! chat linked, how many browsers) alongside.

use super::AlertsService;
use crate::app::shared::failure::store_failures;
use crate::domain::UserId;
use crate::domain::alerts::AlertPreferences;
use crate::ports::StoreError;

/// Preferences as the user sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreferencesView {
    pub preferences: AlertPreferences,
    pub telegram_linked: bool,
    pub push_devices: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum UpdatePreferencesError {
    #[error("alert storage is unavailable")]
    Unavailable(#[source] StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

store_failures!(UpdatePreferencesError);

impl AlertsService {
    /// The user's preferences (the defaults when they never saved any).
    ///
    /// # Errors
    /// [`UpdatePreferencesError`] on an outage.
    pub async fn preferences(&self, user: UserId) -> Result<PreferencesView, UpdatePreferencesError> {
        let subscriber = self.subscribers.subscriber(user).await?;
        let devices = self.push_devices.of_user(user).await?.len();
        Ok(match subscriber {
            Some(subscriber) => PreferencesView {
                preferences: subscriber.preferences,
                telegram_linked: subscriber.telegram_chat.is_some(),
                push_devices: devices,
            },
            None => PreferencesView {
                preferences: AlertPreferences::default(),
                telegram_linked: false,
                push_devices: devices,
            },
        })
    }

    /// Saves `preferences` whole (already validated: they are domain values) and returns the
    /// new view.
    ///
    /// # Errors
    /// [`UpdatePreferencesError`] on an outage; then nothing changed.
    pub async fn update_preferences(
        &self,
        user: UserId,
        preferences: AlertPreferences,
    ) -> Result<PreferencesView, UpdatePreferencesError> {
        self.subscribers.save_preferences(user, &preferences).await?;
        self.preferences(user).await
    }
}
