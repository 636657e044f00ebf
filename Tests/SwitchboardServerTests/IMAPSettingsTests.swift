import Foundation
import SwitchboardCore
import Testing
@testable import SwitchboardServer

/// `SWITCHBOARD_IMAP_*` settings and the sealed-password key file.
@Suite("IMAP service settings and password sealing")
struct IMAPSettingsTests {
    @Test func defaultsValuesAndEnvironment() throws {
        let defaults = try IMAPServiceSettings.load(maxMessageBytes: 1000, environment: [:])
        #expect(defaults.enabled && defaults.pollInterval == .seconds(60) && defaults.batchSize == 50)
        #expect(defaults.maxMessageBytes == 1000 && defaults.caFile == nil)
        let configured = try IMAPServiceSettings.load(
            maxMessageBytes: 1000, values: ["imap_poll_seconds": "30"],
            environment: [
                "SWITCHBOARD_IMAP_POLL_SECONDS": "99", "SWITCHBOARD_IMAP_POLLING": "off",
                "SWITCHBOARD_IMAP_CA_FILE": "/etc/ca.pem", "SWITCHBOARD_IMAP_BATCH_SIZE": "7",
            ])
        #expect(configured.pollInterval == .seconds(30))
        #expect(!configured.enabled && configured.caFile == "/etc/ca.pem" && configured.batchSize == 7)
    }

    @Test(arguments: [
        ("SWITCHBOARD_IMAP_POLLING", "maybe", "imap_polling"),
        ("SWITCHBOARD_IMAP_POLL_SECONDS", "0", "imap_poll_seconds"),
        ("SWITCHBOARD_IMAP_IDLE_SECONDS", "3600", "imap_idle_seconds"),
        ("SWITCHBOARD_IMAP_BATCH_SIZE", "x", "imap_batch_size"),
        ("SWITCHBOARD_IMAP_TIMEOUT_SECONDS", "-1", "imap_timeout_seconds"),
    ])
    func badValuesNameTheirKey(_ variable: String, _ value: String, _ key: String) {
        do {
            _ = try IMAPServiceSettings.load(maxMessageBytes: 1000, environment: [variable: value])
            Issue.record("\(variable)=\(value) was accepted")
        } catch let error as SwitchboardError {
            #expect(error.field == key)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func passwordsAreSealedPerInboxUnderAKeptKey() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("sb-imap-key-\(UUID().uuidString.lowercased())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sealer = try IMAPPasswordSealer.load(dataDirectory: directory)
        let sealed = try sealer.seal("hunter2-Grüße", accountID: 1, inboxID: 2)
        #expect(!sealed.contains("hunter2"))
        #expect(try sealer.seal("hunter2-Grüße", accountID: 1, inboxID: 2) != sealed)  // fresh nonce each time
        // The same key file opens it after a restart; another inbox or another key does not.
        let reloaded = try IMAPPasswordSealer.load(dataDirectory: directory)
        #expect(try reloaded.open(sealed, accountID: 1, inboxID: 2) == "hunter2-Grüße")
        #expect(throws: SwitchboardError.self) { try reloaded.open(sealed, accountID: 1, inboxID: 3) }
        #expect(throws: SwitchboardError.self) {
            try IMAPPasswordSealer.ephemeral().open(sealed, accountID: 1, inboxID: 2)
        }
        #expect(throws: SwitchboardError.self) { try reloaded.open("v1:bm9wZQ==", accountID: 1, inboxID: 2) }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/imap-password.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
