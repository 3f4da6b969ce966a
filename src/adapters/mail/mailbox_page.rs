//! `GET /dev/mailbox`: the development outbox as JSON, `[{to, subject, body, sent_at}]`, oldest
//! first. Mounted by the composition root only in development without SMTP, so in production
//! the path does not exist (404). Not part of the OpenAPI document: it is not product API.

use std::sync::Arc;

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

#[handler]
fn mailbox(Data(outbox): Data<&Arc<DevOutbox>>) -> Json<Vec<MailboxEntry>> {
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
    /// `routes` plus `GET /dev/mailbox` listing `outbox`.
    pub fn mount(outbox: Arc<DevOutbox>, routes: Route) -> Route {
        routes.at("/dev/mailbox", get(mailbox).data(outbox))
    }
}
