//! A few threads that do nothing but hash passwords, each with its own argon2 working memory.
//!
//! Why not tokio's blocking pool (the benchmark, `bench/RESULTS.md`, showed both):
//! - it grows to hundreds of threads, and a login flood of N concurrent hashes then takes
//!   N/(N+workers) of the CPU: `/signals` p99 rose to 8× its quiet value on two cores. Here a
//!   fixed number of threads hash; further logins queue, other requests do not wait;
//! - each hash allocated (and zeroed) 19 MiB, and every pool thread that ever hashed kept that
//!   in its glibc arena: RSS reached 215 MiB after a login flood. Here each thread allocates its
//!   memory once and reuses it for every hash, so hashing holds threads × 19 MiB at most.

use std::sync::{Arc, Mutex, mpsc};

use argon2::Block;
use tokio::sync::oneshot;

/// A hashing thread's argon2 working memory, grown to the largest cost it has computed.
pub type Memory = Vec<Block>;

type Job = Box<dyn FnOnce(&mut Memory) + Send>;

/// The threads exit when the last handle is dropped, which closes their queue.
pub struct HashingThreads {
    queue: Mutex<mpsc::Sender<Job>>,
}

impl HashingThreads {
    pub fn start(count: usize) -> anyhow::Result<Self> {
        let (queue, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        for i in 0..count {
            let jobs = jobs.clone();
            std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                let mut memory = Memory::new();
                while let Some(job) = next_job(&jobs) {
                    // A panicking job must not take the thread with it; its caller sees the
                    // dropped reply as an error.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&mut memory)));
                }
            })?;
        }
        Ok(Self { queue: Mutex::new(queue) })
    }

    /// Runs `work` on a hashing thread once one is free. A caller that gives up (a dropped
    /// request) leaves its job queued; it still runs, in turn.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (reply, answer) = oneshot::channel();
        let job: Job = Box::new(move |memory| {
            metrics::gauge!("signalbox_hashing_queue_depth").decrement(1.0);
            let _ = reply.send(work(memory));
        });
        metrics::gauge!("signalbox_hashing_queue_depth").increment(1.0);
        self.queue
            .lock()
            .map_err(|_| anyhow::anyhow!("hashing queue poisoned"))?
            .send(job)
            .map_err(|_| anyhow::anyhow!("hashing threads stopped"))?;
        answer.await.map_err(|_| anyhow::anyhow!("a password hash failed unexpectedly"))
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

    #[tokio::test]
    async fn work_runs_on_a_hashing_thread_and_keeps_its_memory() {
        let threads = HashingThreads::start(1).unwrap();
        threads.run(|memory| memory.resize(4, Block::default())).await.unwrap();
        let (name, kept) =
            threads.run(|memory| (std::thread::current().name().map(str::to_owned), memory.len())).await.unwrap();
        assert_eq!(name.as_deref(), Some("argon2-0"));
        assert_eq!(kept, 4, "the next job sees the same memory");
    }

    #[tokio::test]
    async fn a_job_that_panics_is_an_error_and_its_thread_keeps_working() {
        let threads = HashingThreads::start(1).unwrap();
        assert!(threads.run(|_| panic!("a job panicked on purpose")).await.is_err());
        assert_eq!(threads.run(|_| 42).await.unwrap(), 42);
    }

    #[tokio::test]
    async fn concurrent_jobs_queue_for_one_thread_and_all_complete() {
        let threads = Arc::new(HashingThreads::start(1).unwrap());
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
}
