import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a password: on a terminal it asks twice without echo; otherwise it reads one line from standard input.
enum PasswordInput {
    static func obtain(prompt: String) throws -> String {
        if isatty(STDIN_FILENO) == 1 {
            let first = try readHidden(prompt)
            let second = try readHidden("Repeat the password: ")
            guard first == second else { throw ValidationError("the passwords do not match") }
            return first
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password given: use --password, type it on a terminal, or pipe it on stdin")
        }
        return line
    }

    private static func readHidden(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        guard tcgetattr(STDIN_FILENO, &original) == 0 else { throw ValidationError("cannot read from the terminal") }
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("no password given") }
        return line
    }
}
