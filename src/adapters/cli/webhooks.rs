//! `signalbox webhooks …`: the operators' view of the Stripe webhook event log.
//!
//! - `signalbox webhooks list [--status processed|stale|ignored|unmatched|failed] [--limit N]` prints
//!   the newest events first, one per line, with the error of failed ones.
//! - `signalbox webhooks reprocess <evt_id>` runs a failed event's stored payload through the
//!   same handling path as a delivery again (see the `reprocess_webhook` use case).
//!
//! The grammar is clap's (tested in `args`); formatting is a plain function, tested without a
//! database.

use std::io::Write;

use anyhow::Context;

use crate::app::billing::BillingService;
use crate::domain::StripeEventId;
use crate::ports::{StoredWebhookEvent, WebhookEventStatus};

const DEFAULT_LIMIT: usize = 50;

#[derive(Debug, PartialEq, Eq, clap::Subcommand)]
pub enum WebhooksCommand {
    /// The newest events first, one per line, with the error of failed ones.
    List {
        /// Only events with this status.
        #[arg(long, value_parser = status)]
        status: Option<WebhookEventStatus>,
        /// At most this many events.
        #[arg(long, default_value_t = DEFAULT_LIMIT, value_parser = positive)]
        limit: usize,
    },
    /// Run a failed event's stored payload through the delivery path again.
    Reprocess {
        /// The event id (`evt_…`).
        #[arg(value_parser = event_id)]
        id: StripeEventId,
    },
}

fn status(raw: &str) -> Result<WebhookEventStatus, String> {
    WebhookEventStatus::parse(raw).ok_or_else(|| {
        let all: Vec<&str> = WebhookEventStatus::ALL.iter().map(|s| s.as_str()).collect();
        format!("expected one of {}", all.join(", "))
    })
}

fn positive(raw: &str) -> Result<usize, String> {
    raw.parse().ok().filter(|n| *n > 0).ok_or_else(|| "expected a positive number".to_owned())
}

fn event_id(raw: &str) -> Result<StripeEventId, String> {
    StripeEventId::parse(raw).map_err(|_| "expected an evt_ id".to_owned())
}

/// Runs `command`, writing what an operator should read to `out`.
///
/// # Errors
/// When the use case fails (the event is unknown, not failed, or fails again).
pub async fn run(billing: &BillingService, command: WebhooksCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        WebhooksCommand::List { status, limit } => {
            let events = billing.list_webhook_events(status, limit).await?;
            out.write_all(table(&events).as_bytes())?;
        }
        WebhooksCommand::Reprocess { id } => {
            let outcome = billing.reprocess_webhook(&id).await.with_context(|| format!("re-processing {id}"))?;
            writeln!(out, "{id}: {}", outcome.as_str())?;
        }
    }
    Ok(())
}

/// One line per event under a header; the error (of failed events) last, on one line.
pub fn table(events: &[StoredWebhookEvent]) -> String {
    if events.is_empty() {
        return "no webhook events\n".to_owned();
    }
    let mut text = format!("{:<20}  {:<9}  {:<32}  {:<30}  {}\n", "RECEIVED (UTC)", "STATUS", "TYPE", "ID", "ERROR");
    for event in events {
        let error = event.error.as_deref().unwrap_or("").replace(['\n', '\r'], " ");
        text.push_str(&format!(
            "{:<20}  {:<9}  {:<32}  {:<30}  {}\n",
            event.record.received_at.format("%Y-%m-%dT%H:%M:%SZ"),
            event.status.as_str(),
            event.record.event_type,
            event.record.id,
            error
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::ports::WebhookEventRecord;

    #[test]
    fn the_table_shows_each_event_with_its_error_on_one_line() {
        let failed = StoredWebhookEvent {
            record: WebhookEventRecord {
                id: StripeEventId::parse("evt_failed").unwrap(),
                event_type: "invoice.paid".into(),
                created: Utc.timestamp_opt(1_764_000_000, 0).unwrap(),
                received_at: Utc.with_ymd_and_hms(2026, 11, 25, 4, 30, 0).unwrap(),
                payload: "{}".into(),
            },
            status: WebhookEventStatus::Failed,
            error: Some("storage backend unavailable:\npool timed out".into()),
        };

        let text = table(&[failed]);

        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("RECEIVED (UTC)"));
        for part in ["2026-11-25T04:30:00Z", "failed", "invoice.paid", "evt_failed", "unavailable: pool timed out"] {
            assert!(lines[1].contains(part), "{part} in {}", lines[1]);
        }
        assert_eq!(table(&[]), "no webhook events\n");
    }
}
