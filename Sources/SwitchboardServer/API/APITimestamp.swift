import Foundation

/// The API's timestamps, `2026-11-22T10:00:00.123Z`, written without Foundation's `ISO8601FormatStyle`.
///
/// The format style made a calendar computation per date, and was built anew per date: about 15% of encoding a
/// ticket's answer (docs/performance.md, "Session 12"). This computes the same text with integer arithmetic: the
/// civil date of the day count (Howard Hinnant's `civil_from_days`), the time of day, and the milliseconds of the
/// date's seconds since 2001 cut toward the past, as the format style cuts them. Dates outside years 1600…9999 are
/// left to the format style: before the Gregorian reform of 1582 Foundation's calendar is the Julian one.
/// `APITimestampTests` compares the two over a million dates.
enum APITimestamp {
    /// Seconds from 1970-01-01 to 2001-01-01 (Foundation's reference date).
    private static let referenceDateUnixSeconds: Int64 = 978_307_200
    /// The range handled here: 1600-01-01T00:00:00Z up to, not including, 10000-01-01T00:00:00Z, in seconds since
    /// 2001.
    private static let handled: Range<Double> = -12_654_403_200 ..< 252_423_993_600

    /// `date` in UTC with milliseconds.
    static func format(_ date: Date) -> String {
        let sinceReference = date.timeIntervalSinceReferenceDate
        guard handled.contains(sinceReference) else { return foundationFormat(date) }
        let wholeSeconds = sinceReference.rounded(.down)
        let milliseconds = Int((sinceReference - wholeSeconds) * 1000)
        let unix = Int64(wholeSeconds) + referenceDateUnixSeconds
        let days = floorDivision(unix, 86_400)
        let secondOfDay = Int(unix - days * 86_400)
        let (year, month, day) = civil(fromDays: days)
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var index = 0
            func put(_ value: Int, digits: Int) {
                var divisor = 1
                for _ in 1..<digits { divisor *= 10 }
                var rest = value
                while divisor > 0 {
                    buffer[index] = UInt8(ascii: "0") + UInt8(rest / divisor)
                    rest %= divisor
                    divisor /= 10
                    index += 1
                }
            }
            func put(_ character: Unicode.Scalar) {
                buffer[index] = UInt8(character.value)
                index += 1
            }
            put(year, digits: 4); put("-"); put(month, digits: 2); put("-"); put(day, digits: 2); put("T")
            put(secondOfDay / 3600, digits: 2); put(":"); put(secondOfDay / 60 % 60, digits: 2); put(":")
            put(secondOfDay % 60, digits: 2); put("."); put(min(milliseconds, 999), digits: 3); put("Z")
            return index
        }
    }

    /// What Foundation writes, for the dates outside the handled years.
    static func foundationFormat(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// The proleptic Gregorian year, month and day of the day `days` after 1970-01-01.
    private static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivision(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
