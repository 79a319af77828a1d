//! Settings from flags, `MARKETDESK_*` environment variables and an optional
//! TOML file, in that order of precedence. A bad value stops the start with a
//! message naming the setting.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use marketdesk_domain::policy::Policy;
use marketdesk_domain::{DAY_MS, HOUR_MS, MINUTE_MS, Millis};
use marketdesk_service::kernel::attachments::AttachmentStore;
use serde::Deserialize;

/// Flags shared by the commands that open the database. Each also reads an
/// environment variable; clap gives flags precedence over it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct StorageArgs {
    /// Directory for the SQLite database, attachments and the search index.
    #[arg(long, env = "MARKETDESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…); without it, SQLite in the data dir.
    #[arg(
        long,
        env = "MARKETDESK_DATABASE_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub storage: StorageArgs,
    /// Address to listen on.
    #[arg(long, env = "MARKETDESK_BIND", value_name = "ADDR")]
    pub bind: Option<SocketAddr>,
    /// Fill an empty data dir with the demo shop and print its logins.
    #[arg(long, env = "MARKETDESK_DEMO")]
    pub demo: bool,
    /// The address people reach this instance at, used in links in emails.
    #[arg(long, env = "MARKETDESK_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, env = "MARKETDESK_MAX_BODY_BYTES", value_name = "BYTES")]
    pub max_body_bytes: Option<usize>,
    /// How long a solved ticket waits before it closes, such as 4d or 96h.
    #[arg(long, env = "MARKETDESK_AUTO_CLOSE_AFTER", value_name = "DURATION", value_parser = parse_duration)]
    pub auto_close_after: Option<Millis>,
    /// SMTP server for outgoing mail, such as smtp://mail.example.com:587?tls=required.
    #[arg(
        long,
        env = "MARKETDESK_SMTP_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub smtp_url: Option<String>,
    /// Sender of outgoing mail, such as "Shop Support <help@shop.example>".
    #[arg(long, env = "MARKETDESK_MAIL_FROM", value_name = "MAILBOX")]
    pub mail_from: Option<String>,
    /// The shop's policy file (TOML): refund limits and more; defaults in docs/POLICY.md.
    #[arg(long, env = "MARKETDESK_POLICY", value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Where order events are POSTed (the shop's platform).
    #[arg(long, env = "MARKETDESK_WEBHOOK_URL", value_name = "URL")]
    pub webhook_url: Option<String>,
    /// The Twilio account's auth token: voice webhooks must carry its
    /// signature (`X-Twilio-Signature`); without it they are refused.
    #[arg(
        long,
        env = "MARKETDESK_TWILIO_AUTH_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub twilio_auth_token: Option<String>,
    /// Receive mail over SMTP on this address (an MX or relay delivers to it), such as 0.0.0.0:25.
    #[arg(long, env = "MARKETDESK_SMTP_LISTEN", value_name = "ADDR")]
    pub smtp_listen: Option<SocketAddr>,
    /// More addresses of the desk besides mail_from's, comma-separated; mail to others is refused.
    #[arg(
        long,
        env = "MARKETDESK_MAIL_ADDRESSES",
        value_name = "ADDRESSES",
        value_delimiter = ','
    )]
    pub mail_addresses: Vec<String>,
    /// The largest message the SMTP receiver accepts, in bytes (default 25 MiB).
    #[arg(long, env = "MARKETDESK_MAX_MAIL_BYTES", value_name = "BYTES")]
    pub max_mail_bytes: Option<usize>,
    /// The SMTP receiver's certificate chain (PEM): with smtp_tls_key, STARTTLS is offered.
    #[arg(long, env = "MARKETDESK_SMTP_TLS_CERT", value_name = "FILE")]
    pub smtp_tls_cert: Option<PathBuf>,
    /// The private key (PEM) of smtp_tls_cert.
    #[arg(long, env = "MARKETDESK_SMTP_TLS_KEY", value_name = "FILE")]
    pub smtp_tls_key: Option<PathBuf>,
    /// Certificates (PEM) trusted besides the public roots when connecting to IMAP mailboxes.
    #[arg(long, env = "MARKETDESK_MAIL_CA_FILE", value_name = "FILE")]
    pub mail_ca_file: Option<PathBuf>,
    /// A folder with en.ftl, zh.ftl, es.ftl giving the shop's own wording of mails (docs/EMAIL.md).
    #[arg(long, env = "MARKETDESK_MAIL_TEMPLATES", value_name = "DIR")]
    pub mail_templates: Option<PathBuf>,
    /// Answer each new email ticket with its reference (true or false; default true).
    #[arg(long, env = "MARKETDESK_ACKNOWLEDGE_EMAIL", value_name = "BOOL")]
    pub acknowledge_email: Option<bool>,
    /// IP addresses of relays delivering to the SMTP receiver (not limited), comma-separated; default loopback.
    #[arg(
        long,
        env = "MARKETDESK_MAIL_RELAYS",
        value_name = "IPS",
        value_delimiter = ','
    )]
    pub mail_relays: Vec<std::net::IpAddr>,
    /// Messages any other client may deliver to the SMTP receiver per hour (default 300).
    #[arg(
        long,
        env = "MARKETDESK_MAX_MAIL_PER_CLIENT_HOUR",
        value_name = "COUNT"
    )]
    pub max_mail_per_client_hour: Option<i64>,
    /// Where attachment contents are kept: files (in the data dir) or
    /// database; by default files on SQLite and database on PostgreSQL,
    /// so several nodes share them.
    #[arg(
        long,
        env = "MARKETDESK_ATTACHMENT_STORE",
        value_name = "files|database"
    )]
    pub attachment_store: Option<String>,
}

/// The optional TOML file; every key is optional and unknown keys are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub bind: Option<SocketAddr>,
    pub public_url: Option<String>,
    pub twilio_auth_token: Option<String>,
    pub max_body_bytes: Option<usize>,
    pub auto_close_after: Option<String>,
    pub admin_token: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: Option<String>,
    pub policy: Option<PathBuf>,
    pub webhook_url: Option<String>,
    pub webhook_secret: Option<String>,
    pub smtp_listen: Option<SocketAddr>,
    pub mail_addresses: Option<Vec<String>>,
    pub max_mail_bytes: Option<usize>,
    pub smtp_tls_cert: Option<PathBuf>,
    pub smtp_tls_key: Option<PathBuf>,
    pub mail_ca_file: Option<PathBuf>,
    pub mail_templates: Option<PathBuf>,
    pub acknowledge_email: Option<bool>,
    pub mail_relays: Option<Vec<std::net::IpAddr>>,
    pub max_mail_per_client_hour: Option<i64>,
    pub attachment_store: Option<String>,
}

impl FileConfig {
    pub fn load(path: Option<&Path>) -> anyhow::Result<FileConfig> {
        let Some(path) = path else {
            return Ok(FileConfig::default());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the config file {}", path.display()))?;
        toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("invalid config file {}: {e}", path.display()))
    }
}

/// The settings `serve` runs with, after precedence is applied.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    pub bind: SocketAddr,
    pub public_url: String,
    pub max_body_bytes: usize,
    pub auto_close_after: Millis,
    pub demo: bool,
    pub admin_token: Option<String>,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub policy: Policy,
    pub webhook_url: Option<String>,
    pub webhook_secret: String,
    /// Twilio's auth token, for the voice webhooks' signatures.
    pub twilio_auth_token: Option<String>,
    /// How long an unfinished request holds its `Idempotency-Key` before a
    /// retry may run it (the node handling it may have died).
    pub idempotency_lease: Millis,
    /// Where the SMTP receiver listens; none: no receiver.
    pub smtp_listen: Option<SocketAddr>,
    /// The desk's addresses besides mail_from's.
    pub mail_addresses: Vec<String>,
    /// The largest message accepted by email, in bytes.
    pub max_mail_bytes: usize,
    /// The SMTP receiver's certificate and key (PEM), for STARTTLS.
    pub smtp_tls: Option<(PathBuf, PathBuf)>,
    /// Extra roots for IMAP servers' certificates.
    pub mail_ca_file: Option<PathBuf>,
    /// The shop's own mail wording, read and checked at start.
    pub mail_texts: std::sync::Arc<marketdesk_messages::Overrides>,
    /// Acknowledge new email tickets.
    pub acknowledge_email: bool,
    /// Relays the per-client mail limit does not count.
    pub mail_relays: Vec<std::net::IpAddr>,
    pub max_mail_per_client_hour: i64,
    /// Where attachment contents are kept; none: by the database.
    pub attachment_store: Option<AttachmentStore>,
    /// The bearer token `/metrics` asks for; none: no metrics endpoint.
    pub metrics_token: Option<String>,
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

impl Config {
    /// `secrets` are the values read from the environment only:
    /// `MARKETDESK_ADMIN_TOKEN` and `MARKETDESK_WEBHOOK_SECRET`.
    pub fn resolve(
        args: &ServeArgs,
        file: &FileConfig,
        secrets: Secrets,
    ) -> anyhow::Result<Config> {
        let admin_token_env = secrets.admin_token;
        let (data_dir, database_url) = resolve_storage(&args.storage, file);
        let bind = match (args.bind, file.bind) {
            (Some(b), _) | (None, Some(b)) => b,
            (None, None) => DEFAULT_BIND.parse().context("default bind address")?,
        };
        let public_url = args
            .public_url
            .clone()
            .or(file.public_url.clone())
            .unwrap_or_else(|| format!("http://{bind}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!(
                "invalid value '{public_url}' for public_url (MARKETDESK_PUBLIC_URL): it must start with http:// or https://"
            );
        }
        let max_body_bytes = args
            .max_body_bytes
            .or(file.max_body_bytes)
            .unwrap_or(DEFAULT_MAX_BODY_BYTES);
        if !(1024..=1024 * 1024 * 1024).contains(&max_body_bytes) {
            bail!(
                "invalid value {max_body_bytes} for max_body_bytes (MARKETDESK_MAX_BODY_BYTES): use 1024 to 1073741824"
            );
        }
        let auto_close_after = match (args.auto_close_after, &file.auto_close_after) {
            (Some(ms), _) => ms,
            (None, Some(text)) => parse_duration(text).map_err(|e| {
                anyhow::anyhow!(
                    "invalid value '{text}' for auto_close_after in the config file: {e}"
                )
            })?,
            (None, None) => 4 * DAY_MS,
        };
        let admin_token = admin_token_env
            .or(file.admin_token.clone())
            .filter(|t| !t.is_empty());
        if admin_token.as_ref().is_some_and(|token| token.len() < 16) {
            bail!(
                "invalid value for admin_token (MARKETDESK_ADMIN_TOKEN): use at least 16 characters"
            );
        }
        let smtp_url = args
            .smtp_url
            .clone()
            .or(file.smtp_url.clone())
            .filter(|u| !u.is_empty());
        if let Some(url) = &smtp_url {
            marketdesk_service::outbound::mail::transport(url).map_err(|e| {
                anyhow::anyhow!("invalid value for smtp_url (MARKETDESK_SMTP_URL): {e}")
            })?;
        }
        let mail_from = args
            .mail_from
            .clone()
            .or(file.mail_from.clone())
            .unwrap_or_else(|| marketdesk_service::DEFAULT_MAIL_FROM.to_string());
        marketdesk_service::outbound::mail::parse_from(&mail_from).map_err(|e| {
            anyhow::anyhow!("invalid value for mail_from (MARKETDESK_MAIL_FROM): {e}")
        })?;
        let mail_addresses: Vec<String> = if args.mail_addresses.is_empty() {
            file.mail_addresses.clone().unwrap_or_default()
        } else {
            args.mail_addresses.clone()
        };
        for address in &mail_addresses {
            marketdesk_domain::EmailAddress::parse(address).map_err(|e| {
                anyhow::anyhow!(
                    "invalid value '{address}' in mail_addresses (MARKETDESK_MAIL_ADDRESSES): {e}"
                )
            })?;
        }
        let policy_path = args.policy.clone().or(file.policy.clone());
        let mut policy = load_policy(policy_path.as_deref())?;
        // The demo's agents are simulated: nobody is there to keep them
        // "online", so without a policy file their presence does not lapse.
        if args.demo && policy_path.is_none() {
            policy.routing.away_after_minutes = 0;
            // A conditional service level to show: chats answered in minutes.
            policy.sla.policies = vec![marketdesk_domain::sla::ConditionalTargets {
                name: "Live chat".into(),
                channels: vec![marketdesk_domain::Channel::Chat],
                first_response_minutes: Some(marketdesk_domain::sla::PriorityMinutes {
                    urgent: 5,
                    high: 10,
                    normal: 15,
                    low: 30,
                }),
                next_reply_minutes: Some(marketdesk_domain::sla::PriorityMinutes {
                    urgent: 5,
                    high: 10,
                    normal: 15,
                    low: 30,
                }),
                ..Default::default()
            }];
        }
        let webhook_url = args
            .webhook_url
            .clone()
            .or(file.webhook_url.clone())
            .filter(|u| !u.is_empty());
        if let Some(url) = &webhook_url
            && (!(url.starts_with("http://") || url.starts_with("https://"))
                || reqwest::Url::parse(url).is_err())
        {
            bail!(
                "invalid value '{url}' for webhook_url (MARKETDESK_WEBHOOK_URL): use an http:// or https:// URL"
            );
        }
        let webhook_secret = secrets
            .webhook_secret
            .or(file.webhook_secret.clone())
            .unwrap_or_default();
        if webhook_url.is_some() && webhook_secret.len() < 16 {
            bail!(
                "webhook_secret (MARKETDESK_WEBHOOK_SECRET) must be at least 16 characters when webhook_url is set: receivers check signatures with it"
            );
        }
        let smtp_tls = match (
            args.smtp_tls_cert.clone().or(file.smtp_tls_cert.clone()),
            args.smtp_tls_key.clone().or(file.smtp_tls_key.clone()),
        ) {
            (Some(cert), Some(key)) => Some((cert, key)),
            (None, None) => None,
            _ => bail!(
                "smtp_tls_cert (MARKETDESK_SMTP_TLS_CERT) and smtp_tls_key (MARKETDESK_SMTP_TLS_KEY) go together: give both or neither"
            ),
        };
        let mail_ca_file = args.mail_ca_file.clone().or(file.mail_ca_file.clone());
        if let Some(path) = &mail_ca_file
            && !path.is_file()
        {
            bail!(
                "invalid value '{}' for mail_ca_file (MARKETDESK_MAIL_CA_FILE): no such file",
                path.display()
            );
        }
        let max_mail_per_client_hour = args
            .max_mail_per_client_hour
            .or(file.max_mail_per_client_hour)
            .unwrap_or(marketdesk_service::kernel::limits::MAIL_PER_CLIENT.max);
        if max_mail_per_client_hour < 1 {
            bail!(
                "invalid value '{max_mail_per_client_hour}' for max_mail_per_client_hour (MARKETDESK_MAX_MAIL_PER_CLIENT_HOUR): at least 1"
            );
        }
        let attachment_store = match args
            .attachment_store
            .clone()
            .or(file.attachment_store.clone())
        {
            None => None,
            Some(text) => Some(AttachmentStore::parse(text.trim()).ok_or_else(|| {
                anyhow::anyhow!(
                    "invalid value '{text}' for attachment_store (MARKETDESK_ATTACHMENT_STORE): files or database"
                )
            })?),
        };
        if let Some(token) = &secrets.metrics_token
            && token.len() < 16
        {
            bail!("MARKETDESK_METRICS_TOKEN must be at least 16 characters");
        }
        let mail_texts = match args.mail_templates.clone().or(file.mail_templates.clone()) {
            Some(dir) => marketdesk_messages::Overrides::load(&dir).map_err(|e| {
                anyhow::anyhow!("invalid mail_templates (MARKETDESK_MAIL_TEMPLATES): {e}")
            })?,
            None => marketdesk_messages::Overrides::default(),
        };
        Ok(Config {
            data_dir,
            database_url,
            bind,
            public_url,
            max_body_bytes,
            auto_close_after,
            demo: args.demo,
            admin_token,
            smtp_url,
            mail_from,
            policy,
            webhook_url,
            webhook_secret,
            twilio_auth_token: args
                .twilio_auth_token
                .clone()
                .or(file.twilio_auth_token.clone())
                .filter(|token| !token.trim().is_empty()),
            idempotency_lease: marketdesk_service::kernel::idempotency::DEFAULT_LEASE_MS,
            smtp_listen: args.smtp_listen.or(file.smtp_listen),
            mail_addresses,
            max_mail_bytes: args
                .max_mail_bytes
                .or(file.max_mail_bytes)
                .unwrap_or(marketdesk_service::email::DEFAULT_MAX_MAIL_BYTES),
            smtp_tls,
            mail_ca_file,
            mail_texts: std::sync::Arc::new(mail_texts),
            acknowledge_email: args
                .acknowledge_email
                .or(file.acknowledge_email)
                .unwrap_or(true),
            mail_relays: if args.mail_relays.is_empty() {
                file.mail_relays.clone().unwrap_or_else(|| {
                    vec![
                        std::net::Ipv4Addr::LOCALHOST.into(),
                        std::net::Ipv6Addr::LOCALHOST.into(),
                    ]
                })
            } else {
                args.mail_relays.clone()
            },
            max_mail_per_client_hour,
            attachment_store,
            metrics_token: secrets.metrics_token,
        })
    }
}

/// Environment-only secrets (kept out of flags, where other users could see them).
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    pub admin_token: Option<String>,
    pub webhook_secret: Option<String>,
    /// The bearer token of `/metrics` (MARKETDESK_METRICS_TOKEN).
    pub metrics_token: Option<String>,
}

impl Secrets {
    pub fn from_env() -> Self {
        Secrets {
            admin_token: std::env::var("MARKETDESK_ADMIN_TOKEN").ok(),
            webhook_secret: std::env::var("MARKETDESK_WEBHOOK_SECRET").ok(),
            metrics_token: std::env::var("MARKETDESK_METRICS_TOKEN").ok(),
        }
    }
}

/// Reads and checks the policy file; without one, the documented defaults.
pub fn load_policy(path: Option<&Path>) -> anyhow::Result<Policy> {
    let Some(path) = path else {
        return Ok(Policy::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the policy file {} (policy)", path.display()))?;
    let mut policy: Policy = toml::from_str(&text)
        .map_err(|e| anyhow::anyhow!("invalid policy file {}: {e}", path.display()))?;
    add_holidays_file(&mut policy, path)?;
    policy
        .validate()
        .map_err(|e| anyhow::anyhow!("invalid policy file {}: {e}", path.display()))?;
    Ok(policy)
}

/// The largest holidays file read (a national calendar is a few KB).
const MAX_HOLIDAYS_FILE_BYTES: u64 = 1024 * 1024;

/// Adds the days of `contact.business_hours.holidays_file` (iCalendar,
/// relative to the policy file at `policy_path`) to the holidays.
fn add_holidays_file(policy: &mut Policy, policy_path: &Path) -> anyhow::Result<()> {
    const KEY: &str = "contact.business_hours.holidays_file";
    let hours = &mut policy.contact.business_hours;
    let Some(file) = hours.holidays_file.as_deref() else {
        return Ok(());
    };
    let path = policy_path.parent().unwrap_or(Path::new(".")).join(file);
    let size = std::fs::metadata(&path)
        .with_context(|| format!("cannot read the holidays file {} ({KEY})", path.display()))?
        .len();
    anyhow::ensure!(
        size <= MAX_HOLIDAYS_FILE_BYTES,
        "the holidays file {} is larger than {MAX_HOLIDAYS_FILE_BYTES} bytes ({KEY})",
        path.display()
    );
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the holidays file {} ({KEY})", path.display()))?;
    let years = marketdesk_domain::holiday_calendar::years_around(marketdesk_service::now_ms());
    let holidays = marketdesk_domain::holiday_calendar::holidays_from_ical(&text, years)
        .map_err(|e| anyhow::anyhow!("invalid holidays file {} ({KEY}): {e}", path.display()))?;
    hours.holidays.extend(holidays);
    Ok(())
}

pub fn resolve_storage(args: &StorageArgs, file: &FileConfig) -> (PathBuf, Option<String>) {
    let data_dir = args
        .data_dir
        .clone()
        .or(file.data_dir.clone())
        .unwrap_or_else(|| PathBuf::from("data"));
    let database_url = args
        .database_url
        .clone()
        .or(file.database_url.clone())
        .filter(|u| !u.is_empty());
    (data_dir, database_url)
}

/// `30m`, `96h`, `4d`, `3600s`.
pub fn parse_duration(text: &str) -> Result<Millis, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: i64 = number
        .parse()
        .map_err(|_| format!("'{text}' is not a duration such as 4d, 96h or 30m"))?;
    let unit_ms = match unit {
        "s" => 1000,
        "m" => MINUTE_MS,
        "h" => HOUR_MS,
        "d" => DAY_MS,
        _ => {
            return Err(format!(
                "'{text}' has no unit: use s, m, h or d (such as 4d)"
            ));
        }
    };
    if number == 0 || number > 3650 * DAY_MS / unit_ms {
        return Err(format!(
            "'{text}' must be more than zero and at most 10 years"
        ));
    }
    Ok(number * unit_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_files_are_checked_with_the_key_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.toml");
        std::fs::write(&path, "[refunds]\nagent_limit = \"50.00\"\n").unwrap();
        let policy = load_policy(Some(&path)).unwrap();
        assert_eq!(policy.refunds.agent_limit, "50.00");
        std::fs::write(&path, "[refunds]\nagent_limt = \"50.00\"\n").unwrap();
        let err = load_policy(Some(&path)).unwrap_err().to_string();
        assert!(
            err.contains("agent_limt") && err.contains("line 2"),
            "{err}"
        );
        std::fs::write(&path, "[refunds]\nagent_limit = \"fifty\"\n").unwrap();
        let err = load_policy(Some(&path)).unwrap_err().to_string();
        assert!(err.contains("refunds.agent_limit"), "{err}");
    }

    #[test]
    fn a_holidays_file_next_to_the_policy_adds_its_days() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("policy.toml");
        std::fs::write(
            &path,
            "[contact.business_hours]\ntime_zone = \"Europe/Lisbon\"\nholidays = []\nholidays_file = \"pt.ics\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("pt.ics"),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261201\r\n\
             SUMMARY:Restauração da Independência\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        )
        .unwrap();
        let policy = load_policy(Some(&path)).unwrap();
        let holidays = &policy.contact.business_hours.holidays;
        assert_eq!(holidays.len(), 1, "{holidays:?}");
        assert_eq!(holidays[0].date, "2026-12-01");
        assert_eq!(holidays[0].name, "Restauração da Independência");

        // Not iCalendar: refused, naming the key and the file.
        std::fs::write(dir.path().join("pt.ics"), "date,name\n2026-12-01,x\n").unwrap();
        let err = load_policy(Some(&path)).unwrap_err().to_string();
        assert!(
            err.contains("contact.business_hours.holidays_file")
                && err.contains("not an iCalendar file"),
            "{err}"
        );
        std::fs::remove_file(dir.path().join("pt.ics")).unwrap();
        let err = format!("{:#}", load_policy(Some(&path)).unwrap_err());
        assert!(err.contains("cannot read the holidays file"), "{err}");
    }

    #[test]
    fn the_documented_policy_file_is_valid_and_equals_the_defaults() {
        let doc = include_str!("../../../docs/POLICY.md");
        let block = doc
            .split("```toml")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .expect("a toml block");
        let policy: Policy = toml::from_str(block).expect("the documented policy parses");
        policy.validate().expect("the documented policy is valid");
        assert_eq!(
            policy,
            Policy::default(),
            "docs/POLICY.md and the defaults differ"
        );
    }

    #[test]
    fn webhooks_need_a_secret() {
        let args = ServeArgs {
            webhook_url: Some("https://shop.example/hooks".into()),
            ..Default::default()
        };
        let err = Config::resolve(&args, &FileConfig::default(), Secrets::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("MARKETDESK_WEBHOOK_SECRET"), "{err}");
        let secrets = Secrets {
            webhook_secret: Some("0123456789abcdef0123".into()),
            ..Default::default()
        };
        assert!(Config::resolve(&args, &FileConfig::default(), secrets).is_ok());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("4d"), Ok(4 * DAY_MS));
        assert_eq!(parse_duration("96h"), Ok(96 * HOUR_MS));
        assert_eq!(parse_duration("30m"), Ok(30 * MINUTE_MS));
        for bad in ["", "4", "d", "4w", "-1d", "0d", "99999999999999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags_win_over_file_and_file_over_defaults() {
        let file: FileConfig = toml::from_str(
            "bind = \"127.0.0.1:9000\"\nauto_close_after = \"2d\"\nmax_body_bytes = 2048",
        )
        .unwrap();
        let args = ServeArgs {
            bind: Some("127.0.0.1:7000".parse().unwrap()),
            ..Default::default()
        };
        let config = Config::resolve(&args, &file, Secrets::default()).unwrap();
        assert_eq!(config.bind.port(), 7000);
        assert_eq!(config.auto_close_after, 2 * DAY_MS);
        assert_eq!(config.max_body_bytes, 2048);
        let config = Config::resolve(
            &ServeArgs::default(),
            &FileConfig::default(),
            Secrets::default(),
        )
        .unwrap();
        assert_eq!(config.bind.to_string(), DEFAULT_BIND);
        assert_eq!(config.auto_close_after, 4 * DAY_MS);
    }

    #[test]
    fn bad_values_name_the_setting() {
        let err = toml::from_str::<FileConfig>("bind = \"nowhere\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bind"), "{err}");
        let err = toml::from_str::<FileConfig>("colour = \"blue\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("colour"), "{err}");
        let file: FileConfig = toml::from_str("auto_close_after = \"soon\"").unwrap();
        let err = Config::resolve(&ServeArgs::default(), &file, Secrets::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("auto_close_after"), "{err}");
        let err = Config::resolve(
            &ServeArgs::default(),
            &FileConfig::default(),
            Secrets {
                admin_token: Some("short".into()),
                ..Default::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("MARKETDESK_ADMIN_TOKEN"), "{err}");
    }
}
