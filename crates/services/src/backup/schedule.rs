//! Backups `portal serve` makes by itself, on a timer, into a folder or a
//! bucket; the newest are kept and the last outcome is shown on the desk.

use std::path::PathBuf;

use anyhow::Result;
use portal_store::Store;
use serde::{Deserialize, Serialize};

use super::{Location, Place, write_checked};
use crate::media::MediaFolder;

/// Where and how often `portal serve` backs up by itself.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub place: Place,
    /// A folder on this machine for a bucket's backup before it is sent.
    pub staging: PathBuf,
    pub every: std::time::Duration,
    /// How many backups to keep; older ones are deleted after a good one.
    pub keep: usize,
}

/// How the last scheduled backup went, for the administrators' desk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Outcome {
    pub at: i64,
    pub file: String,
    /// Empty when the backup was written and read back whole.
    pub error: String,
}

const OUTCOME_SETTING: &str = "backup.last";

/// Backs up every `schedule.every`, checks each backup by reading it back,
/// keeps the newest `schedule.keep`, and records how it went; a failure is
/// logged and shown to administrators, and the next run tries again.
pub async fn run_schedule(store: Store, media: MediaFolder, schedule: Schedule) {
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::now() + schedule.every, schedule.every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let outcome = scheduled_once(&store, &media, &schedule).await;
        match &outcome.error[..] {
            "" => tracing::info!(file = %outcome.file, "backup written and checked"),
            error => tracing::error!(file = %outcome.file, %error, "scheduled backup failed"),
        }
        if let Err(error) = record_outcome(&store, &outcome).await {
            tracing::error!(%error, "backup outcome not recorded");
        }
    }
}

/// One scheduled backup, now.
pub async fn scheduled_once(store: &Store, media: &MediaFolder, schedule: &Schedule) -> Outcome {
    let now = portal_core::time::now();
    let location = Location {
        place: schedule.place.clone(),
        name: format!(
            "portal-{}.tar.gz",
            portal_core::time::format_iso(now)
                .chars()
                .filter(char::is_ascii_digit)
                .take(14)
                .collect::<String>()
        ),
    };
    let result = async {
        write_checked(store, media, &location, &schedule.staging, now, &|_| {}).await?;
        prune(&schedule.place, schedule.keep).await
    }
    .await;
    Outcome {
        at: now,
        file: location.describe(),
        error: result.err().map(|e| format!("{e:#}")).unwrap_or_default(),
    }
}

/// Deletes all but the newest `keep` scheduled backups in `place`.
async fn prune(place: &Place, keep: usize) -> Result<()> {
    let mut backups: Vec<String> = place
        .names()
        .await?
        .into_iter()
        .filter(|n| n.starts_with("portal-") && n.ends_with(".tar.gz"))
        .collect();
    // Their names carry the time: sorted by name, oldest first.
    backups.sort();
    let excess = backups.len().saturating_sub(keep.max(1));
    for old in &backups[..excess] {
        place.remove(old).await?;
    }
    Ok(())
}

async fn record_outcome(store: &Store, outcome: &Outcome) -> Result<()> {
    store
        .set_setting(OUTCOME_SETTING, &serde_json::to_string(outcome)?)
        .await?;
    Ok(())
}

/// The last scheduled backup's outcome, if one has run.
pub async fn last_outcome(store: &Store) -> Option<Outcome> {
    let text = store.setting(OUTCOME_SETTING).await.ok()??;
    serde_json::from_str(&text).ok()
}
