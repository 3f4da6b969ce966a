//! Log-in: exchange email and password for an access token.

use crate::app::Signalbox;
use crate::domain::{Email, Password};
use crate::ports::AccessToken;

#[derive(Debug)]
pub struct LoginCommand {
    pub email: Email,
    /// `None` when the presented password could not be a valid one (e.g. too short): it is
    /// still "wrong credentials", answered exactly like any other wrong password.
    pub password: Option<Password>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown email and wrong password are one error, so the answer reveals nothing about
    /// which accounts exist.
    #[error("incorrect email or password")]
    InvalidCredentials,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl Signalbox {
    pub async fn login(&self, command: LoginCommand) -> Result<AccessToken, LoginError> {
        let credentials =
            self.deps.users.find_credentials_by_email(&command.email).await.map_err(anyhow::Error::from)?;
        // Always run one hash verification, so unknown emails take as long as known ones.
        let (hash, user) = match &credentials {
            Some(c) => (c.password_hash.clone(), Some(&c.user)),
            None => (self.deps.hasher.dummy_hash(), None),
        };
        let verified = match &command.password {
            Some(password) => self.deps.hasher.verify(password, &hash).await?,
            None => {
                let filler = Password::parse("not-the-password").expect("valid filler");
                let _ = self.deps.hasher.verify(&filler, &hash).await?;
                false
            }
        };
        match user {
            Some(user) if verified => Ok(self.deps.tokens.issue(user.id, self.now())?),
            _ => Err(LoginError::InvalidCredentials),
        }
    }
}
