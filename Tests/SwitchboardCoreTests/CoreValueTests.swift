import Foundation
import Testing

@testable import SwitchboardCore

@Suite("Core values")
struct CoreValueTests {
    @Test("retry delays grow exponentially up to the cap, with bounded jitter")
    func retryPolicy() {
        let policy = RetryPolicy(base: .seconds(5), maximum: .seconds(60))
        #expect(policy.delay(afterAttempt: 1) == .seconds(5))
        #expect(policy.delay(afterAttempt: 2) == .seconds(10))
        #expect(policy.delay(afterAttempt: 4) == .seconds(40))
        #expect(policy.delay(afterAttempt: 5) == .seconds(60))
        #expect(policy.delay(afterAttempt: 500) == .seconds(60))
        let jittered = policy.delay(afterAttempt: 1, seed: 199)
        #expect(jittered > .seconds(5) && jittered < .seconds(6))
    }

    @Test("roles are ordered owner > admin > agent > light agent")
    func roles() {
        #expect(UserRole.owner.includes(.admin))
        #expect(UserRole.admin.includes(.agent))
        #expect(!UserRole.agent.includes(.admin))
        #expect(!UserRole.lightAgent.canReplyPublicly)
        #expect(UserRole.agent.canBeAssigned)
    }

    @Test("priorities round-trip through their rank")
    func priorities() {
        for priority in TicketPriority.allCases { #expect(TicketPriority(rank: priority.rank) == priority) }
        #expect(TicketPriority(rank: 9) == nil)
        #expect(TicketPriority.low < .urgent)
    }

    @Test("JSON values round-trip, whole numbers encode as integers")
    func jsonValue() throws {
        let value: JSONValue = ["a": 1, "b": [true, nil, "x"], "c": .number(1.5)]
        let data = try JSONEncoder().encode(value)
        #expect(String(decoding: data, as: UTF8.self).contains("\"a\":1"))
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(value["a"]?.int64Value == 1)
    }

    @Test("custom field values accept JSON scalars only")
    func customFields() throws {
        let decoded = try JSONDecoder().decode(
            [String: CustomFieldValue].self, from: Data(#"{"a":"x","b":2,"c":false,"d":null}"#.utf8))
        #expect(decoded == ["a": .string("x"), "b": .number(2), "c": .bool(false), "d": .null])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([String: CustomFieldValue].self, from: Data(#"{"a":[1]}"#.utf8))
        }
    }

    @Test("identities are normalised per kind")
    func identities() {
        #expect(ContactIdentity.normalize(" A@B.com ", kind: .email) == "a@b.com")
        #expect(ContactIdentity.normalize("+1 (555) 010-9999", kind: .phone) == "+15550109999")
    }
}
