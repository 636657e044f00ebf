/// Every route of the API document, grouped by area. The route-sync test compares this list with the
/// application's router, so a route added to one must be added to the other.
enum OpenAPIPaths {
    static var all: [OpenAPIOperation] {
        publicOperations + directoryOperations + ticketOperations + realtimeOperations + emailOperations + imapOperations + customFieldOperations
            + macroOperations
    }

    /// Whether a route belongs to the documented API surface: everything under `/api/`, the operations
    /// endpoints and the public web form. The browser pages of the agent UI (`/`, `/inbox`, `/tickets/{id}`,
    /// `/assets/…`) are HTML for people, not API, and are not in the document.
    static func isAPIRoute(_ path: String) -> Bool {
        path.hasPrefix("/api/") || ["/health", "/ready", "/metrics"].contains(path) || path.hasPrefix("/forms/")
    }
}
