import Logging
import SwitchboardStorage

extension RealtimeHub {
    /// The hub for an application on `database`: on PostgreSQL it LISTENs for events of other instances
    /// (pinning one pooled connection); on SQLite (one instance) it delivers local publishes only.
    public static func make(
        database: Database, settings: RealtimeSettings = RealtimeSettings(), logger: Logger
    ) -> RealtimeHub {
        let listener: (any RealtimeListener)? = database.postgresClient.map {
            PostgresRealtimeListener(client: $0, settings: settings, logger: logger)
        }
        return RealtimeHub(
            settings: settings, source: DatabaseEventSource(database: database), listener: listener, logger: logger)
    }
}
