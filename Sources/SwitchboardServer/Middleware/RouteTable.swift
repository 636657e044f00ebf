import Hummingbird
import NIOConcurrencyHelpers

/// The route templates the router serves, filled once after every route is registered.
///
/// Used to tell "no such route" (404) from "this route exists but not for this method" (405).
final class RouteTable: Sendable {
    private let entries = NIOLockedValueBox<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    /// Records the router's routes.
    func record(_ routes: [(path: String, method: HTTPRequest.Method)]) {
        let parsed = routes.map { (segments: $0.path.split(separator: "/"), method: $0.method) }
        entries.withLockedValue { $0 = parsed }
    }

    /// The methods registered for templates matching `path`; empty when no template matches.
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        var methods: [HTTPRequest.Method] = []
        for entry in entries.withLockedValue({ $0 }) where Self.matches(entry.segments, segments) {
            if !methods.contains(entry.method) { methods.append(entry.method) }
        }
        return methods
    }

    private static func matches(_ template: [Substring], _ path: [Substring]) -> Bool {
        guard template.count == path.count else { return false }
        for (part, value) in zip(template, path) {
            if part.hasPrefix(":") || part.hasPrefix("{") || part == "*" { continue }
            if part != value { return false }
        }
        return true
    }
}
