#include "CSQLiteConfig.h"

// sqlite-nio builds SQLite with every symbol prefixed `sqlite_nio_`; its header is not visible to this target, so the
// one function and constant used here are declared as sqlite3.h declares them.
extern int sqlite_nio_sqlite3_db_config(void *db, int op, ...);

enum { SQLITE_DBCONFIG_ENABLE_QPSG_VALUE = 1007 };

int switchboard_sqlite_enable_qpsg(void *db) {
    int enabled = 0;
    return sqlite_nio_sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG_VALUE, 1, &enabled);
}
