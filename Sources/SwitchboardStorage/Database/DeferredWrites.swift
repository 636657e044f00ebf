import SQLKit
import Synchronization

/// Work a write hands to the end of its SQLite transaction: run once per key, in first-registration order, after
/// the last write of the batch and just before the commit (``SQLiteGroupCommit``).
///
/// Why: SQLite's FTS5 flushes its pending index data at every savepoint of a transaction that has touched it, and
/// at a million tickets each flush costs a new index segment and the merges that follow (a third of a ticket
/// create's time in a profile). A batch of writes whose FTS5 updates all come at its end flushes once.
///
/// Only the writer's group commit sets ``current`` (for every `Database.write` on SQLite, migrations included);
/// where it is `nil` (PostgreSQL, the bulk loader's own transactions) callers do their work at once. A write's own
/// registrations are dropped when it fails: they join the batch only after its savepoint is released. Register only
/// from the write's body itself: a task the body leaves running would register after the batch has run its work.
final class DeferredWrites: Sendable {
    /// The registrations of the write running in this task, if it runs in a group commit.
    @TaskLocal static var current: DeferredWrites?

    typealias Action = @Sendable (any SQLDatabase) async throws -> Void

    private let entries = Mutex<(order: [String], actions: [String: Action])>(([], [:]))

    /// Registers `action` under `key`. A later registration under the same key replaces the earlier one (its state is
    /// the newer), keeping the earlier one's place in the order.
    func register(key: String, _ action: @escaping Action) {
        entries.withLock { entries in
            if entries.actions.updateValue(action, forKey: key) == nil { entries.order.append(key) }
        }
    }

    /// Moves `other`'s registrations into this one, as if registered here after what is here already.
    func absorb(_ other: DeferredWrites) {
        let (order, actions) = other.entries.withLock { ($0.order, $0.actions) }
        for key in order { if let action = actions[key] { register(key: key, action) } }
    }

    /// Runs every registered action once, in order, on `db`.
    func run(on db: any SQLDatabase) async throws {
        let (order, actions) = entries.withLock { ($0.order, $0.actions) }
        for key in order { try await actions[key]?(db) }
    }
}
