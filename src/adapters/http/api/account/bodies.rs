//! The request and answer bodies of the account operations.

use poem_openapi::Object;

#[derive(Object)]
pub struct PasswordResetRequestBody {
    /// The account's email address.
    #[oai(validator(max_length = 320))]
    pub(in crate::adapters::http::api) email: String,
}

#[derive(Object)]
pub struct PasswordResetConfirmBody {
    /// The `token` parameter of the link in the mail.
    #[oai(validator(max_length = 128))]
    pub(in crate::adapters::http::api) token: String,
    /// The new password: at least 8 characters, not easy to guess.
    #[oai(validator(max_length = 1024))]
    pub(in crate::adapters::http::api) password: String,
}

#[derive(Object)]
pub struct ChangePasswordBody {
    #[oai(validator(max_length = 1024))]
    pub(in crate::adapters::http::api) current_password: String,
    /// At least 8 characters, not easy to guess.
    #[oai(validator(max_length = 1024))]
    pub(in crate::adapters::http::api) new_password: String,
}

#[derive(Object)]
pub struct DeleteAccountBody {
    /// The account's password, asked again.
    #[oai(validator(max_length = 1024))]
    pub(in crate::adapters::http::api) password: String,
}

#[derive(Object)]
pub struct AcceptedBody {
    pub detail: String,
}
