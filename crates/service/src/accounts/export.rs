//! The whole instance as JSON lines (secrets left out), for backups and moves.

use marketdesk_domain::access::Permission;
use serde_json::Value;

use super::people::require;
use crate::{Result, Services, Viewer};

impl Services {
    /// Every row of every table, one JSON value each through `emit`; only
    /// those who may export all data (admins, and the CLI) get it.
    pub async fn export_all(
        &self,
        viewer: &Viewer,
        emit: impl FnMut(Value) -> std::io::Result<()>,
    ) -> Result<u64> {
        require(viewer, Permission::ExportData, "export all data")?;
        let mut conn = self.store.reader().await?;
        Ok(marketdesk_store::export::dump(&mut conn, emit).await?)
    }
}
