import Logging

/// Log metadata keys, all prefixed `switchboard.` so they are easy to find and never collide.
public enum LogKey {
    public static let requestID = "switchboard.request_id"
    public static let method = "switchboard.http.method"
    public static let path = "switchboard.http.path"
    public static let route = "switchboard.http.route"
    public static let status = "switchboard.http.status"
    public static let durationMS = "switchboard.http.duration_ms"
    public static let error = "switchboard.error"
    public static let errorCode = "switchboard.error.code"
    public static let accountID = "switchboard.account_id"
    public static let userID = "switchboard.user_id"
    public static let database = "switchboard.database"
    public static let address = "switchboard.address"
    public static let migration = "switchboard.migration"
}
