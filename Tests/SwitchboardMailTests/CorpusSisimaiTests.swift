import Foundation
import SwitchboardMail
import Testing

/// The sisimai bounce set: bounces must be detected with the right status class (2/4/5 of the
/// RFC 3463 code); reports that are not delivery failures must not be called bounces.
@Suite struct CorpusSisimaiTests {
    struct Case {
        var name: String
        var kind: String
        var statuses: [String]
        var mail: ParsedMail
    }

    static func loadCases() throws -> [Case]? {
        guard let directory = CorpusSupport.emailCorpus("sisimai") else { return nil }
        var cases: [Case] = []
        let parser = MailParser()
        for json in CorpusSupport.files(in: directory, suffix: ".json") {
            let eml = json.deletingPathExtension().appendingPathExtension("eml")
            guard FileManager.default.fileExists(atPath: eml.path) else { continue }
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
            let recipients = object["recipients"] as? [[String: Any]] ?? []
            cases.append(Case(
                name: eml.lastPathComponent, kind: object["kind"] as? String ?? "",
                statuses: recipients.compactMap { $0["deliverystatus"] as? String },
                mail: try parser.parse(try CorpusSupport.bytes(eml))))
        }
        return cases
    }

    @Test func bouncesAreDetectedWithTheirStatusClass() throws {
        guard let cases = try Self.loadCases() else { return }
        var report = CorpusReport("sisimai bounces (detected, status class)")
        var exact = 0
        var exactTotal = 0
        for item in cases where item.kind == "bounce" {
            let bounce = item.mail.bounce
            var problems: [String] = []
            let expected = item.statuses.first ?? ""
            if !bounce.isBounce {
                problems.append("not detected (subject \(item.mail.subject ?? "nil"))")
            } else if let status = bounce.status, !expected.isEmpty, status.first != expected.first {
                problems.append("status \(status) ≠ \(expected)")
            }
            report.record(item.name, problems)
            // Informational: the exact code, where sisimai's is not one of its pseudo codes (X.0.9xx).
            if !expected.isEmpty, !expected.contains(".0.9") {
                exactTotal += 1
                if bounce.status == expected { exact += 1 }
            }
        }
        report.printSummary()
        print("[sisimai] exact status code matches \(exact)/\(exactTotal) (informational)")
        #expect(report.total > 0)
        #expect(report.rate >= 0.95, "sisimai bounce detection rate \(report.rate) is below the 95% floor")
    }

    @Test func reportsThatAreNotFailuresAreNotBounces() throws {
        guard let cases = try Self.loadCases() else { return }
        var report = CorpusReport("sisimai non-bounces")
        for item in cases where item.kind != "bounce" {
            var problems: [String] = []
            if item.mail.bounce.isBounce { problems.append("\(item.kind) called a bounce (\(item.mail.bounce.status ?? ""))") }
            if item.kind == "auto_reply" && !item.mail.autoReply.isAuto { problems.append("auto-reply not detected") }
            report.record(item.name, problems)
        }
        report.printSummary()
        #expect(report.rate >= 0.9, "non-bounce classification rate \(report.rate) is below 90%")
    }
}
