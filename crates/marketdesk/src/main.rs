use clap::Parser;
use tracing_subscriber::EnvFilter;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3's `mi_option_arena_eager_commit` (`mimalloc.h`).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// mimalloc v3's `mi_option_purge_delay` (`mimalloc.h`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory is committed when used and given back as soon as it is free: a
/// help desk idles most of the time, and its resident memory is what an
/// operator sizes the machine by (the cost: a few more system calls).
/// `MIMALLOC_PURGE_DELAY` (milliseconds), when set, is left to the allocator.
fn tune_allocator() {
    // SAFETY: documented options of the linked allocator, set by value.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
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
