//! The access log: who exported, viewed or erased personal data, and who changed a role or a
//! team, with when and from which address. It names records by id and never holds the personal
//! data itself; entries older than a year are deleted by the retention job.

use super::types::AccountId;
#[cfg(feature = "ssr")]
use crate::db::StoreResult;
use crate::ids::ForumId;
#[cfg(feature = "ssr")]
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessAction {
    /// A registration list exported (CSV, XLSX) or a report downloaded.
    Export,
    /// One registration opened by an organiser.
    ViewRegistration,
    /// A registration's personal data erased (by its participant or by retention).
    Erasure,
    /// A participant downloaded their own data.
    OwnDataDownload,
    /// An account's role or state changed.
    RoleChange,
    /// A forum team or a coordinator changed.
    TeamChange,
}

impl AccessAction {
    pub const ALL: [AccessAction; 6] = [
        AccessAction::Export,
        AccessAction::ViewRegistration,
        AccessAction::Erasure,
        AccessAction::OwnDataDownload,
        AccessAction::RoleChange,
        AccessAction::TeamChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessAction::Export => "export",
            AccessAction::ViewRegistration => "view_registration",
            AccessAction::Erasure => "erasure",
            AccessAction::OwnDataDownload => "own_data_download",
            AccessAction::RoleChange => "role_change",
            AccessAction::TeamChange => "team_change",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            AccessAction::Export => "access.export",
            AccessAction::ViewRegistration => "access.view_registration",
            AccessAction::Erasure => "access.erasure",
            AccessAction::OwnDataDownload => "access.own_data_download",
            AccessAction::RoleChange => "access.role_change",
            AccessAction::TeamChange => "access.team_change",
        }
    }
}

impl TryFrom<String> for AccessAction {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == value)
            .ok_or(value)
    }
}

/// One entry to write. `actor` names who acted: an account's email, "participant" or "retention".
pub struct AccessEntry<'a> {
    pub account: Option<AccountId>,
    pub actor: &'a str,
    pub action: AccessAction,
    pub forum: Option<ForumId>,
    pub registration: Option<i64>,
    /// What was done, without personal data ("registrations.csv status=confirmed", "team +3").
    pub detail: &'a str,
    pub address: &'a str,
}

/// One entry as admins read it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct AccessRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    #[cfg_attr(feature = "ssr", sqlx(try_from = "String"))]
    pub action: AccessAction,
    pub forum_id: Option<i64>,
    pub registration_id: Option<i64>,
    pub detail: String,
    pub address: String,
}

/// How long entries are kept.
pub const ACCESS_LOG_DAYS: i64 = 365;

#[cfg(feature = "ssr")]
#[async_trait]
pub trait AccessLogStore {
    async fn log_access(&self, entry: &AccessEntry<'_>, at: DateTime<Utc>) -> StoreResult<()>;
    /// Newest first.
    async fn access_log(&self, limit: i64, offset: i64) -> StoreResult<(Vec<AccessRecord>, i64)>;
    /// Deletes entries older than `before`; how many.
    async fn purge_access_log(&self, before: DateTime<Utc>) -> StoreResult<u64>;
}

#[cfg(feature = "ssr")]
macro_rules! impl_access_log_store {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl $crate::features::accounts::access_log::AccessLogStore for $store {
            async fn log_access(
                &self,
                e: &$crate::features::accounts::access_log::AccessEntry<'_>,
                at: DateTime<Utc>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO access_log (at, account_id, actor, action, forum_id, registration_id, \
                     detail, address) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(whole_seconds(at))
                .bind(e.account)
                .bind(e.actor)
                .bind(e.action.as_str())
                .bind(e.forum)
                .bind(e.registration)
                .bind(e.detail.chars().take(300).collect::<String>())
                .bind(e.address)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn access_log(
                &self,
                limit: i64,
                offset: i64,
            ) -> StoreResult<(Vec<$crate::features::accounts::access_log::AccessRecord>, i64)> {
                let rows = sqlx::query_as(
                    "SELECT id, at, actor, action, forum_id, registration_id, detail, address \
                     FROM access_log ORDER BY at DESC, id DESC LIMIT $1 OFFSET $2",
                )
                .bind(limit)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let (total,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM access_log")
                    .fetch_one(&self.pool)
                    .await?;
                Ok((rows, total))
            }

            async fn purge_access_log(&self, before: DateTime<Utc>) -> StoreResult<u64> {
                Ok(sqlx::query("DELETE FROM access_log WHERE at < $1")
                    .bind(whole_seconds(before))
                    .execute(&self.pool)
                    .await?
                    .rows_affected())
            }
        }
    };
}
#[cfg(feature = "ssr")]
pub(crate) use impl_access_log_store;
