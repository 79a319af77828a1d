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
}

/// An attachment decoded and checked, ready to be written.
#[derive(Debug, Clone)]
pub struct DecodedAttachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
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
    })
}

impl Services {
    fn attachment_path(&self, sha256: &str) -> PathBuf {
        self.settings
            .data_dir
            .join("attachments")
            .join(&sha256[..2])
            .join(sha256)
    }

    /// Writes the file (once per content) before the database row refers to it;
    /// a file without a row is harmless, a row without a file is not.
    pub(crate) async fn write_attachment(&self, a: &DecodedAttachment) -> Result<()> {
        let path = self.attachment_path(&a.sha256);
        if tokio::fs::try_exists(&path).await.unwrap_or(false) {
            return Ok(());
        }
        let dir = path.parent().map(PathBuf::from).unwrap_or_default();
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(anyhow::Error::from)?;
        let tmp = dir.join(format!("{}.tmp{}", a.sha256, std::process::id()));
        tokio::fs::write(&tmp, &a.bytes)
            .await
            .map_err(anyhow::Error::from)?;
        tokio::fs::rename(&tmp, &path)
            .await
            .map_err(anyhow::Error::from)?;
        Ok(())
    }

    pub(crate) async fn read_attachment_file(&self, sha256: &str) -> Result<Vec<u8>> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServiceError::NotFound("attachment"));
        }
        tokio::fs::read(self.attachment_path(sha256))
            .await
            .map_err(|_| ServiceError::NotFound("attachment file"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, ct: &str, b64: &str) -> AttachmentInput {
        AttachmentInput {
            filename: name.into(),
            content_type: ct.into(),
            content_base64: b64.into(),
        }
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
