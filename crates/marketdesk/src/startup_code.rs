//! Giving back the pages of code that only start-up ran.
//!
//! Resident memory counts every page of the binary the process has touched,
//! and starting touches most of it: migrations, the demo's seeding, building
//! the search index, the first triage — code an idle node does not run
//! again (and Linux maps code 64 KB around each page touched). Once the node
//! is ready and has settled, it asks the kernel to take its code pages back
//! (`madvise(MADV_PAGEOUT)`), as the kernel would under memory pressure:
//! what requests run afterwards comes back on first use, from the page cache
//! or the disk. Code pages are never written, so nothing is lost; pages that
//! another process maps too (a second node started from the same file) are
//! left alone by the kernel. Measured in docs/PERFORMANCE.md (round 4).

use std::time::Duration;

use marketdesk_service::Services;

/// How long start-up may take before the code is given back anyway.
const LONGEST_START: Duration = Duration::from_secs(600);
/// How long after ready: the triage and the first pages of a start end.
const SETTLE: Duration = Duration::from_secs(1);

/// Waits until the node is ready (its search index caught up), lets it
/// settle, then gives back the code pages start-up touched.
pub async fn release_when_ready(services: Services) {
    let waiting = tokio::time::Instant::now();
    while services.search_followed_at() == 0 && waiting.elapsed() < LONGEST_START {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(SETTLE).await;
    match tokio::task::spawn_blocking(release).await {
        Ok(Ok(bytes)) => tracing::debug!(bytes, "start-up code pages given back"),
        Ok(Err(error)) => tracing::debug!(%error, "start-up code pages kept"),
        Err(error) => tracing::debug!(%error, "start-up code pages kept"),
    }
}

/// Asks the kernel to take back the pages of this binary's code; answers
/// how many bytes of code that covered.
///
/// # Errors
///
/// When `/proc/self` cannot be read or the kernel refuses the advice
/// (before Linux 5.4).
#[cfg(target_os = "linux")]
pub fn release() -> std::io::Result<usize> {
    let exe = std::fs::read_link("/proc/self/exe")?;
    let maps = std::fs::read_to_string("/proc/self/maps")?;
    let mut bytes = 0;
    for (start, end) in code_ranges(&maps, &exe.to_string_lossy()) {
        // SAFETY: the range is a whole mapping of this process's own
        // executable code (page-aligned by the kernel, which listed it);
        // paging it out changes no byte of it, only where it lives.
        let refused =
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_PAGEOUT) };
        if refused != 0 {
            return Err(std::io::Error::last_os_error());
        }
        bytes += end - start;
    }
    Ok(bytes)
}

/// Elsewhere the kernel keeps its own counsel.
///
/// # Errors
///
/// Never.
#[cfg(not(target_os = "linux"))]
pub fn release() -> std::io::Result<usize> {
    Ok(0)
}

/// The address ranges of `exe`'s executable mappings in a `/proc/<pid>/maps`
/// listing (`start-end perms offset device inode path`).
pub fn code_ranges(maps: &str, exe: &str) -> Vec<(usize, usize)> {
    maps.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(6, ' ');
            let range = fields.next()?;
            let perms = fields.next()?;
            let path = fields.nth(3)?.trim_start();
            if !perms.contains('x') || path != exe {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            let start = usize::from_str_radix(start, 16).ok()?;
            let end = usize::from_str_radix(end, 16).ok()?;
            (end > start).then_some((start, end))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPS: &str = "\
55bfe4f77000-55bfe587d000 r--p 00000000 fe:00 5309599                    /opt/marketdesk/bin/marketdesk
55bfe587d000-55bfe6e8f000 r-xp 00905000 fe:00 5309599                    /opt/marketdesk/bin/marketdesk
55bfe6f84000-55bfe6f8d000 rw-p 0200a000 fe:00 5309599                    /opt/marketdesk/bin/marketdesk
7fea94764000-7fea948ba000 r-xp 00028000 fe:00 1234                       /usr/lib/x86_64-linux-gnu/libc.so.6
7fea94900000-7fea94910000 r-xp 00000000 fe:00 1235                       /opt/marketdesk/bin/marketdesk-old
40096c00000-400d6c00000 rw-p 00000000 00:00 0 
7ffff6712000-7ffff674e000 rw-p 00000000 00:00 0                          [stack]
garbage line
";

    #[test]
    fn only_the_executables_own_code_is_chosen() {
        assert_eq!(
            code_ranges(MAPS, "/opt/marketdesk/bin/marketdesk"),
            vec![(0x55bf_e587_d000, 0x55bf_e6e8_f000)]
        );
        assert!(code_ranges(MAPS, "/usr/bin/other").is_empty());
    }

    #[test]
    fn a_path_with_spaces_and_a_replaced_binary_still_match() {
        let maps = "1000-3000 r-xp 00000000 fe:00 7   /srv/my shop/marketdesk (deleted)\n";
        assert_eq!(
            code_ranges(maps, "/srv/my shop/marketdesk (deleted)"),
            vec![(0x1000, 0x3000)]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_running_binarys_code_is_given_back() {
        let bytes = release().expect("MADV_PAGEOUT on this process's code");
        assert!(bytes > 0, "no executable mapping of /proc/self/exe found");
    }
}
