//! The client's network, as an operation parameter: the throttles count attempts per network,
//! and which address that is depends on whether this deployment trusts proxy headers — a
//! decision made once, when the routes are built ([`ProxyTrust`] in the request's data), not
//! in every handler.

use poem::{FromRequest, Request, RequestBody};

use crate::adapters::http::client_ip::client_network;
use crate::domain::ClientNetwork;

/// Whether `X-Forwarded-For` is believed (`TRUST_PROXY_HEADERS`); absent means no.
#[derive(Clone, Copy, Debug)]
pub struct ProxyTrust(pub bool);

/// The network the request came from.
pub struct Client(pub ClientNetwork);

impl<'a> FromRequest<'a> for Client {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let trusted = req.data::<ProxyTrust>().is_some_and(|trust| trust.0);
        Ok(Self(client_network(req, trusted)))
    }
}
