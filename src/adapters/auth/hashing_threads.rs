//! A few threads that do nothing but hash passwords, each with its own argon2 working memory,
//! fed by a bounded queue.
//!
//! Why not tokio's blocking pool (the benchmark, `bench/RESULTS.md`, showed both):
//! - it grows to hundreds of threads, and a login flood of N concurrent hashes then takes
//!   N/(N+workers) of the CPU: `/signals` p99 rose to 8× its quiet value on two cores. Here a
//!   fixed number of threads hash; further logins queue, other requests do not wait;
//! - each hash allocated (and zeroed) 19 MiB, and every pool thread that ever hashed kept that
//!   in its glibc arena: RSS reached 215 MiB after a login flood. Here each thread allocates its
//!   memory once and reuses it for every hash, so hashing holds threads × 19 MiB at most.
//!
//! Why bounded, and why skip abandoned jobs: with an unbounded queue a burst of logins queued
//! minutes of hashing, and every job ran even after its client had given up, so logins stayed
//! slow long after the burst ended. Now a full queue refuses at once ([`RunError::Busy`], which
//! the HTTP edge answers with 503 and `Retry-After`), and a job whose caller has gone (its
//! future dropped: the client disconnected, a timeout fired) is discarded unhashed when its
//! turn comes.
//!
//! The threads run at a lower priority than request handling; see `hashing_priority`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use argon2::Block;
use tokio::sync::oneshot;

use super::hashing_priority::lower_this_threads_priority;

/// A hashing thread's argon2 working memory, grown to the largest cost it has computed.
pub type Memory = Vec<Block>;

type Job = Box<dyn FnOnce(&mut Memory) + Send>;

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The queue is full: every thread is busy and `queue` jobs wait already.
    #[error("the password hashing queue is full")]
    Busy,
    #[error("hashing threads stopped")]
    Stopped,
    /// The job panicked.
    #[error("a password hash failed unexpectedly")]
    Failed,
}

/// The threads exit when the last handle is dropped, which closes their queue.
pub struct HashingThreads {
    queue: mpsc::SyncSender<Job>,
    /// Jobs whose work ran (not those skipped because their caller had gone).
    ran: Arc<AtomicU64>,
}

impl HashingThreads {
    /// `count` threads, with room for `queue` jobs waiting for one.
    pub fn start(count: usize, queue: usize) -> anyhow::Result<Self> {
        let (sender, jobs) = mpsc::sync_channel::<Job>(queue);
        let jobs = Arc::new(Mutex::new(jobs));
        for i in 0..count {
            let jobs = jobs.clone();
            std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                lower_this_threads_priority();
                let mut memory = Memory::new();
                while let Some(job) = next_job(&jobs) {
                    // A panicking job must not take the thread with it; its caller sees the
                    // dropped reply as an error.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut memory)));
                }
            })?;
        }
        Ok(Self { queue: sender, ran: Arc::new(AtomicU64::new(0)) })
    }

    /// Runs `work` on a hashing thread once one is free, or refuses at once with
    /// [`RunError::Busy`] when the queue is full. If the returned future is dropped before the
    /// job's turn, the job is skipped.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, RunError> {
        let (reply, answer) = oneshot::channel();
        let ran = self.ran.clone();
        let job: Job = Box::new(move |memory| {
            metrics::gauge!("signalbox_hashing_queue_depth").decrement(1.0);
            if reply.is_closed() {
                return;
            }
            ran.fetch_add(1, Ordering::Relaxed);
            let _ = reply.send(work(memory));
        });
        metrics::gauge!("signalbox_hashing_queue_depth").increment(1.0);
        if let Err(err) = self.queue.try_send(job) {
            metrics::gauge!("signalbox_hashing_queue_depth").decrement(1.0);
            return Err(match err {
                mpsc::TrySendError::Full(_) => RunError::Busy,
                mpsc::TrySendError::Disconnected(_) => RunError::Stopped,
            });
        }
        answer.await.map_err(|_| RunError::Failed)
    }

    /// How many jobs have run their work so far (a seam for tests and benchmarks).
    pub fn jobs_run(&self) -> u64 {
        self.ran.load(Ordering::Relaxed)
    }
}

/// The next job, or `None` once the queue is closed. The lock is held only while waiting, not
/// while the job runs.
fn next_job(jobs: &Mutex<mpsc::Receiver<Job>>) -> Option<Job> {
    jobs.lock().ok()?.recv().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Occupies the single thread of `threads` until the returned sender is dropped or sent to.
    async fn occupy(threads: &Arc<HashingThreads>) -> (std::sync::mpsc::Sender<()>, tokio::task::JoinHandle<()>) {
        let (release, released) = std::sync::mpsc::channel::<()>();
        let (started, running) = oneshot::channel();
        let blocker = threads.clone();
        let task = tokio::spawn(async move {
            blocker
                .run(move |_| {
                    let _ = started.send(());
                    let _ = released.recv();
                })
                .await
                .unwrap();
        });
        running.await.unwrap();
        (release, task)
    }

    #[tokio::test]
    async fn work_runs_on_a_hashing_thread_and_keeps_its_memory() {
        let threads = HashingThreads::start(1, 4).unwrap();
        threads.run(|memory| memory.resize(4, Block::default())).await.unwrap();
        let (name, kept) =
            threads.run(|memory| (std::thread::current().name().map(str::to_owned), memory.len())).await.unwrap();
        assert_eq!(name.as_deref(), Some("argon2-0"));
        assert_eq!(kept, 4, "the next job sees the same memory");
    }

    #[tokio::test]
    async fn a_job_that_panics_is_an_error_and_its_thread_keeps_working() {
        let threads = HashingThreads::start(1, 4).unwrap();
        assert!(threads.run(|_| panic!("a job panicked on purpose")).await.is_err());
        assert_eq!(threads.run(|_| 42).await.unwrap(), 42);
    }

    #[tokio::test]
    async fn concurrent_jobs_queue_for_one_thread_and_all_complete() {
        let threads = Arc::new(HashingThreads::start(1, 8).unwrap());
        let tasks: Vec<_> = (0..8)
            .map(|i| {
                let threads = threads.clone();
                tokio::spawn(async move { threads.run(move |_| i * 2).await })
            })
            .collect();
        for (i, task) in tasks.into_iter().enumerate() {
            assert_eq!(task.await.unwrap().unwrap(), i * 2);
        }
    }

    #[tokio::test]
    async fn a_job_beyond_the_queue_is_refused_at_once_and_the_queue_drains_afterwards() {
        let threads = Arc::new(HashingThreads::start(1, 2).unwrap());
        let (release, blocker) = occupy(&threads).await;
        let queued: Vec<_> = (0..2)
            .map(|i| {
                let threads = threads.clone();
                tokio::spawn(async move { threads.run(move |_| i).await })
            })
            .collect();
        // On this single-threaded runtime the spawned jobs run (and queue) when we yield.
        tokio::task::yield_now().await;

        let refused = threads.run(|_| 99).await;

        assert!(matches!(refused, Err(RunError::Busy)), "{refused:?}");
        release.send(()).unwrap();
        blocker.await.unwrap();
        for (i, job) in queued.into_iter().enumerate() {
            assert_eq!(job.await.unwrap().unwrap(), i, "queued jobs still run");
        }
        assert_eq!(threads.run(|_| 7).await.unwrap(), 7, "room again");
    }

    #[tokio::test]
    async fn a_job_whose_caller_has_gone_is_skipped_not_run() {
        let threads = Arc::new(HashingThreads::start(1, 4).unwrap());
        let (release, blocker) = occupy(&threads).await;
        let abandoned = {
            let threads = threads.clone();
            tokio::spawn(async move { threads.run(|_| panic!("an abandoned job ran")).await })
        };
        tokio::task::yield_now().await;
        abandoned.abort();
        let _ = abandoned.await;

        release.send(()).unwrap();
        blocker.await.unwrap();
        let after = threads.run(|_| 1).await.unwrap();

        assert_eq!(after, 1);
        assert_eq!(threads.jobs_run(), 2, "the blocker and the last job ran; the abandoned one did not");
    }
}
