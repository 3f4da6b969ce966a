//! The places an alert can go.

/// One channel; each has its own queue, so a slow one never holds the others back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertChannel {
    Telegram,
    Email,
    Push,
}

impl AlertChannel {
    pub const ALL: [AlertChannel; 3] = [AlertChannel::Telegram, AlertChannel::Email, AlertChannel::Push];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Telegram => "telegram",
            Self::Email => "email",
            Self::Push => "push",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|channel| channel.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_parses_back_from_its_name() {
        for channel in AlertChannel::ALL {
            assert_eq!(AlertChannel::parse(channel.as_str()), Some(channel));
        }
        assert_eq!(AlertChannel::parse("sms"), None);
    }
}
