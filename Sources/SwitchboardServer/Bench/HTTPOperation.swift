import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One kind of request the HTTP benchmark sends, with the check that its answer is right.
public enum HTTPOperation: String, Sendable, CaseIterable, Codable {
    /// GET /health: the HTTP ceiling (no database).
    case health
    case ticketCreate = "ticket_create"
    case inboxFirstPage = "inbox_first_page"
    case inboxDeepPage = "inbox_deep_page"
    case ticketShow = "ticket_show"
    case searchCommon = "search_common"
    case searchRare = "search_rare"
    case reply
    /// The agent workspace's "All open" inbox page, rendered server-side (session cookie).
    case webInbox = "web_inbox"
    /// The agent workspace's page of the ticket with the longest thread.
    case webTicket = "web_ticket"

    /// The operations measured against the HTTP ceiling (all but `health`).
    public static let measured: [HTTPOperation] = allCases.filter { $0 != .health }
}

/// A wrong answer from the server.
public struct BenchRequestError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// The load generator's HTTP client (async-http-client) with a pool of up to `connections` connections per host.
public final class BenchHTTPConnection: Sendable {
    let client: HTTPClient

    public init(connections: Int) {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, connections))
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Whether GET `baseURL`/health answers 200 within a second.
    public func isHealthy(baseURL: String) async -> Bool {
        var request = HTTPClientRequest(url: baseURL + "/health")
        request.method = .GET
        guard let response = try? await client.execute(request, timeout: .seconds(1)) else { return false }
        _ = try? await response.body.collect(upTo: 1 << 16)
        return response.status == .ok
    }

    /// Closes the connections; call once, when done.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}

/// Sends benchmark requests to one server with a shared connection pool.
public struct HTTPBenchClient: Sendable {
    let client: HTTPClient
    public let baseURL: String
    public let targets: BenchTargets

    public init(connection: BenchHTTPConnection, baseURL: String, targets: BenchTargets) {
        self.client = connection.client
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.targets = targets
    }

    /// Sends one request of `operation` (varied by `worker` and `iteration`) and checks the answer.
    public func perform(_ operation: HTTPOperation, worker: Int, iteration: Int) async throws {
        let pick = worker &* 7_919 &+ iteration
        switch operation {
        case .health:
            _ = try await send(.GET, "/health", expect: .ok, authenticated: false)
        case .ticketCreate:
            let requester = targets.requesterIDs[pick % max(targets.requesterIDs.count, 1)]
            let body = """
                {"subject":"Bench ticket \(worker)-\(iteration)","requester_id":\(requester),\
                "message":{"body":"Hello, my invoice shows the wrong amount for this month. Order \(pick)."},\
                "priority":"normal","tags":["bench"]}
                """
            _ = try await send(.POST, "/api/v1/tickets", body: body, expect: .created)
        case .inboxFirstPage:
            let answer = try await send(.GET, "/api/v1/tickets?limit=25", expect: .ok)
            try Self.requireItems(answer)
        case .inboxDeepPage:
            let cursor = targets.deepCursor ?? ""
            let answer = try await send(.GET, "/api/v1/tickets?limit=25&cursor=\(cursor)", expect: .ok)
            try Self.requireItems(answer)
        case .ticketShow:
            let answer = try await send(.GET, "/api/v1/tickets/\(targets.longThreadID)", expect: .ok)
            guard answer.readableBytes > targets.longThreadMessages * 50 else {
                throw BenchRequestError(description: "ticket show answered \(answer.readableBytes) bytes")
            }
        case .searchCommon:
            let answer = try await send(.GET, "/api/v1/search?q=\(targets.commonWord)", expect: .ok)
            try Self.requireItems(answer)
        case .searchRare:
            let word = targets.rareWords[pick % max(targets.rareWords.count, 1)]
            let answer = try await send(.GET, "/api/v1/search?q=\(word)", expect: .ok)
            try Self.requireItems(answer)
        case .reply:
            let ticket = targets.replyTicketIDs[pick % max(targets.replyTicketIDs.count, 1)]
            _ = try await send(
                .POST, "/api/v1/tickets/\(ticket)/replies",
                body: #"{"body":"Thanks for waiting, I have checked your account and fixed the setting."}"#,
                expect: .created)
        case .webInbox:
            let page = try await send(.GET, "/inbox/all", expect: .ok, session: true)
            guard String(buffer: page).contains("data-ticket-id") else {
                throw BenchRequestError(description: "the inbox page lists no tickets")
            }
        case .webTicket:
            let page = try await send(.GET, "/tickets/\(targets.longThreadID)", expect: .ok, session: true)
            guard page.readableBytes > targets.longThreadMessages * 50 else {
                throw BenchRequestError(description: "the ticket page answered \(page.readableBytes) bytes")
            }
        }
    }

    /// Throws unless the JSON list answer has at least one item.
    static func requireItems(_ body: ByteBuffer) throws {
        let text = String(buffer: body)
        guard text.contains("\"items\""), !text.contains("\"items\":[]") else {
            throw BenchRequestError(description: "expected a non-empty list, got: \(text.prefix(200))")
        }
    }

    private func send(
        _ method: HTTPMethod, _ path: String, body: String? = nil, expect: HTTPResponseStatus,
        authenticated: Bool = true, session: Bool = false
    ) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        if session {
            request.headers.add(name: "Cookie", value: "sb_session=\(targets.sessionSecret)")
        } else if authenticated {
            request.headers.add(name: "Authorization", value: "Bearer \(targets.token)")
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 64 * 1024 * 1024)
        guard response.status == expect else {
            throw BenchRequestError(
                description: "\(method) \(path): \(response.status.code) \(String(buffer: answer).prefix(200))")
        }
        return answer
    }
}
