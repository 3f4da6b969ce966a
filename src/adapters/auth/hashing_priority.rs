//! The priority password-hashing threads run at, so that a login flood does not slow other
//! requests (the threads themselves are in `hashing_threads`).
//!
//! Why the threads run at a lower priority: with one hashing thread per two cores, a login
//! flood still kept one core busy hashing, and the scheduler shared the other between the
//! request workers, PostgreSQL and Redis; `/signals` p99 tripled during the flood. A niced
//! hashing thread (see [`HASHING_NICENESS`]) takes whatever CPU is idle but yields to request
//! handling at once, so a login waits a little longer under load and nothing else does.
//! Logins are rare, throttled and already cost ~100 ms; the requests they would slow are not.
//!
//! Why also a short time slice ([`HASHING_SLICE_NANOS`], Linux 6.12 and later): niceness sets
//! the share, not how soon the scheduler hands the core back. A running hashing thread kept
//! it for the rest of its slice (a few milliseconds) after a request worker woke, and
//! `/signals` p99 during a flood was 2.6–3.2× its quiet value on two cores in back-to-back
//! runs, 1.3–1.8× with the shortest slice the kernel allows, at about the same logins per
//! second. What is left is what any use of the second core costs there: a busy loop in another
//! process at `SCHED_IDLE` raises that p99 as much, within a fifth (the benchmark measures both;
//! see `bench/RESULTS.md`). `SCHED_IDLE` for these threads would starve logins entirely while
//! requests keep the CPU busy, with no way for an unprivileged process to raise them back, for
//! no better p99. Older kernels ignore the slice.

/// How much nicer (Linux `nice`, added to the process's own) a hashing thread runs than the
/// request workers. At +10 the scheduler weighs it about a tenth of a worker when both want
/// the CPU, and gives it the whole CPU when nothing else does.
pub const HASHING_NICENESS: i32 = 10;

/// A hashing thread's time slice: the shortest Linux accepts (0.1 ms), so that a request
/// worker that wakes gets the core back within it.
pub const HASHING_SLICE_NANOS: u64 = 100_000;

/// Makes the calling thread [`HASHING_NICENESS`] nicer, with a [`HASHING_SLICE_NANOS`] slice.
/// Best effort: where it fails (or on a system without per-thread niceness) hashing still
/// works, only at the workers' priority.
#[cfg(target_os = "linux")]
pub(super) fn lower_this_threads_priority() {
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
pub(super) struct SchedAttr {
    size: u32,
    pub(super) policy: u32,
    flags: u64,
    nice: i32,
    priority: u32,
    pub(super) runtime: u64,
    deadline: u64,
    period: u64,
}

#[cfg(not(target_os = "linux"))]
pub(super) fn lower_this_threads_priority() {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::auth::hashing_threads::HashingThreads;

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

    /// The slice as the kernel reports it back; kernels before 6.12 have no custom slice for
    /// the normal policy and report their default instead, so there only the policy is checked.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn hashing_threads_keep_the_normal_policy_with_the_shortest_slice() {
        let threads = HashingThreads::start(1, 4).unwrap();
        let attr = threads
            .run(|_| {
                let mut attr = SchedAttr::default();
                let size = std::mem::size_of::<SchedAttr>() as u32;
                // SAFETY: `attr` is writable and `size` bytes long; pid 0 is this thread.
                let rc = unsafe { libc::syscall(libc::SYS_sched_getattr, 0, &mut attr as *mut SchedAttr, size, 0) };
                assert_eq!(rc, 0, "{}", std::io::Error::last_os_error());
                attr
            })
            .await
            .unwrap();
        assert_eq!(attr.policy, libc::SCHED_OTHER as u32);
        if kernel_has_custom_slices() {
            assert_eq!(attr.runtime, HASHING_SLICE_NANOS);
        }
    }

    #[cfg(target_os = "linux")]
    fn kernel_has_custom_slices() -> bool {
        let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
        let mut parts = release.trim().split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
        let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
        (major, minor) >= (6, 12)
    }
}
