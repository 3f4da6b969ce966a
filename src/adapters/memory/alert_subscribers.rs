//! [`AlertSubscribers`] in process memory: preferences, linked chats and link codes under one
//! mutex, so redeeming a code is atomic as the SQL adapter's transaction makes it.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::UserId;
use crate::domain::alerts::{AlertPreferences, ChatId, LinkCodeHash};
use crate::ports::{AlertSubscribers, Redeemed, StoreError, Subscriber};

struct Code {
    user: UserId,
    expires_at: DateTime<Utc>,
    used: bool,
}

#[derive(Default)]
struct State {
    subscribers: BTreeMap<UserId, Subscriber>,
    codes: HashMap<LinkCodeHash, Code>,
}

#[derive(Default)]
pub struct MemoryAlertSubscribers {
    state: Mutex<State>,
}

impl MemoryAlertSubscribers {
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().expect("alert subscribers poisoned"))
    }
}

#[async_trait]
impl AlertSubscribers for MemoryAlertSubscribers {
    async fn subscriber(&self, user: UserId) -> Result<Option<Subscriber>, StoreError> {
        Ok(self.with(|state| state.subscribers.get(&user).cloned()))
    }

    async fn subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        Ok(self.with(|state| state.subscribers.values().cloned().collect()))
    }

    async fn save_preferences(&self, user: UserId, preferences: &AlertPreferences) -> Result<(), StoreError> {
        self.with(|state| {
            state
                .subscribers
                .entry(user)
                .and_modify(|subscriber| subscriber.preferences = preferences.clone())
                .or_insert_with(|| Subscriber { user, preferences: preferences.clone(), telegram_chat: None });
        });
        Ok(())
    }

    async fn issue_link_code(
        &self,
        user: UserId,
        code: &LinkCodeHash,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.with(|state| state.codes.insert(code.clone(), Code { user, expires_at, used: false }));
        Ok(())
    }

    async fn redeem_link_code(
        &self,
        code: &LinkCodeHash,
        chat: ChatId,
        now: DateTime<Utc>,
    ) -> Result<Redeemed, StoreError> {
        Ok(self.with(|state| {
            let Some(found) = state.codes.get_mut(code) else { return Redeemed::Unknown };
            if found.used {
                return Redeemed::Used;
            }
            if found.expires_at <= now {
                return Redeemed::Expired;
            }
            found.used = true;
            let user = found.user;
            for subscriber in state.subscribers.values_mut() {
                if subscriber.telegram_chat == Some(chat) {
                    subscriber.telegram_chat = None;
                }
            }
            state
                .subscribers
                .entry(user)
                .or_insert_with(|| Subscriber { user, preferences: AlertPreferences::default(), telegram_chat: None })
                .telegram_chat = Some(chat);
            Redeemed::Linked(user)
        }))
    }

    async fn unlink_chat(&self, chat: ChatId) -> Result<Option<UserId>, StoreError> {
        Ok(self.with(|state| {
            let subscriber = state.subscribers.values_mut().find(|s| s.telegram_chat == Some(chat))?;
            subscriber.telegram_chat = None;
            Some(subscriber.user)
        }))
    }
}
