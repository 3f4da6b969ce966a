//! `GET /dev/mailbox`: the development outbox as JSON, `[{to, subject, body, sent_at}]`, oldest
//! first. Mounted by the composition root only in development without SMTP, so in production
//! the path does not exist (404). Not part of the OpenAPI document: it is not product API.
//!
//! Mail is sent after the request that asked for it has been answered, so the page first
//! waits (briefly) for mail still on its way: whoever reads it right after asking for a reset
//! link — a person, the end-to-end walk — finds the link there.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use poem::web::{Data, Json};
use poem::{EndpointExt, Route, get, handler};
use serde::Serialize;

use super::DevOutbox;

#[derive(Serialize)]
struct MailboxEntry {
    to: String,
    subject: String,
    body: String,
    sent_at: String,
}

/// Resolves once the mail the application has accepted to send is in the outbox.
pub type MailSettled = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A mail still unsent after this has failed or hung; list what there is.
const SETTLE_WAIT: Duration = Duration::from_secs(5);

#[handler]
async fn mailbox(Data(outbox): Data<&Arc<DevOutbox>>, Data(settled): Data<&MailSettled>) -> Json<Vec<MailboxEntry>> {
    let _ = tokio::time::timeout(SETTLE_WAIT, settled()).await;
    Json(
        outbox
            .sent()
            .into_iter()
            .map(|sent| MailboxEntry {
                to: sent.mail.to.as_str().to_owned(),
                subject: sent.mail.subject,
                body: sent.mail.body,
                sent_at: sent.sent_at.to_rfc3339(),
            })
            .collect(),
    )
}

impl DevOutbox {
    /// `routes` plus `GET /dev/mailbox` listing `outbox` once `settled` resolves.
    pub fn mount(outbox: Arc<DevOutbox>, settled: MailSettled, routes: Route) -> Route {
        routes.at("/dev/mailbox", get(mailbox).data(outbox).data(settled))
    }
}
