//! An IMAP connection to one mailbox: connect (TLS, STARTTLS or plain),
//! sign in (password, or XOAUTH2 with an access token), and the few
//! commands the fetcher needs, each bounded in time.

use std::fmt::Debug;
use std::sync::Arc;
use std::time::Duration;

use futures_util::TryStreamExt;
use marketdesk_domain::mailbox::{ImapSecurity, ImapUrl, xoauth2_response};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

/// Any byte stream the IMAP client can talk over (plain or TLS).
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Io for T {}

pub(crate) type Session = async_imap::Session<Box<dyn Io>>;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(20);
/// Any one command; a fetch of a large message included.
pub(crate) const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("cannot connect to {0}: {1}")]
    Connect(String, std::io::Error),
    #[error("TLS with {0} failed: {1}")]
    Tls(String, std::io::Error),
    #[error("the server refused the sign-in: {0}")]
    SignIn(String),
    #[error("the server has no folder {0}: {1}")]
    NoFolder(String, String),
    #[error("the server did not answer within {0} seconds")]
    Timeout(u64),
    #[error("IMAP: {0}")]
    Protocol(#[from] async_imap::error::Error),
    #[error("{0}")]
    Other(String),
}

/// How a mailbox signs in.
pub(crate) enum Credentials {
    Password(String),
    /// An OAuth access token (XOAUTH2).
    Bearer(String),
}

/// Runs one IMAP step with the command time limit.
pub(crate) async fn bounded<T, E: Into<ImapError>>(
    step: impl Future<Output = Result<T, E>>,
) -> Result<T, ImapError> {
    match tokio::time::timeout(COMMAND_TIMEOUT, step).await {
        Ok(result) => result.map_err(Into::into),
        Err(_) => Err(ImapError::Timeout(COMMAND_TIMEOUT.as_secs())),
    }
}

/// Connects and signs in; the folder is not selected yet.
pub(crate) async fn open(
    url: &ImapUrl,
    credentials: &Credentials,
    extra_roots: Option<&std::path::Path>,
) -> Result<Session, ImapError> {
    let place = format!("{}:{}", url.host, url.port);
    let tcp = match tokio::time::timeout(
        CONNECT_TIMEOUT,
        TcpStream::connect((url.host.as_str(), url.port)),
    )
    .await
    {
        Ok(Ok(tcp)) => tcp,
        Ok(Err(err)) => return Err(ImapError::Connect(place, err)),
        Err(_) => return Err(ImapError::Timeout(CONNECT_TIMEOUT.as_secs())),
    };
    let _ = tcp.set_nodelay(true);
    let client = match url.security {
        ImapSecurity::Tls => {
            let tls = tls_wrap(&url.host, tcp, extra_roots).await?;
            greeted(Box::new(tls)).await?
        }
        ImapSecurity::None => greeted(Box::new(tcp)).await?,
        ImapSecurity::Starttls => {
            let mut client = greeted(Box::new(tcp)).await?;
            bounded(client.run_command_and_check_ok("STARTTLS", None)).await?;
            let plain = client.into_inner();
            let tls = tls_wrap(&url.host, plain, extra_roots).await?;
            async_imap::Client::new(Box::new(tls) as Box<dyn Io>)
        }
    };
    let signed_in = match credentials {
        Credentials::Password(password) => {
            tokio::time::timeout(COMMAND_TIMEOUT, client.login(&url.user, password)).await
        }
        Credentials::Bearer(token) => {
            let response = xoauth2_response(&url.user, token);
            tokio::time::timeout(
                COMMAND_TIMEOUT,
                client.authenticate("XOAUTH2", XOauth2(Some(response))),
            )
            .await
        }
    };
    match signed_in {
        Ok(Ok(session)) => Ok(session),
        Ok(Err((err, _))) => Err(ImapError::SignIn(err.to_string())),
        Err(_) => Err(ImapError::Timeout(COMMAND_TIMEOUT.as_secs())),
    }
}

/// Reads the server's greeting.
async fn greeted(stream: Box<dyn Io>) -> Result<async_imap::Client<Box<dyn Io>>, ImapError> {
    let mut client = async_imap::Client::new(stream);
    match tokio::time::timeout(COMMAND_TIMEOUT, client.read_response()).await {
        Ok(Ok(Some(_greeting))) => Ok(client),
        Ok(Ok(None)) => Err(ImapError::Other(
            "the server closed the connection at once".into(),
        )),
        Ok(Err(err)) => Err(ImapError::Protocol(err.into())),
        Err(_) => Err(ImapError::Timeout(COMMAND_TIMEOUT.as_secs())),
    }
}

async fn tls_wrap<S: AsyncRead + AsyncWrite + Unpin + Send + Debug + 'static>(
    host: &str,
    stream: S,
    extra_roots: Option<&std::path::Path>,
) -> Result<tokio_rustls::client::TlsStream<S>, ImapError> {
    let place = host.to_string();
    let config = client_config(extra_roots).map_err(ImapError::Other)?;
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| ImapError::Tls(place.clone(), std::io::Error::other(e)))?;
    TlsConnector::from(config)
        .connect(name, stream)
        .await
        .map_err(|e| ImapError::Tls(place, e))
}

/// The public roots, and the certificates of `extra_roots` (a PEM file,
/// for a shop's own mail server with its own certificate authority).
fn client_config(extra_roots: Option<&std::path::Path>) -> Result<Arc<ClientConfig>, String> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = extra_roots {
        let certs = CertificateDer::pem_file_iter(path)
            .map_err(|e| format!("cannot read mail_ca_file {}: {e}", path.display()))?;
        for cert in certs {
            let cert = cert.map_err(|e| format!("mail_ca_file {}: {e}", path.display()))?;
            roots
                .add(cert)
                .map_err(|e| format!("mail_ca_file {}: {e}", path.display()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// XOAUTH2 sends everything in its first response; a second challenge is
/// the server's error report, answered with an empty line.
struct XOauth2(Option<String>);

impl async_imap::Authenticator for XOauth2 {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        self.0.take().unwrap_or_default()
    }
}

/// Collects a stream of IMAP responses, bounded in time.
pub(crate) async fn collect<T>(
    stream: impl futures_util::Stream<Item = async_imap::error::Result<T>>,
) -> Result<Vec<T>, ImapError> {
    bounded(stream.try_collect::<Vec<T>>()).await
}
