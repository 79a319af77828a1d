//! Reports: the assistant's honest self-service figures, and the support
//! metrics with their published definitions (docs/METRICS.md), answered
//! from each ticket's facts and daily counts kept as tickets change.

pub mod csv;
mod facts;
mod metrics;
mod quality;
mod self_service;

pub use metrics::*;
pub use quality::*;
pub use self_service::*;
