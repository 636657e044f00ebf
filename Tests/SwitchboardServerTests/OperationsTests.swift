import Foundation
import Logging
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing
@testable import SwitchboardServer

@Suite("Operations: health, readiness, metrics, request ids, unknown routes")
struct OperationsTests {
    @Test(arguments: TestBackend.all)
    func healthAndReadiness(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, _ in
            let health = try await api.send(.get, "/health")
            #expect(health.status == .ok)
            #expect(health.text == #"{"status":"ok"}"#)
            let ready = try await api.send(.get, "/ready")
            #expect(ready.status == .ok)
            #expect(ready.text == #"{"status":"ready"}"#)
        }
    }

    @Test(arguments: TestBackend.all)
    func metricsCountRequestsByRouteTemplate(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let id = world.a.team.id
            _ = try await api.send(.get, "/api/v1/teams/\(id)", as: world.a.agent)
            _ = try await api.send(.get, "/api/v1/teams/\(id)", as: world.a.agent)
            let metrics = try await api.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains("switchboard_http_requests_total"))
            #expect(text.contains(#"route="/api/v1/teams/{id}""#))
            #expect(!text.contains(#"route="/api/v1/teams/\#(id)""#), "raw paths must not become labels")
            #expect(text.contains("switchboard_http_request_duration_seconds_bucket"))
        }
    }

    @Test(arguments: TestBackend.all)
    func requestIDsAreEchoedOrGenerated(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, _ in
            let kept = try await api.send(.get, "/health", headers: [HTTPField.Name("X-Request-ID")!: "abc-123.x"])
            #expect(kept.headers[HTTPField.Name("X-Request-ID")!] == "abc-123.x")
            let replaced = try await api.send(
                .get, "/health", headers: [HTTPField.Name("X-Request-ID")!: "bad id\u{7F}<script>"])
            let generated = try #require(replaced.headers[HTTPField.Name("X-Request-ID")!])
            #expect(generated != "bad id\u{7F}<script>")
            #expect(generated.count == 24)
            let fresh = try await api.send(.get, "/health")
            #expect(fresh.headers[HTTPField.Name("X-Request-ID")!]?.count == 24)
        }
    }

    @Test("request series are counted per method, route and status, each series made once and reused")
    func requestSeriesCountEveryRequest() {
        let metrics = AppMetrics(registry: PrometheusCollectorRegistry())
        for _ in 0..<3 { metrics.recordRequest(method: "GET", route: "/a/{id}", status: 200, duration: .milliseconds(7)) }
        metrics.recordRequest(method: "GET", route: "/a/{id}", status: 404, duration: .milliseconds(30))
        metrics.recordRequest(method: "POST", route: "/a/{id}", status: 200, duration: .seconds(20))
        let lines = metrics.render().split(separator: "\n").map(String.init)
        func value(_ prefix: String) -> String? {
            lines.first { $0.hasPrefix(prefix + " ") }.map { String($0.dropFirst(prefix.count + 1)) }
        }
        #expect(value(#"switchboard_http_requests_total{method="GET",route="/a/{id}",status="200"}"#) == "3")
        #expect(value(#"switchboard_http_requests_total{method="GET",route="/a/{id}",status="404"}"#) == "1")
        #expect(value(#"switchboard_http_requests_total{method="POST",route="/a/{id}",status="200"}"#) == "1")
        #expect(value(#"switchboard_http_request_duration_seconds_count{method="GET",route="/a/{id}",status="200"}"#) == "3")
        #expect(value(#"switchboard_http_request_duration_seconds_bucket{method="GET",route="/a/{id}",status="200",le="0.005"}"#) == "0")
        #expect(value(#"switchboard_http_request_duration_seconds_bucket{method="GET",route="/a/{id}",status="200",le="0.01"}"#) == "3")
        #expect(value(#"switchboard_http_request_duration_seconds_bucket{method="POST",route="/a/{id}",status="200",le="+Inf"}"#) == "1")
    }

    @Test("generated request ids are 24 lower-case hex digits, distinct, and kept when sent back")
    func generatedRequestIDs() {
        let ids = (0..<2_000).map { _ in RequestIDMiddleware<AppRequestContext>.generate() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.utf8.count == 24 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            #expect(RequestIDMiddleware<AppRequestContext>.sanitize(id) == id)
        }
        // Every digit position takes every value: no nibble is stuck (a shift off by one would leave one at 0).
        for position in 0..<24 {
            let seen = Set(ids.map { Array($0.utf8)[position] })
            #expect(seen.count == 16, "position \(position) took \(seen.count) values")
        }
    }

    @Test(arguments: TestBackend.all)
    func unknownRoutesAndMethodsUseTheErrorShape(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            expectError(try await api.send(.get, "/nope"), .notFound, code: "not_found")
            expectError(try await api.send(.get, "/api/v1/nope", as: world.a.agent), .notFound, code: "not_found")
            let wrongMethod = try await api.send(.delete, "/api/v1/tickets", as: world.a.agent)
            expectError(wrongMethod, .methodNotAllowed, code: "invalid_input")
            #expect(wrongMethod.headers[.allow]?.contains("GET") == true)
            #expect(wrongMethod.headers[.allow]?.contains("POST") == true)
        }
    }

    @Test func startupLogsHowToCreateTheFirstOwner() async throws {
        let recorder = LogRecorder()
        var logger = Logger(label: "startup") { _ in recorder }
        logger.logLevel = .info
        let scratch = try await ScratchDatabase.make(.sqlite, logger: TestApp.logger)
        defer { try? FileManager.default.removeItem(at: scratch.directory) }
        var settings = ServerSettings(dataDirectory: scratch.directory.path)
        settings.databaseURL = scratch.url
        settings.logLevel = .info
        let app = try await buildApplication(settings, logger: logger)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/health", method: .get)
        }
        #expect(recorder.messages.contains { $0.contains("switchboard admin create --email") })
    }
}
