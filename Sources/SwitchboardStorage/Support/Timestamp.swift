import Foundation

/// Every timestamp is stored as BIGINT microseconds since the Unix epoch, on both databases, so comparisons and
/// keyset cursors behave identically everywhere.
enum Timestamp {
    /// `date` as microseconds since 1970.
    static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// The date for `micros` microseconds since 1970.
    static func date(_ micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// `date` rounded to what the database keeps, so values compare equal after a round trip.
    static func rounded(_ date: Date) -> Date {
        self.date(micros(date))
    }
}

extension Date {
    /// This date as stored in the database (microseconds since 1970).
    var storageMicros: Int64 { Timestamp.micros(self) }
}
