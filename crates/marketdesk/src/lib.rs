//! The `marketdesk` binary's library: command line, configuration, serving
//! and the benchmark. Integration tests start the service through [`serve::Instance`].

pub mod assistant;
pub mod bench;
mod bench_bare;
mod bench_chat;
mod bench_mail;
mod bench_prefill;
mod bench_reports;
pub mod cli;
pub mod config;
pub mod serve;
pub mod startup_code;
