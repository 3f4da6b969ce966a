//! The instruments we publish signals for.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    Nifty,
    BankNifty,
}

impl Symbol {
    pub const ALL: [Symbol; 2] = [Symbol::Nifty, Symbol::BankNifty];

    pub fn as_str(self) -> &'static str {
        match self {
            Symbol::Nifty => "NIFTY",
            Symbol::BankNifty => "BANKNIFTY",
        }
    }

    /// A realistic starting level, so prices in the dashboard look like the real indices.
    pub(crate) fn base_price(self) -> f64 {
        match self {
            Symbol::Nifty => 24_500.0,
            Symbol::BankNifty => 52_000.0,
        }
    }

    /// Bank stocks swing harder than the broad index.
    pub(crate) fn volatility_per_bar(self) -> f64 {
        match self {
            Symbol::Nifty => 0.0009,
            Symbol::BankNifty => 0.0013,
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
