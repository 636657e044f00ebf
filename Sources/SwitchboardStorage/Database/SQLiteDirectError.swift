import VaporCSQLite

/// An error from ``SQLiteDirectConnection``: SQLite's extended result code and its message.
struct SQLiteDirectError: Error, CustomStringConvertible {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_BUSY`, ...).
    let code: Int32
    let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The connection's last error, with `code` as returned by the call that failed.
    init(handle: OpaquePointer, code: Int32) {
        let extended = sqlite_nio_sqlite3_extended_errcode(handle)
        self.code = extended == SQLITE_OK ? code : extended
        self.message = String(cString: sqlite_nio_sqlite3_errmsg(handle))
    }

    // Extended result codes (C macros Swift does not import).
    static let constraintForeignKey = SQLITE_CONSTRAINT | (3 << 8)
    static let constraintPrimaryKey = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintUnique = SQLITE_CONSTRAINT | (8 << 8)

    /// SQLite's primary result code (the low byte of the extended one).
    var primaryCode: Int32 { code & 0xFF }

    var description: String { "SQLite error \(code): \(message)" }
}
