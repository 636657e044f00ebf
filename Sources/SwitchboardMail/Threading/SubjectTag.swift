import Foundation

/// The `[#number]` tag Switchboard puts in the subject of its mail, so that replies find their ticket even when
/// the mail client dropped In-Reply-To and References.
public enum SubjectTag {
    /// The subject with `[#number]` appended, unless it already carries that tag.
    public static func tagged(_ subject: String, number: Int64) -> String {
        if ticketNumbers(in: subject).contains(number) { return subject }
        let trimmed = subject.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? "[#\(number)]" : "\(trimmed) [#\(number)]"
    }

    /// Every ticket number tagged in the subject, in order (`[#12]`, also `[# 12]`); at most 9 digits each.
    public static func ticketNumbers(in subject: String) -> [Int64] {
        tagRanges(in: subject).map(\.number)
    }

    /// The subject with every `[#number]` tag removed.
    public static func removingTags(from subject: String) -> String {
        var result = ""
        var cursor = subject.startIndex
        for tag in tagRanges(in: subject) {
            result += subject[cursor..<tag.range.lowerBound]
            cursor = tag.range.upperBound
        }
        result += subject[cursor...]
        return result
    }

    private static func tagRanges(in subject: String) -> [(range: Range<String.Index>, number: Int64)] {
        var found: [(range: Range<String.Index>, number: Int64)] = []
        var index = subject.startIndex
        while let open = subject[index...].firstIndex(of: "[") {
            var cursor = subject.index(after: open)
            index = cursor
            guard cursor < subject.endIndex, subject[cursor] == "#" else { continue }
            cursor = subject.index(after: cursor)
            while cursor < subject.endIndex, subject[cursor] == " " { cursor = subject.index(after: cursor) }
            var digits = ""
            while cursor < subject.endIndex, let digit = subject[cursor].wholeNumberValue, subject[cursor].isASCII {
                digits.append(Character(String(digit)))
                cursor = subject.index(after: cursor)
            }
            guard !digits.isEmpty, digits.count <= 9, cursor < subject.endIndex, subject[cursor] == "]",
                let number = Int64(digits), number > 0
            else { continue }
            let end = subject.index(after: cursor)
            found.append((range: open..<end, number: number))
            index = end
        }
        return found
    }
}
