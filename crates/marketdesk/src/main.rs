use clap::Parser;
use tracing_subscriber::EnvFilter;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3's `mi_option_arena_eager_commit` (`mimalloc.h`).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// mimalloc v3's `mi_option_purge_delay` (`mimalloc.h`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// mimalloc v3's `mi_option_allow_thp` (`mimalloc.h`).
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Memory is committed when used and given back as soon as it is free: a
/// help desk idles most of the time, and its resident memory is what an
/// operator sizes the machine by (the cost: a few more system calls).
/// No transparent huge pages: with them the allocator commits and gives back
/// memory 2 MB at a time, and an idle node held 37 MB of anonymous memory
/// for 12 MB in use (16 MB without). `MIMALLOC_PURGE_DELAY` (milliseconds)
/// and `MIMALLOC_ALLOW_THP`, when set, are left to the allocator.
fn tune_allocator() {
    // SAFETY: documented options of the linked allocator, set by value.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
            libmimalloc_sys::mi_option_set(MI_OPTION_ALLOW_THP, 0);
            // The allocator read its options before `main`, and asked for
            // huge pages on its first arena then: what it does itself when
            // the option is off at its start (`prim.c`), for the process.
            #[cfg(target_os = "linux")]
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tune_allocator();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // One JSON object per line for log collectors; text for people.
    match std::env::var("MARKETDESK_LOG_FORMAT").as_deref() {
        Ok("json") => logs.json().init(),
        Ok("text") | Err(_) => logs.init(),
        Ok(other) => {
            eprintln!("error: invalid value '{other}' for MARKETDESK_LOG_FORMAT: text or json");
            return std::process::ExitCode::FAILURE;
        }
    }
    let cli = marketdesk::cli::Cli::parse();
    match marketdesk::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
