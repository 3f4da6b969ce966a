//! How many connections may be open at once: in all, and from one client network.
//!
//! Every open connection holds a file descriptor. When the process runs out of them it cannot
//! accept anything, `/health` included, and it cannot open a database connection either; so
//! the total is capped below the descriptor limit, leaving a reserve for the pools and files.
//! Within that total, one client network (an IPv4 address or an IPv6 /64, as the rate limits
//! count it) may hold only a share, so a single client opening connections by the thousand
//! exhausts its own share and never everyone's. A connection over either cap is refused at
//! once, before any byte of it is read.
//!
//! The network here is the TCP peer's: at accept time no header has been read. Behind proxies
//! every peer is a proxy, so the per-network cap is off there (the proxy's own limits apply).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use crate::domain::ClientNetwork;

#[derive(Debug)]
pub struct ConnectionBudget {
    max_total: usize,
    max_per_network: Option<usize>,
    open: Mutex<Open>,
}

#[derive(Debug, Default)]
struct Open {
    total: usize,
    per_network: HashMap<ClientNetwork, usize>,
}

/// Why a connection was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    ServerFull,
    NetworkFull,
}

/// An admitted connection's place in the budget, given back when dropped.
#[derive(Debug)]
pub struct Admitted {
    budget: Arc<ConnectionBudget>,
    network: ClientNetwork,
}

impl ConnectionBudget {
    /// `max_per_network: None` turns the per-network cap off.
    pub fn new(max_total: usize, max_per_network: Option<usize>) -> Arc<Self> {
        Arc::new(Self { max_total, max_per_network, open: Mutex::new(Open::default()) })
    }

    /// A place for a connection from `peer`, or why there is none.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Result<Admitted, Refused> {
        let network = ClientNetwork::from_ip(peer);
        // The counts are only ever left consistent, so a panic elsewhere cannot poison them.
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if open.total >= self.max_total {
            return Err(Refused::ServerFull);
        }
        let from_network = open.per_network.get(&network).copied().unwrap_or(0);
        if self.max_per_network.is_some_and(|max| from_network >= max) {
            return Err(Refused::NetworkFull);
        }
        open.total += 1;
        open.per_network.insert(network, from_network + 1);
        Ok(Admitted { budget: self.clone(), network })
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).total
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.budget.open.lock().unwrap_or_else(PoisonError::into_inner);
        open.total -= 1;
        if let Some(count) = open.per_network.get_mut(&self.network) {
            *count -= 1;
            if *count == 0 {
                open.per_network.remove(&self.network);
            }
        }
    }
}

/// The connection cap for a process allowed `fd_limit` descriptors, keeping `reserve` for
/// everything else it opens (database and Redis pools, outgoing HTTP and SMTP, files, the
/// listener). Never below 16, so a tiny limit still serves.
pub fn max_connections_for(fd_limit: u64, reserve: u64) -> usize {
    usize::try_from(fd_limit.saturating_sub(reserve)).unwrap_or(usize::MAX).max(16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn one_network_fills_only_its_own_share() {
        let budget = ConnectionBudget::new(10, Some(2));
        let held: Vec<_> = (0..2).map(|_| budget.admit(ip("203.0.113.9")).unwrap()).collect();

        assert_eq!(budget.admit(ip("203.0.113.9")).unwrap_err(), Refused::NetworkFull);
        assert!(budget.admit(ip("203.0.113.10")).is_ok());
        assert_eq!(held.len(), 2);
    }

    #[test]
    fn an_ipv6_slash_64_is_one_network() {
        let budget = ConnectionBudget::new(10, Some(1));
        let _held = budget.admit(ip("2001:db8:1:2::1")).unwrap();

        assert_eq!(budget.admit(ip("2001:db8:1:2::ffff")).unwrap_err(), Refused::NetworkFull);
    }

    #[test]
    fn the_total_is_capped_and_places_come_back_when_connections_end() {
        let budget = ConnectionBudget::new(2, None);
        let first = budget.admit(ip("192.0.2.1")).unwrap();
        let _second = budget.admit(ip("192.0.2.2")).unwrap();

        assert_eq!(budget.admit(ip("192.0.2.3")).unwrap_err(), Refused::ServerFull);
        drop(first);
        let third = budget.admit(ip("192.0.2.3"));
        assert!(third.is_ok());
        assert_eq!(budget.open(), 2);
    }

    #[test]
    fn the_cap_leaves_the_reserve_below_the_descriptor_limit() {
        assert_eq!(max_connections_for(1024, 200), 824);
        assert_eq!(max_connections_for(100, 200), 16);
    }
}
