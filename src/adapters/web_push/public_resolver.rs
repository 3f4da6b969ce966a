//! [`PublicAddressesOnly`]: the push client's name resolver, which drops every address that is
//! not public (see [`is_public_address`]).
//!
//! An endpoint passed the API's checks when it was stored, but the name it holds is a
//! stranger's: its DNS record can point at our loopback, our private network or a cloud metadata
//! service at any time (including after the check). Filtering where the connection is made, on
//! the addresses actually dialled, leaves no gap between checking and connecting.

use std::error::Error as StdError;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper_util::client::legacy::connect::dns::{GaiResolver, Name};
use tower_service::Service;

use crate::domain::alerts::is_public_address;

/// Resolves with the system resolver, keeping only public addresses; a name with none left is
/// refused with [`NotPublic`].
#[derive(Clone)]
pub struct PublicAddressesOnly {
    system: GaiResolver,
}

impl Default for PublicAddressesOnly {
    fn default() -> Self {
        Self { system: GaiResolver::new() }
    }
}

/// Why a push endpoint's host was not dialled.
#[derive(Debug, thiserror::Error)]
#[error("the endpoint's host resolves only to non-public addresses")]
pub struct NotPublic;

impl NotPublic {
    /// Whether `err` (a client error, however deeply wrapped) is this refusal.
    pub fn caused(err: &(dyn StdError + 'static)) -> bool {
        let mut cause = Some(err);
        while let Some(err) = cause {
            // `io::Error::source` skips the error it wraps, so look inside it as well.
            let wrapped = err.downcast_ref::<io::Error>().and_then(io::Error::get_ref);
            if err.is::<Self>() || wrapped.is_some_and(|inner| inner.is::<Self>()) {
                return true;
            }
            cause = err.source();
        }
        false
    }
}

type Resolving = Pin<Box<dyn Future<Output = Result<std::vec::IntoIter<SocketAddr>, io::Error>> + Send>>;

impl Service<Name> for PublicAddressesOnly {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = io::Error;
    type Future = Resolving;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), io::Error>> {
        self.system.poll_ready(cx)
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let resolving = self.system.call(name);
        Box::pin(async move {
            let public: Vec<SocketAddr> = resolving.await?.filter(|address| is_public_address(address.ip())).collect();
            if public.is_empty() {
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, NotPublic));
            }
            Ok(public.into_iter())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_is_refused() {
        let refused = PublicAddressesOnly::default().call(Name::from_str("localhost").unwrap()).await.unwrap_err();
        assert!(NotPublic::caused(&refused), "{refused:?}");
    }

    #[test]
    fn the_refusal_is_found_however_deeply_it_is_wrapped() {
        let io = io::Error::new(io::ErrorKind::PermissionDenied, NotPublic);
        let wrapped = anyhow::Error::new(io).context("connecting").context("sending");
        assert!(NotPublic::caused(wrapped.as_ref()));
        let other = anyhow::Error::new(io::Error::other("connection refused")).context("sending");
        assert!(!NotPublic::caused(other.as_ref()));
    }
}
