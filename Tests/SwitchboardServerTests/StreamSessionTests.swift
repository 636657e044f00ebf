import Foundation
import SwitchboardCore
import Synchronization
import Testing

@testable import SwitchboardServer

/// Collects the frames a stream session sends.
final class RTFrameSink: Sendable {
    private let frames = Mutex<[StreamServerFrame]>([])

    var all: [StreamServerFrame] { frames.withLock { $0 } }

    var eventIDs: [Int64] {
        all.compactMap { frame in
            if case .event(let event) = frame { return event.id }
            return nil
        }
    }

    var errors: [SwitchboardError] {
        all.compactMap { frame in
            if case .error(let error) = frame { return error }
            return nil
        }
    }

    func send(_ frame: StreamServerFrame) { frames.withLock { $0.append(frame) } }
}

@Suite("Stream session")
struct StreamSessionTests {
    private func run(
        store: RTEventStore, hub: RealtimeHub, after: Int64?, settings: RealtimeSettings = RealtimeSettings(),
        live: [Event]
    ) async throws -> (RTFrameSink, StreamSession.Outcome) {
        let subscription = hub.subscribe(accountID: 1)
        // Events committed around the moment of connecting reach both the store and the live queue.
        for event in live { store.add(event) }
        hub.publish(live)
        let sink = RTFrameSink()
        let session = StreamSession(source: store, settings: settings)
        let task = Task { try await session.run(subscription: subscription, after: after) { sink.send($0) } }
        // Let the session drain, then end the subscription like a closing socket would.
        var spins = 0
        while sink.eventIDs.last != live.last?.id, spins < 1_000_000 {
            spins += 1
            await Task.yield()
        }
        subscription.cancel()
        return (sink, try await task.value)
    }

    @Test("with after, missed events are replayed, then live ones, with no gap and no duplicate")
    func replayThenLive() async throws {
        let store = RTEventStore((1...5).map { RTFixtures.event($0) } + [RTFixtures.event(50, account: 2)])
        let hub = RealtimeHub(source: store, listener: nil, logger: RTFixtures.logger)
        let (sink, outcome) = try await run(
            store: store, hub: hub, after: 2, settings: RealtimeSettings(replayBatchSize: 2),
            live: (6...8).map { RTFixtures.event($0) })
        #expect(sink.eventIDs == [3, 4, 5, 6, 7, 8])
        #expect(outcome == .ended(.cancelled))
        #expect(sink.errors.isEmpty)
    }

    @Test("without after, only live events are sent")
    func liveOnly() async throws {
        let store = RTEventStore((1...3).map { RTFixtures.event($0) })
        let hub = RealtimeHub(source: store, listener: nil, logger: RTFixtures.logger)
        let (sink, _) = try await run(store: store, hub: hub, after: nil, live: [RTFixtures.event(4)])
        #expect(sink.eventIDs == [4])
    }

    @Test("a client too far behind gets an error naming after and the session ends")
    func tooFarBehind() async throws {
        let store = RTEventStore((1...20).map { RTFixtures.event($0) })
        let hub = RealtimeHub(source: store, listener: nil, logger: RTFixtures.logger)
        let subscription = hub.subscribe(accountID: 1)
        let sink = RTFrameSink()
        let session = StreamSession(source: store, settings: RealtimeSettings(replayBatchSize: 5, replayLimit: 10))
        let outcome = try await session.run(subscription: subscription, after: 0) { sink.send($0) }
        #expect(outcome == .tooFarBehind)
        #expect(sink.eventIDs == Array(1...10))
        #expect(sink.errors.map(\.field) == ["after"])
        #expect(sink.errors.first?.code == .tooLarge)
    }

    @Test("an overflowing subscriber is told how to resume before the session ends")
    func overflowTellsResumePoint() async throws {
        let store = RTEventStore()
        let hub = RealtimeHub(
            settings: RealtimeSettings(subscriberBufferSize: 2), source: store, listener: nil,
            logger: RTFixtures.logger)
        let subscription = hub.subscribe(accountID: 1)
        hub.publish((1...5).map { RTFixtures.event($0) })
        let sink = RTFrameSink()
        let session = StreamSession(source: store, settings: RealtimeSettings())
        let outcome = try await session.run(subscription: subscription, after: nil) { sink.send($0) }
        #expect(outcome == .ended(.overflow))
        #expect(sink.eventIDs == [1, 2])
        #expect(sink.errors.first?.code == .rateLimited)
        #expect(sink.errors.first?.message.contains("after=2") == true)
    }
}
