pub mod actions;
pub mod auth;
pub mod ingest;
pub mod orders;
pub mod people;
pub mod returns;
pub mod system;
pub mod tickets;
