import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import SQLKit
import SwitchboardCore
import SwitchboardStorage

/// What a creating handler produced inside its transaction: the answer and the events to publish after commit.
///
/// The answer is encoded to JSON when it is first asked for: for a request without an `Idempotency-Key` that is after
/// the commit, on the request's own task. On SQLite the transaction's body runs on the single writer thread, where
/// encoding every answer took about a tenth of its time (docs/performance.md, "Session 10").
struct CreatedResult: Sendable {
    var status: HTTPResponse.Status
    var events: [Event]
    private let answer: Answer
    /// What a replay answers, when it must differ from the first answer (a token's secret is never stored).
    private let stored: Answer?

    /// An answer as a value still to encode, or as bytes already encoded (a replay).
    private enum Answer: Sendable {
        case value(any Encodable & Sendable)
        case bytes([UInt8])

        func encoded() throws -> [UInt8] {
            switch self {
            case .value(let value): try APIJSON.encoder.encode(value)
            case .bytes(let bytes): bytes
            }
        }
    }

    init(
        status: HTTPResponse.Status, value: some Encodable & Sendable, events: [Event],
        storedValue: (any Encodable & Sendable)? = nil
    ) {
        self.status = status
        self.answer = .value(value)
        self.events = events
        self.stored = storedValue.map { .value($0) }
    }

    /// A replayed answer: the bytes stored with the idempotency key.
    init(status: HTTPResponse.Status, body: [UInt8], events: [Event]) {
        self.status = status
        self.answer = .bytes(body)
        self.events = events
        self.stored = nil
    }

    /// The answer's JSON.
    func body() throws -> [UInt8] { try answer.encoded() }

    /// The JSON a replay answers.
    func storedBody() throws -> [UInt8] { try (stored ?? answer).encoded() }
}

/// Runs a creating request exactly once per `Idempotency-Key`.
///
/// The check, the creation and the saving of the answer happen in ONE `database.write`, so a crash between them
/// cannot create twice. A retry with the same key and the same request (method, path, caller, body) replays the
/// stored answer with `Idempotent-Replayed: true`; the same key with a different request answers 409.
/// Without the header the creation simply runs. Events are published only after the commit, and never on replay.
struct IdempotentWrite {
    static var keyHeader: HTTPField.Name { HTTPField.Name("Idempotency-Key")! }
    static var replayedHeader: HTTPField.Name { HTTPField.Name("Idempotent-Replayed")! }

    let dependencies: AppDependencies

    /// Thrown inside the transaction (to roll it back) when a concurrent request with the same key committed
    /// first; answered with that request's stored response. A `SwitchboardError` because `Database.write`
    /// translates every other error.
    static let lostRace = SwitchboardError(
        .conflict, "a concurrent request with this idempotency key finished first", field: "Idempotency-Key")

    func run(
        _ request: Request, context: AuthenticatedContext,
        _ create: @escaping @Sendable (any SQLDatabase) async throws -> CreatedResult
    ) async throws -> Response {
        let key = try Self.key(from: request)
        let accountID = context.accountID
        let fingerprint: String? =
            if key != nil { try await Self.fingerprint(request, userID: context.user.id, context: context) } else { nil }
        let outcome: (result: CreatedResult, replayed: Bool)
        do {
            outcome = try await dependencies.database.write { db in
                guard let key, let fingerprint else { return (try await create(db), false) }
                let repository = IdempotencyRepository()
                if let stored = try await repository.get(
                    accountID: accountID, key: key, fingerprint: fingerprint, on: db)
                {
                    return (CreatedResult(status: HTTPResponse.Status(code: stored.status), body: stored.body, events: []), true)
                }
                let result = try await create(db)
                let body = try result.storedBody()
                try await repository.save(
                    accountID: accountID, key: key, fingerprint: fingerprint, status: result.status.code, body: body,
                    on: db)
                // A concurrent retry may have stored its answer first (PostgreSQL: our insert waited for its
                // commit and did nothing). Then ours must not commit: roll back and replay theirs.
                if let winner = try await repository.get(
                    accountID: accountID, key: key, fingerprint: fingerprint, on: db), winner.body != body
                {
                    _ = winner
                    throw Self.lostRace
                }
                return (result, false)
            }
        } catch let error as SwitchboardError where error == Self.lostRace {
            guard let key, let fingerprint else { throw error }
            let stored = try await dependencies.database.read { db in
                try await IdempotencyRepository().get(accountID: accountID, key: key, fingerprint: fingerprint, on: db)
            }
            guard let stored else { throw error }
            outcome = (CreatedResult(status: HTTPResponse.Status(code: stored.status), body: stored.body, events: []), true)
        }
        if !outcome.result.events.isEmpty { dependencies.publish(outcome.result.events) }
        var headers: HTTPFields = [:]
        if outcome.replayed { headers[Self.replayedHeader] = "true" }
        return APIJSON.bytesResponse(try outcome.result.body(), status: outcome.result.status, headers: headers)
    }

    /// The `Idempotency-Key` header: 1–255 printable ASCII characters, or `nil` when absent.
    static func key(from request: Request) throws -> String? {
        let values = request.headers[values: keyHeader]
        guard let value = values.first else { return nil }
        guard values.count == 1, (1...255).contains(value.utf8.count),
            value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        else {
            throw SwitchboardError.invalid("Idempotency-Key", "must be 1–255 printable ASCII characters")
        }
        return value
    }

    /// SHA-256 over method, path, caller and body: what "the same request" means.
    static func fingerprint(_ request: Request, userID: Int64, context: some RequestContext) async throws -> String {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        var hasher = SHA256()
        hasher.update(data: Array("\(request.method.rawValue) \(request.uri.path) user:\(userID)\n".utf8))
        hasher.update(data: Array(body.readableBytesView))
        return Hex.lowercase(Array(hasher.finalize()))
    }
}
