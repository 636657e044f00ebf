import Foundation
@testable import SwitchboardMail
import Testing

/// Stalwart's header-field vectors (`header-vectors/*.json`). Where the expectation is Stalwart-specific
/// (display names with comments folded in, which fields count as failures), only the stable part is
/// compared; each test prints its mismatches and requires a high pass rate.
@Suite struct HeaderVectorTests {
    static func vectors(_ name: String) throws -> [[String: Any]]? {
        guard let directory = CorpusSupport.emailCorpus("stalwart-mail-parser") else { return nil }
        let url = directory.appendingPathComponent("header-vectors/\(name).json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]]
    }

    static func header(_ vector: [String: Any]) -> String { vector["header"] as? String ?? "" }

    /// Field value bytes as the header parser would hand them over: unfolded.
    static func unfolded(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let raw = Array(text.utf8)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == 0x0D || byte == 0x0A {
                var next = index + 1
                if byte == 0x0D, next < raw.count, raw[next] == 0x0A { next += 1 }
                if next < raw.count, raw[next] == 0x20 || raw[next] == 0x09 {
                    index = next
                    continue
                }
                break // the field ends at a line break not followed by whitespace
            }
            bytes.append(byte)
            index += 1
        }
        return bytes
    }

    @Test func addressVectors() throws {
        guard let vectors = try Self.vectors("address") else { return }
        var report = CorpusReport("header-vectors/address (addresses)")
        for (index, vector) in vectors.enumerated() {
            guard let expected = vector["expected"] as? [String: Any] else { continue }
            var want: [String] = []
            if let list = expected["List"] as? [[String: Any]] {
                want = list.compactMap { $0["address"] as? String }
            } else if let groups = expected["Group"] as? [[String: Any]] {
                want = groups.flatMap { (($0["addresses"] as? [[String: Any]]) ?? []).compactMap { $0["address"] as? String } }
            }
            let got = AddressParser.parse(Self.unfolded(Self.header(vector))).map(\.address).filter { !$0.isEmpty }
            report.record("#\(index) \(Self.header(vector).prefix(50).debugDescription)",
                          got == want ? [] : ["\(got) ≠ \(want)"])
        }
        report.printSummary()
        #expect(report.rate >= 0.9)
    }

    @Test func dateVectors() throws {
        guard let vectors = try Self.vectors("date") else { return }
        var report = CorpusReport("header-vectors/date")
        for (index, vector) in vectors.enumerated() {
            let got = DateParser.components(String(decoding: Self.unfolded(Self.header(vector)), as: UTF8.self))
            var problems: [String] = []
            if let expected = vector["expected"] as? [String: Any] {
                let sign = (expected["tz_before_gmt"] as? Bool) == true ? -1 : 1
                let zone = sign * (((expected["tz_hour"] as? Int) ?? 0) * 60 + ((expected["tz_minute"] as? Int) ?? 0))
                let want = DateParser.Components(
                    year: expected["year"] as? Int ?? 0, month: expected["month"] as? Int ?? 0,
                    day: expected["day"] as? Int ?? 0, hour: expected["hour"] as? Int ?? 0,
                    minute: expected["minute"] as? Int ?? 0, second: expected["second"] as? Int ?? 0, zoneMinutes: zone)
                if got != want { problems.append("\(String(describing: got)) ≠ \(want)") }
            } else if let got {
                problems.append("expected no date, got \(got)")
            }
            report.record("#\(index) \(Self.header(vector).prefix(40).debugDescription)", problems)
        }
        report.printSummary()
        #expect(report.rate >= 0.85)
    }

    @Test func messageIDVectors() throws {
        guard let vectors = try Self.vectors("id") else { return }
        var report = CorpusReport("header-vectors/id")
        for (index, vector) in vectors.enumerated() {
            let want = vector["expected"] as? [String] ?? []
            let got = MessageIDParser.parse(String(decoding: Self.unfolded(Self.header(vector)), as: UTF8.self))
            report.record("#\(index)", got == want ? [] : ["\(got) ≠ \(want)"])
        }
        report.printSummary()
        #expect(report.rate >= 0.9)
    }

    @Test func contentTypeVectors() throws {
        guard let vectors = try Self.vectors("content_type") else { return }
        var report = CorpusReport("header-vectors/content_type")
        for (index, vector) in vectors.enumerated() {
            guard let expected = vector["expected"] as? [String: Any] else { continue }
            let parsed = HeaderParameters(parsing: Self.unfolded(Self.header(vector)))
            var problems: [String] = []
            let type = [expected["c_type"] as? String, expected["c_subtype"] as? String].compactMap { $0 }
                .joined(separator: "/").lowercased()
            if parsed.value != type { problems.append("type \(parsed.value) ≠ \(type)") }
            for attribute in (expected["attributes"] as? [[String: Any]]) ?? [] {
                guard let name = attribute["name"] as? String, let value = attribute["value"] as? String else { continue }
                if parsed[name] != value { problems.append("\(name)=\(parsed[name] ?? "nil") ≠ \(value)") }
            }
            report.record("#\(index) \(Self.header(vector).prefix(50).debugDescription)", problems)
        }
        report.printSummary()
        #expect(report.rate >= 0.85)
    }

    @Test func unstructuredVectors() throws {
        guard let vectors = try Self.vectors("unstructured") else { return }
        var report = CorpusReport("header-vectors/unstructured")
        for (index, vector) in vectors.enumerated() {
            guard let want = vector["expected"] as? String else { continue }
            let got = HeaderField(name: "Subject", rawValue: Self.unfolded(Self.header(vector))).decodedValue
            let same = got.split(whereSeparator: \.isWhitespace) == want.split(whereSeparator: \.isWhitespace)
            report.record("#\(index) \(Self.header(vector).prefix(50).debugDescription)", same ? [] : ["\(got.debugDescription) ≠ \(want.debugDescription)"])
        }
        report.printSummary()
        #expect(report.rate >= 0.85)
    }
}
