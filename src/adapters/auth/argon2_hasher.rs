//! argon2id password hashing.
//!
//! Parameters default to OWASP's first recommendation (19 MiB, 2 passes, 1 lane) and are
//! configurable. A hash records the parameters it was made with, so raising them never locks
//! anyone out: old hashes verify under their own parameters, and [`needs_rehash`] tells the
//! login use case to replace them with a stronger hash once the password is known.
//!
//! Each hash costs tens of milliseconds of CPU and 19 MiB of memory; it runs on
//! [`HashingThreads`], never on the async workers, in memory the thread reuses; when their
//! queue is full the hasher answers [`HashError::Busy`] at once. The PHC
//! strings are built here around argon2's `hash_password_into_with_memory` (the crate's own
//! PHC API allocates per hash); tests check them against the crate's own hashing and
//! verification in both directions.
//!
//! [`needs_rehash`]: crate::ports::PasswordHasher::needs_rehash

use std::sync::Arc;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash as PhcHash, Salt};
use argon2::{ARGON2ID_IDENT, Algorithm, Argon2, Block, Params, Version};
use async_trait::async_trait;

use super::hashing_threads::{HashingThreads, Memory, RunError};
use crate::domain::{Password, PasswordHash};
use crate::ports::{HashError, PasswordHasher};

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

/// How many hashing threads run and how many jobs may wait for them.
#[derive(Clone, Copy, Debug)]
pub struct HashingPool {
    pub threads: usize,
    pub queue: usize,
}

impl HashingPool {
    /// Jobs allowed to wait per hashing thread. At OWASP's cost a hash takes some 30–60 ms
    /// of one core, so a full queue is about a second of waiting: a burst beyond it is
    /// refused (503) instead of making every login behind it wait for minutes.
    pub const QUEUE_PER_THREAD: usize = 16;

    /// Half the cores (at least one), each with [`Self::QUEUE_PER_THREAD`] waiting jobs.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = (cores / 2).max(1);
        Self { threads, queue: threads * Self::QUEUE_PER_THREAD }
    }
}

#[derive(Clone)]
pub struct Argon2Hasher {
    params: Params,
    dummy: PasswordHash,
    threads: Arc<HashingThreads>,
}

impl Argon2Hasher {
    pub fn new(settings: Argon2Settings) -> anyhow::Result<Self> {
        Self::with_pool(settings, HashingPool::for_this_machine())
    }

    pub fn with_pool(settings: Argon2Settings, pool: HashingPool) -> anyhow::Result<Self> {
        let params = Params::new(settings.memory_kib, settings.iterations, settings.parallelism, None)
            .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        // Computed in memory of its own, freed at once: the startup thread keeps nothing.
        let dummy = hash_blocking(&mut Memory::new(), &params, b"signalbox-timing-equaliser")?;
        Ok(Self { params, dummy, threads: Arc::new(HashingThreads::start(pool.threads.max(1), pool.queue)?) })
    }

    /// How many hashes and verifications have run (jobs whose caller had gone are not run).
    pub fn hashes_run(&self) -> u64 {
        self.threads.jobs_run()
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, HashError> {
        match self.threads.run(work).await {
            Ok(result) => Ok(result?),
            Err(RunError::Busy) => Err(HashError::Busy),
            Err(err) => Err(HashError::Failed(err.into())),
        }
    }
}

/// The raw argon2 output for `password` and `salt`, computed in `memory` (grown if needed).
/// Whatever a previous hash left there does not matter: argon2 writes every block before it
/// reads it.
fn compute(
    memory: &mut Memory,
    argon2: &Argon2<'_>,
    params: &Params,
    password: &[u8],
    salt: &[u8],
) -> anyhow::Result<Output> {
    let blocks = params.block_count();
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut buffer = [0u8; Output::MAX_LENGTH];
    let out = buffer
        .get_mut(..params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN))
        .ok_or_else(|| anyhow::anyhow!("argon2 output length out of range"))?;
    argon2
        .hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])
        .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))?;
    Output::new(out).map_err(|e| anyhow::anyhow!("argon2 output: {e}"))
}

/// A new argon2id hash of `password` with a random 16-byte salt, as a PHC string.
fn hash_blocking(memory: &mut Memory, params: &Params, password: &[u8]) -> anyhow::Result<PasswordHash> {
    let salt: [u8; 16] = rand::random();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let phc = PhcHash {
        algorithm: ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(params).map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?,
        salt: Some(Salt::new(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?),
        hash: Some(compute(memory, &argon2, params, password, &salt)?),
    };
    Ok(PasswordHash::from_phc(phc.to_string()))
}

/// Whether `password` matches `stored`, under the algorithm, version and cost recorded in the
/// hash itself (so raising the configured cost never locks anyone out). Only a string that is
/// not PHC at all is an error; any other mismatch is `false`.
fn verify_blocking(memory: &mut Memory, password: &[u8], stored: &PasswordHash) -> anyhow::Result<bool> {
    let parsed = PhcHash::new(stored.as_phc()).map_err(|e| anyhow::anyhow!("stored hash is not PHC: {e}"))?;
    let (Some(salt), Some(expected)) = (&parsed.salt, &parsed.hash) else { return Ok(false) };
    let recorded = (
        Algorithm::try_from(parsed.algorithm.as_str()),
        parsed.version.map_or(Ok(Version::default()), Version::try_from),
        Params::try_from(&parsed),
    );
    let (Ok(algorithm), Ok(version), Ok(params)) = recorded else { return Ok(false) };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    // `Output`'s equality is constant-time.
    Ok(compute(memory, &argon2, &params, password, salt).is_ok_and(|computed| computed == *expected))
}

#[async_trait]
impl PasswordHasher for Argon2Hasher {
    async fn hash(&self, password: &Password) -> Result<PasswordHash, HashError> {
        let params = self.params.clone();
        let password = password.clone();
        self.run(move |memory| hash_blocking(memory, &params, password.expose().as_bytes())).await
    }

    async fn verify(&self, password: &Password, hash: &PasswordHash) -> Result<bool, HashError> {
        let password = password.clone();
        let hash = hash.clone();
        self.run(move |memory| verify_blocking(memory, password.expose().as_bytes(), &hash)).await
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

    /// The argon2 crate's own PHC hashing and verification, for cross-checks.
    fn reference() -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(64, 1, 1, None).unwrap())
    }

    #[tokio::test]
    async fn our_hashes_verify_with_the_argon2_crate_and_its_hashes_with_ours() {
        use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
        let hasher = cheap();
        let password = Password::parse("correct horse").unwrap();
        for _ in 0..3 {
            // Several rounds: later hashes reuse the memory earlier ones left dirty.
            let ours = hasher.hash(&password).await.unwrap();
            let parsed = PhcHash::new(ours.as_phc()).unwrap();
            assert!(reference().verify_password(b"correct horse", &parsed).is_ok());
            assert!(reference().verify_password(b"wrong horse", &parsed).is_err());

            let theirs = PasswordHash::from_phc(reference().hash_password(b"correct horse").unwrap().to_string());
            assert!(hasher.verify(&password, &theirs).await.unwrap());
            assert!(!hasher.verify(&Password::parse("wrong horse").unwrap(), &theirs).await.unwrap());
        }
    }

    #[tokio::test]
    async fn hashes_made_under_another_cost_or_variant_still_verify() {
        use argon2::password_hash::PasswordHasher as _;
        let argon2i = Argon2::new(Algorithm::Argon2i, Version::V0x10, Params::new(128, 2, 1, None).unwrap());
        let old = PasswordHash::from_phc(argon2i.hash_password(b"correct horse").unwrap().to_string());
        assert!(cheap().verify(&Password::parse("correct horse").unwrap(), &old).await.unwrap());
        assert!(!cheap().verify(&Password::parse("wrong horse").unwrap(), &old).await.unwrap());
    }

    #[tokio::test]
    async fn a_malformed_stored_hash_is_an_error_and_one_without_output_never_matches() {
        let hasher = cheap();
        let password = Password::parse("correct horse").unwrap();
        assert!(hasher.verify(&password, &PasswordHash::from_phc("not a phc string".into())).await.is_err());
        let no_output = PasswordHash::from_phc("$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0".into());
        assert!(!hasher.verify(&password, &no_output).await.unwrap());
    }

    #[test]
    fn the_default_parameters_are_owasps() {
        let s = Argon2Settings::default();
        assert_eq!((s.memory_kib, s.iterations, s.parallelism), (19_456, 2, 1));
    }
}
