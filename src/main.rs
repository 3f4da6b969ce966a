//! The `signalbox` binary: `signalbox --help` lists every command (the grammar is in
//! `adapters::cli::args`). Without a command it serves; what each command builds and runs is
//! the composition root's business (`bootstrap::commands`).
// The HTTP stack is one deeply nested endpoint type (each middleware wraps the one before);
// the compiler needs more than its default depth to lay it out in optimised builds.
#![recursion_limit = "256"]

use clap::Parser;
use signalbox::adapters::cli::args::Cli;
use signalbox::bootstrap::commands;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    commands::run(Cli::parse()).await
}
