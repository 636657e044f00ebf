import Foundation
import HTTPTypes
import HummingbirdTesting
import SwitchboardCore
import Testing

@testable import SwitchboardServer

/// The API's answers are the bytes Foundation's `JSONEncoder` wrote with the API's settings before
/// ``SortedJSONEncoder`` replaced it: real answers are decoded into their wire types and encoded again by both.
@Suite("API JSON encoding")
struct APIJSONEncodingTests {
    /// The encoder the API used before: sorted keys, unescaped slashes, dates as `APIJSON.format` writes them.
    static let reference: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(APIJSON.format(date))
        }
        return encoder
    }()

    /// Both encoders write the same bytes for `response`'s body decoded as `T`. (Not compared with the body itself: a
    /// timestamp read back can land a millisecond lower, `.236` as `.235999…`.)
    static func expectSameBytes<T: Codable>(
        _ response: TestResponse, as type: T.Type, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let value = try response.decode(T.self)
        let expected = String(decoding: try reference.encode(value), as: UTF8.self)
        #expect(String(decoding: try APIJSON.encoder.encode(value), as: UTF8.self) == expected,
                sourceLocation: sourceLocation)
    }

    @Test("tickets, a ticket with its messages and requester, its events, and errors", arguments: TestBackend.all)
    func answersMatchJSONEncoder(_ backend: TestBackend) async throws {
        try await TestApp.run(backend) { api, world in
            let tenant = world.a
            let json = #"""
                {"subject": "Quote \" back\\slash / tab\t é 🎉 </script>", "requester": {"email": "zoë@example.com",
                 "name": "Zoë"}, "message": {"body": "line one\nline two\r\n\u001f", "html": "<p>hi</p>"},
                 "priority": "urgent", "tags": ["VIP", "billing", "a_b", "a1", "a10"],
                 "custom_fields": {"order_id": "A-17", "amount": 12.5, "whole": 3, "gift": true, "nothing": null,
                 "big": 123456789012345678, "tiny": 1e-7},
                 "assignee_id": \#(tenant.agent.user.id), "team_id": \#(tenant.team.id)}
                """#
            let created = try await api.send(.post, "/api/v1/tickets", as: tenant.agent, json: json)
            #expect(created.status == .created, "\(created.text)")
            try Self.expectSameBytes(created, as: TicketWire.self)
            let ticket = try created.decode(TicketWire.self)
            try await api.send(.post, "/api/v1/tickets/\(ticket.id)/replies", as: tenant.agent,
                               json: #"{"body": "We are on it \"now\""}"#)

            let show = try await api.send(.get, "/api/v1/tickets/\(ticket.id)", as: tenant.agent)
            try Self.expectSameBytes(show, as: TicketsController.ShowResponse.self)
            let list = try await api.send(.get, "/api/v1/tickets", as: tenant.agent)
            try Self.expectSameBytes(list, as: ListWire<TicketWire>.self)
            let events = try await api.send(.get, "/api/v1/tickets/\(ticket.id)/events", as: tenant.agent)
            try Self.expectSameBytes(events, as: ListWire<EventWire>.self)
            let missing = try await api.send(.get, "/api/v1/tickets/999999999", as: tenant.agent)
            #expect(missing.status == .notFound)
            try Self.expectSameBytes(missing, as: JSONValue.self)
        }
    }
}
