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

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|symbol| symbol.as_str() == raw)
    }

    /// A realistic starting level, so prices in the dashboard look like the real indices.
    pub(crate) fn base_price(self) -> f64 {
        match self {
            Symbol::Nifty => 24_500.0,
            Symbol::BankNifty => 52_000.0,
        }
    }

    /// Per one-minute bar: about 0.8% (NIFTY) and 1.1% (BANKNIFTY) a day, like the real indices.
    pub(crate) fn volatility_per_bar(self) -> f64 {
        match self {
            Symbol::Nifty => 0.0004,
            Symbol::BankNifty => 0.00057,
        }
    }
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
