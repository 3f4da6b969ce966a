//! [`UserRepository`] for [`InMemoryAccounts`]: user rows and their link to a Stripe customer.

use async_trait::async_trait;
use chrono::SubsecRound;

use super::{Account, InMemoryAccounts};
use crate::domain::{Email, PasswordHash, StripeCustomerId, User, UserId};
use crate::ports::{CreateUserError, NewUser, StoreError, UserCredentials, UserRepository};

#[async_trait]
impl UserRepository for InMemoryAccounts {
    async fn create(&self, new_user: NewUser) -> Result<User, CreateUserError> {
        let mut state = self.lock();
        if state.by_email.contains_key(&new_user.email) {
            return Err(CreateUserError::EmailTaken);
        }
        let account = Account {
            email: new_user.email.clone(),
            password_hash: new_user.password_hash,
            created_at: new_user.created_at.trunc_subsecs(0),
            customer_id: None,
            open_checkout: None,
        };
        let user = account.user(new_user.id);
        state.by_email.insert(new_user.email, new_user.id);
        state.users.insert(new_user.id, account);
        Ok(user)
    }

    async fn find_credentials_by_email(&self, email: &Email) -> Result<Option<UserCredentials>, StoreError> {
        let state = self.lock();
        let found = state.by_email.get(email).and_then(|id| state.users.get(id).map(|account| (*id, account)));
        Ok(found.map(|(id, account)| UserCredentials {
            user: account.user(id),
            password_hash: account.password_hash.clone(),
        }))
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(self.lock().users.get(&id).map(|account| account.user(id)))
    }

    async fn find_by_customer(&self, customer: &StripeCustomerId) -> Result<Option<User>, StoreError> {
        let state = self.lock();
        let found = state.users.iter().find(|(_, account)| account.customer_id.as_ref() == Some(customer));
        Ok(found.map(|(id, account)| account.user(*id)))
    }

    async fn link_customer(&self, id: UserId, customer: &StripeCustomerId) -> Result<StripeCustomerId, StoreError> {
        let mut state = self.lock();
        let linked = state.users.get(&id).ok_or_else(|| StoreError::NotFound(format!("no user {id}")))?;
        if let Some(existing) = &linked.customer_id {
            return Ok(existing.clone());
        }
        state.ensure_customer_free(customer, id)?;
        let account = state.users.get_mut(&id).expect("checked above, under the same lock");
        account.customer_id = Some(customer.clone());
        state.match_events_of(customer);
        Ok(customer.clone())
    }

    async fn replace_customer(
        &self,
        id: UserId,
        from: &StripeCustomerId,
        to: &StripeCustomerId,
    ) -> Result<StripeCustomerId, StoreError> {
        let mut state = self.lock();
        let linked = state.users.get(&id).ok_or_else(|| StoreError::NotFound(format!("no user {id}")))?;
        match &linked.customer_id {
            Some(current) if current == from => {}
            Some(current) => return Ok(current.clone()),
            None => return Err(StoreError::Conflict(format!("user {id} has no customer to replace"))),
        }
        state.ensure_customer_free(to, id)?;
        state.users.get_mut(&id).expect("checked above, under the same lock").customer_id = Some(to.clone());
        for subscription in state.subscriptions.values_mut().filter(|s| s.customer == *from) {
            subscription.customer = to.clone();
        }
        state.match_events_of(to);
        Ok(to.clone())
    }

    async fn update_password_hash(
        &self,
        id: UserId,
        current: &PasswordHash,
        new: &PasswordHash,
    ) -> Result<bool, StoreError> {
        let mut state = self.lock();
        match state.users.get_mut(&id) {
            Some(account) if account.password_hash == *current => {
                account.password_hash = new.clone();
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn delete(&self, id: UserId) -> Result<bool, StoreError> {
        let mut state = self.lock();
        let Some(account) = state.users.remove(&id) else { return Ok(false) };
        state.by_email.remove(&account.email);
        if let Some(customer) = account.customer_id {
            state.subscriptions.retain(|_, s| s.customer != customer);
        }
        Ok(true)
    }
}
