import Foundation
import Testing

@testable import SwitchboardServer

@Suite("API timestamps")
struct APITimestampTests {
    static func expectSame(_ date: Date, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(APITimestamp.format(date) == APITimestamp.foundationFormat(date),
                "\(date.timeIntervalSinceReferenceDate)", sourceLocation: sourceLocation)
    }

    @Test("edges: epochs, leap days, ends of years and centuries, fractions just below a millisecond, the Julian years")
    func edges() {
        let seconds: [Double] = [
            0, -1, 1, 978_307_200, -978_307_200, 951_782_400, 951_868_799.999, 4_107_542_399.9999,
            946_684_799.9995, 946_684_800.0005, 1_709_208_000, 253_402_300_799.999, -62_135_596_800,
            -62_135_596_799.5, -11_676_096_000.5, -11_676_096_001, 1_795_490_830.969599, 1_700_000_000.123, 1_700_000_000.236, -0.001, -0.0005,
        ]
        for value in seconds { Self.expectSame(Date(timeIntervalSince1970: value)) }
        Self.expectSame(.distantPast)
        Self.expectSame(.distantFuture)
        Self.expectSame(Date(timeIntervalSinceReferenceDate: 0.9999999999))
        // The last day before 2001, where Foundation's calendar computes the time of day with `remainder`.
        for value in [-0.001, -0.0005, -0.0001, -1.0005, -3_600.0004, -86_399.9995, -86_400.0001, -43_200.999] {
            Self.expectSame(Date(timeIntervalSinceReferenceDate: value))
        }
    }

    @Test("a million dates: microsecond timestamps as storage keeps them, and arbitrary doubles")
    func manyDates() {
        var generator = SystemRandomNumberGenerator()
        var mismatches = 0
        for index in 0..<1_000_000 {
            let date: Date
            if index % 2 == 0 {
                // Microseconds between 1900 and 2200, as a stored timestamp reads back.
                let micros = Int64.random(in: -2_208_988_800_000_000...7_258_118_400_000_000, using: &generator)
                date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            } else {
                // Anything from year 1 to 9999: before 1600 both are Foundation's (its Julian calendar).
                date = Date(timeIntervalSinceReferenceDate: Double.random(in: -6.3e10...2.5e11, using: &generator))
            }
            if APITimestamp.format(date) != APITimestamp.foundationFormat(date) {
                mismatches += 1
                if mismatches <= 5 { Self.expectSame(date) }
            }
        }
        #expect(mismatches == 0)
    }
}
