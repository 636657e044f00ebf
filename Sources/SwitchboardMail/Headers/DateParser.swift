import Foundation

/// Parses RFC 5322 dates, their obsolete forms (two- and three-digit years, named and military zones,
/// comments, folding) and common broken forms (no weekday, no seconds, no zone, lower-case months,
/// numeric months, ISO 8601, a `Received:` trailer after `;`).
public enum DateParser {
    /// The parsed date fields; the zone is an offset in minutes east of UTC.
    public struct Components: Sendable, Hashable {
        /// Four-digit year.
        public var year: Int
        /// Month 1–12.
        public var month: Int
        /// Day 1–31.
        public var day: Int
        /// Hour 0–23.
        public var hour: Int
        /// Minute 0–59.
        public var minute: Int
        /// Second 0–60.
        public var second: Int
        /// Offset from UTC in minutes (east positive).
        public var zoneMinutes: Int

        /// The instant these fields name.
        public var date: Date {
            let days = DateParser.daysFromCivil(year: year, month: month, day: day)
            let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - zoneMinutes * 60
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }

    /// The instant in `text`, or nil when it is not a recognisable date.
    public static func parse(_ text: String) -> Date? { components(text)?.date }

    /// The fields of the date in `text`, or nil when it is not a recognisable date.
    public static func components(_ text: String) -> Components? {
        var value = text
        if let semicolon = value.lastIndex(of: ";") { value = String(value[value.index(after: semicolon)...]) }
        guard let cleaned = stripComments(value) else { return nil }
        if let iso = parseISO(cleaned.trimmingASCIIWhitespace()) { return iso }
        let tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" })
            .map(String.init)
        var month: Int?
        var numbers: [Int] = []
        var time: (Int, Int, Int)?
        var zone: Int?
        for token in tokens {
            if time == nil, token.contains(":"), let parsed = parseTime(token) {
                time = parsed
                continue
            }
            if time != nil {
                if zone == nil, let parsedZone = parseZone(token) { zone = parsedZone }
                continue
            }
            if token.allSatisfy(\.isASCIIDigit) && token.count <= 4 {
                numbers.append(Int(token)!)
                continue
            }
            if month == nil, let named = monthNumber(token) {
                month = named
                continue
            }
            if token.contains("-"), month == nil {
                // 21-Nov-1997
                let parts = token.split(separator: "-").map(String.init)
                if parts.count == 3, let day = Int(parts[0]), let named = monthNumber(parts[1]), let year = Int(parts[2]) {
                    numbers.append(contentsOf: [day, year])
                    month = named
                    continue
                }
            }
            if weekdays.contains(String(token.lowercased().prefix(3))) { continue }
            if month == nil && numbers.isEmpty { continue } // leading junk
            return nil
        }
        var day: Int
        var year: Int
        if let month {
            guard numbers.count >= 2 else { return nil }
            day = numbers[0]
            year = numbers[1]
            if day > 31 && year <= 31 { swap(&day, &year) }
            return build(year: year, month: month, day: day, time: time, zone: zone)
        }
        guard numbers.count >= 3 else { return nil }
        day = numbers[0]
        let numericMonth = numbers[1]
        year = numbers[2]
        return build(year: year, month: numericMonth, day: day, time: time, zone: zone)
    }

    private static func build(year rawYear: Int, month: Int, day: Int, time: (Int, Int, Int)?, zone: Int?) -> Components? {
        var year = rawYear
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        guard (1...12).contains(month), (1...31).contains(day), year < 10_000 else { return nil }
        let (hour, minute, second) = time ?? (0, 0, 0)
        guard hour < 24, minute < 60, second <= 60 else { return nil }
        return Components(year: year, month: month, day: day, hour: hour, minute: minute, second: second,
                          zoneMinutes: zone ?? 0)
    }

    /// Removes comments; nil when a comment is not closed.
    static func stripComments(_ text: String) -> String? {
        var output = ""
        var depth = 0
        var escaped = false
        for char in text {
            if escaped { escaped = false; continue }
            if char == "\\" && depth > 0 { escaped = true; continue }
            if char == "(" { depth += 1; output.append(" "); continue }
            if char == ")" { if depth > 0 { depth -= 1 }; continue }
            if depth == 0 { output.append(char) }
        }
        return depth == 0 ? output : nil
    }

    private static func parseTime(_ token: String) -> (Int, Int, Int)? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var values: [Int] = []
        for part in parts {
            let digits = part.prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, digits.count <= 2, let value = Int(digits) else { return nil }
            values.append(value)
        }
        return (values[0], values[1], values.count == 3 ? values[2] : 0)
    }

    static func parseZone(_ token: String) -> Int? {
        if let sign = token.first, sign == "+" || sign == "-" {
            let digits = token.dropFirst().prefix { $0.isASCIIDigit }
            guard digits.count == 4 || digits.count == 2, let value = Int(digits) else { return nil }
            let hours = digits.count == 4 ? value / 100 : value
            let minutes = digits.count == 4 ? value % 100 : 0
            guard minutes < 60, hours <= 23 else { return nil }
            return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
        }
        let upper = token.uppercased()
        let letters = String(upper.prefix { $0.isLetter })
        if let named = namedZones[letters] { return named * 60 }
        if letters.count >= 3, let named = namedZones[String(letters.prefix(3))] { return named * 60 }
        if !letters.isEmpty { return 0 } // military or unknown zone: RFC 5322 says treat as -0000
        return nil
    }

    private static let namedZones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
        "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "BST": 1, "EET": 2,
        "EEST": 3, "JST": 9, "KST": 9, "HKT": 8, "IST": 5, "WET": 0, "WEST": 1, "AEST": 10, "AEDT": 11,
    ]

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    static func monthNumber(_ token: String) -> Int? {
        let lower = token.lowercased()
        guard lower.count >= 3, lower.allSatisfy(\.isLetter) else { return nil }
        let prefix = String(lower.prefix(3))
        guard let index = months.firstIndex(of: prefix) else { return nil }
        // Accept "Jul", "July", "jul.", but not "jull"-style junk longer than the month's full name.
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                    "october", "november", "december"][index]
        guard lower.count == 3 || full.hasPrefix(lower) || lower == "sept" else { return nil }
        return index + 1
    }

    /// `2021-03-04T05:06:07Z`, `2021-03-04 05:06:07 +0100`.
    private static func parseISO(_ text: String) -> Components? {
        let chars = Array(text)
        guard chars.count >= 10, chars[4] == "-", chars[7] == "-",
              let year = Int(String(chars[0..<4])), let month = Int(String(chars[5..<7])),
              let day = Int(String(chars[8..<10])) else { return nil }
        var time: (Int, Int, Int)?
        var zone: Int?
        if chars.count > 11 {
            let rest = String(chars[11...])
            let timePart = String(rest.prefix { $0.isASCIIDigit || $0 == ":" })
            time = parseTime(timePart)
            var zonePart = String(rest.dropFirst(timePart.count)).trimmingASCIIWhitespace()
            if zonePart.hasPrefix(".") { zonePart = String(zonePart.drop { $0 == "." || $0.isASCIIDigit }) }
            zonePart = zonePart.replacingOccurrences(of: ":", with: "")
            if !zonePart.isEmpty { zone = parseZone(zonePart) }
        }
        return build(year: year, month: month, day: day, time: time, zone: zone)
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
