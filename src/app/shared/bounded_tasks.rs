//! Detached background work with a hard ceiling: at most N tasks run at once, and work offered
//! beyond that is refused on the spot rather than queued.
//!
//! Used where a request hands work off so that its answer does not wait on it (a reset mail:
//! see `request_password_reset`). A queue there would let a flood of requests pile up work
//! and memory without limit; refusing keeps the cost of a flood fixed, and the caller decides
//! what a refusal means (log it and move on).

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Semaphore;

pub struct BoundedTasks {
    slots: Arc<Semaphore>,
    capacity: u32,
}

impl BoundedTasks {
    /// A set that runs at most `capacity` tasks at once (at least one).
    pub fn new(capacity: u32) -> Self {
        let capacity = capacity.max(1);
        Self { slots: Arc::new(Semaphore::new(capacity as usize)), capacity }
    }

    /// Spawns `task` on the runtime if a slot is free and returns `true`; returns `false`
    /// without running it when all are taken. The slot is taken before this returns and held
    /// until `task` ends (also by a panic), so [`Self::idle`] sees it at once.
    pub fn try_spawn(&self, task: impl Future<Output = ()> + Send + 'static) -> bool {
        let Ok(slot) = self.slots.clone().try_acquire_owned() else { return false };
        tokio::spawn(async move {
            task.await;
            drop(slot);
        });
        true
    }

    /// Resolves when no task is running: every task spawned before the call has ended. For
    /// tests and the development mailbox, which must see the work's effect deterministically.
    pub async fn idle(&self) {
        // Holding every slot at once is only possible when no task holds one. The semaphore
        // is never closed, so this cannot fail.
        let _all = self.slots.acquire_many(self.capacity).await;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use tokio::sync::oneshot;

    use super::*;

    #[tokio::test]
    async fn work_beyond_the_capacity_is_refused_and_never_runs() {
        let tasks = BoundedTasks::new(2);
        let ran = Arc::new(AtomicUsize::new(0));
        let (release, released) = tokio::sync::watch::channel(false);
        let offer = |ran: Arc<AtomicUsize>, mut released: tokio::sync::watch::Receiver<bool>| async move {
            let _ = released.wait_for(|r| *r).await;
            ran.fetch_add(1, Ordering::SeqCst);
        };

        let accepted: Vec<bool> = (0..3).map(|_| tasks.try_spawn(offer(ran.clone(), released.clone()))).collect();
        release.send(true).unwrap();
        tasks.idle().await;

        assert_eq!(accepted, [true, true, false]);
        assert_eq!(ran.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_slot_is_free_again_once_its_task_ends() {
        let tasks = BoundedTasks::new(1);
        let (done, finished) = oneshot::channel();
        assert!(tasks.try_spawn(async move { done.send(()).unwrap() }));
        finished.await.unwrap();
        tasks.idle().await;

        assert!(tasks.try_spawn(async {}));
    }

    #[tokio::test]
    async fn idle_waits_for_running_tasks_to_finish() {
        let tasks = BoundedTasks::new(4);
        let (release, released) = oneshot::channel::<()>();
        let finished = Arc::new(AtomicUsize::new(0));
        let counter = finished.clone();
        tasks.try_spawn(async move {
            let _ = released.await;
            counter.fetch_add(1, Ordering::SeqCst);
        });

        let mut idle = std::pin::pin!(tasks.idle());
        assert!(futures_util::FutureExt::now_or_never(idle.as_mut()).is_none(), "a task is still running");
        release.send(()).unwrap();
        idle.await;

        assert_eq!(finished.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_task_that_panics_gives_its_slot_back() {
        let tasks = BoundedTasks::new(1);
        assert!(tasks.try_spawn(async { panic!("a bug in the task") }));
        tasks.idle().await;

        assert!(tasks.try_spawn(async {}));
    }
}
