//! Browser push over the Web Push protocol: RFC 8030 delivery, RFC 8291 `aes128gcm` payload
//! encryption and RFC 8292 VAPID signatures, on the hyper + rustls client the project already
//! builds.
//!
//! - `vapid_key`: the server's P-256 key (the setting's format, generation, the development
//!   key derived from `SECRET_KEY`) and the ES256 JWT it signs;
//! - `encryption`: one message encrypted for one browser (RFC 8291, one RFC 8188 record);
//! - `answer`: the push service's status and `Retry-After` read as a [`PushError`](crate::ports::PushError);
//! - `public_resolver`: the client's resolver, which dials a push service's name only at
//!   public addresses;
//! - `sender`: [`HttpWebPush`], the [`WebPush`](crate::ports::WebPush) adapter;
//! - `disabled`: [`PushDisabled`], when no key is configured.

mod answer;
mod disabled;
mod encryption;
mod public_resolver;
mod sender;
mod vapid_key;

pub use disabled::PushDisabled;
pub use encryption::{MAX_PLAINTEXT_BYTES, encrypt};
pub use sender::{HttpWebPush, WebPushSettings};
pub use vapid_key::{VapidKey, VapidKeyError, audience_of};
