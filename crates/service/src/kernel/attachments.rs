//! Attachment files, stored under the data directory by their SHA-256, so the
//! same file sent twice is kept once.

use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use marketdesk_domain::text::required_line;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::{Result, ServiceError, Services};

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    pub filename: String,
    pub content_type: String,
    /// The file, base64-encoded.
    pub content_base64: String,
    /// An inline image's Content-ID: set by the email channel only.
    #[serde(skip)]
    pub content_id: Option<String>,
}

/// An attachment decoded and checked, ready to be written.
#[derive(Debug, Clone)]
pub struct DecodedAttachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub content_id: Option<String>,
}

pub fn decode(input: &AttachmentInput, max_bytes: usize) -> Result<DecodedAttachment> {
    let filename = required_line("attachments.filename", &input.filename, 255)?;
    if filename.contains(['/', '\\']) || filename == "." || filename == ".." {
        return Err(ServiceError::field(
            "attachments.filename",
            "must be a file name, not a path",
        ));
    }
    let content_type = required_line("attachments.content_type", &input.content_type, 127)?;
    let valid_type = content_type.split_once('/').is_some_and(|(a, b)| {
        let token = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
        };
        token(a) && token(b.split(';').next().unwrap_or_default().trim())
    });
    if !valid_type {
        return Err(ServiceError::field(
            "attachments.content_type",
            "must be a media type such as image/jpeg",
        ));
    }
    // Base64 is 4/3 of the size: refuse before decoding what cannot fit.
    if input.content_base64.len() / 4 * 3 > max_bytes + 3 {
        return Err(ServiceError::TooLarge(format!(
            "an attachment may be at most {max_bytes} bytes"
        )));
    }
    let bytes = STANDARD
        .decode(input.content_base64.trim())
        .map_err(|_| ServiceError::field("attachments.content_base64", "is not valid base64"))?;
    if bytes.len() > max_bytes {
        return Err(ServiceError::TooLarge(format!(
            "an attachment may be at most {max_bytes} bytes"
        )));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    Ok(DecodedAttachment {
        filename,
        content_type,
        bytes,
        sha256,
        content_id: input.content_id.clone(),
    })
}

/// Attachment files written for one request under names of their own
/// (`<sha256>.staged-<random>`). They take their real name only once the rows
/// naming them are committed, so a request that fails — refused, invalid, or
/// a database error — leaves nothing behind, and two requests sending the
/// same file never remove each other's copy.
#[must_use = "staged files must be kept or discarded"]
pub(crate) struct StagedFiles {
    /// (staged name, final name)
    files: Vec<(PathBuf, PathBuf)>,
}

impl StagedFiles {
    /// Keeps the files when `outcome` succeeded (its rows are committed),
    /// removes them otherwise.
    pub(crate) async fn settle<T>(self, outcome: &Result<T>) {
        if outcome.is_ok() {
            self.keep().await
        } else {
            self.discard().await
        }
    }

    async fn keep(self) {
        for (staged, path) in self.files {
            if let Err(err) = tokio::fs::rename(&staged, &path).await {
                // The sweep finishes it: the row exists, so the file is kept.
                tracing::warn!(error = %err, file = %staged.display(), "naming an attachment file failed");
            }
        }
    }

    async fn discard(self) {
        for (staged, _) in self.files {
            if let Err(err) = tokio::fs::remove_file(&staged).await {
                tracing::warn!(error = %err, file = %staged.display(), "removing an unused attachment file failed");
            }
        }
    }
}

/// What the attachment sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sweep {
    /// Files no row names (or staged files of requests that failed), removed.
    pub removed: usize,
    /// Staged files whose rows were committed, given their real name.
    pub kept: usize,
}

/// The content hash a file under `<data>/attachments` stands for, and whether
/// it is a staged (not yet named) copy. Other files are not ours.
fn file_kind(name: &str) -> Option<(&str, bool)> {
    let sha = name.get(..64)?;
    if !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    match &name[64..] {
        "" => Some((sha, false)),
        rest if rest.starts_with(".staged-") || rest.starts_with(".tmp") => Some((sha, true)),
        _ => None,
    }
}

/// Where attachment contents live: files under the data directory (one
/// node, SQLite's default) or the database (nodes that share no disk,
/// PostgreSQL's default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AttachmentStore {
    #[default]
    Files,
    Database,
}

impl AttachmentStore {
    pub fn parse(text: &str) -> Option<AttachmentStore> {
        match text {
            "files" => Some(AttachmentStore::Files),
            "database" => Some(AttachmentStore::Database),
            _ => None,
        }
    }
}

impl Services {
    fn attachment_path(&self, sha256: &str) -> PathBuf {
        self.settings
            .data_dir
            .join("attachments")
            .join(&sha256[..2])
            .join(sha256)
    }

    /// Writes the request's files under staged names; call only once the
    /// viewer is known to be allowed to post them, and settle them with the
    /// outcome of the transaction that writes their rows.
    pub(crate) async fn stage_attachments(
        &self,
        files: &[DecodedAttachment],
    ) -> Result<StagedFiles> {
        let mut staged = StagedFiles { files: Vec::new() };
        for a in files {
            match self.stage_attachment(a).await {
                Ok(Some(pair)) => staged.files.push(pair),
                Ok(None) => {}
                Err(err) => {
                    staged.discard().await;
                    return Err(err);
                }
            }
        }
        Ok(staged)
    }

    async fn stage_attachment(&self, a: &DecodedAttachment) -> Result<Option<(PathBuf, PathBuf)>> {
        if self.settings.attachment_store == AttachmentStore::Database {
            // Stored before the request's rows; bytes no row comes to name
            // (a refused request) are removed by the sweep after its grace.
            let mut tx = self.store.begin().await?;
            marketdesk_store::tickets::put_blob(&mut tx, &a.sha256, &a.bytes, crate::now_ms())
                .await?;
            tx.commit().await?;
            return Ok(None);
        }
        let path = self.attachment_path(&a.sha256);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            // Already stored: a fresh time keeps the sweep's grace period off
            // it while this request commits its row.
            let refreshed = std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| f.set_modified(std::time::SystemTime::now()));
            if refreshed.is_ok() {
                return Ok(None);
            }
        }
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(anyhow::Error::from)?;
        let staged = dir.join(format!(
            "{}.staged-{:016x}",
            a.sha256,
            rand::random::<u64>()
        ));
        if let Err(err) = tokio::fs::write(&staged, &a.bytes).await {
            let _ = tokio::fs::remove_file(&staged).await;
            return Err(anyhow::Error::from(err).into());
        }
        Ok(Some((staged, path)))
    }

    pub(crate) async fn read_attachment_file(&self, sha256: &str) -> Result<Vec<u8>> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServiceError::NotFound("attachment"));
        }
        if self.settings.attachment_store == AttachmentStore::Database {
            let mut conn = self.store.reader().await?;
            return marketdesk_store::tickets::get_blob(&mut conn, sha256)
                .await?
                .ok_or(ServiceError::NotFound("attachment file"));
        }
        tokio::fs::read(self.attachment_path(sha256))
            .await
            .map_err(|_| ServiceError::NotFound("attachment file"))
    }

    /// Cleans `<data>/attachments`: files older than `grace` that no row
    /// names are removed (left by a crash, or by versions that wrote before
    /// checking); a staged file whose row was committed (a crash between the
    /// commit and the rename) gets its name. Younger files belong to requests
    /// still running. Safe on several nodes at once.
    pub async fn sweep_attachment_files(&self, grace: std::time::Duration) -> Result<Sweep> {
        let root = self.settings.data_dir.join("attachments");
        let mut sweep = Sweep::default();
        if self.settings.attachment_store == AttachmentStore::Database {
            let before = crate::now_ms() - i64::try_from(grace.as_millis()).unwrap_or(i64::MAX);
            let mut tx = self.store.begin().await?;
            let removed = marketdesk_store::tickets::sweep_blobs(&mut tx, before).await?;
            tx.commit().await?;
            sweep.removed = usize::try_from(removed).unwrap_or(usize::MAX);
            return Ok(sweep);
        }
        let Ok(mut dirs) = tokio::fs::read_dir(&root).await else {
            return Ok(sweep);
        };
        let cutoff = std::time::SystemTime::now() - grace;
        while let Some(dir) = dirs.next_entry().await.map_err(anyhow::Error::from)? {
            let Ok(mut files) = tokio::fs::read_dir(dir.path()).await else {
                continue;
            };
            while let Some(file) = files.next_entry().await.map_err(anyhow::Error::from)? {
                let name = file.file_name();
                let Some((sha, staged)) = name.to_str().and_then(file_kind) else {
                    continue;
                };
                let old_enough = file
                    .metadata()
                    .await
                    .and_then(|m| m.modified())
                    .is_ok_and(|modified| modified < cutoff);
                if !old_enough {
                    continue;
                }
                let in_use = {
                    let mut conn = self.store.reader().await?;
                    marketdesk_store::tickets::attachment_file_in_use(&mut conn, sha).await?
                };
                let path = file.path();
                let finished = staged && in_use && !self.attachment_path(sha).exists();
                if finished {
                    tokio::fs::rename(&path, self.attachment_path(sha))
                        .await
                        .map_err(anyhow::Error::from)?;
                    sweep.kept += 1;
                } else if staged || !in_use {
                    match tokio::fs::remove_file(&path).await {
                        Ok(()) => sweep.removed += 1,
                        // Another node swept it first.
                        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
                        Err(err) => return Err(anyhow::Error::from(err).into()),
                    }
                }
            }
        }
        Ok(sweep)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, ct: &str, b64: &str) -> AttachmentInput {
        AttachmentInput {
            content_id: None,
            filename: name.into(),
            content_type: ct.into(),
            content_base64: b64.into(),
        }
    }

    #[test]
    fn only_our_file_names_are_swept() {
        let sha = "a".repeat(64);
        assert_eq!(file_kind(&sha), Some((sha.as_str(), false)));
        assert_eq!(
            file_kind(&format!("{sha}.staged-00ff")),
            Some((sha.as_str(), true))
        );
        assert_eq!(
            file_kind(&format!("{sha}.tmp123")),
            Some((sha.as_str(), true))
        );
        assert_eq!(file_kind("notes.txt"), None);
        assert_eq!(file_kind(&format!("{sha}.bak")), None);
        assert_eq!(file_kind(&"z".repeat(64)), None);
    }

    #[test]
    fn decodes_and_hashes() {
        let a = decode(&input("photo.jpg", "image/jpeg", "aGVsbG8="), 100).unwrap();
        assert_eq!(a.bytes, b"hello");
        assert_eq!(a.sha256.len(), 64);
    }

    #[test]
    fn refuses_paths_bad_types_bad_base64_and_big_files() {
        assert!(decode(&input("../etc/passwd", "text/plain", "aGk="), 100).is_err());
        assert!(decode(&input("a.txt", "text", "aGk="), 100).is_err());
        assert!(decode(&input("a.txt", "text/plain", "***"), 100).is_err());
        assert!(matches!(
            decode(&input("a.txt", "text/plain", "aGVsbG8gd29ybGQ="), 4),
            Err(ServiceError::TooLarge(_))
        ));
    }
}
