import Foundation

/// Input rules shared by every edge (API, web form, CLI, mail), so all of them reject the same things.
public enum Validation {
    /// Longest accepted subject, in characters.
    public static let maxSubjectLength = 998
    /// Longest accepted name (user, contact, team, inbox, organization), in characters.
    public static let maxNameLength = 255
    /// Longest accepted message body, in UTF-8 bytes (1 MiB).
    public static let maxBodyBytes = 1 << 20
    /// Longest accepted tag, in characters; tags are lower-case and may not contain spaces or commas.
    public static let maxTagLength = 64
    /// Most tags on one ticket.
    public static let maxTags = 50
    /// Most custom fields on one ticket.
    public static let maxCustomFields = 100

    /// A syntactically plausible email address (one `@`, a dot in the domain, no spaces or controls,
    /// at most 254 characters), lower-cased and trimmed; throws `invalidInput` naming `field` otherwise.
    public static func email(_ raw: String, field: String) throws -> String {
        let value = ContactIdentity.normalize(raw, kind: .email)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard value.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64,
            parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
            !value.unicodeScalars.contains(where: { $0.value <= 0x20 || $0 == "<" || $0 == ">" || $0 == "," })
        else {
            throw SwitchboardError.invalid(field, "must be a valid email address")
        }
        return value
    }

    /// A phone number with 5 to 20 digits, normalised; throws naming `field` otherwise.
    public static func phone(_ raw: String, field: String) throws -> String {
        let allowed = Set("+0123456789 ()-./")
        guard raw.allSatisfy({ allowed.contains($0) }) else {
            throw SwitchboardError.invalid(field, "must be a phone number")
        }
        let value = ContactIdentity.normalize(raw, kind: .phone)
        let digits = value.filter(\.isNumber).count
        guard (5...20).contains(digits) else { throw SwitchboardError.invalid(field, "must be a phone number") }
        return value
    }

    /// Trimmed non-empty text of at most `maxLength` characters without control characters other than
    /// tab and newline; throws naming `field` otherwise.
    public static func text(_ raw: String, field: String, maxLength: Int, allowEmpty: Bool = false) throws -> String {
        let value = raw.trimmingWhitespaceAndNewlines()
        if value.isEmpty, !allowEmpty { throw SwitchboardError.invalid(field, "must not be empty") }
        if value.count > maxLength {
            throw SwitchboardError.invalid(field, "must be at most \(maxLength) characters")
        }
        if value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r")
            || $0.value == 0x7F })
        {
            throw SwitchboardError.invalid(field, "must not contain control characters")
        }
        return value
    }

    /// Normalised, de-duplicated, sorted tags: lower-case, 1–64 characters of letters, digits, `-`, `_`, `.`, `:`.
    public static func tags(_ raw: [String], field: String = "tags") throws -> [String] {
        var result = Set<String>()
        for tag in raw {
            let value = tag.trimmingWhitespace().lowercased()
            guard !value.isEmpty, value.count <= maxTagLength,
                value.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0) })
            else {
                throw SwitchboardError.invalid(field, "tags are 1–\(maxTagLength) letters, digits, '-', '_', '.' or ':'")
            }
            result.insert(value)
        }
        guard result.count <= maxTags else { throw SwitchboardError.invalid(field, "at most \(maxTags) tags") }
        return result.sorted()
    }

    /// A short preview of a message for lists: whitespace folded, at most `length` characters.
    /// (The same as folding the whole text with `split(whereSeparator: \.isWhitespace).joined(separator: " ")` and
    /// cutting it, but it stops reading after `length + 1` folded characters, with a byte loop for ASCII text.)
    public static func preview(_ text: String, length: Int = 160) -> String {
        var folded = ""
        var count = 0
        var pendingSpace = false
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(min(text.utf8.count, length + 1))
            for byte in text.utf8 {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    pendingSpace = !bytes.isEmpty
                    continue
                }
                if pendingSpace {
                    bytes.append(0x20)
                    pendingSpace = false
                    if bytes.count > length { break }
                }
                bytes.append(byte)
                if bytes.count > length { break }
            }
            count = bytes.count
            folded = String(decoding: bytes, as: UTF8.self)
        } else {
            for character in text {
                if character.isWhitespace {
                    pendingSpace = count > 0
                    continue
                }
                if pendingSpace {
                    folded.append(" ")
                    count += 1
                    pendingSpace = false
                    if count > length { break }
                }
                folded.append(character)
                count += 1
                if count > length { break }
            }
        }
        if count <= length { return folded }
        return String(folded.prefix(length - 1)) + "…"
    }
}
