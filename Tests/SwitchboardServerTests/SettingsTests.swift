import Foundation
import Logging
import Testing
@testable import SwitchboardServer

@Suite("Server settings")
struct SettingsTests {
    @Test func defaultsServeLocalSQLite() throws {
        let settings = try ServerSettings.load(flags: [:], environment: [:])
        #expect(settings.host == "127.0.0.1")
        #expect(settings.port == 8080)
        #expect(settings.dataDirectory == "./switchboard-data")
        #expect(settings.databaseURL == "sqlite://./switchboard-data/switchboard.sqlite")
        #expect(settings.attachmentsDirectory == "./switchboard-data/attachments")
        #expect(settings.maxBodyBytes == 10 * 1024 * 1024)
        #expect(settings.logLevel == .info)
        #expect(settings.secureCookies == false)
    }

    @Test func dataDirectoryMovesDatabaseAndAttachments() throws {
        let settings = try ServerSettings.load(flags: [:], environment: ["SWITCHBOARD_DATA_DIR": "/srv/sb"])
        #expect(settings.databaseURL == "sqlite:///srv/sb/switchboard.sqlite")
        #expect(settings.attachmentsDirectory == "/srv/sb/attachments")
    }

    @Test func flagsBeatEnvironmentBeatsFileBeatsDefaults() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID().uuidString).conf")
        try """
            # a comment
            port = 7000
            host = "0.0.0.0"
            log-level = debug
            max_body_bytes = 2048
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let environment = ["SWITCHBOARD_PORT": "7100", "SWITCHBOARD_SECURE_COOKIES": "true"]
        let fromFile = try ServerSettings.load(flags: [:], environment: [:], configFile: file.path)
        #expect(fromFile.port == 7000)
        #expect(fromFile.host == "0.0.0.0")
        #expect(fromFile.logLevel == .debug)
        #expect(fromFile.maxBodyBytes == 2048)
        let fromEnvironment = try ServerSettings.load(flags: [:], environment: environment, configFile: file.path)
        #expect(fromEnvironment.port == 7100)
        #expect(fromEnvironment.secureCookies)
        #expect(fromEnvironment.host == "0.0.0.0")
        let fromFlags = try ServerSettings.load(flags: ["port": "7200"], environment: environment, configFile: file.path)
        #expect(fromFlags.port == 7200)
    }

    @Test func jsonConfigFileAndConfigFromEnvironment() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID().uuidString).json")
        try #"{"port": 9090, "trust_proxy": true, "database_url": "postgres://u@127.0.0.1:5/db"}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = try ServerSettings.load(flags: [:], environment: ["SWITCHBOARD_CONFIG": file.path])
        #expect(settings.port == 9090)
        #expect(settings.trustProxy)
        #expect(settings.databaseURL == "postgres://u@127.0.0.1:5/db")
    }

    @Test func badValuesNameTheKeyAndTheSource() {
        #expect {
            try ServerSettings.load(flags: [:], environment: ["SWITCHBOARD_PORT": "eighty"])
        } throws: { error in
            "\(error)".contains("SWITCHBOARD_PORT") && "\(error)".contains("port")
        }
        #expect {
            try ServerSettings.load(flags: ["log_level": "loud"], environment: [:])
        } throws: { error in
            "\(error)".contains("--log-level")
        }
        #expect(throws: SettingsError.self) {
            try ServerSettings.load(flags: [:], environment: [:], configFile: "/nonexistent/switchboard.conf")
        }
        #expect(throws: SettingsError.self) {
            try ServerSettings.load(flags: [:], environment: ["SWITCHBOARD_BCRYPT_COST": "4"])
        }
    }

    @Test func emailSettingsComeFromTheConfigFileWithTheSamePrecedence() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID().uuidString).conf")
        try """
            smtp_port = 2525
            smtp-relay-host = relay.example.org
            mail_auto_ack = false
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fromFile = try ServerSettings.load(flags: ["data_dir": directory], environment: [:], configFile: file.path)
        #expect(fromFile.emailValues == [
            "smtp_port": "2525", "smtp_relay_host": "relay.example.org", "mail_auto_ack": "false",
        ])
        let email = try EmailSettings.load(
            dataDirectory: directory, values: fromFile.emailValues, environment: [:])
        #expect(email.listenerPort == 2525)
        #expect(email.relay?.host == "relay.example.org")
        #expect(!email.autoAcknowledge)
        // The environment beats the file, as for every other setting.
        let environment = ["SWITCHBOARD_SMTP_PORT": "2626"]
        let overridden = try ServerSettings.load(
            flags: ["data_dir": directory], environment: environment, configFile: file.path)
        #expect(overridden.emailValues["smtp_port"] == "2626")
        #expect(try EmailSettings.load(
            dataDirectory: directory, values: overridden.emailValues, environment: environment).listenerPort == 2626)
    }

    @Test func unknownConfigFileKeysAreRefused() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sb-\(UUID().uuidString).conf")
        try "prot = 80\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect { try ServerSettings.load(flags: [:], environment: [:], configFile: file.path) } throws: { error in
            "\(error)".contains("prot")
        }
    }
}
