//! Accounts' answer to alerts: where a user gets mail.

use async_trait::async_trait;

use super::AccountsService;
use crate::app::shared::UserContacts;
use crate::domain::{Email, UserId};
use crate::ports::StoreError;

#[async_trait]
impl UserContacts for AccountsService {
    async fn email_of(&self, user: UserId) -> Result<Option<Email>, StoreError> {
        Ok(self.users.find_by_id(user).await?.map(|user| user.email))
    }
}
