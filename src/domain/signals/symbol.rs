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
}

impl fmt::Display for Symbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
