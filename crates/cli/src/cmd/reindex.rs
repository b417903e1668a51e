//! `portal reindex`: the search index rebuilt from the database.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use portal_search::{SearchError, SearchIndex};
use portal_services::search;

use crate::data::{DataArgs, open_store, search_dir};

pub(crate) async fn reindex(args: DataArgs) -> Result<ExitCode> {
    let store = open_store(&args).await?;
    let dir = search_dir(&args);
    let index = match SearchIndex::open_for_rebuild(&dir) {
        Ok((index, _)) => Arc::new(index),
        Err(SearchError::Busy) => anyhow::bail!(
            "the search index in {} is in use: stop `portal serve` first \
             (a running portal rebuilds a missing or damaged index by itself)",
            dir.display()
        ),
        Err(error) => return Err(error.into()),
    };
    let progress = ProgressBar::new(0);
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} articles {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    search::rebuild(&store, &index, &|done, total| {
        progress.set_length(total);
        progress.set_position(done);
    })
    .await?;
    progress.finish_and_clear();
    println!(
        "indexed {} articles in {:.1} s into {}",
        index.doc_count(),
        started.elapsed().as_secs_f64(),
        dir.display()
    );
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
