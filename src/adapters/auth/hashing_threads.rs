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
//! Why the threads run at a lower priority: with one hashing thread per two cores, a login
//! flood still kept one core busy hashing, and the scheduler shared the other between the
//! request workers, PostgreSQL and Redis; `/signals` p99 tripled during the flood. A niced
//! hashing thread (see [`HASHING_NICENESS`]) takes whatever CPU is idle but yields to request
//! handling at once, so a login waits a little longer under load and nothing else does.
//! Logins are rare, throttled and already cost ~100 ms; the requests they would slow are not.
//!
//! Why the hashing threads run at idle priority (`SCHED_IDLE`), with a rescue thread: with
//! niceness alone the scheduler still let a running hashing thread finish its slice after a
//! request worker woke, and `/signals` p99 during a flood was 2.2–3.5× its quiet value on two
//! cores; at idle priority any other thread takes the core at once (0.9–1.8× in the same
//! runs), and hashing gets only CPU nobody else wants. The cost of that is starvation: while
//! requests keep every core busy, an idle-priority thread barely runs, and an unprivileged
//! process cannot raise it back. So a job that has not finished [`RESCUE_AFTER`] after it was
//! queued is also offered to one rescue thread at normal policy, niced by
//! [`HASHING_NICENESS`] with the shortest time slice the kernel allows
//! ([`HASHING_SLICE_NANOS`], Linux 6.12+); whichever thread takes the job first runs it, once.
//! A job an idle thread had already started when the cores filled up finishes when it gets
//! CPU again; the ones queued behind it are rescued. The rescue thread allocates its argon2
//! memory only when it first hashes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use argon2::Block;
use tokio::sync::oneshot;

/// How much nicer (Linux `nice`, added to the process's own) a hashing thread runs than the
/// request workers. At +10 the scheduler weighs it about a tenth of a worker when both want
/// the CPU, and gives it the whole CPU when nothing else does.
pub const HASHING_NICENESS: i32 = 10;

/// The rescue thread's time slice: the shortest Linux accepts (0.1 ms), so that a request
/// worker that wakes gets the core back within it.
pub const HASHING_SLICE_NANOS: u64 = 100_000;

/// How long a job may wait (queued or running) on the idle-priority threads before the rescue
/// thread is offered it too. A hash takes 30–130 ms and a full queue about a second, so this
/// only fires while the cores are busy with other work.
pub const RESCUE_AFTER: Duration = Duration::from_secs(2);

/// A hashing thread's argon2 working memory, grown to the largest cost it has computed.
pub type Memory = Vec<Block>;

type Work = Box<dyn FnOnce(&mut Memory) + Send>;

/// A job, offered to one or two threads; the first to take it runs it.
struct Job(Mutex<Option<Work>>);

impl Job {
    fn take(&self) -> Option<Work> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

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

/// The threads exit when the last handle is dropped, which closes their queues.
pub struct HashingThreads {
    queue: mpsc::SyncSender<Arc<Job>>,
    rescue: mpsc::SyncSender<Arc<Job>>,
    rescue_after: Duration,
    /// Jobs whose work ran (not those skipped because their caller had gone).
    ran: Arc<AtomicU64>,
}

impl HashingThreads {
    /// `count` idle-priority threads, with room for `queue` jobs waiting for one, and the
    /// rescue thread.
    pub fn start(count: usize, queue: usize) -> anyhow::Result<Self> {
        Self::start_with_rescue_after(count, queue, RESCUE_AFTER)
    }

    /// As [`Self::start`], rescuing jobs after `rescue_after` (tests use a short one).
    pub fn start_with_rescue_after(count: usize, queue: usize, rescue_after: Duration) -> anyhow::Result<Self> {
        let (sender, jobs) = mpsc::sync_channel::<Arc<Job>>(queue);
        let jobs = Arc::new(Mutex::new(jobs));
        for i in 0..count {
            let jobs = jobs.clone();
            std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || {
                lower_this_threads_priority();
                run_to_idle_priority();
                work_through(&jobs);
            })?;
        }
        let (rescue, rescued) = mpsc::sync_channel::<Arc<Job>>(queue.max(1));
        let rescued = Arc::new(Mutex::new(rescued));
        std::thread::Builder::new().name("argon2-rescue".into()).spawn(move || {
            lower_this_threads_priority();
            work_through(&rescued);
        })?;
        Ok(Self { queue: sender, rescue, rescue_after, ran: Arc::new(AtomicU64::new(0)) })
    }

    /// Runs `work` on a hashing thread once one is free, or refuses at once with
    /// [`RunError::Busy`] when the queue is full. If the returned future is dropped before the
    /// job's turn, the job is skipped.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Memory) -> T + Send + 'static,
    ) -> Result<T, RunError> {
        let (reply, mut answer) = oneshot::channel();
        let ran = self.ran.clone();
        let job = Arc::new(Job(Mutex::new(Some(Box::new(move |memory: &mut Memory| {
            metrics::gauge!("signalbox_hashing_queue_depth").decrement(1.0);
            if reply.is_closed() {
                return;
            }
            ran.fetch_add(1, Ordering::Relaxed);
            let _ = reply.send(work(memory));
        })))));
        metrics::gauge!("signalbox_hashing_queue_depth").increment(1.0);
        if let Err(err) = self.queue.try_send(job.clone()) {
            metrics::gauge!("signalbox_hashing_queue_depth").decrement(1.0);
            return Err(match err {
                mpsc::TrySendError::Full(_) => RunError::Busy,
                mpsc::TrySendError::Disconnected(_) => RunError::Stopped,
            });
        }
        if let Ok(answered) = tokio::time::timeout(self.rescue_after, &mut answer).await {
            return answered.map_err(|_| RunError::Failed);
        }
        // Starved at idle priority: offer it to the rescue thread as well. If that queue is
        // full too, the job still runs where it is queued.
        metrics::counter!("signalbox_hashing_rescues_total").increment(1);
        let _ = self.rescue.try_send(job);
        answer.await.map_err(|_| RunError::Failed)
    }

    /// How many jobs have run their work so far (a seam for tests and benchmarks).
    pub fn jobs_run(&self) -> u64 {
        self.ran.load(Ordering::Relaxed)
    }
}

/// Makes the calling thread [`HASHING_NICENESS`] nicer, with a [`HASHING_SLICE_NANOS`] slice
/// (what the rescue thread keeps; the others then move to the idle policy).
/// Best effort: where it fails (or on a system without per-thread niceness) hashing still
/// works, only at the workers' priority.
#[cfg(target_os = "linux")]
fn lower_this_threads_priority() {
    // On Linux `setpriority(PRIO_PROCESS, tid)` applies to one thread, not the process.
    // SAFETY: both calls only read or set the scheduling priority of the calling thread.
    let tid = unsafe { libc::gettid() } as libc::id_t;
    let current = unsafe { libc::getpriority(libc::PRIO_PROCESS, tid) };
    let target = current.saturating_add(HASHING_NICENESS).min(19);
    if unsafe { libc::setpriority(libc::PRIO_PROCESS, tid, target) } != 0 {
        tracing::warn!(error = %std::io::Error::last_os_error(), "could not lower the hashing thread's priority");
    }
    // The normal policy at that niceness, with a custom slice (`sched_runtime` for the fair
    // class, Linux 6.12+; earlier kernels accept the call and ignore the slice).
    let attr = SchedAttr {
        size: std::mem::size_of::<SchedAttr>() as u32,
        policy: libc::SCHED_OTHER as u32,
        nice: target,
        runtime: HASHING_SLICE_NANOS,
        ..SchedAttr::default()
    };
    // SAFETY: `attr` is a valid `struct sched_attr` (version 0 layout, its size in `size`)
    // that outlives the call; pid 0 is the calling thread.
    if unsafe { libc::syscall(libc::SYS_sched_setattr, 0, &attr as *const SchedAttr, 0) } != 0 {
        tracing::debug!(error = %std::io::Error::last_os_error(), "could not shorten the hashing thread's slice");
    }
}

/// The kernel's `struct sched_attr`, first version (48 bytes); libc does not define it.
#[cfg(target_os = "linux")]
#[repr(C)]
#[derive(Default)]
struct SchedAttr {
    size: u32,
    policy: u32,
    flags: u64,
    nice: i32,
    priority: u32,
    runtime: u64,
    deadline: u64,
    period: u64,
}

#[cfg(not(target_os = "linux"))]
fn lower_this_threads_priority() {}

/// Takes jobs from `jobs` until the queue closes, running each one no other thread took.
fn work_through(jobs: &Mutex<mpsc::Receiver<Arc<Job>>>) {
    let mut memory = Memory::new();
    while let Some(job) = next_job(jobs) {
        if let Some(work) = job.take() {
            // A panicking job must not take the thread with it; its caller sees the dropped
            // reply as an error.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&mut memory)));
        }
    }
}

/// Moves the calling thread to the idle policy: it runs only when no other thread wants the
/// CPU. Best effort, like the niceness.
#[cfg(target_os = "linux")]
fn run_to_idle_priority() {
    let param = libc::sched_param { sched_priority: 0 };
    // SAFETY: sets the scheduling policy of the calling thread (pid 0) only.
    if unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) } != 0 {
        tracing::warn!(error = %std::io::Error::last_os_error(), "could not move a hashing thread to idle priority");
    }
}

#[cfg(not(target_os = "linux"))]
fn run_to_idle_priority() {}

/// The next job, or `None` once the queue is closed. The lock is held only while waiting, not
/// while the job runs.
fn next_job(jobs: &Mutex<mpsc::Receiver<Arc<Job>>>) -> Option<Arc<Job>> {
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

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_nicer_than_the_thread_that_started_them() {
        let ours = unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) };
        let threads = HashingThreads::start(1, 4).unwrap();
        let theirs = threads
            .run(|_| unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) })
            .await
            .unwrap();
        assert_eq!(theirs, (ours + HASHING_NICENESS).min(19));
    }

    /// The calling thread's scheduling attributes, as the kernel reports them.
    #[cfg(target_os = "linux")]
    fn this_threads_sched_attr() -> SchedAttr {
        let mut attr = SchedAttr::default();
        let size = std::mem::size_of::<SchedAttr>() as u32;
        // SAFETY: `attr` is writable and `size` bytes long; pid 0 is this thread.
        let rc = unsafe { libc::syscall(libc::SYS_sched_getattr, 0, &mut attr as *mut SchedAttr, size, 0) };
        assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
        attr
    }

    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_run_at_idle_priority() {
        let threads = HashingThreads::start(1, 4).unwrap();
        let attr = threads.run(|_| this_threads_sched_attr()).await.unwrap();
        assert_eq!(attr.policy, libc::SCHED_IDLE as u32);
    }

    /// A job the idle-priority thread does not get to is run by the rescue thread, at the
    /// normal policy with the shortest slice (kernels before 6.12 have no custom slice for the
    /// normal policy and report their default, so there only the policy is checked).
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn a_starved_job_is_rescued_by_a_normal_priority_thread_and_runs_once() {
        let threads = Arc::new(HashingThreads::start_with_rescue_after(1, 4, Duration::from_millis(50)).unwrap());
        let (release, blocker) = occupy(&threads).await;

        let (name, attr) = threads
            .run(|_| (std::thread::current().name().map(str::to_owned), this_threads_sched_attr()))
            .await
            .unwrap();

        assert_eq!(name.as_deref(), Some("argon2-rescue"));
        assert_eq!(attr.policy, libc::SCHED_OTHER as u32);
        if kernel_has_custom_slices() {
            assert_eq!(attr.runtime, HASHING_SLICE_NANOS);
        }
        release.send(()).unwrap();
        blocker.await.unwrap();
        assert_eq!(threads.run(|_| 1).await.unwrap(), 1);
        assert_eq!(threads.jobs_run(), 3, "the blocker, the rescued job (once) and the last one");
    }

    #[cfg(target_os = "linux")]
    fn kernel_has_custom_slices() -> bool {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
        let mut parts = release.trim().split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        (major, minor) >= (6, 12)
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
