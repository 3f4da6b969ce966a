//! The development outbox: a [`Mailer`] that keeps what it is given, newest last.
//!
//! Bounded, so a long-running development server (or a script hammering the reset form)
//! cannot grow it without limit; the oldest messages go first.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::ports::{Clock, Mail, MailError, Mailer};

const KEEP: usize = 200;

/// One message as the outbox keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentMail {
    pub mail: Mail,
    pub sent_at: DateTime<Utc>,
}

pub struct DevOutbox {
    clock: Arc<dyn Clock>,
    sent: Mutex<VecDeque<SentMail>>,
}

impl DevOutbox {
    pub fn new(clock: Arc<dyn Clock>) -> Self {
        Self { clock, sent: Mutex::default() }
    }

    /// Everything kept, oldest first.
    pub fn sent(&self) -> Vec<SentMail> {
        self.sent.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).iter().cloned().collect()
    }
}

#[async_trait]
impl Mailer for DevOutbox {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let sent = SentMail { mail: mail.clone(), sent_at: self.clock.now() };
        tracing::info!(to = %mail.to, subject = %mail.subject, "mail kept in the development outbox (GET /dev/mailbox)");
        let mut outbox = self.sent.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if outbox.len() == KEEP {
            outbox.pop_front();
        }
        outbox.push_back(sent);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Email;
    use chrono::TimeZone;

    struct Fixed;
    impl Clock for Fixed {
        fn now(&self) -> DateTime<Utc> {
            Utc.with_ymd_and_hms(2026, 11, 28, 10, 0, 0).unwrap()
        }

        fn pause(&self, _: std::time::Duration) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
            Box::pin(std::future::ready(()))
        }
    }

    fn mail(n: usize) -> Mail {
        Mail { to: Email::parse("a@example.com").unwrap(), subject: format!("#{n}"), body: "hi".into() }
    }

    #[tokio::test]
    async fn keeps_what_it_is_given_in_order_and_drops_the_oldest_past_its_bound() {
        let outbox = DevOutbox::new(Arc::new(Fixed));
        for n in 0..KEEP + 3 {
            outbox.send(&mail(n)).await.unwrap();
        }
        let sent = outbox.sent();
        assert_eq!(sent.len(), KEEP);
        assert_eq!(sent[0].mail.subject, "#3");
        assert_eq!(sent.last().unwrap().mail.subject, format!("#{}", KEEP + 2));
        assert_eq!(sent[0].sent_at, Fixed.now());
    }
}
