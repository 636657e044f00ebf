import Foundation
import SwitchboardCore
import Testing

@testable import SwitchboardServer

@Suite("Realtime hub")
struct RealtimeHubTests {
    private func collect(_ subscription: RealtimeSubscription, count: Int) async -> [Int64] {
        var ids: [Int64] = []
        for await event in subscription {
            ids.append(event.id)
            if ids.count == count { break }
        }
        return ids
    }

    @Test("a subscriber receives its account's events in publish order, and no other account's")
    func deliversOwnAccountInOrder() async {
        let hub = RealtimeHub(source: nil, listener: nil, logger: RTFixtures.logger)
        let mine = hub.subscribe(accountID: 1)
        let theirs = hub.subscribe(accountID: 2)
        hub.publish([RTFixtures.event(10), RTFixtures.event(11, account: 2), RTFixtures.event(12)])
        hub.publish([RTFixtures.event(13)])
        #expect(await collect(mine, count: 3) == [10, 12, 13])
        #expect(await collect(theirs, count: 1) == [11])
    }

    @Test("an event published twice (local publish and NOTIFY) is delivered once")
    func deduplicates() async {
        let store = RTEventStore([RTFixtures.event(5)])
        let hub = RealtimeHub(source: store, listener: nil, logger: RTFixtures.logger)
        let subscription = hub.subscribe(accountID: 1)
        hub.publish([RTFixtures.event(5)])
        await hub.receive(EventNotification(accountID: 1, eventID: 5))
        hub.publish([RTFixtures.event(5), RTFixtures.event(6)])
        #expect(await collect(subscription, count: 2) == [5, 6])
        #expect(store.readCount == 0)  // already delivered: no database read
    }

    @Test("a notification for an event not seen yet is read from the source and delivered")
    func notificationReadsSource() async {
        let store = RTEventStore([RTFixtures.event(21), RTFixtures.event(22, account: 3)])
        let hub = RealtimeHub(source: store, listener: nil, logger: RTFixtures.logger)
        let subscription = hub.subscribe(accountID: 1)
        await hub.receive(EventNotification(accountID: 1, eventID: 21))
        // Nobody here listens to account 3: the event is not even read.
        await hub.receive(EventNotification(accountID: 3, eventID: 22))
        // A notification whose account does not match the stored event is ignored.
        await hub.receive(EventNotification(accountID: 1, eventID: 22))
        hub.publish([RTFixtures.event(23)])
        #expect(await collect(subscription, count: 2) == [21, 23])
        #expect(store.readCount == 2)
    }

    @Test("catch-up after a lost LISTEN delivers events above the highest delivered id, once")
    func catchUpAfterReconnect() async {
        let store = RTEventStore((1...5).map { RTFixtures.event($0) })
        let hub = RealtimeHub(
            settings: RealtimeSettings(replayBatchSize: 2), source: store, listener: nil, logger: RTFixtures.logger)
        let subscription = hub.subscribe(accountID: 1)
        hub.publish([RTFixtures.event(2)])
        await hub.catchUp()
        await hub.catchUp()
        #expect(await collect(subscription, count: 4) == [2, 3, 4, 5])
    }

    @Test("a subscriber that falls behind is disconnected with reason overflow; memory stays bounded")
    func slowSubscriberIsDropped() async {
        let hub = RealtimeHub(
            settings: RealtimeSettings(subscriberBufferSize: 3), source: nil, listener: nil, logger: RTFixtures.logger)
        let slow = hub.subscribe(accountID: 1)
        let other = hub.subscribe(accountID: 1)
        hub.publish((1...3).map { RTFixtures.event($0) })
        _ = await collect(other, count: 3)
        hub.publish((4...5).map { RTFixtures.event($0) })
        var received: [Int64] = []
        for await event in slow { received.append(event.id) }
        #expect(received == [1, 2, 3])
        #expect(slow.endReason == .overflow)
        #expect(hub.subscriberCount == 1)
        #expect(await collect(other, count: 2) == [4, 5])
    }

    @Test("a cancelled subscription leaves the hub")
    func cancelRemoves() async {
        let hub = RealtimeHub(source: nil, listener: nil, logger: RTFixtures.logger)
        let subscription = hub.subscribe(accountID: 1)
        #expect(hub.subscriberCount == 1)
        subscription.cancel()
        #expect(hub.subscriberCount == 0)
        #expect(subscription.endReason == .cancelled)
    }

    @Test("a consumer task that is cancelled leaves the hub")
    func consumerCancellationRemoves() async throws {
        let hub = RealtimeHub(source: nil, listener: nil, logger: RTFixtures.logger)
        let subscription = hub.subscribe(accountID: 1)
        let consumer = Task { for await _ in subscription {} }
        consumer.cancel()
        await consumer.value
        #expect(hub.subscriberCount == 0)
    }
}

@Suite("Realtime pieces")
struct RealtimePieceTests {
    @Test("notification payloads parse as <account_id>:<event_id> and nothing else")
    func notificationParsing() {
        #expect(EventNotification(payload: "12:3456") == EventNotification(accountID: 12, eventID: 3456))
        #expect(EventNotification(payload: "12:3456")?.payload == "12:3456")
        for bad in ["", ":", "1:", ":2", "1:2:3", "a:2", "1:b", "-1:2", "1:-2", "0:2", "1: 2", "+1:2",
                    "99999999999999999999:1"] {
            #expect(EventNotification(payload: bad) == nil, "\(bad)")
        }
    }

    @Test("the recent-id set detects duplicates and forgets the oldest beyond its capacity")
    func recentIDs() {
        var set = RecentEventIDs(capacity: 3)
        let first = [set.insert(1), set.insert(1)]
        #expect(first == [true, false])
        let inserted = [set.insert(2), set.insert(3), set.insert(4)]
        #expect(inserted == [true, true, true])
        #expect(set.count == 3)
        #expect(!set.contains(1))
        #expect(set.contains(2) && set.contains(4))
        let again = set.insert(1)
        #expect(again)
        #expect(!set.contains(2))
    }

    @Test("client frames: ping is understood; anything else is an invalid_input error naming type")
    func clientFrames() throws {
        #expect(try StreamClientFrame(text: #"{"type":"ping"}"#) == .ping)
        for bad in ["", "ping", "{}", #"{"type":1}"#, #"{"type":"pong"}"#, "[1]"] {
            #expect(throws: SwitchboardError.self) { try StreamClientFrame(text: bad) }
            do {
                _ = try StreamClientFrame(text: bad)
            } catch let error as SwitchboardError {
                #expect(error.code == .invalidInput && error.field == "type")
            }
        }
    }

    @Test("server frames are the documented JSON")
    func serverFrames() throws {
        #expect(StreamServerFrame.pong.text() == #"{"type":"pong"}"#)
        let event = Event(
            id: 9, accountID: 1, type: "ticket.created", ticketID: nil, actor: EventActor(kind: .user, id: 4),
            payload: ["subject": "Hi"], createdAt: Date(timeIntervalSince1970: 1_800_000_000.5))
        let decoded = try JSONSerialization.jsonObject(with: Data(StreamServerFrame.event(event).text().utf8))
        let object = try #require(decoded as? [String: Any])
        #expect(object["type"] as? String == "event")
        let body = try #require(object["event"] as? [String: Any])
        #expect(body["id"] as? Int == 9)
        #expect(body["type"] as? String == "ticket.created")
        #expect(body["ticket_id"] is NSNull)
        #expect((body["actor"] as? [String: Any])?["kind"] as? String == "user")
        #expect(body["created_at"] as? String == "2027-01-15T08:00:00.500Z")
        #expect(StreamServerFrame.error(.invalid("type", "bad")).text()
            == #"{"error":{"code":"invalid_input","field":"type","message":"bad"},"type":"error"}"#)
    }

    @Test("after parses as a non-negative integer or is refused naming the field")
    func afterParameter() throws {
        #expect(try StreamQuery.after(nil).get() == nil)
        #expect(try StreamQuery.after("0").get() == 0)
        #expect(try StreamQuery.after("42").get() == 42)
        for bad in ["", "-1", "x", "1.5", "99999999999999999999"] {
            guard case .failure(let error) = StreamQuery.after(bad) else {
                Issue.record("accepted \(bad)")
                continue
            }
            #expect(error.field == "after")
        }
    }

    @Test("bearer tokens, plausible secrets and same-origin checks")
    func authenticatorHelpers() {
        #expect(StreamAuthenticator.bearerToken("Bearer sbt_abc") == "sbt_abc")
        #expect(StreamAuthenticator.bearerToken("bearer   sbt_abc ") == "sbt_abc")
        #expect(StreamAuthenticator.bearerToken("Basic abc") == nil)
        #expect(StreamAuthenticator.bearerToken("Bearer") == nil)
        #expect(StreamAuthenticator.isPlausibleSecret("sbt_abc"))
        #expect(!StreamAuthenticator.isPlausibleSecret("a b"))
        #expect(!StreamAuthenticator.isPlausibleSecret(String(repeating: "a", count: 600)))
        #expect(StreamAuthenticator.isSameOrigin(origin: nil, host: "x"))
        #expect(StreamAuthenticator.isSameOrigin(origin: "http://127.0.0.1:8080", host: "127.0.0.1:8080"))
        #expect(StreamAuthenticator.isSameOrigin(origin: "https://Help.Example.com", host: "help.example.com"))
        #expect(!StreamAuthenticator.isSameOrigin(origin: "https://evil.example", host: "help.example.com"))
        #expect(!StreamAuthenticator.isSameOrigin(origin: "null", host: "help.example.com"))
        #expect(!StreamAuthenticator.isSameOrigin(origin: "https://help.example.com", host: nil))
    }
}
