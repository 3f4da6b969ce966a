//! `signalbox webhooks …`: the operators' view of the Stripe webhook event log.
//!
//! - `signalbox webhooks list [--status processed|stale|ignored|unmatched|failed] [--limit N]` prints
//!   the newest events first, one per line, with the error of failed ones.
//! - `signalbox webhooks reprocess <evt_id>` runs a failed event's stored payload through the
//!   same handling path as a delivery again (see the `reprocess_webhook` use case).
//!
//! Parsing and formatting are plain functions, so they are tested without a database.

use std::io::Write;

use anyhow::{Context, bail};

use crate::app::Signalbox;
use crate::domain::StripeEventId;
use crate::ports::{StoredWebhookEvent, WebhookEventStatus};

pub const USAGE: &str = "usage: signalbox webhooks list [--status processed|stale|ignored|unmatched|failed] [--limit N]
       signalbox webhooks reprocess <evt_id>";

const DEFAULT_LIMIT: usize = 50;

#[derive(Debug, PartialEq, Eq)]
pub enum WebhooksCommand {
    List { status: Option<WebhookEventStatus>, limit: usize },
    Reprocess { id: StripeEventId },
}

/// Parses the arguments after `webhooks`.
///
/// # Errors
/// A message naming what is wrong, followed by [`USAGE`].
pub fn parse(args: &[String]) -> anyhow::Result<WebhooksCommand> {
    let usage = || format!("\n{USAGE}");
    match args.split_first() {
        Some((sub, rest)) if sub == "list" => {
            let (mut status, mut limit) = (None, DEFAULT_LIMIT);
            let mut options = rest.iter();
            while let Some(option) = options.next() {
                let value = options.next().with_context(|| format!("{option} needs a value{}", usage()))?;
                match option.as_str() {
                    "--status" => {
                        status = Some(
                            WebhookEventStatus::parse(value)
                                .with_context(|| format!("unknown status {value:?}{}", usage()))?,
                        );
                    }
                    "--limit" => {
                        limit =
                            value.parse().ok().filter(|n| *n > 0).with_context(|| {
                                format!("--limit takes a positive number, not {value:?}{}", usage())
                            })?;
                    }
                    other => bail!("unknown option {other:?}{}", usage()),
                }
            }
            Ok(WebhooksCommand::List { status, limit })
        }
        Some((sub, [id])) if sub == "reprocess" => {
            let id = StripeEventId::parse(id).with_context(|| format!("{id:?} is not an evt_ id{}", usage()))?;
            Ok(WebhooksCommand::Reprocess { id })
        }
        _ => bail!("expected `list` or `reprocess <evt_id>`{}", usage()),
    }
}

/// Runs `command`, writing what an operator should read to `out`.
///
/// # Errors
/// When the use case fails (the event is unknown, not failed, or fails again).
pub async fn run(app: &Signalbox, command: WebhooksCommand, out: &mut impl Write) -> anyhow::Result<()> {
    match command {
        WebhooksCommand::List { status, limit } => {
            let events = app.list_webhook_events(status, limit).await?;
            out.write_all(table(&events).as_bytes())?;
        }
        WebhooksCommand::Reprocess { id } => {
            let outcome = app.reprocess_webhook(&id).await.with_context(|| format!("re-processing {id}"))?;
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

    fn args(raw: &[&str]) -> Vec<String> {
        raw.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn list_defaults_to_every_status_and_fifty_events() {
        assert_eq!(parse(&args(&["list"])).unwrap(), WebhooksCommand::List { status: None, limit: 50 });
    }

    #[test]
    fn list_takes_a_status_and_a_limit() {
        assert_eq!(
            parse(&args(&["list", "--status", "failed", "--limit", "5"])).unwrap(),
            WebhooksCommand::List { status: Some(WebhookEventStatus::Failed), limit: 5 }
        );
    }

    #[test]
    fn reprocess_takes_one_event_id() {
        assert_eq!(
            parse(&args(&["reprocess", "evt_123"])).unwrap(),
            WebhooksCommand::Reprocess { id: StripeEventId::parse("evt_123").unwrap() }
        );
    }

    #[test]
    fn wrong_arguments_are_refused_with_the_usage() {
        for bad in [
            &["list", "--status", "lost"][..],
            &["list", "--limit", "0"],
            &["list", "--status"],
            &["list", "--verbose", "yes"],
            &["reprocess"],
            &["reprocess", "in_123"],
            &["reprocess", "evt_1", "evt_2"],
            &["delete"],
            &[],
        ] {
            let err = parse(&args(bad)).unwrap_err().to_string();
            assert!(err.contains("usage: signalbox webhooks"), "{bad:?}: {err}");
        }
    }

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
