//! An IMAP mailbox the desk fetches mail from: its address checked and
//! split (`imap://user:password@host:993/INBOX`), what becomes of a message
//! once it is taken, and how long to wait after the server failed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{MINUTE_MS, Millis};

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImapSecurity {
    /// TLS from the first byte (port 993): the default.
    Tls,
    /// Plain connection upgraded with STARTTLS (port 143).
    Starttls,
    /// No encryption: only for a server on the same host or network.
    None,
}

impl ImapSecurity {
    pub fn code(self) -> &'static str {
        match self {
            ImapSecurity::Tls => "tls",
            ImapSecurity::Starttls => "starttls",
            ImapSecurity::None => "none",
        }
    }
}

/// A mailbox's IMAP address, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapUrl {
    pub host: String,
    pub port: u16,
    pub security: ImapSecurity,
    pub user: String,
    /// Absent when the mailbox signs in with OAuth (XOAUTH2).
    pub password: Option<String>,
    pub folder: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MailboxUrlError {
    #[error("not a URL: {0}")]
    Malformed(String),
    #[error("the scheme must be imap or imaps, not {0}")]
    Scheme(String),
    #[error("the URL has no host")]
    NoHost,
    #[error("the URL has no user name (imap://user:password@host/INBOX)")]
    NoUser,
    #[error("tls must be tls, starttls or none, not {0}")]
    Security(String),
}

impl ImapUrl {
    /// `imap://user:password@host[:port][/FOLDER][?tls=tls|starttls|none]`;
    /// `imaps://` is the same with TLS. TLS unless said otherwise. A user
    /// name that is itself an address may keep its `@` unencoded.
    pub fn parse(input: &str) -> Result<ImapUrl, MailboxUrlError> {
        let input = input.trim();
        let (scheme, rest) = input
            .split_once("://")
            .ok_or_else(|| MailboxUrlError::Malformed(input.chars().take(80).collect()))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "imap" && scheme != "imaps" {
            return Err(MailboxUrlError::Scheme(scheme));
        }
        // Only the last `@` separates the credentials from the host, so
        // `support@shop.example:secret@imap.shop.example` reads as meant.
        let (authority_end, _) = rest
            .char_indices()
            .find(|(_, c)| *c == '/' || *c == '?')
            .unwrap_or((rest.len(), ' '));
        let (credentials, host_part) = match rest[..authority_end].rsplit_once('@') {
            Some((c, h)) => (c, format!("{h}{}", &rest[authority_end..])),
            None => return Err(MailboxUrlError::NoUser),
        };
        let parsed = url::Url::parse(&format!("imap://{host_part}"))
            .map_err(|e| MailboxUrlError::Malformed(e.to_string()))?;
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or(MailboxUrlError::NoHost)?
            .trim_matches(['[', ']'])
            .to_string();
        // TLS for both schemes unless `?tls=` says otherwise.
        let mut security = ImapSecurity::Tls;
        for (key, value) in parsed.query_pairs() {
            if key == "tls" {
                security = match value.as_ref() {
                    "tls" | "required" | "implicit" => ImapSecurity::Tls,
                    "starttls" => ImapSecurity::Starttls,
                    "none" | "off" => ImapSecurity::None,
                    other => return Err(MailboxUrlError::Security(other.to_string())),
                };
            }
        }
        let port = parsed.port().unwrap_or(match security {
            ImapSecurity::Tls => 993,
            ImapSecurity::Starttls | ImapSecurity::None => 143,
        });
        let (user, password) = match credentials.split_once(':') {
            Some((u, p)) => (decode(u), Some(decode(p))),
            None => (decode(credentials), None),
        };
        if user.is_empty() {
            return Err(MailboxUrlError::NoUser);
        }
        let folder = decode(parsed.path().trim_start_matches('/'));
        Ok(ImapUrl {
            host,
            port,
            security,
            user,
            password: password.filter(|p| !p.is_empty()),
            folder: if folder.is_empty() {
                "INBOX".into()
            } else {
                folder
            },
        })
    }

    /// The URL to store and parse again, credentials included.
    pub fn to_url(&self) -> String {
        self.format(self.password.as_deref().map(encode).as_deref())
    }

    /// The URL to show: the password replaced, never sent back.
    pub fn redacted(&self) -> String {
        self.format(self.password.as_ref().map(|_| "***"))
    }

    fn format(&self, password: Option<&str>) -> String {
        let credentials = match password {
            Some(p) => format!("{}:{p}", encode(&self.user)),
            None => encode(&self.user),
        };
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        format!(
            "imap://{credentials}@{host}:{}/{}?tls={}",
            self.port,
            encode(&self.folder),
            self.security.code()
        )
    }
}

fn decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// What becomes of a message in the mailbox once the desk has stored it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterFetch {
    /// Marked read (`\Seen`), left where it is.
    Flag,
    /// Moved to this folder (created when missing).
    Move(String),
}

impl AfterFetch {
    pub fn code(&self) -> &'static str {
        match self {
            AfterFetch::Flag => "flag",
            AfterFetch::Move(_) => "move",
        }
    }
}

/// How long a mailbox whose server failed `failures` times in a row waits
/// before the next try: 30 s, doubling, at most 30 minutes.
pub fn retry_after(failures: u32) -> Millis {
    let step = MINUTE_MS / 2;
    let doubled = step.saturating_mul(1_i64 << failures.saturating_sub(1).min(10));
    doubled.min(30 * MINUTE_MS)
}

/// XOAUTH2's initial response (RFC 7628 in Google's and Microsoft's form):
/// `user=…^Aauth=Bearer …^A^A`, before base64.
pub fn xoauth2_response(user: &str, access_token: &str) -> String {
    format!("user={user}\x01auth=Bearer {access_token}\x01\x01")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_form_with_tls_by_default() {
        let url = ImapUrl::parse("imap://user:pass@imap.shop.example:993/INBOX").unwrap();
        assert_eq!(url.host, "imap.shop.example");
        assert_eq!(url.port, 993);
        assert_eq!(url.security, ImapSecurity::Tls);
        assert_eq!(url.user, "user");
        assert_eq!(url.password.as_deref(), Some("pass"));
        assert_eq!(url.folder, "INBOX");
        let bare = ImapUrl::parse("imaps://u:p@mail.example").unwrap();
        assert_eq!((bare.port, bare.folder.as_str()), (993, "INBOX"));
    }

    #[test]
    fn starttls_and_plain_default_to_143() {
        let url = ImapUrl::parse("imap://u:p@h?tls=starttls").unwrap();
        assert_eq!((url.security, url.port), (ImapSecurity::Starttls, 143));
        let url = ImapUrl::parse("imap://u:p@127.0.0.1:1430/Support?tls=none").unwrap();
        assert_eq!((url.security, url.port), (ImapSecurity::None, 1430));
        assert_eq!(url.folder, "Support");
        assert!(matches!(
            ImapUrl::parse("imap://u:p@h?tls=maybe"),
            Err(MailboxUrlError::Security(_))
        ));
    }

    #[test]
    fn an_address_as_user_and_odd_passwords_survive_the_round_trip() {
        let url = ImapUrl::parse(
            "imap://support@shop.example:p%40ss:w+rd@imap.shop.example/Soporte%20web",
        )
        .unwrap();
        assert_eq!(url.user, "support@shop.example");
        assert_eq!(url.password.as_deref(), Some("p@ss:w+rd"));
        assert_eq!(url.folder, "Soporte web");
        assert_eq!(ImapUrl::parse(&url.to_url()).unwrap(), url);
        assert!(!url.redacted().contains("p%40ss"));
        assert!(url.redacted().contains("***"));
    }

    #[test]
    fn refuses_what_cannot_be_a_mailbox() {
        assert!(matches!(
            ImapUrl::parse("pop3://u:p@h"),
            Err(MailboxUrlError::Scheme(_))
        ));
        assert!(matches!(
            ImapUrl::parse("imap://host.example/INBOX"),
            Err(MailboxUrlError::NoUser)
        ));
        assert!(matches!(
            ImapUrl::parse("support@shop.example"),
            Err(MailboxUrlError::Malformed(_))
        ));
        assert!(ImapUrl::parse("imap://u:p@/INBOX").is_err());
    }

    #[test]
    fn an_oauth_mailbox_has_no_password() {
        let url =
            ImapUrl::parse("imap://support%40shop.example@outlook.office365.com/INBOX").unwrap();
        assert_eq!(url.user, "support@shop.example");
        assert_eq!(url.password, None);
    }

    #[test]
    fn backoff_doubles_up_to_half_an_hour() {
        assert_eq!(retry_after(1), 30_000);
        assert_eq!(retry_after(2), 60_000);
        assert_eq!(retry_after(3), 120_000);
        assert_eq!(retry_after(40), 30 * MINUTE_MS);
    }

    #[test]
    fn xoauth2_response_has_the_control_a_separators() {
        assert_eq!(
            xoauth2_response("a@b.example", "tok"),
            "user=a@b.example\u{1}auth=Bearer tok\u{1}\u{1}"
        );
    }
}
