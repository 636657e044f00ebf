import CSQLiteConfig
import NIOCore
import SQLiteNIO
import Synchronization
import VaporCSQLite

/// An SQLite connection driven through SQLite's C API (the copy sqlite-nio builds), which keeps every statement it
/// runs prepared for the next run of the same SQL text.
///
/// Why not sqlite-nio's `SQLiteConnection`: it prepares, runs and finalizes every statement anew, and hands each one to
/// a thread pool and back. At 1M tickets and concurrency 64 a ticket create spent 22% of the writer thread preparing
/// statements and about a third in Swift around them; SQLite alone runs the same statements twice as fast when they
/// are prepared once (docs/performance.md, "Session 9" and "Session 10"). Here a statement runs synchronously on the
/// calling thread: callers run on the connection's own thread (``SQLiteThreadedConnection``).
///
/// The backend uses it for its writer and its readers (``SQLiteThreadedConnection``). One task uses a connection at
/// a time (the backend's write lock and reader pool see to that); the mutex only makes that safe to state. Every statement is reset as soon as it has run, so none holds a read transaction open.
final class SQLiteDirectConnection: Sendable {
    /// How many prepared statements a connection keeps. The application runs a few hundred distinct SQL texts; when
    /// dynamic SQL fills the cache it is emptied and the statements in use come back on their next run.
    static let statementCacheLimit = 512

    private let state: Mutex<State>

    /// Only touched inside `state`'s lock.
    private struct State: ~Copyable, @unchecked Sendable {
        var handle: OpaquePointer?
        var statements: [String: OpaquePointer] = [:]
        /// The handler SQLite's WAL hook calls (``onWALCommit(_:)``); kept alive as long as the hook is set.
        var walHandler: WALHandler?

        deinit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        }
    }

    private init(handle: OpaquePointer) {
        state = Mutex(State(handle: handle))
    }

    /// Opens (and creates when missing) the database file at `path`, with extended result codes.
    static func open(path: String) throws -> SQLiteDirectConnection {
        var handle: OpaquePointer?
        // NOMUTEX: the connection is never used by two threads at once (see the type's comment).
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) }
                ?? String(cString: sqlite_nio_sqlite3_errstr(status))
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            throw SQLiteDirectError(code: status, message: "cannot open the SQLite database at \(path): \(message)")
        }
        return SQLiteDirectConnection(handle: handle)
    }

    /// Runs one SQL statement with `binds` for its `?` parameters and returns the rows it produced. Text after the
    /// first statement is refused rather than ignored.
    func query(_ sql: String, _ binds: [SQLiteData] = []) throws -> [SQLiteDirectRow] {
        try state.withLock { state in
            guard let handle = state.handle else {
                throw SQLiteDirectError(code: SQLITE_MISUSE, message: "the SQLite connection is closed")
            }
            let statement = try Self.statement(for: sql, in: &state, handle: handle)
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            try Self.bind(binds, to: statement, handle: handle)
            return try Self.rows(of: statement, handle: handle)
        }
    }

    /// Turns on SQLite's query planner stability guarantee: a cached statement keeps the plan it was prepared with
    /// instead of being prepared again when newly bound values might change it (``SQLiteThreadedConnection`` says why).
    /// A schema change still prepares it again.
    func enablePlannerStability() throws {
        try state.withLock { state in
            guard let handle = state.handle else {
                throw SQLiteDirectError(code: SQLITE_MISUSE, message: "the SQLite connection is closed")
            }
            let status = switchboard_sqlite_enable_qpsg(UnsafeMutableRawPointer(handle))
            guard status == SQLITE_OK else { throw SQLiteDirectError(handle: handle, code: status) }
        }
    }

    /// Calls `handler` with the number of frames in the write-ahead log after each commit of this connection, in
    /// place of SQLite's automatic checkpoint (see ``SQLiteCheckpointer``). When `handler` returns `true` this
    /// connection runs a PASSIVE checkpoint right there, as the automatic one would. `nil` restores the automatic
    /// checkpoint at SQLite's default of 1,000 frames.
    ///
    /// `handler` runs on the committing thread, inside the statement that committed: it must return at once and
    /// must not use this connection.
    func onWALCommit(_ handler: (@Sendable (Int) -> Bool)?) throws {
        try state.withLock { state in
            guard let handle = state.handle else {
                throw SQLiteDirectError(code: SQLITE_MISUSE, message: "the SQLite connection is closed")
            }
            guard let handler else {
                sqlite_nio_sqlite3_wal_autocheckpoint(handle, 1_000)
                state.walHandler = nil
                return
            }
            let box = WALHandler(handler)
            sqlite_nio_sqlite3_wal_hook(handle, { context, db, name, frames in
                guard let context, Unmanaged<WALHandler>.fromOpaque(context).takeUnretainedValue().call(Int(frames))
                else { return SQLITE_OK }
                // What SQLite's own hook does. Busy (another connection is checkpointing) is not a failure of the
                // commit; the next commit asks again.
                let status = sqlite_nio_sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                return status == SQLITE_BUSY ? SQLITE_OK : status
            }, Unmanaged.passUnretained(box).toOpaque())
            state.walHandler = box
        }
    }

    /// Copies committed frames from the write-ahead log into the database file without waiting for readers or the
    /// writer (SQLite's PASSIVE checkpoint). Returns the frames in the log and how many of them are now in the file.
    @discardableResult
    func checkpointPassively() throws -> (logFrames: Int, checkpointedFrames: Int) {
        try state.withLock { state in
            guard let handle = state.handle else {
                throw SQLiteDirectError(code: SQLITE_MISUSE, message: "the SQLite connection is closed")
            }
            var logFrames: Int32 = 0
            var checkpointed: Int32 = 0
            let status = sqlite_nio_sqlite3_wal_checkpoint_v2(
                handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &checkpointed)
            guard status == SQLITE_OK else { throw SQLiteDirectError(handle: handle, code: status) }
            return (Int(logFrames), Int(checkpointed))
        }
    }

    /// Runs one SQL statement and drops its rows.
    func run(_ sql: String, _ binds: [SQLiteData] = []) throws {
        _ = try query(sql, binds)
    }

    /// How many prepared statements the connection holds (for tests).
    var cachedStatementCount: Int {
        state.withLock { $0.statements.count }
    }

    /// For each cached statement, how often it has run and how often SQLite had to prepare it again (after a schema
    /// change, or when a bound value may change its plan), since it was prepared.
    var statementStatistics: [String: (runs: Int, reprepares: Int)] {
        state.withLock { state in
            state.statements.mapValues { statement in
                (Int(sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_RUN, 0)),
                 Int(sqlite_nio_sqlite3_stmt_status(statement, SQLITE_STMTSTATUS_REPREPARE, 0)))
            }
        }
    }

    /// Finalizes every statement and closes the connection. Later queries throw.
    func close() {
        state.withLock { state in
            for statement in state.statements.values { sqlite_nio_sqlite3_finalize(statement) }
            state.statements = [:]
            if let handle = state.handle { sqlite_nio_sqlite3_close_v2(handle) }
            state.handle = nil
        }
    }

    // MARK: Statements

    private static func statement(
        for sql: String, in state: inout State, handle: OpaquePointer
    ) throws -> OpaquePointer {
        if let cached = state.statements[sql] { return cached }
        var statement: OpaquePointer?
        var trailing = false
        let status = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let status = sqlite_nio_sqlite3_prepare_v3(
                handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            trailing = tail.map { !isBlank($0) } ?? false
            return status
        }
        guard status == SQLITE_OK, let statement else {
            sqlite_nio_sqlite3_finalize(statement)
            throw status == SQLITE_OK
                ? SQLiteDirectError(code: SQLITE_MISUSE, message: "no SQL statement in the query")
                : SQLiteDirectError(handle: handle, code: status)
        }
        guard !trailing else {
            sqlite_nio_sqlite3_finalize(statement)
            throw SQLiteDirectError(code: SQLITE_MISUSE, message: "more than one SQL statement in one query")
        }
        if state.statements.count >= statementCacheLimit {
            for old in state.statements.values { sqlite_nio_sqlite3_finalize(old) }
            state.statements.removeAll(keepingCapacity: true)
        }
        state.statements[sql] = statement
        return statement
    }

    /// Whether the C string holds only whitespace and semicolons (what may follow the last statement).
    private static func isBlank(_ text: UnsafePointer<CChar>) -> Bool {
        var cursor = text
        while cursor.pointee != 0 {
            switch UInt8(bitPattern: cursor.pointee) {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: ";"):
                cursor += 1
            default:
                return false
            }
        }
        return true
    }

    private static func bind(_ binds: [SQLiteData], to statement: OpaquePointer, handle: OpaquePointer) throws {
        let expected = Int(sqlite_nio_sqlite3_bind_parameter_count(statement))
        guard binds.count == expected else {
            throw SQLiteDirectError(
                code: SQLITE_RANGE, message: "the statement takes \(expected) parameters; \(binds.count) were given")
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let integer):
                status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case .float(let double):
                status = sqlite_nio_sqlite3_bind_double(statement, index, double)
            case .text(let text):
                var text = text
                status = text.withUTF8 { bytes in
                    guard !bytes.isEmpty else {
                        // Not a nil pointer: SQLite would bind NULL instead of the empty text.
                        return sqlite_nio_sqlite3_bind_text64(statement, index, "", 0, transient, UInt8(SQLITE_UTF8))
                    }
                    return bytes.withMemoryRebound(to: CChar.self) { chars in
                        sqlite_nio_sqlite3_bind_text64(
                            statement, index, chars.baseAddress, UInt64(chars.count), transient, UInt8(SQLITE_UTF8))
                    }
                }
            case .blob(let buffer):
                status = buffer.withUnsafeReadableBytes { bytes in
                    sqlite_nio_sqlite3_bind_blob64(statement, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                                   UInt64(bytes.count), transient)
                }
            case .null:
                status = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw SQLiteDirectError(handle: handle, code: status) }
        }
    }

    private static func rows(of statement: OpaquePointer, handle: OpaquePointer) throws -> [SQLiteDirectRow] {
        var rows: [SQLiteDirectRow] = []
        var columns: SQLiteDirectRow.Columns?
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw SQLiteDirectError(handle: handle, code: status) }
            let names = columns ?? SQLiteDirectRow.Columns(statement: statement)
            columns = names
            var values: [SQLiteData] = []
            values.reserveCapacity(names.count)
            for column in 0..<Int32(names.count) {
                values.append(value(of: statement, column: column))
            }
            rows.append(SQLiteDirectRow(columns: names, values: values))
        }
    }

    private static func value(of statement: OpaquePointer, column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            // Bytes and length, not a C string: text may hold NUL characters.
            let text = sqlite_nio_sqlite3_column_text(statement, column)
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            guard let text, count > 0 else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let bytes = sqlite_nio_sqlite3_column_blob(statement, column)
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes { buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count)) }
            return .blob(buffer)
        default:
            return .null
        }
    }
}

/// The Swift closure behind an SQLite WAL hook, passed to SQLite as an unretained pointer (the connection's state
/// keeps it).
private final class WALHandler: Sendable {
    let call: @Sendable (Int) -> Bool

    init(_ call: @escaping @Sendable (Int) -> Bool) {
        self.call = call
    }
}

/// SQLite's `SQLITE_TRANSIENT`: SQLite copies a bound value before the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
