//! `signalbox demo seed`: a free and a paid demo account, printed with how to log in.

use std::io::Write;

use crate::app::operations::OperationsService;
use crate::domain::Password;

use super::args::SeedArgs;

/// The demo accounts' password: printed, so only for demo data.
pub const DEMO_PASSWORD: &str = "signalbox-demo-2026";

pub async fn seed(operations: &OperationsService, args: SeedArgs, out: &mut impl Write) -> anyhow::Result<()> {
    let password = Password::parse_new(DEMO_PASSWORD, &[])?;
    let seeded = operations.seed_demo(args.free, args.paid, &password).await?;
    writeln!(out, "demo accounts ready ({} created):", seeded.created)?;
    writeln!(out, "  free: {}  password {DEMO_PASSWORD}", seeded.free)?;
    writeln!(out, "  paid: {}  password {DEMO_PASSWORD}  (local grant)", seeded.paid)?;
    writeln!(out, "existing accounts keep their password")?;
    Ok(())
}
