//! The SMTP receiver: a TCP listener, one task per connection, each running
//! a `Session` and giving each message to `Services::receive_mail` before
//! answering `250` — so an accepted message is already durable.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use marketdesk_service::Services;
use marketdesk_store::inbound::Received;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;

use crate::session::{Data, Desk, Session, Step};

/// Connections served at once; past it a client is told to come back.
const MAX_CONNECTIONS: usize = 256;
/// The longest command line read (RFC 5321 allows 512; clients add options).
const MAX_COMMAND_BYTES: u64 = 4096;
/// The longest line inside a message (RFC 5322 says 998; some send more).
const MAX_DATA_LINE_BYTES: u64 = 64 * 1024;
/// The answer to a client past its hourly share of messages.
const TOO_MUCH_MAIL: &str = "450 4.7.1 Too much mail from your address this hour; try again later";
/// How long a client may stay silent (RFC 5321 §4.5.3.2 suggests minutes).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(300);
/// Commands on one connection, so one client cannot talk for ever.
const MAX_COMMANDS: usize = 10_000;

pub struct SmtpReceiver {
    listener: TcpListener,
    services: Services,
    host: String,
    /// Set when a certificate is configured: STARTTLS is offered.
    tls: Option<TlsAcceptor>,
}

/// A connection's byte stream, plain or (after STARTTLS) encrypted.
trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

#[derive(Debug, thiserror::Error)]
pub enum TlsSetupError {
    #[error("cannot read the certificate file {0}: {1}")]
    Certificate(String, String),
    #[error("cannot read the key file {0}: {1}")]
    Key(String, String),
    #[error("the certificate and key do not go together: {0}")]
    Mismatch(String),
}

/// A TLS acceptor from a PEM certificate chain and its private key.
pub fn tls_acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, TlsSetupError> {
    use tokio_rustls::rustls::pki_types::pem::PemObject;
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let shown = |p: &Path| p.display().to_string();
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsSetupError::Certificate(shown(cert), e.to_string()))?;
    if chain.is_empty() {
        return Err(TlsSetupError::Certificate(
            shown(cert),
            "no certificate in it".into(),
        ));
    }
    let key = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| TlsSetupError::Key(shown(key), e.to_string()))?;
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetupError::Mismatch(e.to_string()))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| TlsSetupError::Mismatch(e.to_string()))?;
    Ok(TlsAcceptor::from(Arc::new(config)))
}

struct ServiceDesk<'a>(&'a Services);

impl Desk for ServiceDesk<'_> {
    fn accepts(&self, recipient: &str) -> bool {
        self.0.accepts_recipient(recipient)
    }
}

impl SmtpReceiver {
    pub async fn bind(addr: SocketAddr, services: Services) -> std::io::Result<SmtpReceiver> {
        let listener = TcpListener::bind(addr).await?;
        let host = services
            .desk_addresses()
            .first()
            .and_then(|a| a.rsplit('@').next().map(str::to_string))
            .unwrap_or_else(|| "marketdesk.localhost".to_string());
        Ok(SmtpReceiver {
            listener,
            services,
            host,
            tls: None,
        })
    }

    /// Offers STARTTLS with this acceptor (see `tls_acceptor`).
    pub fn with_tls(mut self, tls: TlsAcceptor) -> SmtpReceiver {
        self.tls = Some(tls);
        self
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes; connections under way finish
    /// their current message on their own.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send) {
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        tokio::pin!(shutdown);
        loop {
            let accepted = tokio::select! {
                _ = &mut shutdown => return,
                accepted = self.listener.accept() => accepted,
            };
            let (mut stream, peer) = match accepted {
                Ok(pair) => pair,
                Err(err) => {
                    tracing::warn!(error = %err, "smtp accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            // Replies are small and answered at once: no need to batch them.
            let _ = stream.set_nodelay(true);
            let Ok(slot) = slots.clone().try_acquire_owned() else {
                let _ = stream
                    .write_all(b"421 4.3.2 Too busy, try again later\r\n")
                    .await;
                continue;
            };
            let services = self.services.clone();
            let host = self.host.clone();
            let tls = self.tls.clone();
            tokio::spawn(async move {
                let client = peer.ip();
                if let Err(err) = converse(Box::new(stream), &services, &host, tls, client).await {
                    tracing::debug!(%peer, error = %err, "smtp connection ended");
                }
                drop(slot);
            });
        }
    }
}

/// One connection, from the greeting to QUIT (or a silent client); after
/// STARTTLS the same, encrypted, with a new session.
async fn converse(
    stream: Box<dyn Io>,
    services: &Services,
    host: &str,
    tls: Option<TlsAcceptor>,
    client: std::net::IpAddr,
) -> std::io::Result<()> {
    let max_bytes = services.settings.max_mail_bytes;
    let session = match &tls {
        Some(_) => Session::new(host, max_bytes).offering_tls(),
        None => Session::new(host, max_bytes),
    };
    let Some(plain) = talk(stream, session, services, true, client).await? else {
        return Ok(());
    };
    let Some(acceptor) = tls else {
        return Ok(());
    };
    let encrypted = match tokio::time::timeout(COMMAND_TIMEOUT, acceptor.accept(plain)).await {
        Ok(encrypted) => encrypted?,
        Err(_) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "TLS handshake too slow",
            ));
        }
    };
    talk(
        Box::new(encrypted),
        Session::after_tls(host, max_bytes),
        services,
        false,
        client,
    )
    .await
    .map(|_| ())
}

/// Runs a session over `stream` until it closes; returns the stream when
/// the client asked for STARTTLS (and nothing more was sent after it).
async fn talk(
    stream: Box<dyn Io>,
    mut session: Session,
    services: &Services,
    greet: bool,
    client: std::net::IpAddr,
) -> std::io::Result<Option<Box<dyn Io>>> {
    let max_bytes = services.settings.max_mail_bytes;
    let (read, mut write) = tokio::io::split(stream);
    let mut reader = BufReader::new(read);
    if greet {
        send(&mut write, &session.greeting()).await?;
    }
    let desk = ServiceDesk(services);
    let mut line = Vec::new();
    for _ in 0..MAX_COMMANDS {
        line.clear();
        let read = read_line(&mut reader, &mut line, MAX_COMMAND_BYTES).await?;
        if read == 0 {
            return Ok(None);
        }
        if !line.ends_with(b"\n") {
            send(&mut write, "500 5.5.2 Line too long").await?;
            skip_rest_of_line(&mut reader).await?;
            continue;
        }
        let text = String::from_utf8_lossy(&line);
        // A client past its hourly share is told to come back (a 4xx: its
        // server keeps the message and retries), before it sends the data.
        if text
            .get(..5)
            .is_some_and(|v| v.eq_ignore_ascii_case("MAIL "))
        {
            match services.mail_client_allowed(client, false).await {
                Ok(true) => {}
                Ok(false) => {
                    send(&mut write, TOO_MUCH_MAIL).await?;
                    continue;
                }
                Err(err) => {
                    tracing::error!(error = %err, "the mail limit could not be read");
                    send(&mut write, "451 4.3.0 Try again later").await?;
                    continue;
                }
            }
        }
        match session.command(&text, &desk) {
            Step::Reply(reply) => send(&mut write, &reply).await?,
            Step::Close(reply) => {
                send(&mut write, &reply).await?;
                return Ok(None);
            }
            Step::StartTls(reply) => {
                // Commands pipelined after STARTTLS would be read as if
                // they came encrypted (CVE-2011-0411): refuse them.
                if !reader.buffer().is_empty() {
                    send(
                        &mut write,
                        "554 5.5.0 Nothing may follow STARTTLS before TLS",
                    )
                    .await?;
                    return Ok(None);
                }
                send(&mut write, &reply).await?;
                return Ok(Some(Box::new(reader.into_inner().unsplit(write))));
            }
            Step::StartData(reply) => {
                send(&mut write, &reply).await?;
                let data = read_data(&mut reader, max_bytes).await?;
                let envelope = session.take_envelope();
                let answer = if data.too_big {
                    format!("552 5.3.4 Message too big: at most {max_bytes} bytes")
                } else if !services
                    .mail_client_allowed(client, true)
                    .await
                    .unwrap_or(false)
                {
                    TOO_MUCH_MAIL.to_string()
                } else {
                    let received = Received {
                        source: "smtp",
                        envelope_from: &envelope.from,
                        envelope_to: &envelope.to,
                        raw: &data.bytes,
                    };
                    match services.receive_mail(&received).await {
                        Ok(id) => format!("250 2.0.0 OK: queued as {id}"),
                        Err(err) => {
                            tracing::error!(error = %err, "a received message could not be stored");
                            "451 4.3.0 Could not store the message; try again later".to_string()
                        }
                    }
                };
                send(&mut write, &answer).await?;
            }
        }
    }
    send(&mut write, "421 4.7.0 Too many commands on one connection").await?;
    Ok(None)
}

/// The message after DATA, up to the lone dot.
async fn read_data<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
    max_bytes: usize,
) -> std::io::Result<Data> {
    let mut data = Data::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = read_line(reader, &mut line, MAX_DATA_LINE_BYTES).await?;
        if read == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed inside DATA",
            ));
        }
        if data.line(&line, max_bytes) {
            return Ok(data);
        }
    }
}

/// Reads up to and with the next `\n`, at most `limit` bytes, within the
/// command timeout.
async fn read_line<R: AsyncBufReadExt + Unpin>(
    reader: &mut R,
    line: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<usize> {
    let mut limited = tokio::io::AsyncReadExt::take(reader, limit);
    match tokio::time::timeout(COMMAND_TIMEOUT, limited.read_until(b'\n', line)).await {
        Ok(read) => read,
        Err(_) => Err(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            "client silent too long",
        )),
    }
}

async fn skip_rest_of_line<R: AsyncBufReadExt + Unpin>(reader: &mut R) -> std::io::Result<()> {
    let mut sink = Vec::new();
    loop {
        sink.clear();
        let read = read_line(reader, &mut sink, MAX_COMMAND_BYTES).await?;
        if read == 0 || sink.ends_with(b"\n") {
            return Ok(());
        }
    }
}

/// One reply in one write: two small writes would wait on Nagle's
/// algorithm and the client's delayed ACK (tens of milliseconds a command).
async fn send<W: AsyncWrite + Unpin>(write: &mut W, reply: &str) -> std::io::Result<()> {
    let mut line = Vec::with_capacity(reply.len() + 2);
    line.extend_from_slice(reply.as_bytes());
    line.extend_from_slice(b"\r\n");
    write.write_all(&line).await?;
    write.flush().await
}
