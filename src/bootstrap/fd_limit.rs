//! The process's file-descriptor limit, raised as far as it may go at start.
//!
//! Every connection is a descriptor, and service managers often start processes with a soft
//! limit of 1,024 while allowing far more (the hard limit): raising the soft limit to the hard
//! one is allowed without privileges and turns a few hundred held connections from an outage
//! into a non-event. The connection budget is then derived from what we got.

/// The limit before and after raising it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FdLimit {
    pub soft_before: u64,
    pub soft: u64,
    pub hard: u64,
}

/// Linux refuses a soft limit above `fs.nr_open` (1,048,576 by default) even when the hard
/// limit is "unlimited".
#[cfg(target_os = "linux")]
const NR_OPEN_DEFAULT: u64 = 1 << 20;

/// Raises the soft `RLIMIT_NOFILE` to the hard limit and says what it was and is.
///
/// # Errors
/// When the limits cannot be read, or (on other systems than Linux) are not managed here.
#[cfg(target_os = "linux")]
pub fn raise_to_hard_limit() -> std::io::Result<FdLimit> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: `getrlimit` writes one `rlimit` through a valid pointer to our own.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let (soft_before, hard) = (limit.rlim_cur, limit.rlim_max);
    let target = if hard == libc::RLIM_INFINITY { NR_OPEN_DEFAULT } else { hard };
    if soft_before >= target {
        return Ok(FdLimit { soft_before, soft: soft_before, hard });
    }
    let raised = libc::rlimit { rlim_cur: target, rlim_max: hard };
    // SAFETY: `setrlimit` reads one `rlimit` through a valid pointer to our own.
    let soft = if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 { target } else { soft_before };
    Ok(FdLimit { soft_before, soft, hard })
}

#[cfg(not(target_os = "linux"))]
pub fn raise_to_hard_limit() -> std::io::Result<FdLimit> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "file-descriptor limits are managed on Linux only"))
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn the_soft_limit_ends_at_the_hard_limit() {
        let limit = raise_to_hard_limit().unwrap();
        let again = raise_to_hard_limit().unwrap();

        assert!(limit.soft >= limit.soft_before);
        assert!(limit.soft == limit.hard || limit.hard == libc::RLIM_INFINITY, "{limit:?}");
        assert_eq!(again.soft_before, limit.soft);
    }
}
