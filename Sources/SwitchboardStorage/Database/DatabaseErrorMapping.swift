import Logging
import PostgresNIO
import SQLiteNIO
import VaporCSQLite
import SwitchboardCore

/// Translates driver errors into ``SwitchboardError`` once, at the storage boundary.
///
/// Unique violations become `.conflict` on both databases (SQLite 19/2067/1555, PostgreSQL SQLSTATE 23505),
/// with the field named when the constraint is known; an unreachable or busy database becomes `.unavailable`.
/// Messages never contain SQL; the driver's own text is only logged.
enum DatabaseErrorMapping {
    /// Unique constraints we know, so a conflict can name the input field.
    /// Keys are PostgreSQL index names and SQLite's `table.column[, table.column]` lists.
    static let uniqueFields: [String: (field: String, message: String)] = [
        "uq_users_email": ("email", "a user with this email already exists"),
        "users.email": ("email", "a user with this email already exists"),
        "uq_contact_identities_value": ("identities", "a contact with this identity already exists"),
        "contact_identities.account_id, contact_identities.kind, contact_identities.value":
            ("identities", "a contact with this identity already exists"),
        "uq_teams_name": ("name", "a team with this name already exists"),
        "teams.account_id, teams.name": ("name", "a team with this name already exists"),
        "uq_inboxes_email_address": ("email_address", "an inbox with this email address already exists"),
        "inboxes.email_address": ("email_address", "an inbox with this email address already exists"),
        "uq_organization_domains_domain": ("domains", "another organization already has this domain"),
        "organization_domains.account_id, organization_domains.domain":
            ("domains", "another organization already has this domain"),
        "uq_messages_external_id": ("external_id", "a message with this external id already exists"),
        "messages.account_id, messages.external_id":
            ("external_id", "a message with this external id already exists"),
    ]

    /// Whether `error` is PostgreSQL ending a transaction to break a deadlock (SQLSTATE 40P01) or a serialization
    /// failure (40001): the transaction was rolled back and the same work may succeed when run again.
    static func isRetryable(_ error: any Error) -> Bool {
        if let error = error as? PostgresTransactionError {
            guard let inner = error.closureError ?? error.beginError ?? error.commitError else { return false }
            return isRetryable(inner)
        }
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return ["40P01", "40001"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// The ``SwitchboardError`` for `error`; unknown errors are logged once and become `.internalError`.
    static func map(_ error: any Error, logger: Logger) -> SwitchboardError {
        if let error = error as? SwitchboardError { return error }
        if let error = error as? PostgresTransactionError {
            if let inner = error.closureError ?? error.beginError ?? error.commitError ?? error.rollbackError {
                return map(inner, logger: logger)
            }
        }
        if let error = error as? SQLiteDirectError { return map(sqlite: error, logger: logger) }
        if let error = error as? SQLiteError { return map(sqliteNIO: error, logger: logger) }
        if let error = error as? PSQLError { return map(postgres: error, logger: logger) }
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") {
            // PostgresNIO's pool error (its module is not public API): no connection could be made or leased.
            logger.warning("database unavailable", metadata: ["switchboard.error": "\(String(reflecting: error))"])
            return SwitchboardError(.unavailable, "the database is unavailable; try again")
        }
        if error is CancellationError {
            return SwitchboardError(.unavailable, "the database operation was cancelled")
        }
        logger.error("database error", metadata: ["switchboard.error": "\(String(reflecting: error))"])
        return SwitchboardError(.internalError, "a database error occurred")
    }

    /// What an SQLite error means to a caller, whichever driver raised it (the writer's ``SQLiteDirectConnection``
    /// or a reader's sqlite-nio connection).
    private enum SQLiteFailure {
        case uniqueViolation, foreignKeyViolation, otherConstraint, unavailable, unusableFile, other
    }

    private static func map(sqlite error: SQLiteDirectError, logger: Logger) -> SwitchboardError {
        let failure: SQLiteFailure
        switch (error.code, error.primaryCode) {
        case (SQLiteDirectError.constraintForeignKey, _): failure = .foreignKeyViolation
        case (SQLiteDirectError.constraintUnique, _), (SQLiteDirectError.constraintPrimaryKey, _):
            failure = .uniqueViolation
        case (_, SQLITE_CONSTRAINT): failure = .otherConstraint
        case (_, SQLITE_BUSY), (_, SQLITE_LOCKED), (_, SQLITE_CANTOPEN), (_, SQLITE_IOERR), (_, SQLITE_FULL),
            (_, SQLITE_READONLY):
            failure = .unavailable
        case (_, SQLITE_NOTADB), (_, SQLITE_CORRUPT): failure = .unusableFile
        default: failure = .other
        }
        return map(failure, message: error.message, description: error.description, logger: logger)
    }

    private static func map(sqliteNIO error: SQLiteError, logger: Logger) -> SwitchboardError {
        let failure: SQLiteFailure
        switch error.reason {
        case .constraint, .constraintUniqueFailed, .constraintPrimaryKeyFailed: failure = .uniqueViolation
        case .constraintForeignKeyFailed: failure = .foreignKeyViolation
        case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache,
            .cantOpen, .ioError, .full, .readOnly:
            failure = .unavailable
        case .notADatabase, .corrupt: failure = .unusableFile
        default: failure = .other
        }
        return map(failure, message: error.message, description: error.description, logger: logger)
    }

    private static func map(
        _ failure: SQLiteFailure, message: String, description: String, logger: Logger
    ) -> SwitchboardError {
        switch failure {
        case .uniqueViolation:
            if let range = message.range(of: "constraint failed: "),
                let known = uniqueFields[String(message[range.upperBound...])]
            {
                return SwitchboardError(.conflict, known.message, field: known.field)
            }
            return SwitchboardError(.conflict, "this conflicts with an existing record")
        case .otherConstraint:
            return SwitchboardError(.conflict, "this conflicts with an existing record")
        case .foreignKeyViolation:
            return SwitchboardError(.invalidInput, "refers to a record that does not exist")
        case .unavailable:
            logger.warning("database unavailable", metadata: ["switchboard.error": "\(message)"])
            return SwitchboardError(.unavailable, "the database is busy or unavailable; try again")
        case .unusableFile:
            logger.error("database file unusable", metadata: ["switchboard.error": "\(message)"])
            return SwitchboardError(.unavailable, "the database file is not a usable SQLite database")
        case .other:
            logger.error("database error", metadata: ["switchboard.error": "\(description)"])
            return SwitchboardError(.internalError, "a database error occurred")
        }
    }

    private static func map(postgres error: PSQLError, logger: Logger) -> SwitchboardError {
        if error.code == .server {
            let state = error.serverInfo?[.sqlState] ?? ""
            switch state {
            case "23505":
                if let name = error.serverInfo?[.constraintName], let known = uniqueFields[name] {
                    return SwitchboardError(.conflict, known.message, field: known.field)
                }
                return SwitchboardError(.conflict, "this conflicts with an existing record")
            case "23503":
                return SwitchboardError(.invalidInput, "refers to a record that does not exist")
            case "40001", "40P01", "55P03":
                return SwitchboardError(.unavailable, "the database is busy; try again")
            case "57P01", "57P02", "57P03", "53300":
                return SwitchboardError(.unavailable, "the database is unavailable; try again")
            default:
                logger.error("database error", metadata: [
                    "switchboard.sqlstate": "\(state)",
                    "switchboard.error": "\(error.serverInfo?[.message] ?? "")",
                ])
                return SwitchboardError(.internalError, "a database error occurred")
            }
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            .sslUnsupported, .queryCancelled:
            logger.warning("database unavailable", metadata: ["switchboard.error": "\(error.code)"])
            return SwitchboardError(.unavailable, "the database is unavailable; try again")
        default:
            logger.error("database error", metadata: ["switchboard.error": "\(String(reflecting: error))"])
            return SwitchboardError(.internalError, "a database error occurred")
        }
    }
}
