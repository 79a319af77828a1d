//! One integration-test binary (linking one binary is much faster than many).
//! Every test starts the real service on a random loopback port and talks
//! HTTP to it, on SQLite and, when `MARKETDESK_TEST_POSTGRES_URL` is set, on
//! PostgreSQL too.

// Tests may unwrap: a panic here is a failing test (clippy.toml covers #[test] only).
#![allow(clippy::unwrap_used)]

mod common;
mod fixtures;

mod access;
mod account_help;
mod accounts;
mod after_sales;
mod assistant;
mod bad_input;
mod care;
mod chat;
mod cli;
mod csat;
mod demo;
mod disputes;
mod email;
mod escalation;
mod forum;
mod harness;
mod help;
mod idempotency;
mod imap;
mod ingest;
mod ledgers;
mod limits;
mod live_chat;
mod macros;
mod mail;
mod moderation;
mod money_limits;
mod nodes;
mod operations;
mod pages;
mod phone;
mod privacy;
mod promotions;
mod reports;
mod routing;
mod rules;
mod schedules;
mod search;
mod security;
mod sellers;
mod shipping;
mod signals;
mod standards;
mod tickets;
mod views;
mod web;
