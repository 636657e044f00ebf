import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardServer

/// Turns errors into one clear line on standard error and a non-zero exit status, never a stack trace:
/// bad input exits 64 (EX_USAGE), an unreachable database 69 (EX_UNAVAILABLE), anything else 1.
enum CommandErrors {
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as SwitchboardError {
            printToStandardError("error: \(error.message)" + (error.field.map { " (\($0))" } ?? ""))
            switch error.code {
            case .invalidInput, .conflict, .notFound: throw ExitCode(64)
            case .unavailable: throw ExitCode(69)
            default: throw ExitCode.failure
            }
        } catch let error as SettingsError {
            printToStandardError("error: \(error.message)")
            throw ExitCode(64)
        }
    }
}

func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
