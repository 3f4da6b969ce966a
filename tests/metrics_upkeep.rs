//! The metrics recorder's memory stays bounded when nobody scrapes `/metrics`.
//!
//! Its own test binary because it counts the process's live heap bytes with a counting
//! allocator: other tests running beside it would move the count.
#![allow(clippy::unwrap_used, reason = "a test that unwraps fails with the error, which is the point")]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Duration;

use signalbox::bootstrap::telemetry::{keep_up, recorder};

struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

// SAFETY: defers to the system allocator; only adds bookkeeping.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A million request timings, as a busy day's requests would record them, with no scrape:
/// kept as raw samples that is 8 MB and more, growing with every request. With upkeep they
/// are folded into bucket counts as they come, and the heap stays about where it was.
#[test]
fn histogram_samples_do_not_pile_up_between_scrapes() {
    const SAMPLES: usize = 1_000_000;
    const BATCH: usize = 10_000;
    let recorder = recorder();
    keep_up(recorder.handle(), Duration::from_millis(10));
    let histogram = metrics::with_local_recorder(
        &recorder,
        || metrics::histogram!("signalbox_http_request_duration_seconds", "route" => "/health"),
    );
    histogram.record(0.001); // the series and its first block exist before counting
    std::thread::sleep(Duration::from_millis(50));
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let mut peak = before;
    for batch in 0..SAMPLES / BATCH {
        for i in 0..BATCH {
            histogram.record(((batch * BATCH + i) % 1000) as f64 / 1e6);
        }
        std::thread::sleep(Duration::from_millis(2));
        peak = peak.max(LIVE_BYTES.load(Ordering::Relaxed));
    }
    std::thread::sleep(Duration::from_millis(100));
    let grown = LIVE_BYTES.load(Ordering::Relaxed) - before;
    let raw = (SAMPLES * std::mem::size_of::<f64>()) as isize;
    assert!(grown < raw / 8, "the heap grew by {grown} bytes for {SAMPLES} samples (raw samples: {raw})");
    assert!(peak - before < raw / 2, "the heap peaked {} bytes above the start", peak - before);
}
