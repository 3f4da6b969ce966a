//! Rebuilds when a migration is added or edited: `sqlx::migrate!` embeds the migration files
//! at compile time, and cargo does not otherwise know the crate depends on them.

fn main() {
    println!("cargo:rerun-if-changed=src/adapters/sql/migrations");
}
