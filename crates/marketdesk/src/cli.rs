//! The `marketdesk` command line.

use std::io::{BufWriter, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use marketdesk_domain::{Role, Scope};
use marketdesk_service::accounts::{NewToken, NewUser};
use marketdesk_service::kernel::auth::system_viewer;
use marketdesk_service::{Services, Settings};

use crate::config::{Config, FileConfig, ServeArgs, StorageArgs, resolve_storage};
use crate::serve::{Instance, open_store};

#[derive(Debug, Parser)]
#[command(
    name = "marketdesk",
    version,
    about = "Self-hosted customer service for marketplaces and shops"
)]
pub struct Cli {
    /// A TOML file with settings; flags and MARKETDESK_* variables override it.
    #[arg(long, global = true, env = "MARKETDESK_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once at start: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the service (migrates the database first).
    Serve(ServeArgs),
    /// Create or upgrade the database schema and exit.
    Migrate(StorageArgs),
    /// Administration tasks.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Write all data of the instance as JSON lines (secrets excluded).
    Export {
        #[command(flatten)]
        storage: StorageArgs,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Load-test the HTTP API on loopback and print the figures as JSON.
    Bench(crate::bench::BenchOptions),
    /// The bare server `bench --baseline` compares against (not for use).
    #[command(hide = true)]
    BenchBaselineServer(crate::bench_bare::BareOptions),
    /// Understand customer messages: classify, train, evaluate.
    #[command(subcommand)]
    Assistant(crate::assistant::AssistantCommand),
    /// The email channel: received mail that could not be read.
    #[command(subcommand)]
    Mail(MailCommand),
    /// IMAP mailboxes mail is fetched from: add, list, check, delete.
    #[command(subcommand)]
    Mailbox(MailboxCommand),
    /// The reports' data: count every ticket again (after changing the
    /// schedules or the SLA targets); a running server does the work.
    #[command(subcommand)]
    Reports(ReportsCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Mark every ticket so that its report facts are computed again.
    Rebuild {
        #[command(flatten)]
        storage: StorageArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailboxCommand {
    /// Add a mailbox; the connection is tested first (a running server starts fetching within seconds).
    Add {
        #[command(flatten)]
        storage: StorageArgs,
        /// The address customers write to.
        #[arg(long)]
        address: String,
        /// imap://user:password@host:993/INBOX (TLS unless ?tls=starttls or ?tls=none).
        #[arg(long, env = "MARKETDESK_MAILBOX_IMAP", hide_env_values = true)]
        imap: String,
        /// What becomes of a taken message: flag (marked read) or move.
        #[arg(long, default_value = "flag")]
        after_fetch: String,
        /// The folder for --after-fetch move (created when missing).
        #[arg(long)]
        processed_folder: Option<String>,
        /// Save without testing the connection.
        #[arg(long)]
        no_check: bool,
        /// Sign in with XOAUTH2: the provider's token endpoint.
        #[arg(long, requires_all = ["oauth_client_id", "oauth_refresh_token"])]
        oauth_token_url: Option<String>,
        #[arg(long)]
        oauth_client_id: Option<String>,
        #[arg(long, env = "MARKETDESK_OAUTH_CLIENT_SECRET", hide_env_values = true)]
        oauth_client_secret: Option<String>,
        #[arg(long, env = "MARKETDESK_OAUTH_REFRESH_TOKEN", hide_env_values = true)]
        oauth_refresh_token: Option<String>,
    },
    /// List the mailboxes and how fetching from each goes.
    List {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Connect to a mailbox now and say what the server answered.
    Check {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        id: i64,
    },
    /// Stop fetching from a mailbox (mail already taken stays).
    Delete {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// List received messages that could not be read after every attempt.
    Failed {
        #[command(flatten)]
        storage: StorageArgs,
    },
    /// Put failed received mail back in the queue; a running server reads it.
    Reprocess {
        #[command(flatten)]
        storage: StorageArgs,
        /// Only this message (its number in `mail failed`); without it, all.
        #[arg(long)]
        id: Option<i64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a person: staff (agent, supervisor, admin) need a password.
    CreateUser {
        #[command(flatten)]
        storage: StorageArgs,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
        /// The password (prefer --password-stdin: arguments are visible to other users).
        #[arg(long, env = "MARKETDESK_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Create an API token for a person and print its secret once.
    CreateToken {
        #[command(flatten)]
        storage: StorageArgs,
        /// Email of the person the token acts as.
        #[arg(long)]
        email: String,
        /// A name to recognise the token by.
        #[arg(long)]
        name: String,
        /// Scopes (repeatable); defaults to all the person's role allows.
        #[arg(long = "scope", value_parser = parse_scope)]
        scopes: Vec<Scope>,
        #[arg(long)]
        expires_in_days: Option<u32>,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).map_err(|e| e.to_string())
}

fn parse_scope(text: &str) -> Result<Scope, String> {
    Scope::parse(text).map_err(|e| e.to_string())
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let file = FileConfig::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve(args) => serve(&args, &file).await,
        Command::Migrate(storage) => {
            let (data_dir, url) = resolve_storage(&storage, &file);
            let store = open_store(&data_dir, url.as_deref()).await?;
            store.close().await;
            println!(
                "database is up to date ({})",
                describe(&data_dir, url.as_deref())
            );
            Ok(())
        }
        Command::Admin(command) => admin(command, &file).await,
        Command::Export { storage, output } => export(&storage, &file, output).await,
        Command::Assistant(command) => crate::assistant::run(command, &file).await,
        Command::Mail(command) => mail(command, &file).await,
        Command::Mailbox(command) => mailbox(command, &file).await,
        Command::Reports(ReportsCommand::Rebuild { storage }) => {
            let services = services_for(&storage, &file).await?;
            let marked = services.rebuild_reports().await?;
            println!("{marked} ticket(s) marked: a running server counts them again");
            services.close().await;
            Ok(())
        }
        Command::BenchBaselineServer(options) => crate::bench_bare::serve(options).await,
        Command::Bench(options) => {
            let report = crate::bench::run(options).await?;
            println!("{}", serde_json::to_string_pretty(&report)?);
            Ok(())
        }
    }
}

/// The database in words, without credentials.
fn describe(data_dir: &std::path::Path, url: Option<&str>) -> String {
    match url {
        Some(url) if url.starts_with("sqlite:") => format!(
            "SQLite at {}",
            url.trim_start_matches("sqlite:").trim_start_matches("//")
        ),
        Some(url) => format!(
            "PostgreSQL at {}",
            url.split('@').next_back().unwrap_or("?")
        ),
        None => format!("SQLite in {}", data_dir.display()),
    }
}

async fn serve(args: &ServeArgs, file: &FileConfig) -> anyhow::Result<()> {
    let config = Config::resolve(args, file, crate::config::Secrets::from_env())?;
    let started = std::time::Instant::now();
    let instance = Instance::start(&config).await?;
    println!(
        "marketdesk is ready at {} ({}, started in {} ms)",
        instance.url(),
        describe(&config.data_dir, config.database_url.as_deref()),
        started.elapsed().as_millis()
    );
    println!("API documentation: {}/api/v1/openapi.json", instance.url());
    if let Some(smtp) = instance.smtp_addr {
        println!(
            "Mail for {} is received over SMTP at {smtp}",
            instance.services.desk_addresses().join(", ")
        );
    }
    if let Some(demo) = &instance.demo {
        println!(
            "Demo shop: {} customers, {} sellers, {} orders, {} tickets. Logins:",
            demo.customers, demo.sellers, demo.orders, demo.tickets
        );
        for login in &demo.logins {
            println!(
                "  {:<11} {}  password: {}",
                login.role, login.email, login.password
            );
        }
    } else if config.demo {
        println!("Demo: the data dir already has data, so nothing was added.");
    }
    std::io::stdout().flush()?;
    tokio::spawn(crate::startup_code::release_when_ready(
        instance.services.clone(),
    ));
    instance.run_until_signal().await
}

async fn services_for(storage: &StorageArgs, file: &FileConfig) -> anyhow::Result<Services> {
    let (data_dir, url) = resolve_storage(storage, file);
    let store = open_store(&data_dir, url.as_deref()).await?;
    Ok(Services::new(store, Settings::new(data_dir, String::new())))
}

async fn mail(command: MailCommand, file: &FileConfig) -> anyhow::Result<()> {
    let viewer = system_viewer();
    match command {
        MailCommand::Failed { storage } => {
            let services = services_for(&storage, file).await?;
            let failed = services.failed_mail(&viewer).await?;
            if failed.is_empty() {
                println!("no failed mail");
            }
            for m in failed {
                println!(
                    "{}\t{}\t{}\t{} bytes\t{}",
                    m.id,
                    m.received_at,
                    m.envelope_from,
                    m.size_bytes,
                    m.error.unwrap_or_default()
                );
            }
            services.close().await;
            Ok(())
        }
        MailCommand::Reprocess { storage, id } => {
            let services = services_for(&storage, file).await?;
            let count = services.retry_mail(&viewer, id).await?;
            println!("{count} message(s) queued to be read again");
            services.close().await;
            Ok(())
        }
    }
}

async fn mailbox(command: MailboxCommand, file: &FileConfig) -> anyhow::Result<()> {
    use marketdesk_service::email::{NewMailbox, OAuthSettings};
    let viewer = system_viewer();
    let storage = match &command {
        MailboxCommand::Add { storage, .. }
        | MailboxCommand::List { storage }
        | MailboxCommand::Check { storage, .. }
        | MailboxCommand::Delete { storage, .. } => storage.clone(),
    };
    let (data_dir, url) = resolve_storage(&storage, file);
    let store = open_store(&data_dir, url.as_deref()).await?;
    let mut settings = Settings::new(data_dir, String::new());
    settings.mail_ca_file = std::env::var_os("MARKETDESK_MAIL_CA_FILE")
        .map(PathBuf::from)
        .or(file.mail_ca_file.clone());
    let services = Services::new(store, settings);
    let outcome = async {
        match command {
            MailboxCommand::Add {
                address,
                imap,
                after_fetch,
                processed_folder,
                no_check,
                oauth_token_url,
                oauth_client_id,
                oauth_client_secret,
                oauth_refresh_token,
                ..
            } => {
                let oauth = oauth_token_url.map(|token_url| OAuthSettings {
                    token_url,
                    client_id: oauth_client_id.unwrap_or_default(),
                    client_secret: oauth_client_secret,
                    refresh_token: oauth_refresh_token.unwrap_or_default(),
                });
                let added = services
                    .add_mailbox(
                        &viewer,
                        NewMailbox {
                            address,
                            imap,
                            after_fetch: Some(after_fetch),
                            processed_folder,
                            oauth,
                            check: Some(!no_check),
                        },
                    )
                    .await?;
                println!(
                    "mailbox {} added: {} ({})",
                    added.id, added.address, added.imap
                );
            }
            MailboxCommand::List { .. } => {
                let list = services.mailboxes(&viewer).await?;
                if list.is_empty() {
                    println!("no mailboxes");
                }
                for m in list {
                    println!(
                        "{}\t{}\t{}\t{}\t{} taken\t{}",
                        m.id,
                        m.address,
                        m.imap,
                        m.status,
                        m.messages_taken,
                        m.error.unwrap_or_default()
                    );
                }
            }
            MailboxCommand::Check { id, .. } => {
                let check = services.check_mailbox(&viewer, id).await?;
                match check.error {
                    None => println!(
                        "mailbox {id}: connected, {} message(s) in the folder",
                        check.messages.unwrap_or(0)
                    ),
                    Some(error) => bail!("mailbox {id}: {error}"),
                }
            }
            MailboxCommand::Delete { id, .. } => {
                services.delete_mailbox(&viewer, id).await?;
                println!("mailbox {id} deleted");
            }
        }
        Ok::<(), anyhow::Error>(())
    }
    .await;
    services.close().await;
    outcome
}

async fn admin(command: AdminCommand, file: &FileConfig) -> anyhow::Result<()> {
    match command {
        AdminCommand::CreateUser {
            storage,
            email,
            name,
            role,
            password_stdin,
            password,
            language,
        } => {
            let password = if password_stdin {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .context("reading the password from standard input")?;
                Some(text.lines().next().unwrap_or_default().to_string())
            } else {
                password
            };
            if role.is_staff() && password.is_none() {
                bail!("--role {role} needs a password: give --password-stdin or --password");
            }
            let services = services_for(&storage, file).await?;
            let user = NewUser {
                email,
                name,
                role,
                password,
                language: Some(language),
                time_zone: None,
                phone: None,
                external_id: None,
            };
            let person = services.create_user(&system_viewer(), user).await?;
            println!(
                "created {} {} (id {})",
                person.role, person.email, person.id
            );
            services.close().await;
            Ok(())
        }
        AdminCommand::CreateToken {
            storage,
            email,
            name,
            scopes,
            expires_in_days,
        } => {
            let services = services_for(&storage, file).await?;
            let viewer = system_viewer();
            let person_id = find_person(&services, &email).await?;
            let token = services
                .create_token(
                    &viewer,
                    NewToken {
                        person_id,
                        name,
                        scopes: (!scopes.is_empty()).then_some(scopes),
                        expires_in_days,
                    },
                )
                .await?;
            println!("{}", token.secret);
            eprintln!(
                "token {} for {email} with scopes: {}",
                token.token.id,
                token.token.scopes.join(" ")
            );
            services.close().await;
            Ok(())
        }
    }
}

async fn find_person(services: &Services, email: &str) -> anyhow::Result<i64> {
    match services.person_by_email(&system_viewer(), email).await {
        Ok(person) => Ok(person.id),
        Err(marketdesk_service::ServiceError::NotFound(_)) => {
            anyhow::bail!("no person with the email {email} (--email)")
        }
        Err(err) => Err(err).with_context(|| format!("--email {email}")),
    }
}

async fn export(
    storage: &StorageArgs,
    file: &FileConfig,
    output: Option<PathBuf>,
) -> anyhow::Result<()> {
    let (data_dir, url) = resolve_storage(storage, file);
    let store = open_store(&data_dir, url.as_deref()).await?;
    let sink: Box<dyn Write> = match &output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = BufWriter::new(sink);
    // The CLI is the machine's own admin; the service still checks it.
    let services = Services::new(store.clone(), Settings::new(data_dir, String::new()));
    let count = services
        .export_all(&system_viewer(), |line| {
            serde_json::to_writer(&mut writer, &line)?;
            writer.write_all(b"\n")
        })
        .await?;
    writer.flush()?;
    store.close().await;
    eprintln!("exported {count} rows");
    Ok(())
}

#[cfg(test)]
mod describe_tests {
    use super::describe;

    #[test]
    fn each_database_is_named_for_what_it_is() {
        let dir = std::path::Path::new("/srv/md");
        assert_eq!(describe(dir, None), "SQLite in /srv/md");
        assert_eq!(
            describe(dir, Some("sqlite:///var/lib/md/db.sqlite")),
            "SQLite at /var/lib/md/db.sqlite"
        );
        assert_eq!(
            describe(dir, Some("postgres://md:secret@db.internal:5432/md")),
            "PostgreSQL at db.internal:5432/md"
        );
    }
}
