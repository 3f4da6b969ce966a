//! Composition root: picks an adapter for every port from the settings.
//!
//! | port                          | embedded default (no env)       | production                      |
//! |-------------------------------|---------------------------------|---------------------------------|
//! | users, billing, sessions      | SQLite file `data/signalbox.db` | PostgreSQL (`DATABASE_URL`)     |
//! | counters, cache, claims       | in-process memory               | Redis (`REDIS_URL`)             |
//! | payment gateway               | simulated Stripe                | Stripe (`STRIPE_SECRET_KEY`)    |
//! | signal history                | the SQL store                   | the SQL store                   |
//! | signal bus (live stream)      | in-process broadcast            | Redis pub/sub (`REDIS_URL`)     |
//! | market data                   | simulator                       | simulator (no setting yet)      |
//! | market clock                  | real time, or `MARKET_CLOCK_*`  | real time                       |
//! | mail                          | outbox at `GET /dev/mailbox`    | SMTP (`SMTP_URL`)               |
//! | push devices                  | the SQL store                   | the SQL store                   |
//! | browser push (Web Push)       | key derived from `SECRET_KEY`   | `VAPID_PRIVATE_KEY`, else off   |

mod adapter_settings;
mod assemble;
mod in_process;
mod mail;
mod market;
mod pages;
mod policies;
mod push;
mod wire;

pub use adapter_settings::{argon2_settings, database_settings, stripe_settings};
pub use assemble::{Adapters, assemble};
pub use in_process::{InProcess, in_process};
pub use mail::{MailerChoice, mailbox_page, mailer};
pub use market::calendar;
pub use pages::{Pages, both_pages, no_pages, simulated_pages};
pub use policies::{Policies, policies};
pub use push::web_push;
pub use wire::{Wired, wire};
