//! S3-compatible object storage (Amazon S3, MinIO, a Vietnamese cloud's
//! object storage) for media and backups, configured as every S3 tool is:
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, and for a provider other
//! than Amazon `AWS_ENDPOINT_URL` and `AWS_REGION` (`AWS_ALLOW_HTTP=true`
//! for a plain-http endpoint on a private network).

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;

/// `s3://BUCKET/FOLDER` split into the bucket and the folder (no slashes
/// at either end); `None` when `text` is not such an address.
pub fn parse_address(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("s3://")?;
    let (bucket, folder) = rest.split_once('/').unwrap_or((rest, ""));
    Some((bucket, folder.trim_matches('/')))
}

/// The bucket, with the keys from the environment.
pub fn bucket(name: &str) -> Result<Arc<dyn ObjectStore>> {
    if name.is_empty() {
        bail!("s3:// cần tên bucket: s3://BUCKET/THƯ-MỤC / s3:// needs a bucket name");
    }
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none()
        || std::env::var_os("AWS_SECRET_ACCESS_KEY").is_none()
    {
        bail!(
            "để dùng s3://{name}, hãy đặt AWS_ACCESS_KEY_ID và AWS_SECRET_ACCESS_KEY (và \
             AWS_ENDPOINT_URL, AWS_REGION nếu không phải Amazon) / to use s3://{name}, set \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_ENDPOINT_URL, AWS_REGION for \
             a provider other than Amazon)"
        );
    }
    let objects = AmazonS3Builder::from_env()
        .with_bucket_name(name)
        .build()
        .with_context(|| format!("cannot reach s3://{name}"))?;
    Ok(Arc::new(objects))
}
