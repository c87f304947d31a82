//! Append-only migrations. The schema version is `PRAGMA user_version`; each
//! applied migration's checksum is kept in the workbook, so a migration that
//! was edited after release is noticed instead of silently diverging.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, TransactionBehavior, params};
use sha2::{Digest, Sha256};

use super::{APPLICATION_ID, timestamp};
use crate::error::{Error, Result};

pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

/// Migration `i` takes the workbook from version `i` to `i + 1`.
/// Never edit or reorder a shipped entry; only append.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "0001_initial",
        sql: include_str!("migrations/0001_initial.sql"),
    },
    Migration {
        name: "0002_review_subtitle",
        sql: include_str!("migrations/0002_review_subtitle.sql"),
    },
    Migration {
        name: "0003_settings",
        sql: include_str!("migrations/0003_settings.sql"),
    },
    Migration {
        name: "0004_partner_packs",
        sql: include_str!("migrations/0004_partner_packs.sql"),
    },
    Migration {
        name: "0005_pack_secrets",
        sql: include_str!("migrations/0005_pack_secrets.sql"),
    },
    Migration {
        name: "0006_pack_copy_identity",
        sql: include_str!("migrations/0006_pack_copy_identity.sql"),
    },
    Migration {
        name: "0007_recommendations",
        sql: include_str!("migrations/0007_recommendations.sql"),
    },
    Migration {
        name: "0008_pack_recommendations",
        sql: include_str!("migrations/0008_pack_recommendations.sql"),
    },
];

pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

impl Migration {
    pub fn checksum(&self) -> String {
        Sha256::digest(self.sql.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

pub(crate) fn migrate(conn: &mut Connection, now: DateTime<Utc>) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == LATEST_VERSION {
        return verify_checksums(conn);
    }
    // Re-read inside the write lock: another process may have migrated since.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > LATEST_VERSION {
        return Err(Error::NewerDatabase {
            path: tx.path().unwrap_or_default().into(),
            found: version,
            supported: LATEST_VERSION,
        });
    }
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS kloe_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             checksum   TEXT NOT NULL,
             applied_at TEXT NOT NULL
         );",
    )?;
    for (i, migration) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(migration.sql)?;
        tx.execute(
            "INSERT INTO kloe_migrations (version, name, checksum, applied_at) VALUES (?1, ?2, ?3, ?4)",
            params![i as i64 + 1, migration.name, migration.checksum(), timestamp(now)],
        )?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    tx.commit()?;
    verify_checksums(conn)
}

fn verify_checksums(conn: &Connection) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT version, name, checksum FROM kloe_migrations ORDER BY version")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (version, name, checksum) = row?;
        let shipped = usize::try_from(version - 1)
            .ok()
            .and_then(|i| MIGRATIONS.get(i));
        match shipped {
            Some(m) if m.name == name && m.checksum() == checksum => {}
            _ => return Err(Error::MigrationChanged(name)),
        }
    }
    Ok(())
}

/// Checks that a workbook of format `version` holds nothing a KLOE workbook
/// never has: no trigger or view, and no table or index its migrations did
/// not make (SQLite's own `sqlite_…` tables aside). Says what it found.
pub(crate) fn unexpected_schema(conn: &Connection, version: i64) -> Result<Option<String>> {
    let version = usize::try_from(version).unwrap_or(0).min(MIGRATIONS.len());
    let model = Connection::open_in_memory()?;
    model.execute_batch(
        "CREATE TABLE kloe_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
             checksum TEXT NOT NULL, applied_at TEXT NOT NULL);",
    )?;
    for m in &MIGRATIONS[..version] {
        model.execute_batch(m.sql)?;
    }
    let objects = |c: &Connection| -> Result<Vec<(String, String)>> {
        let mut stmt = c.prepare("SELECT type, name FROM sqlite_master")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    };
    let expected: std::collections::HashSet<(String, String)> =
        objects(&model)?.into_iter().collect();
    for (kind, name) in objects(conn)? {
        if name.starts_with("sqlite_") && kind != "trigger" && kind != "view" {
            continue;
        }
        if !expected.contains(&(kind.clone(), name.clone())) {
            return Ok(Some(format!(
                "it holds a {kind} named \"{}\", which a KLOE workbook never has",
                crate::text::printable(&name)
            )));
        }
    }
    Ok(None)
}
