#ifndef CSQLITECONFIG_H
#define CSQLITECONFIG_H

/// Turns SQLite's query planner stability guarantee (SQLITE_DBCONFIG_ENABLE_QPSG) on for the connection `db` (a
/// `sqlite3 *` of the SQLite that sqlite-nio builds). With it a cached statement keeps the plan it was prepared
/// with: without it SQLite prepares a statement again whenever a new bound value might change its plan, which with
/// ANALYZE's statistics happened on almost every run of a read. Returns SQLite's result code.
///
/// A C function because `sqlite3_db_config` is variadic, which Swift cannot call.
int switchboard_sqlite_enable_qpsg(void *db);

#endif
