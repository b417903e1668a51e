//! E-mail: the outbox's sender. Use cases put mails in the outbox in the
//! same transaction as what they tell of; this task hands them to the mail
//! server given by `--smtp-url`, and keeps those it does not take for a
//! later try, waiting longer each time. Without a server the mails wait.

use std::time::Duration;

use anyhow::{Context, Result};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use portal_store::{QueuedMail, Store};
use tokio::sync::Notify;
use tokio::task::JoinHandle;

pub use portal_store::Mail;

/// How long a claimed mail is held before another node may try it.
const LEASE_SECONDS: i64 = 300;
const BATCH: i64 = 50;
/// The longest wait between two tries of one mail.
const MAX_BACKOFF_SECONDS: i64 = 3_600;

/// Where mail goes and who it is from.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://host:port`, `smtps://user:password@host` or
    /// `smtp://host?tls=required`, as lettre reads it.
    pub smtp_url: String,
    /// `Cổng thông tin <no-reply@example.gov.vn>`.
    pub from: String,
}

/// Wakes the sender when a mail was queued, so it need not wait its turn.
#[derive(Clone, Default)]
pub struct MailWake(std::sync::Arc<Notify>);

impl MailWake {
    pub fn mail_queued(&self) {
        self.0.notify_one();
    }
}

/// What hands mails to the mail server.
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Sender {
    /// Reads the configuration; says what to fix when it cannot be read.
    pub fn new(config: &MailConfig) -> Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&config.smtp_url)
            .with_context(|| {
                format!(
                    "địa chỉ máy chủ thư «{}» không đọc được; hãy dùng dạng smtp://máy:cổng \
                     (the SMTP URL could not be read; use smtp://host:port)",
                    config.smtp_url
                )
            })?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = config.from.parse().with_context(|| {
            format!(
                "địa chỉ gửi thư «{}» không hợp lệ; hãy viết dạng Tên <dia-chi@ten-mien> \
                 (the sender address is not valid)",
                config.from
            )
        })?;
        Ok(Self { transport, from })
    }

    /// Sends every mail due at `now`; returns how many the server took.
    /// Those it did not take wait for a later try.
    pub async fn send_due(&self, store: &Store, now: i64) -> Result<usize> {
        let mut sent = 0;
        loop {
            let due = store.claim_due_mail(now, LEASE_SECONDS, BATCH).await?;
            if due.is_empty() {
                return Ok(sent);
            }
            for queued in &due {
                match self.send_one(queued).await {
                    Ok(()) => {
                        store.mark_mail_sent(queued.id, now).await?;
                        sent += 1;
                    }
                    Err(error) => {
                        let wait = backoff(queued.attempts);
                        tracing::warn!(id = queued.id, %error, wait, "mail not taken; kept for later");
                        store
                            .mark_mail_failed(queued.id, &format!("{error:#}"), now + wait)
                            .await?;
                    }
                }
            }
            if due.len() < BATCH as usize {
                return Ok(sent);
            }
        }
    }

    async fn send_one(&self, queued: &QueuedMail) -> Result<()> {
        let to: Mailbox = queued
            .mail
            .recipient
            .parse()
            .context("the recipient's address is not valid")?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(queued.mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(queued.mail.body.clone())?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// Starts the sender: it sends what is due every `every`, and at once when
/// woken.
pub fn start(
    store: Store,
    config: &MailConfig,
    wake: MailWake,
    every: Duration,
) -> Result<JoinHandle<()>> {
    let sender = Sender::new(config)?;
    Ok(tokio::spawn(async move {
        let mut ticker = tokio::time::interval(every);
        loop {
            tokio::select! {
                _ = ticker.tick() => {}
                () = wake.0.notified() => {}
            }
            if let Err(error) = sender.send_due(&store, portal_core::time::now()).await {
                tracing::warn!(%error, "the outbox could not be read; will try again");
            }
        }
    }))
}

/// The outbox, newest first (for the administrators and tests).
pub async fn outbox(store: &Store, limit: i64) -> portal_store::Result<Vec<QueuedMail>> {
    store.outbox(limit).await
}

/// One minute after the first failure, doubling, at most an hour.
fn backoff(attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.clamp(0, 6)).unwrap_or(6);
    (60_i64 << doublings).min(MAX_BACKOFF_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_longer_after_each_failure() {
        assert_eq!(backoff(0), 60);
        assert_eq!(backoff(1), 120);
        assert_eq!(backoff(30), MAX_BACKOFF_SECONDS);
    }
}
