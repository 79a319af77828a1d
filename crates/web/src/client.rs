//! Who is knocking: the client address that the limits on the public doors
//! count (failed order sign-ins, chat starts).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// The TCP peer of the request, when the server was started with connect
/// info (`serve` is). Behind a reverse proxy every request comes from the
/// proxy's address, so the per-address limits then count the proxy as one
/// client (the per-email and per-order limits still hold); see docs/SECURITY.md.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(peer)| peer.ip()),
        ))
    }
}
