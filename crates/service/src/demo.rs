//! Placeholder: the demo seeder is being written (helper overwrites this file).
use crate::{Result, Services};
use marketdesk_domain::Millis;

pub struct DemoLogin {
    pub role: &'static str,
    pub email: String,
    pub password: &'static str,
}
pub struct DemoSummary {
    pub customers: usize,
    pub sellers: usize,
    pub orders: usize,
    pub tickets: usize,
    pub logins: Vec<DemoLogin>,
}

pub async fn seed(_services: &Services, _now: Millis) -> Result<Option<DemoSummary>> {
    Ok(None)
}
