//! The accounts context: signing up, logging in, sessions (refresh, log-out, revocation),
//! password resets and changes, deleting an account, and who the signed-in user is.
//!
//! [`AccountsService`] holds exactly the ports these use cases reach; one file per use case,
//! each with its own error enum. The throttles and the session helpers below them are the
//! context's own: nothing outside it counts login failures or issues tokens.

mod account_password;
mod auth_throttle;
mod authenticate;
mod change_password;
mod confirm_password_reset;
mod contacts;
mod current_user;
mod delete_account;
mod login;
mod login_throttle;
mod logout;
mod password_reset_mail;
mod profile_changes;
mod purge_sessions;
mod refresh;
mod request_password_reset;
mod revoke_sessions;
mod service;
mod session;
mod signup;

pub use auth_throttle::{AdmitError, Admitted, Attempt};
pub use authenticate::AuthenticateError;
pub use change_password::{ChangePasswordCommand, ChangePasswordError};
pub use confirm_password_reset::{ConfirmPasswordResetCommand, ConfirmPasswordResetError};
pub use current_user::{CurrentUser, CurrentUserError};
pub use delete_account::DeleteAccountError;
pub use login::{LoginCommand, LoginError};
pub use logout::LogoutError;
pub use refresh::RefreshError;
pub use request_password_reset::{RESET_MAIL_SUBJECT, RequestPasswordResetError};
pub use revoke_sessions::RevokeSessionsError;
pub use service::{AccountsNeighbours, AccountsPolicies, AccountsPorts, AccountsService};
pub use session::Session;
pub use signup::{SignupCommand, SignupError};
