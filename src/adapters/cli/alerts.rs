//! `signalbox alerts status`: the alert queues per channel, from the database (so every
//! instance's work is counted) — the same numbers `/metrics` shows as `signalbox_alerts_*`.

use std::io::Write;

use crate::app::alerts::AlertsService;

#[derive(Debug, PartialEq, Eq, clap::Subcommand)]
pub enum AlertsCommand {
    /// Alerts sent, failed, dropped and queued per channel, and the oldest queued one's age.
    Status,
}

/// Runs `command`, writing a table to `out`.
///
/// # Errors
/// When the store cannot be read.
pub async fn run(alerts: &AlertsService, command: AlertsCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let AlertsCommand::Status = command;
    let status = alerts.alerts_status().await?;
    writeln!(
        out,
        "{:<10} {:>8} {:>8} {:>8} {:>8} {:>14}",
        "channel", "sent", "failed", "dropped", "queued", "oldest_queued"
    )?;
    for line in status {
        let oldest = line.oldest_queued_age_secs.map_or_else(|| "-".to_owned(), |secs| format!("{secs}s"));
        writeln!(
            out,
            "{:<10} {:>8} {:>8} {:>8} {:>8} {:>14}",
            line.channel.as_str(),
            line.stats.sent,
            line.stats.failed,
            line.stats.dropped,
            line.stats.queued,
            oldest
        )?;
    }
    Ok(())
}
