//! argon2id password hashing.
//!
//! Parameters default to OWASP's first recommendation (19 MiB, 2 passes, 1 lane) and are
//! configurable. A hash records the parameters it was made with, so raising them never locks
//! anyone out: old hashes verify under their own parameters, and [`needs_rehash`] tells the
//! login use case to replace them with a stronger hash once the password is known.
//!
//! Each hash costs tens of milliseconds of CPU, so it runs on tokio's blocking pool: on the
//! async workers it would stall every other request on that thread. The blocking pool alone
//! is not enough: it grows to hundreds of threads, and a login flood of N concurrent hashes
//! then gets N/(N+workers) of the CPU, starving everything else (the benchmark measured
//! `/signals` p99 at 10× its quiet value on two cores). So at most half the cores hash at
//! once and further logins queue for a slot; queued logins wait, other requests do not. The
//! bound also caps hashing memory at slots × 19 MiB.
//!
//! Those 19 MiB are one allocation per hash, and glibc keeps them: it serves the first from
//! `mmap` and returns it on free, but then raises its mmap threshold to that size, so later
//! hashes come from per-thread heap arenas that never shrink. After a login flood the process
//! held over 200 MiB it no longer used. Fixing the threshold (as `MALLOC_MMAP_THRESHOLD_` would)
//! keeps large blocks on `mmap`, and RSS falls back to ~25 MiB after the flood.
//!
//! [`needs_rehash`]: crate::ports::PasswordHasher::needs_rehash

use argon2::password_hash::phc::PasswordHash as PhcHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{ARGON2ID_IDENT, Algorithm, Argon2, Params, Version};
use async_trait::async_trait;
use std::sync::Arc;
use tokio::sync::Semaphore;

use crate::domain::{Password, PasswordHash};
use crate::ports::PasswordHasher;

#[derive(Clone, Copy, Debug)]
pub struct Argon2Settings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Argon2Settings {
    fn default() -> Self {
        Self { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 }
    }
}

#[derive(Clone)]
pub struct Argon2Hasher {
    params: Params,
    dummy: PasswordHash,
    /// Hashing slots; see the module docs.
    slots: Arc<Semaphore>,
}

impl Argon2Hasher {
    pub fn new(settings: Argon2Settings) -> anyhow::Result<Self> {
        let params = Params::new(settings.memory_kib, settings.iterations, settings.parallelism, None)
            .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        let dummy = hash_blocking(&params, b"signalbox-timing-equaliser")?;
        return_large_blocks_to_the_os();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ok(Self { params, dummy, slots: Arc::new(Semaphore::new((cores / 2).max(1))) })
    }

    /// Runs one hash computation on the blocking pool once a slot is free. The slot moves into
    /// the blocking task, so a caller that gives up (a dropped request) does not free it while
    /// its hash still runs.
    async fn on_a_slot<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
        let slot = self.slots.clone().acquire_owned().await?;
        Ok(tokio::task::spawn_blocking(move || {
            let _slot = slot;
            work()
        })
        .await?)
    }
}

/// See the module docs. Process-wide and idempotent; elsewhere than glibc there is nothing to do.
fn return_large_blocks_to_the_os() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        // glibc's default threshold: allocations of 128 KiB and more are mmapped.
        const THRESHOLD_BYTES: libc::c_int = 128 * 1024;
        // SAFETY: `mallopt` only changes an allocator tunable; glibc accepts it at any time, from
        // any thread, and this value is within its valid range.
        ONCE.call_once(|| unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD_BYTES);
        });
    }
}

fn argon2(params: &Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
}

fn hash_blocking(params: &Params, password: &[u8]) -> anyhow::Result<PasswordHash> {
    let phc = argon2(params).hash_password(password).map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))?;
    Ok(PasswordHash::from_phc(phc.to_string()))
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &Password) -> anyhow::Result<PasswordHash> {
        let params = self.params.clone();
        let password = password.clone();
        self.on_a_slot(move || hash_blocking(&params, password.expose().as_bytes())).await?
    }

    async fn verify(&self, password: &Password, hash: &PasswordHash) -> anyhow::Result<bool> {
        let params = self.params.clone();
        let password = password.clone();
        let hash = hash.clone();
        self.on_a_slot(move || {
            let parsed = PhcHash::new(hash.as_phc()).map_err(|e| anyhow::anyhow!("stored hash is not PHC: {e}"))?;
            // The stored hash's own parameters are used, so raising the cost later does not
            // lock out users hashed under the old cost.
            Ok(argon2(&params).verify_password(password.expose().as_bytes(), &parsed).is_ok())
        })
        .await?
    }

    fn dummy_hash(&self) -> PasswordHash {
        self.dummy.clone()
    }

    fn needs_rehash(&self, hash: &PasswordHash) -> bool {
        let Ok(parsed) = PhcHash::new(hash.as_phc()) else { return false };
        let Ok(params) = Params::try_from(&parsed) else { return false };
        let cost = |p: &Params| (p.m_cost(), p.t_cost(), p.p_cost());
        parsed.algorithm != ARGON2ID_IDENT
            || parsed.version != Some(Version::V0x13.into())
            || cost(&params) != cost(&self.params)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn cheap() -> Argon2Hasher {
        Argon2Hasher::new(Argon2Settings { memory_kib: 64, iterations: 1, parallelism: 1 }).unwrap()
    }

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let hasher = cheap();
        let password = Password::parse("correct horse").unwrap();
        let hash = hasher.hash(&password).await.unwrap();
        assert!(hash.as_phc().starts_with("$argon2id$v=19$"));
        assert!(hasher.verify(&password, &hash).await.unwrap());
        assert!(!hasher.verify(&Password::parse("wrong horse").unwrap(), &hash).await.unwrap());
    }

    #[tokio::test]
    async fn the_same_password_hashes_differently_each_time() {
        let hasher = cheap();
        let password = Password::parse("correct horse").unwrap();
        assert_ne!(hasher.hash(&password).await.unwrap(), hasher.hash(&password).await.unwrap());
    }

    #[tokio::test]
    async fn a_hash_needs_rehashing_only_when_the_configured_cost_differs() {
        let old = cheap().hash(&Password::parse("correct horse").unwrap()).await.unwrap();
        let stronger = Argon2Hasher::new(Argon2Settings { memory_kib: 128, iterations: 2, parallelism: 1 }).unwrap();

        assert!(!cheap().needs_rehash(&old));
        assert!(stronger.needs_rehash(&old));
        assert!(stronger.verify(&Password::parse("correct horse").unwrap(), &old).await.unwrap(), "old still verifies");
    }

    #[test]
    fn hashes_of_another_algorithm_need_rehashing_and_unreadable_ones_do_not() {
        let argon2i = PasswordHash::from_phc(cheap().dummy_hash().as_phc().replacen("argon2id", "argon2i", 1));

        assert!(cheap().needs_rehash(&argon2i));
        assert!(!cheap().needs_rehash(&PasswordHash::from_phc("not a phc string".into())));
    }

    #[tokio::test(start_paused = true)]
    async fn a_hash_waits_for_a_free_slot() {
        let hasher = cheap();
        let held = hasher.slots.clone().acquire_many_owned(hasher.slots.available_permits() as u32).await.unwrap();
        let password = Password::parse("correct horse").unwrap();

        // Paused time: the timeout fires as soon as nothing else can run, without sleeping.
        let waiting = tokio::time::timeout(Duration::from_secs(1), hasher.hash(&password)).await;
        assert!(waiting.is_err(), "no slot, no hash");

        drop(held);
        assert!(hasher.hash(&password).await.is_ok());
    }

    #[test]
    fn the_default_parameters_are_owasps() {
        let s = Argon2Settings::default();
        assert_eq!((s.memory_kib, s.iterations, s.parallelism), (19_456, 2, 1));
    }
}
