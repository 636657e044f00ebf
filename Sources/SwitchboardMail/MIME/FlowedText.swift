/// Decodes `text/plain; format=flowed` (RFC 3676): soft line breaks (a line ending in a space) are
/// joined, space-stuffing is removed, quote depth is respected, and the signature separator `-- ` is
/// never treated as flowed.
public enum FlowedText {
    /// Unwraps flowed text. With `delSp`, the trailing space of a flowed line is deleted when joining.
    public static func decode(_ text: String, delSp: Bool = false) -> String {
        var output: [String] = []
        var paragraph = ""
        var paragraphDepth = -1
        var open = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = Substring(rawLine)
            var depth = 0
            while line.first == ">" {
                depth += 1
                line = line.dropFirst()
            }
            if line.first == " " { line = line.dropFirst() } // space-stuffing
            let isSignature = line == "-- "
            let flowed = line.hasSuffix(" ") && !isSignature
            if open && depth != paragraphDepth {
                output.append(quotePrefix(paragraphDepth) + paragraph)
                paragraph = ""
                open = false
            }
            var content = String(line)
            if flowed && delSp { content.removeLast() }
            paragraph += content
            paragraphDepth = depth
            if flowed {
                open = true
            } else {
                output.append(quotePrefix(depth) + paragraph)
                paragraph = ""
                open = false
            }
        }
        if open { output.append(quotePrefix(paragraphDepth) + paragraph) }
        return output.joined(separator: "\n")
    }

    private static func quotePrefix(_ depth: Int) -> String {
        depth > 0 ? String(repeating: ">", count: depth) + " " : ""
    }
}
