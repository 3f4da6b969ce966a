//! Checking a password someone chooses (sign-up, a reset, a change), once for every operation
//! that takes one.

use crate::domain::{Email, Password};

/// [`Password::parse_new`] on the blocking pool: the strength estimate takes milliseconds of CPU
/// for long inputs, too long to hold an async worker. `owner`'s email and its local part, when
/// known, are words an attacker would try first for this user. The error is what to tell the
/// client.
pub(super) async fn new_password(raw: &str, owner: Option<&Email>) -> Result<Password, String> {
    let raw = raw.to_owned();
    let email = owner.map(|email| email.as_str().to_owned());
    let checked = tokio::task::spawn_blocking(move || match &email {
        Some(email) => {
            let local_part = email.split_once('@').map_or(email.as_str(), |(local, _)| local);
            Password::parse_new(&raw, &[email, local_part])
        }
        None => Password::parse_new(&raw, &[]),
    })
    .await;
    match checked {
        Ok(parsed) => parsed.map_err(|err| err.to_string()),
        Err(err) => {
            tracing::error!(error = %err, "password strength check failed");
            Err("the password could not be checked; try again".into())
        }
    }
}
